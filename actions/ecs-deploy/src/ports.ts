import type { DescribeAlarmsCommandInput, DescribeAlarmsCommandOutput } from "@aws-sdk/client-cloudwatch";
import type { GetLogEventsCommandInput, GetLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import type {
  CreateDeploymentCommandInput,
  CreateDeploymentCommandOutput,
  GetDeploymentCommandInput,
  GetDeploymentCommandOutput,
  GetDeploymentGroupCommandInput,
  GetDeploymentGroupCommandOutput,
  GetDeploymentTargetCommandInput,
  GetDeploymentTargetCommandOutput,
  ListDeploymentsCommandInput,
  ListDeploymentsCommandOutput,
  ListDeploymentTargetsCommandInput,
  ListDeploymentTargetsCommandOutput,
  StopDeploymentCommandInput,
  StopDeploymentCommandOutput,
} from "@aws-sdk/client-codedeploy";
import type { DescribeImagesCommandInput, DescribeImagesCommandOutput } from "@aws-sdk/client-ecr";
import type {
  ListRulesCommandInput,
  ListRulesCommandOutput,
  ListTargetsByRuleCommandInput,
  ListTargetsByRuleCommandOutput,
  PutTargetsCommandInput,
  PutTargetsCommandOutput,
} from "@aws-sdk/client-eventbridge";
import type {
  GetScheduleCommandInput,
  GetScheduleCommandOutput,
  ListSchedulesCommandInput,
  ListSchedulesCommandOutput,
  UpdateScheduleCommandInput,
  UpdateScheduleCommandOutput,
} from "@aws-sdk/client-scheduler";

/** ECS: the pack's one port (core), in the SDK's own request and response types. */
export type { EcsPort } from "@sre-actions/core/ecs";

/** CloudWatch Logs: the last lines of a failing container, and a one-off task's log as it runs. */
export interface LogsPort {
  getLogEvents(input: GetLogEventsCommandInput): Promise<GetLogEventsCommandOutput>;
}

/**
 * CodeDeploy, for services whose deployment controller is CODE_DEPLOY. `createDeployment` goes
 * through a client without SDK retries: a retry after a lost answer would start a second
 * deployment, so codedeploy.ts reads back with ListDeployments/GetDeployment instead.
 */
export interface CodeDeployPort {
  getDeploymentGroup(input: GetDeploymentGroupCommandInput): Promise<GetDeploymentGroupCommandOutput>;
  createDeployment(input: CreateDeploymentCommandInput): Promise<CreateDeploymentCommandOutput>;
  getDeployment(input: GetDeploymentCommandInput): Promise<GetDeploymentCommandOutput>;
  listDeployments(input: ListDeploymentsCommandInput): Promise<ListDeploymentsCommandOutput>;
  listDeploymentTargets(input: ListDeploymentTargetsCommandInput): Promise<ListDeploymentTargetsCommandOutput>;
  getDeploymentTarget(input: GetDeploymentTargetCommandInput): Promise<GetDeploymentTargetCommandOutput>;
  stopDeployment(input: StopDeploymentCommandInput): Promise<StopDeploymentCommandOutput>;
}

/** CloudWatch alarms named by the `alarms` input, watched during the rollout and bake. */
export interface CloudWatchPort {
  describeAlarms(input: DescribeAlarmsCommandInput): Promise<DescribeAlarmsCommandOutput>;
}

/** ECR: whether an image to deploy exists, and the newest tags when it does not (read-only). */
export interface EcrPort {
  describeImages(input: DescribeImagesCommandInput): Promise<DescribeImagesCommandOutput>;
}

/** EventBridge Scheduler schedules whose ECS target follows the deployed revision. */
export interface SchedulerPort {
  listSchedules(input: ListSchedulesCommandInput): Promise<ListSchedulesCommandOutput>;
  getSchedule(input: GetScheduleCommandInput): Promise<GetScheduleCommandOutput>;
  updateSchedule(input: UpdateScheduleCommandInput): Promise<UpdateScheduleCommandOutput>;
}

/** EventBridge rules (default bus) whose ECS target follows the deployed revision. */
export interface EventsPort {
  listRules(input: ListRulesCommandInput): Promise<ListRulesCommandOutput>;
  listTargetsByRule(input: ListTargetsByRuleCommandInput): Promise<ListTargetsByRuleCommandOutput>;
  putTargets(input: PutTargetsCommandInput): Promise<PutTargetsCommandOutput>;
}
