export interface Role {
  id: string;
  tf: string;
  name: string;
  use: string;
  source: string;
  subjects: string;
  condition?: string;
  tagScoped?: boolean;
  variable: string;
}
export interface Kind {
  type: string;
  arns: string[];
}
export interface Intent {
  sid: string;
  parent: string;
  effect: string;
  actions: string[];
  kinds: string[];
  inCluster: boolean;
  targetInCluster: boolean;
  readmeCondition: Record<string, Record<string, string | string[]>> | undefined;
  names: Record<string, string>;
  condition: string | undefined;
  tagScoped: boolean;
}
export interface ReadmePolicy {
  Version?: string;
  Statement: {
    Sid?: string;
    Effect?: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
  }[];
}
export const TIERS: string[];
export const ROLES: Role[];
export const KINDS: Record<string, Kind>;
export const SCOPES: Record<string, { kinds: string[]; inCluster?: boolean; targetInCluster?: boolean }>;
export const UNSCOPED: Record<string, string>;
export const STATEMENT_SCOPES: Record<string, { names: Record<string, string>; condition: string }>;
export const NAMES: Record<string, { tf: string; derived?: string; Default?: string; Description: string }>;
export const COST_TAG: { key: string; value: string };
export function readmePolicy(file: string): ReadmePolicy;
export function kindsOf(resource: string): string[];
export function roleIntents(role: Role, policy?: ReadmePolicy): Intent[];
export function roleStatements(role: Role, policy?: ReadmePolicy): Record<string, unknown>[];
export function cloudFormation(policies?: Record<string, ReadmePolicy>): string;
export function terraform(policies?: Record<string, ReadmePolicy>): string;
export function tfString(template: string): string;
export function unassignedPolicies(): string[];
export const OUTPUTS: Record<string, () => string>;
