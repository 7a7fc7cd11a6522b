import type { Service } from "@aws-sdk/client-ecs";
import { ActionError } from "@sre-actions/core";
import type { EcsDeployInputs } from "../inputs.js";
import { checkAlarmsExist } from "../observe/alarms.js";
import { apiUnavailable } from "../observe/api.js";
import type { CloudWatchPort, CodeDeployPort, EcsPort } from "../ports.js";
import { bakeMsOf, bakeWarning, checkWaitUntil, type Strategy, strategyLines, strategyOf } from "./strategy.js";

/** How one service will be deployed, found in the read-only pre-flight. */
export interface StrategyPlan {
  strategy: Strategy;
  /** ECS's bake (plus linear/canary step waits), or CodeDeploy's termination wait. */
  bakeMs: number;
  /** For the plan: strategy, steps, bake, hooks, alarms. */
  lines: string[];
  warnings: string[];
  codeDeploy: CodeDeployTarget | undefined;
  /** ECS's service-deployment API answers for this service (else deployments[] is judged). */
  serviceDeployments: boolean;
}

export interface CodeDeployTarget {
  application: string;
  group: string;
  deploymentConfigName: string;
  /** The AppSpec content for a task definition ARN. */
  appSpec: (taskDefinitionArn: string) => string;
}

export interface StrategyPlanDeps {
  ecs: EcsPort;
  codeDeploy?: CodeDeployPort | undefined;
  cloudWatch?: CloudWatchPort | undefined;
}

/** What the strategy pre-flight reads of the inputs. */
export type StrategyRequest = Pick<EcsDeployInputs, "cluster" | "timeoutMs" | "strategy">;

/** Read-only: how each service deploys, its bake, alarms and CodeDeploy names, and which API follows it. */
export async function planStrategies(
  services: readonly Service[],
  request: StrategyRequest,
  deps: StrategyPlanDeps,
): Promise<StrategyPlan[]> {
  await checkAlarmsExist(deps.cloudWatch, request.strategy.alarms);
  return Promise.all(services.map((service) => planStrategy(service, request, deps)));
}

async function planStrategy(service: Service, inputs: StrategyRequest, deps: StrategyPlanDeps): Promise<StrategyPlan> {
  const name = service.serviceName ?? "?";
  const strategy = strategyOf(service);
  checkWaitUntil(inputs.strategy.waitUntil, strategy, service);
  const codeDeploy = strategy === "CODE_DEPLOY" ? await codeDeployTarget(service, inputs, deps) : undefined;
  const bakeMs = codeDeploy === undefined ? bakeMsOf(service.deploymentConfiguration, strategy) : codeDeploy.bakeMs;
  const lines = strategyLines(service, strategy, bakeMs);
  if (codeDeploy !== undefined) {
    lines.push(
      `CodeDeploy ${codeDeploy.target.application} / ${codeDeploy.target.group} (${codeDeploy.target.deploymentConfigName})`,
    );
    // A CODE_DEPLOY service's alarms live on its deployment group, not in deploymentConfiguration.
    if (codeDeploy.alarms.length > 0)
      lines.push(
        `alarms ${codeDeploy.alarms.join(", ")} (CodeDeploy ${codeDeploy.rollbackOnAlarm ? "rolls back" : "stops"} on ALARM)`,
      );
  }
  if (inputs.strategy.alarms.length > 0)
    lines.push(`watching alarms ${inputs.strategy.alarms.join(", ")} (alarms input)`);
  const warning = bakeWarning(name, inputs.timeoutMs, bakeMs, inputs.strategy.waitUntil);
  const serviceDeployments =
    codeDeploy === undefined && (await serviceDeploymentsAnswer(deps.ecs, inputs.cluster, name));
  return {
    strategy,
    bakeMs,
    lines,
    warnings: warning === undefined ? [] : [warning],
    codeDeploy: codeDeploy?.target,
    serviceDeployments,
  };
}

/**
 * Whether ECS's service-deployment API answers here (a partition without it, an emulator that
 * lacks it, or a role without ecs:ListServiceDeployments does not): chosen once, before anything changes.
 */
async function serviceDeploymentsAnswer(ecs: EcsPort, cluster: string, service: string): Promise<boolean> {
  try {
    await ecs.listServiceDeployments({ cluster, service, maxResults: 1 });
    return true;
  } catch (error) {
    if (apiUnavailable(error)) return false;
    throw error;
  }
}

/**
 * The CodeDeploy application and deployment group of a CODE_DEPLOY service (the console's names
 * unless given), checked with GetDeploymentGroup, and the AppSpec to send.
 */
