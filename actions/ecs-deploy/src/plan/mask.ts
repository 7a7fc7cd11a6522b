import { looksSecret } from "@sre-actions/core";
import type { Plan } from "../model.js";

/**
 * Masks (`::add-mask::`) the task-definition environment values this run could print, before the
 * plan is printed: every secret-looking one in the definitions it reads or writes (shown as ***, and
 * masked in case an error message echoes it), and with show-values every value in the diff, which the
 * log and summary then show. Without show-values other values appear only as fingerprints.
 */
export function maskPlanValues(plan: Pick<Plan, "services">, showValues: boolean, mask: (value: string) => void): void {
  for (const service of plan.services) {
    for (const container of service.rendered.definition.containerDefinitions ?? []) {
      for (const variable of container.environment ?? []) {
        if (variable.value && looksSecret(variable.name ?? "")) mask(variable.value);
      }
    }
    for (const change of service.diff) {
      if (!change.value) continue;
      if (!showValues && !looksSecret(change.field.replace(/^\S+ /, ""))) continue;
      for (const value of [change.from, change.to]) if (value) mask(value);
    }
  }
}
