export class ReleaseError extends Error {}
export function majorTag(tag: string): string;
export function releaseNotes(changelog: string, tag: string): string;
export function publish(options: { tag: string; cwd?: string; dryRun?: boolean; log?: (line: string) => void }): {
  major: string;
  notes: string;
  steps: [string, string[]][];
};
