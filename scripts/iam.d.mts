export interface Role {
  id: string;
  tf: string;
  name: string;
  use: string;
  source: string;
  subjects: string;
  condition?: string;
  tagScoped?: boolean;
}
export const ROLES: Role[];
export const STAR_ONLY: Set<string>;
export const RESOURCES: Record<string, string[] | "clusterCondition">;
export const COST_TAG: { key: string; value: string };
export function cloudFormation(): string;
export function terraform(): string;
export function unassignedPolicies(): string[];
