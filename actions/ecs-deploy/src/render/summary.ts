import { codeBlock, details, heading, humanDuration, link, markdownText, sections, table } from "@sre-actions/core";
import { keepRunningValue, TAG_KEEP_RUNNING_UNTIL } from "../before/wake.js";
import type { EcsDeployResult } from "../model.js";
import { describeStoppedTask } from "../observe/diagnose.js";
import { describeChange, type FieldChange } from "../plan/diff.js";
import { renderDatadogSummary } from "./datadog.js";
import { imageFacts } from "./plan.js";
import { strategySection } from "./strategy.js";

const ICONS: Record<string, string> = {
  succeeded: "✅",
  failed: "❌",
  "rolled-back": "↩️",
  "timed-out": "⏱️",
  "dry-run": "📝",
  paused: "⏸️",
};

/** The job summary: outcome, plan (image and env changes, secrets masked), timeline, failures, links. */
export interface SummaryOptions {
  /** show-values: environment values in clear (secret-looking names stay ***); otherwise a fingerprint. */
  showValues?: boolean;
}

export function renderSummary(result: EcsDeployResult, options: SummaryOptions = {}): string {
  const title = heading(`${ICONS[result.status] ?? ""} ecs-deploy ${result.cluster}: ${result.status}`, 2);
  const outcome = table(
    ["Service", "Result", "Task definition", "Previous", "Deployment"],
    result.services.map((service) => [
      link(service.service, service.consoleUrl),
      `${ICONS[service.status] ?? ""} ${service.status}`,
      `${shortArn(service.taskDefinitionArn)}${service.registered ? " (new)" : ""}`,
      shortArn(service.previousTaskDefinitionArn),
      service.deploymentId ?? "",
    ]),
  );
  const changes = result.services.flatMap((service) =>
    service.diff.map((change) => {
      const { from, to } = shownChange(change, options.showValues ?? false);
      const facts = change.field === "image" && change.to !== undefined ? result.images[change.to] : undefined;
      return [
        service.service,
        change.scope,
        change.field,
        from,
        facts === undefined ? to : `${to} (${imageFacts(facts)})`,
      ];
    }),
  );
  const diffTable = table(["Service", "Container", "What", "From", "To"], changes);
  const plan =
    changes.length === 0
      ? "No changes: the services already run what was asked."
      : changes.length > 20
        ? details(`${changes.length} changes to the task definition`, diffTable, true)
        : diffTable;
  const start = result.timeline[0]?.at ?? 0;
  const timeline = table(
    ["+", "Step", "Detail"],
    result.timeline.map((entry) => [humanDuration(entry.at - start), entry.step, entry.detail]),
  );
  const runTask = result.runTask
    ? `One-off task \`${result.runTask.taskArn ?? "(not started)"}\`: ${result.runTask.ok ? `exit ${result.runTask.exitCode}` : result.runTask.reason}`
    : undefined;
  const failures = result.services
    .filter((service) => service.reason !== undefined)
    .map((service) =>
      sections(
        heading(`${service.service}: ${service.status}`, 4),
        `${markdownText(service.reason ?? "")}${service.reasonCode ? ` (\`${service.reasonCode}\`)` : ""}`,
        service.events.length > 0 ? details("Service events", codeBlock(service.events.join("\n")), true) : undefined,
        ...service.stoppedTasks.map((task) =>
          sections(
            `- ${describeStoppedTask(task)}`,
            task.logs
              ? details(`Last log lines of ${task.logs.container}`, codeBlock(task.logs.lines.join("\n")), true)
              : undefined,
          ),
        ),
        `[Open ${service.service} in the ECS console](${service.consoleUrl})`,
      ),
    );
  return sections(
    title,
    result.reason
      ? `> ${markdownText(result.reason)}${result.reasonCode ? ` (reason-code \`${result.reasonCode}\`)` : ""}`
      : undefined,
    outcome,
    pausedSection(result),
    promotionSection(result),
    releaseNotesSection(result),
    heading("Plan", 3),
    plan,
    runTask,
    ...failures,
    asleepSection(result),
    scheduledSection(result),
    strategySection(result),
    renderDatadogSummary(result.datadog),
    result.deregistered.length > 0
      ? details(`${result.deregistered.length} old revision(s) deregistered`, result.deregistered.join("<br>"))
      : undefined,
    details(`Timeline (${humanDuration(result.durationMs)})`, timeline),
  );
}

/** if-stopped: what was asleep, what was woken and until when. */
function asleepSection(result: EcsDeployResult): string | undefined {
  if (result.asleep.length === 0) return undefined;
  const lines = result.asleep.map((asleep) => {
    const why = asleep.why === "saved" ? "stopped by fargate-spot-toggle" : "at desired count 0";
    const woken = result.woken.find((item) => item.service === asleep.service);
    if (woken !== undefined) {
      const scaling = woken.scaling ? `, auto-scaling ${woken.scaling.min}–${woken.scaling.max}` : "";
      return `- ⏰ **${asleep.service}** was ${why}: woken with ${woken.desiredCount} task(s)${scaling}, kept running until ${keepRunningValue(woken.until)} (tag ${TAG_KEEP_RUNNING_UNTIL})`;
    }
    if (asleep.action === "ignore")
      return `- 💤 **${asleep.service}** is ${why}: deployed at 0 tasks (if-stopped: ignore)`;
    return `- 💤 **${asleep.service}** is ${why}: ${result.status === "dry-run" ? "would be woken" : "not woken"}`;
  });
  return sections(heading("Asleep environments", 3), lines.join("\n"));
}

const SCHEDULED_STATUS: Record<string, string> = {
  planned: "📝 to move",
  moved: "✅ moved",
  "moved-back": "↩️ moved back",
  skipped: "skipped",
  failed: "❌ failed",
};

/** scheduled-tasks: every schedule/rule target found, moved or skipped and why. */
function scheduledSection(result: EcsDeployResult): string | undefined {
  if (result.scheduled.length === 0) return undefined;
  return sections(
    heading("Scheduled tasks", 3),
    table(
      ["Kind", "Name", "Result", "From", "To", "Note"],
      result.scheduled.map((target) => [
        target.kind === "schedule"
          ? "Scheduler schedule"
          : `EventBridge rule${target.targetId ? ` (target ${target.targetId})` : ""}`,
        target.name,
        SCHEDULED_STATUS[target.status] ?? target.status,
        shortArn(target.from),
        target.to === undefined ? "" : shortArn(target.to),
        target.note ?? "",
      ]),
    ),
  );
}

function shownChange(change: FieldChange, showValues: boolean): { from: string; to: string } {
  const shown = describeChange(change, showValues);
  return { from: cell(shown.from), to: cell(shown.to) };
}

/** Long JSON values (port mappings, health checks) as code, pipes escaped by table(). */
function cell(value: string): string {
  return value.length > 120
    ? `\`${value.slice(0, 117)}…\``
    : value.startsWith("{") || value.startsWith("[")
      ? `\`${value}\``
      : value;
}

function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** wait-until paused: where each service waits, and how long before the hook's timeout action fires. */
function pausedSection(result: EcsDeployResult): string | undefined {
  const paused = result.services.filter((service) => service.paused !== undefined);
  if (paused.length === 0) return undefined;
  const now = result.timeline.at(-1)?.at ?? 0;
  return sections(
    heading("Paused at a lifecycle hook", 3),
    table(
      ["Service", "Stage", "Hook", "Times out", "Then", "Left"],
      paused.map(({ service, paused: pause }) => [
        service,
        pause?.stage,
        `\`${pause?.hookId}\``,
        pause?.expiresAt ?? "",
        pause?.timeoutAction ?? "",
        pause?.expiresAt === undefined ? "" : humanDuration(Math.max(0, Date.parse(pause.expiresAt) - now)),
      ]),
    ),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as a workflow spells it
    "Continue with `mode: continue` (or `mode: rollback`) and `service-deployment: ${{ steps.<id>.outputs.paused }}` before the hook times out.",
  );
}

/** promote-from: what was promoted, from which revision, by digest. */
function promotionSection(result: EcsDeployResult): string | undefined {
  const promoted = result.promoted;
  if (promoted === undefined) return undefined;
  return sections(
    heading(`Promoted from ${promoted.source} (${promoted.revision})`, 3),
    table(
      ["Container", "Image by digest", "As pre-prod names it"],
      promoted.images.map((image) => [image.container, `\`${image.image}\``, `\`${image.named}\``]),
    ),
    promoted.skipped.length > 0 ? `Not promoted (public images): ${promoted.skipped.join(", ")}` : undefined,
  );
}

/** github-environment: the pull requests this deployment ships (a long list folded). */
function releaseNotesSection(result: EcsDeployResult): string | undefined {
  const notes = result.releaseNotes;
  if (notes === undefined) return undefined;
  const title = `Release notes: ${notes.summary}`;
  return notes.pulls.length > 10 ? details(title, notes.markdown) : sections(heading(title, 3), notes.markdown);
}
