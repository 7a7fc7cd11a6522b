import type { Plan } from "../model.js";
import { describeChange } from "../plan/diff.js";

/** The plan as log lines: per service what happens, then each changed field (values masked unless show-values). */
export function describePlan(plan: Pick<Plan, "services">, showValues = false): string[] {
  const lines: string[] = [];
  for (const service of plan.services) {
    const action = service.register
      ? "register a new revision and deploy"
      : service.update
        ? "update the service"
        : "nothing to do (already up to date)";
    lines.push(
      `${service.name}: ${service.service.taskDefinition} → ${service.existing && service.update ? `deploy ${service.existing} as it is` : action}`,
    );
    for (const change of service.diff) {
      const { from, to } = describeChange(change, showValues);
      if (change.field === "image") lines.push(`  ${change.scope}: ${from} → ${to}`);
      else lines.push(`  ${change.scope}: ${change.field}: ${from} → ${to}`);
    }
  }
  return lines;
}
