import type { Service, ServiceDeployment, TaskDefinition } from "@aws-sdk/client-ecs";
import { ActionError } from "@sre-actions/core";
import { resolveGate } from "../after/bake.js";
import type { EcsDeployInputs, PausedTarget } from "../inputs.js";
import type { EcsDeployDeps, Pause, Plan, ServicePlan } from "../model.js";
import { describeServices, revisionOf, shortName, time } from "../observe/ecs.js";
import { pauseOf } from "../rollout/service-deployment.js";
import { diffDefinitions } from "./diff.js";
import { planStrategies } from "./strategy-plan.js";
import { registerInputOf } from "./taskdef.js";

/** A service's deployment in progress, found for mode continue / rollback. */
export interface ResumeTarget {
  serviceDeploymentArn: string;
  /** The PAUSE hook it waits at now; undefined when nobody needs to act (already continued, or no longer paused). */
  pause: Pause | undefined;
  /** Said in the result when the run did not act as asked (the hook expired, someone else acted). */
  note: string | undefined;
}

export type ResumePlan = Pick<
  Plan,
  "services" | "strategies" | "scheduled" | "gate" | "asleep" | "promoted" | "images"
> & {
  targets: ResumeTarget[];
};

/**
 * The read-only pre-flight of mode continue / rollback: each service's deployment in progress
 * (from the `service-deployment` input — the paused output — or ListServiceDeployments), the
 * PAUSE hook it waits at, and the revisions it moves between. Nothing to act on is an error here.
 */
export async function planResume(
  inputs: Pick<
    EcsDeployInputs,
    "mode" | "cluster" | "services" | "serviceDeployments" | "timeoutMs" | "strategy" | "datadog"
  >,
  deps: EcsDeployDeps,
): Promise<ResumePlan> {
  return deps.log.group(`Plan (mode: ${inputs.mode})`, async () => {
    const { services, missing } = await describeServices(deps.ecs, inputs.cluster, inputs.services);
    if (missing.length > 0)
      throw new ActionError(`Service not found in cluster ${inputs.cluster}: ${missing.join(", ")}`, {
        hint: "mode continue/rollback acts on the services the paused deploy named: use the same cluster and service.",
      });
    const strategies = await planStrategies(services, inputs, deps);
    const planned = await Promise.all(
      services.map(async (service, index) => {
        const name = service.serviceName ?? "?";
        if (strategies[index]?.serviceDeployments !== true)
          throw new ActionError(
            `mode ${inputs.mode} needs ECS's service-deployment API for ${name} (ListServiceDeployments, DescribeServiceDeployments, ContinueServiceDeployment)`,
            {
              hint: "The deploy role needs ecs:ListServiceDeployments, ecs:DescribeServiceDeployments and ecs:ContinueServiceDeployment.",
            },
          );
        const target = await findTarget(service, inputs, deps);
        const plan = await resumedPlan(service, deps);
        deps.log.info(
          `${name}: ${shortName(target.serviceDeploymentArn)} ${plan.current.taskDefinitionArn ? revisionOf(plan.current.taskDefinitionArn) : "?"} → ${revisionOf(plan.existing)}; ${
            target.pause === undefined
              ? (target.note ?? "not paused")
              : `paused at ${target.pause.stage}: ${inputs.mode === "rollback" ? "ROLLBACK" : "CONTINUE"}`
          }`,
        );
        return { plan, target };
      }),
    );
    const gate = await resolveGate(inputs.datadog, deps.datadog);
    return {
      services: planned.map(({ plan }) => plan),
      targets: planned.map(({ target }) => target),
      strategies,
      scheduled: [],
      gate,
      asleep: [],
      promoted: undefined,
      images: new Map(),
    };
  });
}

