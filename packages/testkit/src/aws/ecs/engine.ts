import type { IdSource } from "../ids.js";
import type { LogStore } from "../logs/store.js";
import { BehaviourBook, DEFAULT_TIMING, type EcsTiming } from "./behaviour.js";
import { ServiceScheduler } from "./scheduler.js";
import { type ContainerRecord, EcsState, type ServiceRecord, type TaskRecord } from "./state.js";
import { applyDue, type TaskHost } from "./tasks.js";

/**
 * ECS state plus the passage of time. Nothing runs in the background: every request first calls
 * `advanceTo(clock.now())`, which replays, in time order, every task transition due since the last
 * request and lets the service scheduler react at each of those instants.
 */
export class EcsEngine implements TaskHost {
  readonly state: EcsState;
  readonly behaviours = new BehaviourBook();
  readonly scheduler: ServiceScheduler;
  timing: EcsTiming = { ...DEFAULT_TIMING };
  private readonly dirty = new Set<ServiceRecord>();

  constructor(
    region: string,
    accountId: string,
    readonly ids: IdSource,
    private readonly logs: LogStore,
  ) {
    this.state = new EcsState(region, accountId);
    this.scheduler = new ServiceScheduler(this.state, this, this.behaviours);
  }

  arn(resource: string): string {
    return this.state.arn(resource);
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
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const task of this.state.tasks) {
        const due = task.pending[0]?.at;
        if (due !== undefined && due < next) next = due;
      }
      if (next > now) break;
      for (const task of this.state.tasks) {
        if (applyDue(task, next) && task.service !== undefined) this.dirty.add(task.service);
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
