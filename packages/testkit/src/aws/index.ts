export type { ScalableTargetRecord } from "./autoscaling/targets.js";
export {
  AwsFake,
  type AwsFakeOptions,
  type HtmlErrorOptions,
  type LogEventSeed,
  type SeedClusterOptions,
} from "./aws-fake.js";
export { awsClientOverrides, awsFakeEnv, FAKE_CREDENTIALS } from "./client-overrides.js";
export { GET_METRIC_DATA_LIMITS, type MetricPoint } from "./cloudwatch/metrics.js";
export type { CodeDeployHookBehaviour, DeploymentGroupSeed } from "./codedeploy/deployments.js";
export { ECS_LIFECYCLE_EVENTS, trafficPlan } from "./codedeploy/deployments.js";
export { type ImageReference, type ImageSeed, parseImageReference } from "./ecr/store.js";
export type { EcsTiming, ImageMatcher, RunTaskContext, TaskBehaviour } from "./ecs/behaviour.js";
export { DEFAULT_TIMING } from "./ecs/behaviour.js";
export { LIFECYCLE_STAGES } from "./ecs/blue-green.js";
export { ECS_RATE_LIMITS, type RateLimit } from "./ecs/rate-limits.js";
export type { ConsistencyDelays, HookBehaviour, ServiceDeploymentApiMode } from "./ecs/service-deployments.js";
export type { RuleSeed } from "./events/rules.js";
export { AMZ_JSON, AwsError, awsErrorResponse } from "./protocol.js";
export { AUTO_START_MS, type DbClusterSeed, DEFAULT_RDS_TIMING, type RdsTiming } from "./rds/index.js";
export type { ScheduleSeed } from "./scheduler/schedules.js";
export type { AwsServiceDefinition, OperationHandler } from "./service.js";
