import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type DescribeAlarmsCommandOutput,
} from "@aws-sdk/client-cloudwatch";
import {
  type CloudWatchLogsClient,
  GetLogEventsCommand,
  type GetLogEventsCommandInput,
  type GetLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  type CodeDeployClient,
  CreateDeploymentCommand,
  type CreateDeploymentCommandInput,
  type CreateDeploymentCommandOutput,
  GetDeploymentCommand,
  type GetDeploymentCommandInput,
  type GetDeploymentCommandOutput,
  GetDeploymentGroupCommand,
  type GetDeploymentGroupCommandInput,
  type GetDeploymentGroupCommandOutput,
  GetDeploymentTargetCommand,
  type GetDeploymentTargetCommandInput,
  type GetDeploymentTargetCommandOutput,
  ListDeploymentsCommand,
  type ListDeploymentsCommandInput,
  type ListDeploymentsCommandOutput,
  ListDeploymentTargetsCommand,
  type ListDeploymentTargetsCommandInput,
  type ListDeploymentTargetsCommandOutput,
  StopDeploymentCommand,
  type StopDeploymentCommandInput,
  type StopDeploymentCommandOutput,
} from "@aws-sdk/client-codedeploy";
import {
  DescribeImagesCommand,
  type DescribeImagesCommandInput,
  type DescribeImagesCommandOutput,
  type ECRClient,
} from "@aws-sdk/client-ecr";
import {
  DeregisterTaskDefinitionCommand,
  type DeregisterTaskDefinitionCommandInput,
  type DeregisterTaskDefinitionCommandOutput,
  DescribeServiceDeploymentsCommand,
  type DescribeServiceDeploymentsCommandInput,
  type DescribeServiceDeploymentsCommandOutput,
  DescribeServicesCommand,
  type DescribeServicesCommandInput,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandInput,
  type DescribeTaskDefinitionCommandOutput,
  DescribeTasksCommand,
  type DescribeTasksCommandInput,
  type DescribeTasksCommandOutput,
  type ECSClient,
  ListServiceDeploymentsCommand,
  type ListServiceDeploymentsCommandInput,
  type ListServiceDeploymentsCommandOutput,
  ListServicesCommand,
  type ListServicesCommandInput,
  type ListServicesCommandOutput,
  ListTaskDefinitionsCommand,
  type ListTaskDefinitionsCommandInput,
  type ListTaskDefinitionsCommandOutput,
  ListTasksCommand,
  type ListTasksCommandInput,
  type ListTasksCommandOutput,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  type RegisterTaskDefinitionCommandOutput,
  RunTaskCommand,
  type RunTaskCommandInput,
  type RunTaskCommandOutput,
  StopServiceDeploymentCommand,
  type StopServiceDeploymentCommandInput,
  type StopServiceDeploymentCommandOutput,
  StopTaskCommand,
  type StopTaskCommandInput,
  type StopTaskCommandOutput,
  TagResourceCommand,
  type TagResourceCommandInput,
  type TagResourceCommandOutput,
  UntagResourceCommand,
  type UntagResourceCommandInput,
  type UntagResourceCommandOutput,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
  type UpdateServiceCommandOutput,
} from "@aws-sdk/client-ecs";
import {
  type EventBridgeClient,
  ListRulesCommand,
  type ListRulesCommandInput,
  type ListRulesCommandOutput,
  ListTargetsByRuleCommand,
  type ListTargetsByRuleCommandInput,
  type ListTargetsByRuleCommandOutput,
  PutTargetsCommand,
  type PutTargetsCommandInput,
  type PutTargetsCommandOutput,
} from "@aws-sdk/client-eventbridge";
import {
  GetScheduleCommand,
  type GetScheduleCommandInput,
  type GetScheduleCommandOutput,
  ListSchedulesCommand,
  type ListSchedulesCommandInput,
  type ListSchedulesCommandOutput,
  type SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput,
  type UpdateScheduleCommandOutput,
} from "@aws-sdk/client-scheduler";

/**
 * The ECS operations ecs-deploy uses, in the SDK's own request/response types. Logic depends on
 * this port, never on the client; `ecsPort(client)` is the production adapter (tests use it too,
 * with a real client pointed at the fake, so the wire format stays under test).
 */
export interface EcsPort {
  describeServices(input: DescribeServicesCommandInput): Promise<DescribeServicesCommandOutput>;
  describeTaskDefinition(input: DescribeTaskDefinitionCommandInput): Promise<DescribeTaskDefinitionCommandOutput>;
  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<RegisterTaskDefinitionCommandOutput>;
  deregisterTaskDefinition(input: DeregisterTaskDefinitionCommandInput): Promise<DeregisterTaskDefinitionCommandOutput>;
  listTaskDefinitions(input: ListTaskDefinitionsCommandInput): Promise<ListTaskDefinitionsCommandOutput>;
  updateService(input: UpdateServiceCommandInput): Promise<UpdateServiceCommandOutput>;
  listServices(input: ListServicesCommandInput): Promise<ListServicesCommandOutput>;
  listTasks(input: ListTasksCommandInput): Promise<ListTasksCommandOutput>;
  describeTasks(input: DescribeTasksCommandInput): Promise<DescribeTasksCommandOutput>;
  runTask(input: RunTaskCommandInput): Promise<RunTaskCommandOutput>;
  stopTask(input: StopTaskCommandInput): Promise<StopTaskCommandOutput>;
  tagResource(input: TagResourceCommandInput): Promise<TagResourceCommandOutput>;
  untagResource(input: UntagResourceCommandInput): Promise<UntagResourceCommandOutput>;
  /** The service-deployment record ECS keeps per deployment (not in every partition; see service-deployment.ts). */
  listServiceDeployments(input: ListServiceDeploymentsCommandInput): Promise<ListServiceDeploymentsCommandOutput>;
  describeServiceDeployments(
    input: DescribeServiceDeploymentsCommandInput,
  ): Promise<DescribeServiceDeploymentsCommandOutput>;
  stopServiceDeployment(input: StopServiceDeploymentCommandInput): Promise<StopServiceDeploymentCommandOutput>;
}

