import {
  ContinueServiceDeploymentCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { EcsPort } from "../ports.js";

export { ECSClient } from "@aws-sdk/client-ecs";

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
    continueServiceDeployment: (input) => client.send(new ContinueServiceDeploymentCommand(input)),
  };
}
