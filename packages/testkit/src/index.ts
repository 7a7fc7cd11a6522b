export * from "./aws/index.js";
export * from "./clock.js";
export * from "./contract.js";
export * from "./fake/server.js";
export * from "./github/index.js";
export * from "./harness/index.js";
export * from "./notion/index.js";
