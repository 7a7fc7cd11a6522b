import type { Service, Tag, TaskDefinition } from "@aws-sdk/client-ecs";
import { ActionError, describeError } from "@sre-actions/core";
import { resolveGate } from "../after/bake.js";
import { findScheduledTargets } from "../after/scheduled.js";
import { checkAsleep } from "../before/wake.js";
import type { EcsDeployInputs } from "../inputs.js";
import type { EcsDeployDeps, Plan, PlanRequest, Promotion, ServicePlan } from "../model.js";
import { describeServices } from "../observe/ecs.js";
import type { EcsPort } from "../ports.js";
import { describePlan } from "../render/plan.js";
import { waitUntilSettled } from "../rollout/deployments.js";
import { diffDefinitions } from "./diff.js";
import { repositoryOf } from "./image.js";
import { maskPlanValues } from "./mask.js";
import { checkImages, checkRendered, pinDigests, renderRequestOf } from "./preflight.js";
import { readPromotion } from "./promote.js";
import { render, sameDefinition } from "./render.js";
import { strategyOf } from "./strategy.js";
import { planStrategies } from "./strategy-plan.js";
import { type RegisterInput, registerInputOf } from "./taskdef.js";

/**
 * The read-only pre-flight of the whole run, before the first mutating call: the services and
 * their new revisions (printed, values masked), the scheduled targets that follow them, how each
 * service deploys, and the monitors the bake watches. Any problem throws here, with nothing changed.
 */
export async function planDeploy(
  inputs: PlanRequest & Pick<EcsDeployInputs, "showValues" | "scheduledTasks" | "timeoutMs" | "strategy" | "datadog">,
  deps: EcsDeployDeps,
  deadline: number,
): Promise<Plan> {
  const built = await deps.log.group("Plan", async () => {
    const planned = await buildPlan(inputs, deps, deadline);
    maskPlanValues(planned, inputs.showValues, deps.mask);
    for (const line of describePlan(planned, inputs.showValues, planned.images)) deps.log.info(line);
    return planned;
  });
  // scheduled-tasks: which schedules and rules run a deployed family (read-only, like the plan).
  const families = new Set(built.services.map((service) => service.rendered.definition.family ?? ""));
  const scheduled =
    inputs.scheduledTasks.length === 0
      ? []
      : await deps.log.group("Scheduled tasks", async () => {
          const found = await findScheduledTargets(inputs.scheduledTasks, families, deps);
          for (const target of found)
            deps.log.info(
              `${target.kind} ${target.name}: ${target.status === "planned" ? `${target.from} → the new revision` : `skipped (${target.note})`}`,
            );
          return found;
        });
  // Strategy, bake, alarms and CodeDeploy names: still read-only, before the first mutating call.
  const strategies = await deps.log.group("Deploy strategy", async () => {
    const planned = await planStrategies(
      built.services.map((service) => service.service),
      inputs,
      deps,
    );
    planned.forEach((strategy, index) => {
      for (const line of strategy.lines) deps.log.info(`${built.services[index]?.name}: ${line}`);
      for (const warning of strategy.warnings) deps.log.warning(warning);
    });
    if (planned.some((strategy) => strategy.codeDeploy === undefined && !strategy.serviceDeployments))
      deps.log.info(
        "ECS's service-deployment API (ListServiceDeployments/DescribeServiceDeployments) is not available here (an older partition, or the role lacks ecs:ListServiceDeployments and ecs:DescribeServiceDeployments); judging the deployment from DescribeServices deployments[] instead",
      );
    return planned;
  });
  // Datadog: the gate's monitors must exist before anything changes.
  const gate = await resolveGate(inputs.datadog, deps.datadog);
  return { ...built, strategies, scheduled, gate };
}

/**
 * The read-only pre-flight: services exist, are ACTIVE and deployable, earlier deployments have
 * settled, base definitions resolve and every image/container input matches something. Any
 * problem throws before the first mutating call.
 */
