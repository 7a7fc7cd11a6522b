// Client factories live on their own subpaths (`@sre-actions/core/aws`, `/notion`, `/github`)
// so an action's bundle carries only the SDKs it uses.
export * from "./cancel.js";
export * from "./clock.js";
export * from "./context.js";
export * from "./endpoint.js";
export * from "./errors.js";
export * from "./explain.js";
export * from "./external.js";
export * from "./github-errors.js";
export * from "./glob.js";
export * from "./inputs.js";
export * from "./lazy.js";
export * from "./log.js";
export * from "./notion-errors.js";
export * from "./once.js";
export * from "./outputs.js";
export * from "./paginate.js";
export * from "./pool.js";
export * from "./region.js";
export * from "./run.js";
export * from "./secrets.js";
export * from "./summary.js";
export * from "./time.js";
