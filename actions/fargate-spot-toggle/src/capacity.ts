import type { Placement, ProviderItem } from "./model.js";

export { samePlacement, sameProviders } from "@sre-actions/core/ecs-sleep";

const ITEM = /^([A-Za-z0-9_-]{1,255}):(\d{1,4})(?::base=(\d{1,6}))?$/;

/**
 * `FARGATE:1:base=1, FARGATE_SPOT:4` → items; undefined with a problem when the text is not a
 * strategy ECS would accept (weights 0–1000, base 0–100000 on one item only, some weight > 0).
 */
export function parseProviders(text: string): { items: ProviderItem[] } | { problem: string } {
  const parts = text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) return { problem: "is empty" };
  const items: ProviderItem[] = [];
  for (const part of parts) {
    const match = ITEM.exec(part);
    if (match === null) return { problem: `has "${part}", which is not PROVIDER:weight or PROVIDER:weight:base=N` };
    const [, provider = "", weight = "0", base = "0"] = match;
    if (items.some((item) => item.provider === provider)) return { problem: `names ${provider} twice` };
    items.push({ provider, weight: Number(weight), base: Number(base) });
  }
  if (items.some((item) => item.weight > 1000)) return { problem: "has a weight above 1000" };
  if (items.some((item) => item.base > 100_000)) return { problem: "has a base above 100000" };
  if (items.filter((item) => item.base > 0).length > 1) return { problem: "sets base on more than one provider" };
  if (items.every((item) => item.weight === 0)) return { problem: "needs a weight above 0 on some provider" };
  return { items };
}

export function formatProviders(items: ProviderItem[]): string {
  return items.map((item) => `${item.provider}:${item.weight}${item.base > 0 ? `:base=${item.base}` : ""}`).join(", ");
}

export function formatPlacement(placement: Placement): string {
  return placement.kind === "launch-type" ? `launch type ${placement.launchType}` : formatProviders(placement.items);
}

/**
 * How many of `tasks` run on FARGATE_SPOT: ECS places `base` tasks on their provider first, then
 * splits the rest by weight.
 */
export function spotTasks(placement: Placement, tasks: number): number {
  if (placement.kind === "launch-type") return 0;
  const items = placement.items;
  const based = items.find((item) => item.base > 0);
  const baseTasks = Math.min(tasks, based?.base ?? 0);
  const rest = tasks - baseTasks;
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  const spotWeight = items
    .filter((item) => item.provider === "FARGATE_SPOT")
    .reduce((sum, item) => sum + item.weight, 0);
  const spotBase = based?.provider === "FARGATE_SPOT" ? baseTasks : 0;
  return spotBase + (totalWeight === 0 ? 0 : (rest * spotWeight) / totalWeight);
}
