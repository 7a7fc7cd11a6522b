import { AlarmStore } from "../cloudwatch/alarms.js";
import type { IdSource } from "../ids.js";
import type { LogStore } from "../logs/store.js";
import { BehaviourBook, DEFAULT_TIMING, type EcsTiming } from "./behaviour.js";
import { ServiceScheduler } from "./scheduler.js";
import { ServiceDeploymentBook } from "./service-deployments.js";
import { type ContainerRecord, EcsState, type ServiceRecord, type TaskRecord } from "./state.js";

/** What the engine knows about images from the registry (the fake's ECR). */
export interface ImageResolver {
  /** The digest a reference resolves to now, if known. */
  digestOf(image: string): string | undefined;
  /** Every name of the same image (itself included). */
  aliases(image: string): string[];
}

import { applyDue, type TaskHost } from "./tasks.js";

/**
 * ECS state plus the passage of time. Nothing runs in the background: every request first calls
 * `advanceTo(clock.now())`, which replays, in time order, every task transition due since the last
 * request and lets the service scheduler react at each of those instants.
 */
export class EcsEngine implements TaskHost {
  readonly state: EcsState;
  /** Image digests and aliases; AwsFake plugs its ECR store in. */
  images: ImageResolver = { digestOf: () => undefined, aliases: (image) => [image] };
  readonly behaviours = new BehaviourBook((image) => this.images.aliases(image));
  readonly scheduler: ServiceScheduler;
  /** Service deployments and revisions (ListServiceDeployments & co.) and the hook rules tests set. */
  readonly serviceDeployments = new ServiceDeploymentBook();
  /** CloudWatch alarms, shared with the CloudWatch fake: deployments watch them. */
  readonly alarms: AlarmStore;
  timing: EcsTiming = { ...DEFAULT_TIMING };
  /** The clock time the engine has been brought to (views that depend on time read it). */
  now = 0;
  private readonly dirty = new Set<ServiceRecord>();

  constructor(
    region: string,
    accountId: string,
    readonly ids: IdSource,
    private readonly logs: LogStore,
  ) {
    this.state = new EcsState(region, accountId);
    this.alarms = new AlarmStore(region, accountId);
    this.scheduler = new ServiceScheduler(this.state, this, this.behaviours, this.serviceDeployments, this.alarms);
    // An alarm changing state is news for every deployment watching it.
    this.alarms.onChange = (now) => {
      for (const service of this.state.services) if (this.serviceDeployments.active(service)) this.dirty.add(service);
      this.reconcileDirty(now);
    };
  }

  arn(resource: string): string {
    return this.state.arn(resource);
  }

  digestOf(image: string): string | undefined {
    return this.images.digestOf(image);
  }

  writeLogs(task: TaskRecord, container: ContainerRecord, lines: { timestamp: number; message: string }[]): void {
    const definition = task.taskDefinition.input.containerDefinitions?.find(
      (candidate) => candidate.name === container.name,
    );
    const config = definition?.logConfiguration;
    if (config?.logDriver !== "awslogs") return;
    const group = config.options?.["awslogs-group"];
    if (group === undefined) return;
    const prefix = config.options?.["awslogs-stream-prefix"];
    // ECS names the stream <prefix>/<container name>/<task id>.
    const stream = prefix === undefined ? task.id : `${prefix}/${container.name}/${task.id}`;
    this.logs.put(group, stream, lines, lines[0]?.timestamp ?? task.createdAt);
  }

  taskStopped(task: TaskRecord): void {
    this.scheduler.taskStopped(task);
    if (task.service !== undefined) this.dirty.add(task.service);
  }

  /** Applies everything due up to `now`, instant by instant. */
  advanceTo(now: number): void {
    this.now = Math.max(this.now, now);
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const task of this.state.tasks) {
        const due = task.pending[0]?.at;
        if (due !== undefined && due < next) next = due;
      }
      // Stage timers of service deployments (bake, hook answers) are due too.
      next = Math.min(next, this.serviceDeployments.nextWake(), this.alarms.nextDue());
      if (next > now) break;
      this.alarms.applyDue(next);
      for (const task of this.state.tasks) {
        if (applyDue(task, next) && task.service !== undefined) this.dirty.add(task.service);
      }
      for (const record of this.serviceDeployments.deployments) {
        if (record.wakeAt !== undefined && record.wakeAt <= next) {
          record.wakeAt = undefined;
          this.dirty.add(record.service);
        }
      }
      this.reconcileDirty(next);
    }
    this.reconcileDirty(now);
  }

  /** Lets the scheduler act on a service changed by an API call. */
  reconcile(service: ServiceRecord, now: number): void {
    this.dirty.add(service);
    this.reconcileDirty(now);
  }

  private reconcileDirty(now: number): void {
    while (this.dirty.size > 0) {
      const services = [...this.dirty];
      this.dirty.clear();
      for (const service of services) this.scheduler.reconcile(service, now);
    }
  }
}
