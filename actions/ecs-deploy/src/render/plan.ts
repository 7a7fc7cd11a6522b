import type { Plan } from "../model.js";
import { describeChange } from "../plan/diff.js";
import type { ImageFacts } from "../plan/preflight.js";

/** `tag v2, sha256:1f2e3d4c5b6a`: what ECR says of an image, as the plan and summary show it. */
export function imageFacts(facts: ImageFacts): string {
  const tags = facts.tags.length > 0 ? `tag ${facts.tags.slice(0, 3).join(", ")}` : undefined;
  const digest = facts.digest?.replace(/^(sha256:[0-9a-f]{12}).*$/, "$1");
  return [tags, digest].filter(Boolean).join(", ");
}

/** The plan as log lines: per service what happens, then each changed field (values masked unless show-values). */
export function describePlan(
  plan: Pick<Plan, "services">,
  showValues = false,
  images: ReadonlyMap<string, ImageFacts> = new Map(),
): string[] {
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
      const facts = change.field === "image" && change.to !== undefined ? images.get(change.to) : undefined;
      const known = facts === undefined ? "" : ` (${imageFacts(facts)})`;
      if (change.field === "image") lines.push(`  ${change.scope}: ${from} → ${to}${known}`);
      else lines.push(`  ${change.scope}: ${change.field}: ${from} → ${to}`);
    }
  }
  return lines;
}