async function codeDeployTarget(
  service: Service,
  inputs: StrategyRequest,
  deps: StrategyPlanDeps,
): Promise<{ target: CodeDeployTarget; bakeMs: number; alarms: string[]; rollbackOnAlarm: boolean }> {
  const name = service.serviceName ?? "?";
  const cluster = service.clusterArn?.split("/").at(-1) ?? inputs.cluster;
  const application = inputs.strategy.codeDeployApplication ?? `AppECS-${cluster}-${name}`;
  const group = inputs.strategy.codeDeployDeploymentGroup ?? `DgpECS-${cluster}-${name}`;
  if (deps.codeDeploy === undefined)
    throw new ActionError(`service ${name} deploys with CodeDeploy, but no CodeDeploy client was configured`);
  let info: Awaited<ReturnType<CodeDeployPort["getDeploymentGroup"]>>["deploymentGroupInfo"];
  try {
    info = (await deps.codeDeploy.getDeploymentGroup({ applicationName: application, deploymentGroupName: group }))
      .deploymentGroupInfo;
  } catch (error) {
    const code = error instanceof Error ? error.name : "";
    if (code === "ApplicationDoesNotExistException") {
      throw new ActionError(`CodeDeploy application ${application} does not exist (service ${name} uses CODE_DEPLOY)`, {
        hint: `Set codedeploy-application to the application that deploys it, e.g. codedeploy-application: AppECS-${cluster}-${name}`,
      });
    }
    if (code === "DeploymentGroupDoesNotExistException") {
      throw new ActionError(`CodeDeploy deployment group ${group} does not exist in application ${application}`, {
        hint: `Set codedeploy-deployment-group, e.g. codedeploy-deployment-group: DgpECS-${cluster}-${name}`,
      });
    }
    throw error;
  }
  const appSpec = appSpecBuilder(service, inputs);
  const wait =
    info?.blueGreenDeploymentConfiguration?.terminateBlueInstancesOnDeploymentSuccess?.terminationWaitTimeInMinutes ??
    0;
  return {
    target: {
      application,
      group,
      deploymentConfigName: info?.deploymentConfigName ?? "CodeDeployDefault.ECSAllAtOnce",
      appSpec,
    },
    bakeMs: wait * 60_000,
    alarms:
      info?.alarmConfiguration?.enabled === true
        ? (info.alarmConfiguration.alarms ?? []).flatMap((alarm) => (alarm.name === undefined ? [] : [alarm.name]))
        : [],
    rollbackOnAlarm:
      info?.autoRollbackConfiguration?.enabled === true &&
      (info.autoRollbackConfiguration.events ?? []).includes("DEPLOYMENT_STOP_ON_ALARM"),
  };
}

/** The `codedeploy-appspec` file with the new TaskDefinition, or one built from the service's load balancer. */
function appSpecBuilder(service: Service, inputs: StrategyRequest): (taskDefinitionArn: string) => string {
  const file = inputs.strategy.codeDeployAppSpec;
  if (file !== undefined) {
    const resources = file.content["Resources"];
    const first = Array.isArray(resources)
      ? (resources[0] as Record<string, { Properties?: Record<string, unknown> }>)
      : undefined;
    const target = first === undefined ? undefined : Object.values(first)[0];
    if (target?.Properties === undefined) {
      throw new ActionError(`codedeploy-appspec ${file.path} has no Resources[0].TargetService.Properties`, {
        hint: "See the AppSpec 'resources' section for ECS: TargetService: { Type: AWS::ECS::Service, Properties: { TaskDefinition, LoadBalancerInfo } }",
      });
    }
    return (taskDefinitionArn) => {
      const copy = structuredClone(file.content);
      const properties = Object.values(
        (copy["Resources"] as Record<string, { Properties: Record<string, unknown> }>[])[0] ?? {},
      )[0]?.Properties;
      if (properties !== undefined) properties["TaskDefinition"] = taskDefinitionArn;
      return JSON.stringify(copy);
    };
  }
  const lb = service.loadBalancers?.[0];
  if (lb?.containerName === undefined || lb.containerPort === undefined) {
    throw new ActionError(`service ${service.serviceName} has no load balancer to build the CodeDeploy AppSpec from`, {
      hint: "Set codedeploy-appspec to an AppSpec file, e.g. codedeploy-appspec: deploy/appspec.yaml",
    });
  }
  return (taskDefinitionArn) =>
    JSON.stringify({
      version: "0.0",
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: taskDefinitionArn,
              LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
            },
          },
        },
      ],
    });
}
