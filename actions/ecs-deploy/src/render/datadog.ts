import { details, heading, humanDuration, link, sections, table } from "@sre-actions/core";
import type { DatadogReport } from "../model.js";

/** The Datadog part of the job summary: the bake timeline and the deployment events sent. */
export function renderDatadogSummary(report: DatadogReport | undefined): string | undefined {
  if (report === undefined || (report.bake === undefined && report.events.length === 0)) return undefined;
  const bake = report.bake;
  const bakeSection =
    bake === undefined
      ? undefined
      : sections(
          heading(
            `Bake: ${bake.ok ? `✅ ${bake.monitors.length} monitor(s) stayed out of Alert` : `❌ ${bake.reason}`} (${humanDuration(bake.durationMs)})`,
            3,
          ),
          table(
            ["Monitor", "Before", "Last state"],
            bake.monitors.map((monitor) => [
              link(monitor.name, monitor.url),
              monitor.baseline ?? "",
              [...bake.polls].reverse().find((poll) => poll.states[monitor.id] !== undefined)?.states[monitor.id] ?? "",
            ]),
          ),
          details(
            `Bake timeline (${bake.polls.length} poll(s))`,
            table(
              ["+", "States"],
              bake.polls.map((poll) => [
                humanDuration(poll.at - (bake.polls[0]?.at ?? poll.at)),
                poll.error ??
                  bake.monitors.map((monitor) => `${monitor.name}: ${poll.states[monitor.id] ?? "missing"}`).join(", "),
              ]),
            ),
          ),
        );
  const events =
    report.events.length === 0
      ? undefined
      : sections(
          heading("Datadog deployment events", 3),
          table(
            ["ECS service", "Datadog service", "env", "version", "id", "Sent"],
            report.events.map((event) => [
              event.service,
              event.attributes.service,
              event.attributes.env ?? "",
              event.attributes.version ?? "",
              `\`${event.attributes.id ?? ""}\``,
              event.sent ? "✅" : `⚠️ ${event.error ?? ""}`,
            ]),
          ),
        );
  return sections(bakeSection, events);
}