/** The deployment to act on: the one the input names, else the newest one in progress. */
async function findTarget(
  service: Service,
  inputs: Pick<EcsDeployInputs, "mode" | "cluster" | "serviceDeployments">,
  deps: EcsDeployDeps,
): Promise<ResumeTarget> {
  const name = service.serviceName ?? "?";
  const given = inputs.serviceDeployments.find(
    (target) =>
      target.service === name || (target.service === undefined && target.serviceDeploymentArn.includes(`/${name}/`)),
  );
  if (inputs.serviceDeployments.length > 0 && given === undefined)
    throw new ActionError(`service-deployment names no deployment of ${name}`, {
      hint: "Pass the paused output of the step that deployed these services, with the same service input.",
    });
  const arn = given?.serviceDeploymentArn ?? (await latestDeployment(service, inputs.cluster, deps));
  const record = (await deps.ecs.describeServiceDeployments({ serviceDeploymentArns: [arn] })).serviceDeployments?.[0];
  if (record === undefined)
    throw new ActionError(`Service deployment ${shortName(arn)} of ${name} was not found`, {
      hint: "It may be older than ECS keeps, or in another cluster: check service-deployment and cluster.",
    });
  return { serviceDeploymentArn: arn, ...pauseToActOn(record, given, deps.clock.now()) };
}

/**
 * The service's newest deployment: the one in progress, or — when it ended before this run (its
 * hook timed out, someone continued it) — the one that ended, so the run can say how.
 */
async function latestDeployment(service: Service, cluster: string, deps: EcsDeployDeps): Promise<string> {
  const listed = await deps.ecs.listServiceDeployments({ cluster, service: service.serviceName, maxResults: 20 });
  const newest = [...(listed.serviceDeployments ?? [])].sort((a, b) => time(b.createdAt) - time(a.createdAt))[0];
  if (newest?.serviceDeploymentArn === undefined)
    throw new ActionError(
      `Service ${service.serviceName} has no deployment to continue or roll back; nothing was changed`,
      {
        hint: "mode continue/rollback acts on a deployment that waits at a PAUSE hook (a deploy with wait-until: paused).",
      },
    );
  return newest.serviceDeploymentArn;
}

/**
 * Whether to call ContinueServiceDeployment: only at the pause the deploy stopped at. A hook that
 * timed out is named with the action ECS took; a hook someone else continued is followed, not acted on.
 */
function pauseToActOn(
  record: ServiceDeployment,
  given: PausedTarget | undefined,
  now: number,
): Pick<ResumeTarget, "pause" | "note"> {
  const pause = pauseOf(record);
  const expired = (record.lifecycleHookDetails ?? []).find(
    (hook) => hook.status === "TIMED_OUT" && (given?.hookId === undefined || hook.hookId === given.hookId),
  );
  if (expired !== undefined && pause === undefined)
    return {
      pause: undefined,
      note: `the pause hook timed out at ${expired.expiresAt ? new Date(expired.expiresAt).toISOString() : "its expiry"} before this run, and ECS took its timeout action ${expired.timeoutAction ?? "ROLLBACK"}`,
    };
  if (pause === undefined)
    return {
      pause: undefined,
      note: `the deployment is ${record.status ?? "?"} and waits at no PAUSE hook (already continued?)`,
    };
  if (given?.hookId !== undefined && given.hookId !== pause.hookId)
    return {
      pause: undefined,
      note: `the hook the paused output names was already acted on; the deployment now waits at ${pause.stage} (hook ${pause.hookId}), which this run leaves alone`,
    };
  if (pause.expiresAt !== undefined && Date.parse(pause.expiresAt) <= now)
    return {
      pause,
      note: `the pause hook expired at ${pause.expiresAt} (timeout action ${pause.timeoutAction ?? "?"})`,
    };
  return { pause, note: undefined };
}

/** The revisions a deployment in progress moves between, from deployments[] (PRIMARY is the new one). */
async function resumedPlan(service: Service, deps: EcsDeployDeps): Promise<ServicePlan> {
  const deployments = service.deployments ?? [];
  const next =
    deployments.find((deployment) => deployment.status === "PRIMARY")?.taskDefinition ?? service.taskDefinition ?? "";
  const previous = deployments.find((deployment) => deployment.status === "ACTIVE")?.taskDefinition ?? next;
  const describe = async (arn: string): Promise<TaskDefinition> =>
    (await deps.ecs.describeTaskDefinition({ taskDefinition: arn })).taskDefinition ?? { taskDefinitionArn: arn };
  const [current, target] = await Promise.all([describe(previous), describe(next)]);
  const definition = registerInputOf(target, []);
  return {
    service,
    name: service.serviceName ?? "?",
    current,
    rendered: { definition, changes: [], replaced: [] },
    register: false,
    update: true,
    changes: [],
    diff: diffDefinitions(registerInputOf(current, []), definition),
    existing: next,
  };
}
