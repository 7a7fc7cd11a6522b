import type { Service, Tag, TaskDefinition } from "@aws-sdk/client-ecs";
import { ActionError, type Clock, type Logger } from "@sre-actions/core";
import { describeServices } from "./ecs.js";
import type { DeployInputs } from "./inputs.js";
import type { EcsPort } from "./ports.js";
import { type ContainerChange, type Rendered, render, sameDefinition } from "./render.js";
import { type RegisterInput, registerInputOf } from "./taskdef.js";
import { waitUntilSettled } from "./wait.js";

export interface ServicePlan {
  service: Service;
  name: string;
  current: TaskDefinition;
  rendered: Rendered;
  /** Whether a new revision must be registered (the rendered definition differs from the current one). */
  register: boolean;
  /** Whether UpdateService is needed at all (new revision, forced, or a new desired count). */
  update: boolean;
  changes: ContainerChange[];
}

export interface Plan {
  services: ServicePlan[];
  /** run-task: the container whose command is overridden. */
  runTaskContainer: string | undefined;
}

/**
 * The read-only pre-flight: services exist, are ACTIVE and deployable, earlier deployments have
 * settled, base definitions resolve and every image/container input matches something. Any
 * problem throws before the first mutating call.
 */
export async function buildPlan(
  inputs: DeployInputs,
  deps: { ecs: EcsPort; clock: Clock; log: Logger },
  deadline: number,
): Promise<Plan> {
  const { services, missing } = await describeServices(deps.ecs, inputs.cluster, inputs.services);
  if (missing.length > 0) {
    throw new ActionError(`Service not found in cluster ${inputs.cluster}: ${missing.join(", ")}`, {
      hint: "Check the service name and the cluster; create the service first (this action updates existing services).",
    });
  }
  for (const service of services) {
    if (service.status !== "ACTIVE") {
      throw new ActionError(`Service ${service.serviceName} is ${service.status}, not ACTIVE`, {
        hint: "A draining or inactive service cannot be deployed to; recreate it.",
      });
    }
    const controller = service.deploymentController?.type ?? "ECS";
    if (controller !== "ECS") {
      throw new ActionError(
        `Service ${service.serviceName} uses the ${controller} deployment controller, which UpdateService cannot deploy`,
        { hint: "Deploy it with CodeDeploy (aws-actions/amazon-ecs-deploy-task-definition with codedeploy-appspec)." },
      );
    }
  }

  const settled = await Promise.all(
    services.map((service) => waitUntilSettled(inputs.cluster, service, deadline, inputs.pollIntervalMs, deps)),
  );
  const described = new Map<string, Promise<{ definition: TaskDefinition; tags: Tag[] }>>();
  const describe = (arn: string) => {
    let pending = described.get(arn);
    if (pending === undefined) {
      pending = deps.ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] }).then((response) => {
        if (response.taskDefinition === undefined)
          throw new ActionError(`Task definition ${arn} could not be described`);
        return { definition: response.taskDefinition, tags: response.tags ?? [] };
      });
      described.set(arn, pending);
    }
    return pending;
  };

  const bases = await Promise.all(
    settled.map(async (service) => {
      const current = await describe(service.taskDefinition ?? "");
      const base: RegisterInput =
        inputs.taskDefinitionFile?.definition ?? registerInputOf(current.definition, current.tags);
      return { service, current, base };
    }),
  );
  checkContainerNames(
    inputs,
    bases.map(({ base }) => base),
  );

  const plans = bases.map(({ service, current, base }) => {
    const name = service.serviceName ?? "?";
    const rendered = render(base, inputs, name);
    if (rendered.replaced.length === 0 && inputs.environment.some((change) => change.container === undefined)) {
      throw new ActionError(
        `environment-variables has KEY=value lines, which apply to the containers whose image is replaced, but no image of service ${name} is replaced`,
        { hint: "Prefix the lines with the container, e.g. web:RAILS_ENV=production, or set image/images." },
      );
    }
    const unchanged = sameDefinition(rendered.definition, registerInputOf(current.definition, current.tags));
    const register = !unchanged || inputs.forceNewDeployment;
    const desiredChanges = inputs.desiredCount !== undefined && inputs.desiredCount !== service.desiredCount;
    return {
      service,
      name,
      current: current.definition,
      rendered,
      register,
      update: register || desiredChanges,
      changes: rendered.changes,
    } satisfies ServicePlan;
  });

  return { services: plans, runTaskContainer: resolveRunTaskContainer(inputs, plans[0]) };
}

function checkContainerNames(inputs: DeployInputs, bases: readonly RegisterInput[]): void {
  const known = new Set(
    bases.flatMap((base) => (base.containerDefinitions ?? []).map((container) => container.name ?? "")),
  );
  const listing = [...known].join(", ");
  for (const name of inputs.images.keys()) {
    if (!known.has(name)) {
      throw new ActionError(`images names container "${name}", which no task definition has. Containers: ${listing}`);
    }
  }
  for (const change of inputs.environment) {
    if (change.container !== undefined && !known.has(change.container)) {
      throw new ActionError(
        `environment-variables names container "${change.container}", which no task definition has. Containers: ${listing}`,
      );
    }
  }
  if (
    inputs.runTaskContainer !== undefined &&
    !(bases[0]?.containerDefinitions ?? []).some((c) => c.name === inputs.runTaskContainer)
  ) {
    throw new ActionError(
      `run-task-container is "${inputs.runTaskContainer}", which the task definition of ${inputs.services[0]} does not have. Containers: ${listing}`,
    );
  }
}

function resolveRunTaskContainer(inputs: DeployInputs, first: ServicePlan | undefined): string | undefined {
  if (inputs.runTask === undefined) return undefined;
  const container = inputs.runTaskContainer ?? first?.rendered.replaced[0];
  if (container === undefined) {
    throw new ActionError("run-task needs a container: no image was replaced, so set run-task-container", {
      hint: "run-task-container: web",
    });
  }
  return container;
}
