import { createHash } from "node:crypto";
import type {
  RegisterTaskDefinitionCommandInput,
  RegisterTaskDefinitionCommandOutput,
  RunTaskCommandInput,
  RunTaskCommandOutput,
} from "@aws-sdk/client-ecs";
import { type Clock, exactlyOnce, type Logger, type RunContext } from "@sre-actions/core";
import { RUN_MARKER_TAG } from "../plan/taskdef.js";
import type { EcsPort } from "../ports.js";

/**
 * The two ECS writes that are not idempotent by themselves, done exactly once (the port sends
 * them without the SDK's blind retry): after a lost answer, read back by the write's marker before
 * sending again, so a 500 after the write never registers a second revision or runs a second migration.
 */
interface OnceDeps {
  ecs: EcsPort;
  clock: Clock;
  log: Logger;
  context: RunContext;
}

/** A marker unique to this write: the run, the moment and what is written. */
function markerOf(deps: OnceDeps, what: unknown): string {
  return createHash("sha256")
    .update(`${deps.context.runUrl}\n${deps.clock.now()}\n${JSON.stringify(what)}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * RegisterTaskDefinition has no client token: the revision carries a `sre-actions:run` tag, and
 * the read-back looks for it on the family's newest revisions.
 */
export async function registerTaskDefinitionOnce(
  definition: RegisterTaskDefinitionCommandInput,
  deps: OnceDeps,
): Promise<RegisterTaskDefinitionCommandOutput> {
  const marker = { key: RUN_MARKER_TAG, value: markerOf(deps, definition) };
  const tagged = {
    ...definition,
    tags: [...(definition.tags ?? []).filter((tag) => tag.key !== RUN_MARKER_TAG), marker],
  };
  return exactlyOnce({
    what: `register a revision of ${definition.family}`,
    attempt: () => deps.ecs.registerTaskDefinition(tagged),
    readBack: async () => {
      const listed = await deps.ecs.listTaskDefinitions({
        familyPrefix: definition.family,
        sort: "DESC",
        maxResults: 5,
      });
      // familyPrefix also matches longer families (web → web-worker): keep this family's revisions.
      const ours = (listed.taskDefinitionArns ?? []).filter(
        (arn) => /:task-definition\/(.+):\d+$/.exec(arn)?.[1] === definition.family,
      );
      for (const arn of ours) {
        const described = await deps.ecs.describeTaskDefinition({ taskDefinition: arn, include: ["TAGS"] });
        if (described.tags?.some((tag) => tag.key === marker.key && tag.value === marker.value)) {
          return { taskDefinition: described.taskDefinition, tags: described.tags, $metadata: {} };
        }
      }
      return undefined;
    },
    clock: deps.clock,
    log: deps.log,
  });
}

/**
 * RunTask with a `clientToken` (ECS returns the first result for a retry with the same token) and
 * a unique `startedBy` (36 characters at most) that the ListTasks read-back filters on.
 */
/**
 * The `startedBy` of this workflow run's one-off task: the same for every attempt of the run (the
 * run URL has no attempt number), so a re-run finds the task an earlier attempt left running.
 * At most 36 characters, as ECS allows.
 */
export function runStartedBy(context: RunContext, task: { cluster: string; command: readonly string[] }): string {
  const key = createHash("sha256")
    .update(`${context.runUrl}\n${task.cluster}\n${JSON.stringify(task.command)}`)
    .digest("hex");
  return `ecs-deploy/${key.slice(0, 25)}`;
}

/** RunTask with a token unique to this attempt (a retry after a lost answer returns the same task). */
export async function runTaskOnce(request: RunTaskCommandInput, deps: OnceDeps): Promise<RunTaskCommandOutput> {
  const token = markerOf(deps, request);
  const command = request.overrides?.containerOverrides?.[0]?.command ?? [];
  const startedBy = runStartedBy(deps.context, { cluster: request.cluster ?? "", command });
  const tokened: RunTaskCommandInput = { ...request, clientToken: token, startedBy };
  return exactlyOnce({
    what: "start the one-off task",
    attempt: () => deps.ecs.runTask(tokened),
    readBack: async () => {
      const listed = await deps.ecs.listTasks({ cluster: request.cluster, startedBy });
      const arns = listed.taskArns ?? [];
      if (arns.length === 0) return undefined;
      const described = await deps.ecs.describeTasks({ cluster: request.cluster, tasks: arns });
      return { tasks: described.tasks ?? [], failures: [], $metadata: {} };
    },
    clock: deps.clock,
    log: deps.log,
  });
}
