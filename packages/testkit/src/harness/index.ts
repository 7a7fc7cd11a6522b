export * from "./action-manifest.js";
export * from "./file-commands.js";
export * from "./github-context.js";
export * from "./leaks.js";
export * from "./node-binary.js";
export * from "./run-bundled-action.js";
export * from "./webhook-example.js";
export * from "./workflow-commands.js";
