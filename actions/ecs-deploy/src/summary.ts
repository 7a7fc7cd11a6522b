import { codeBlock, details, heading, humanDuration, link, sections, table } from "@sre-actions/core";
import type { DeployResult } from "./deploy.js";
import { describeStoppedTask } from "./diagnose.js";
import { looksSecret } from "./render.js";

const ICONS: Record<string, string> = {
  succeeded: "✅",
  failed: "❌",
  "rolled-back": "↩️",
  "timed-out": "⏱️",
  "dry-run": "📝",
};

/** The job summary: outcome, plan (image and env changes, secrets masked), timeline, failures, links. */
export function renderSummary(result: DeployResult): string {
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
    service.changes.flatMap((change) => [
      ...(change.toImage ? [[service.service, change.container, "image", change.fromImage ?? "", change.toImage]] : []),
      ...change.env.map((env) => [
        service.service,
        change.container,
        `env ${env.name}`,
        env.from === undefined ? "(unset)" : shown(env.name, env.from),
        shown(env.name, env.to),
      ]),
    ]),
  );
  const plan =
    changes.length > 0
      ? table(["Service", "Container", "What", "From", "To"], changes)
      : "No container changes: the services already run what was asked.";
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
        service.reason,
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
    result.reason ? `> ${result.reason.replace(/\n/g, " ")}` : undefined,
    outcome,
    heading("Plan", 3),
    plan,
    runTask,
    ...failures,
    result.deregistered.length > 0
      ? details(`${result.deregistered.length} old revision(s) deregistered`, result.deregistered.join("<br>"))
      : undefined,
    details(`Timeline (${humanDuration(result.durationMs)})`, timeline),
  );
}

function shown(name: string, value: string): string {
  return looksSecret(name) ? "***" : value;
}

function shortArn(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
