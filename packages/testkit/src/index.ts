export * from "./clock.js";
export * from "./fake/server.js";