/**
 * `writes` sends the two calls that are not idempotent (RegisterTaskDefinition, RunTask): production
 * gives it a client without SDK retries, as exactly-once.ts reads back before sending again.
 */
export function ecsPort(client: ECSClient, writes: ECSClient = client): EcsPort {
  return {
    describeServices: (input) => client.send(new DescribeServicesCommand(input)),
    describeTaskDefinition: (input) => client.send(new DescribeTaskDefinitionCommand(input)),
    registerTaskDefinition: (input) => writes.send(new RegisterTaskDefinitionCommand(input)),
    deregisterTaskDefinition: (input) => client.send(new DeregisterTaskDefinitionCommand(input)),
    listTaskDefinitions: (input) => client.send(new ListTaskDefinitionsCommand(input)),
    updateService: (input) => client.send(new UpdateServiceCommand(input)),
    listServices: (input) => client.send(new ListServicesCommand(input)),
    listTasks: (input) => client.send(new ListTasksCommand(input)),
    describeTasks: (input) => client.send(new DescribeTasksCommand(input)),
    runTask: (input) => writes.send(new RunTaskCommand(input)),
    stopTask: (input) => client.send(new StopTaskCommand(input)),
    tagResource: (input) => client.send(new TagResourceCommand(input)),
    untagResource: (input) => client.send(new UntagResourceCommand(input)),
    listServiceDeployments: (input) => client.send(new ListServiceDeploymentsCommand(input)),
    describeServiceDeployments: (input) => client.send(new DescribeServiceDeploymentsCommand(input)),
    stopServiceDeployment: (input) => client.send(new StopServiceDeploymentCommand(input)),
  };
}

/** CloudWatch Logs: the last lines of a failing container, and a one-off task's log as it runs. */
export interface LogsPort {
  getLogEvents(input: GetLogEventsCommandInput): Promise<GetLogEventsCommandOutput>;
}

export function logsPort(client: CloudWatchLogsClient): LogsPort {
  return { getLogEvents: (input) => client.send(new GetLogEventsCommand(input)) };
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

export function codeDeployPort(client: CodeDeployClient, noRetryClient: CodeDeployClient = client): CodeDeployPort {
  return {
    getDeploymentGroup: (input) => client.send(new GetDeploymentGroupCommand(input)),
    createDeployment: (input) => noRetryClient.send(new CreateDeploymentCommand(input)),
    getDeployment: (input) => client.send(new GetDeploymentCommand(input)),
    listDeployments: (input) => client.send(new ListDeploymentsCommand(input)),
    listDeploymentTargets: (input) => client.send(new ListDeploymentTargetsCommand(input)),
    getDeploymentTarget: (input) => client.send(new GetDeploymentTargetCommand(input)),
    stopDeployment: (input) => client.send(new StopDeploymentCommand(input)),
  };
}

/** CloudWatch alarms named by the `alarms` input, watched during the rollout and bake. */
export interface CloudWatchPort {
  describeAlarms(input: DescribeAlarmsCommandInput): Promise<DescribeAlarmsCommandOutput>;
}

export function cloudWatchPort(client: CloudWatchClient): CloudWatchPort {
  return { describeAlarms: (input) => client.send(new DescribeAlarmsCommand(input)) };
}

/** ECR: whether an image to deploy exists, and the newest tags when it does not (read-only). */
export interface EcrPort {
  describeImages(input: DescribeImagesCommandInput): Promise<DescribeImagesCommandOutput>;
}

export function ecrPort(client: ECRClient): EcrPort {
  return { describeImages: (input) => client.send(new DescribeImagesCommand(input)) };
}

/** EventBridge Scheduler schedules whose ECS target follows the deployed revision. */
export interface SchedulerPort {
  listSchedules(input: ListSchedulesCommandInput): Promise<ListSchedulesCommandOutput>;
  getSchedule(input: GetScheduleCommandInput): Promise<GetScheduleCommandOutput>;
  updateSchedule(input: UpdateScheduleCommandInput): Promise<UpdateScheduleCommandOutput>;
}

export function schedulerPort(client: SchedulerClient): SchedulerPort {
  return {
    listSchedules: (input) => client.send(new ListSchedulesCommand(input)),
    getSchedule: (input) => client.send(new GetScheduleCommand(input)),
    updateSchedule: (input) => client.send(new UpdateScheduleCommand(input)),
  };
}

/** EventBridge rules (default bus) whose ECS target follows the deployed revision. */
export interface EventsPort {
  listRules(input: ListRulesCommandInput): Promise<ListRulesCommandOutput>;
  listTargetsByRule(input: ListTargetsByRuleCommandInput): Promise<ListTargetsByRuleCommandOutput>;
  putTargets(input: PutTargetsCommandInput): Promise<PutTargetsCommandOutput>;
}

export function eventsPort(client: EventBridgeClient): EventsPort {
  return {
    listRules: (input) => client.send(new ListRulesCommand(input)),
    listTargetsByRule: (input) => client.send(new ListTargetsByRuleCommand(input)),
    putTargets: (input) => client.send(new PutTargetsCommand(input)),
  };
}
