export type { ScalableTargetRecord } from "./autoscaling/targets.js";
export { AwsFake, type AwsFakeOptions, type LogEventSeed, type SeedClusterOptions } from "./aws-fake.js";
export { awsClientOverrides, FAKE_CREDENTIALS } from "./client-overrides.js";
export type { EcsTiming, ImageMatcher, RunTaskContext, TaskBehaviour } from "./ecs/behaviour.js";
export { DEFAULT_TIMING } from "./ecs/behaviour.js";
export type { RateLimit } from "./ecs/rate-limits.js";
export { AMZ_JSON, AwsError, awsErrorResponse } from "./protocol.js";
export type { AwsServiceDefinition, OperationHandler } from "./service.js";
