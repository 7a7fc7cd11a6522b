/** What a task does once ECS launches it: the scenario a test sets up. */
export type TaskBehaviour =
  /** Starts and keeps running until it is stopped. `logLines` are written one second apart after start. */
  | { kind: "healthy"; startMs?: number; logLines?: string[] }
  /** Never reaches RUNNING: PROVISIONING → PENDING → STOPPED with stopCode TaskFailedToStart. */
  | { kind: "fail-to-start"; stopCode?: "TaskFailedToStart"; reason: string; afterMs?: number }
  /** Starts, writes `logLines` evenly over `afterMs`, then its essential container exits with `exitCode`. */
  | { kind: "exit"; exitCode: number; afterMs: number; reason?: string; logLines?: string[]; startMs?: number };

/** How long things take, in clock milliseconds. */
export interface EcsTiming {
  /** From launch to PENDING (ENI provisioning on Fargate). */
  provisioningMs: number;
  /** From launch to RUNNING (image pull and container start), unless the behaviour says otherwise. */
  taskStartMs: number;
  /**
   * How long the tasks of a deployment must have been RUNNING before ECS calls the service steady
   * and the deployment COMPLETED (a container that crashes sooner keeps the deployment IN_PROGRESS).
   */
  stableMs: number;
  /** How long a task replaced by the scheduler drains (load balancer deregistration delay) before it stops. */
  drainMs: number;
  /** From the stop signal (or the essential container's exit) to STOPPED. */
  stopMs: number;
}

export const DEFAULT_TIMING: EcsTiming = {
  provisioningMs: 5_000,
  taskStartMs: 30_000,
  stableMs: 10_000,
  drainMs: 30_000,
  stopMs: 5_000,
};

/** What a RunTask behaviour rule sees about the task being started. */
export interface RunTaskContext {
  family: string;
  taskDefinitionArn: string;
  /** The command of each container after overrides, by container name. */
  commands: Record<string, string[] | undefined>;
  images: string[];
  startedBy: string | undefined;
  group: string;
}

export type ImageMatcher = string | RegExp | ((image: string) => boolean);

interface ImageRule {
  matches: (image: string) => boolean;
  behaviour: TaskBehaviour;
}

type RunTaskRule = (context: RunTaskContext) => TaskBehaviour | undefined;

/**
 * The scenario rules; the newest matching rule wins. An image rule is tried against every name of
 * the task's image (`aliases`: the fake's ECR gives the tags and digest of the same image), so a
 * rule on `repo:tag` also catches a task definition that names that image `repo@sha256:…`.
 */
export class BehaviourBook {
  private readonly imageRules: ImageRule[] = [];
  private readonly runTaskRules: RunTaskRule[] = [];

  constructor(private readonly aliases: (image: string) => string[] = (image) => [image]) {}

  image(matcher: ImageMatcher, behaviour: TaskBehaviour): void {
    const matches =
      typeof matcher === "string"
        ? (image: string) => image === matcher
        : matcher instanceof RegExp
          ? (image: string) => matcher.test(image)
          : matcher;
    this.imageRules.unshift({ matches, behaviour });
  }

  runTask(rule: TaskBehaviour | RunTaskRule): void {
    this.runTaskRules.unshift(typeof rule === "function" ? rule : () => rule);
  }

  /** The behaviour of a service task: the first essential image with a rule, else healthy. */
  forServiceTask(essentialImages: string[]): TaskBehaviour {
    return this.byImage(essentialImages) ?? { kind: "healthy" };
  }

  /**
   * The behaviour of a one-off task: a RunTask rule, else an image rule, else a short job that
   * exits 0 after ten seconds (what a migration or batch task usually does).
   */
  forRunTask(context: RunTaskContext): TaskBehaviour {
    for (const rule of this.runTaskRules) {
      const behaviour = rule(context);
      if (behaviour !== undefined) return behaviour;
    }
    return this.byImage(context.images) ?? { kind: "exit", exitCode: 0, afterMs: 10_000 };
  }

  private byImage(images: string[]): TaskBehaviour | undefined {
    const names = images.flatMap((image) => this.aliases(image));
    for (const rule of this.imageRules) if (names.some((name) => rule.matches(name))) return rule.behaviour;
    return undefined;
  }
}