async function buildPlan(
  inputs: PlanRequest,
  deps: EcsDeployDeps,
  deadline: number,
): Promise<Pick<Plan, "services" | "runTaskContainer" | "asleep" | "promoted" | "images">> {
  const { services, missing } = await describeServices(deps.ecs, inputs.cluster, inputs.services).catch((error) => {
    throw clusterError(error, inputs.cluster, deps.region);
  });
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
    // ECS (rolling, blue/green, linear, canary) and CODE_DEPLOY deploy; EXTERNAL is refused here.
    strategyOf(service);
  }

  const asleep = checkAsleep(services, inputs.ifStopped, inputs.desiredCount);
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

  const existing =
    inputs.taskDefinitionArn === undefined ? undefined : await describeExistingWith(deps.ecs, inputs.taskDefinitionArn);
  // promote-from: the images pre-prod runs, by digest; pin-digest: the tags given, resolved now.
  const promoted = inputs.promoteFrom === undefined ? undefined : await readPromotion(inputs.promoteFrom, deps);
  const pinned = inputs.pinDigest
    ? await pinDigests(deps.ecr, [...(inputs.image === undefined ? [] : [inputs.image]), ...inputs.images.values()])
    : new Map<string, string>();
  const requestOf = (service: Service, base: RegisterInput, name: string) => {
    const request = renderRequestOf(inputs, service);
    const pin = (image: string) => pinned.get(image) ?? image;
    const images = new Map([...request.images].map(([container, image]) => [container, pin(image)]));
    if (promoted !== undefined)
      for (const [container, image] of promotedImagesOf(base, promoted, name)) images.set(container, image);
    return { ...request, image: request.image === undefined ? undefined : pin(request.image), images };
  };
  const bases = await Promise.all(
    settled.map(async (service) => {
      const current = await describe(service.taskDefinition ?? "");
      const base: RegisterInput =
        existing?.base ?? inputs.taskDefinitionFile?.definition ?? registerInputOf(current.definition, current.tags);
      return { service, current, base };
    }),
  );
  checkContainerNames(
    inputs,
    bases.map(({ base }) => base),
  );

  const plans = bases.map(({ service, current, base }) => {
    const name = service.serviceName ?? "?";
    const running = registerInputOf(current.definition, current.tags);
    const desiredChanges = inputs.desiredCount !== undefined && inputs.desiredCount !== service.desiredCount;
    if (existing !== undefined) {
      // A revision Terraform/CDK registered: deployed as it is, never rendered or registered again.
      const moves = existing.arn !== service.taskDefinition;
      return {
        service,
        name,
        current: current.definition,
        rendered: { definition: existing.base, changes: [], replaced: [] },
        register: false,
        update: moves || inputs.forceNewDeployment || desiredChanges,
        changes: [],
        diff: diffDefinitions(running, existing.base),
        existing: existing.arn,
      } satisfies ServicePlan;
    }
    const rendered = render(base, requestOf(service, base, name), name);
    if (rendered.replaced.length === 0) requireReplacedContainer(inputs, name);
    checkRendered(rendered.definition, name, inputs);
    const unchanged = sameDefinition(rendered.definition, running);
    const register = !unchanged || inputs.forceNewDeployment;
    return {
      service,
      name,
      current: current.definition,
      rendered,
      register,
      update: register || desiredChanges,
      changes: rendered.changes,
      diff: diffDefinitions(running, rendered.definition),
      existing: undefined,
    } satisfies ServicePlan;
  });
  // Images about to run: each must exist (ECR only); a typo'd tag fails here, not as a rollback.
  const newImages = plans.flatMap((plan) =>
    plan.diff.filter((change) => change.field === "image" && change.to !== undefined).map((change) => change.to ?? ""),
  );
  const images = await checkImages(deps.ecr, newImages, deps.region, deps.log);

  return { services: plans, runTaskContainer: resolveRunTaskContainer(inputs, plans[0]), asleep, promoted, images };
}

/** Task definitions named by task-definition-arn must exist; a missing one is a named error. */
async function describeExistingWith(ecs: EcsPort, arn: string): Promise<{ arn: string; base: RegisterInput }> {
  try {
    const response = await ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] });
    const definition = response.taskDefinition;
    if (definition?.taskDefinitionArn === undefined) throw new Error("no task definition in the response");
    return { arn: definition.taskDefinitionArn, base: registerInputOf(definition, response.tags) };
  } catch (error) {
    throw new ActionError(`task-definition-arn ${arn} cannot be deployed: ${describeError(error)}`, {
      hint: "Check the family and revision (aws ecs list-task-definitions --family-prefix <family>) and the region.",
    });
  }
}

