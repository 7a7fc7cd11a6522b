import {
  type CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
import type { CodeDeployPort } from "../ports.js";

export { CodeDeployClient } from "@aws-sdk/client-codedeploy";

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
