import { heading, humanDuration, sections, table } from "@sre-actions/core";
import type { EcsDeployResult } from "../model.js";

/** Strategy, bake, and each lifecycle stage (or CodeDeploy event) with when it began and how long it took. */
export function strategySection(result: EcsDeployResult): string | undefined {
  const start = result.timeline[0]?.at ?? 0;
  const rows = result.services.flatMap((service) =>
    service.stages.map((stage, index) => {
      const next = service.stages[index + 1]?.at;
      return [
        service.service,
        index === 0 ? service.strategy : "",
        stage.stage,
        `+${humanDuration(stage.at - start)}`,
        next === undefined ? "" : humanDuration(next - stage.at),
      ];
    }),
  );
  const notes = result.services
    .filter((service) => service.strategy !== "ROLLING" || service.stageReached !== undefined)
    .map(
      (service) =>
        `- ${service.service}: ${service.strategy}${service.bakeMs > 0 ? `, bake ${humanDuration(service.bakeMs)}` : ""}${
          service.stageReached === undefined ? "" : `; stopped waiting at ${service.stageReached} (wait-until)`
        }`,
    );
  if (rows.length === 0 && notes.length === 0) return undefined;
  return sections(
    heading("Deploy strategy", 3),
    notes.length > 0 ? notes.join("\n") : undefined,
    rows.length > 0 ? table(["Service", "Strategy", "Stage", "Began", "Took"], rows) : undefined,
  );
}
