// Generic test tools. Each fake lives on its own subpath: `@sre-actions/testkit/aws`, `/notion`,
// `/github`, and the runner harness on `/harness`.
export * from "./assertions.js";
export * from "./clock.js";
export * from "./contract.js";
export * from "./fake/server.js";