/** DescribeServices on a missing cluster throws ClusterNotFoundException: say which cluster and region. */
function clusterError(error: unknown, cluster: string, region: string): unknown {
  if (!(error instanceof Error) || error.name !== "ClusterNotFoundException") return error;
  return new ActionError(`Cluster ${cluster} not found in ${region}`, {
    hint: "Check the cluster name and the region (the region input, or AWS_REGION from configure-aws-credentials).",
  });
}

/** KEY=value lines (and command) apply to the containers whose image is replaced: there must be one. */
function requireReplacedContainer(inputs: PlanRequest, service: string): void {
  const untargeted = [
    inputs.environment.some((change) => change.container === undefined) ? "environment-variables" : undefined,
    inputs.secrets.some((secret) => secret.container === undefined) ? "secrets" : undefined,
    inputs.dockerLabels.some((label) => label.container === undefined) ? "docker-labels" : undefined,
  ].find((name) => name !== undefined);
  if (untargeted !== undefined) {
    throw new ActionError(
      `${untargeted} has KEY=value lines, which apply to the containers whose image is replaced, but no image of service ${service} is replaced`,
      { hint: "Prefix the lines with the container, e.g. web:RAILS_ENV=production, or set image/images." },
    );
  }
  if (inputs.command !== undefined) {
    throw new ActionError(
      `command applies to the containers whose image is replaced, but no image of service ${service} is replaced`,
      { hint: "Set image or images for the container whose command changes." },
    );
  }
}

function checkContainerNames(inputs: PlanRequest, bases: readonly RegisterInput[]): void {
  const known = new Set(
    bases.flatMap((base) => (base.containerDefinitions ?? []).map((container) => container.name ?? "")),
  );
  const listing = [...known].join(", ");
  for (const name of inputs.images.keys()) {
    if (!known.has(name)) {
      throw new ActionError(`images names container "${name}", which no task definition has. Containers: ${listing}`, {
        hint: `Name one of the containers, e.g. images: ${[...known][0] ?? "app"}=<image>`,
      });
    }
  }
  const named: [string, readonly { container: string | undefined }[]][] = [
    ["environment-variables", inputs.environment],
    ["secrets", inputs.secrets],
    ["docker-labels", inputs.dockerLabels],
  ];
  for (const [input, lines] of named) {
    for (const { container } of lines) {
      if (container !== undefined && !known.has(container)) {
        throw new ActionError(
          `${input} names container "${container}", which no task definition has. Containers: ${listing}`,
          { hint: `Prefix the line with one of them, e.g. ${input}: ${[...known][0] ?? "app"}:NAME=value` },
        );
      }
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

function resolveRunTaskContainer(inputs: PlanRequest, first: ServicePlan | undefined): string | undefined {
  if (inputs.runTask === undefined) return undefined;
  const container = inputs.runTaskContainer ?? first?.rendered.replaced[0];
  if (container === undefined) {
    throw new ActionError("run-task needs a container: no image was replaced, so set run-task-container", {
      hint: "run-task-container: web",
    });
  }
  return container;
}

/** Each container of a target service that runs a promoted repository, with the promoted image by digest. */
function promotedImagesOf(base: RegisterInput, promoted: Promotion, service: string): [string, string][] {
  const byRepository = new Map(promoted.images.map((image) => [repositoryOf(image.image), image.image]));
  const matched = (base.containerDefinitions ?? []).flatMap((container) => {
    const image = byRepository.get(repositoryOf(container.image ?? ""));
    return image === undefined || container.name === undefined ? [] : [[container.name, image] as [string, string]];
  });
  if (matched.length === 0)
    throw new ActionError(
      `promote-from ${promoted.source} runs ${promoted.images.map((image) => image.named).join(", ")}, but no container of ${service} uses those repositories. Containers: ${(base.containerDefinitions ?? []).map((container) => `${container.name} (${container.image})`).join(", ")}`,
      { hint: "Promote between services built from the same repositories (pre-prod/web → web), or deploy with image." },
    );
  return matched;
}
