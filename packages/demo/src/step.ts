import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BundledActionResult, type RunBundledActionOptions, runBundledAction } from "@sre-actions/testkit/harness";

export interface StepRecord {
  id: string;
  title: string;
  action: string;
  exitCode: number | null;
  outputs: Record<string, string>;
  summary: string;
  durationMs: number;
  /** What the demo expected this step to show (a failure can be the point of a step). */
  expectFailure: boolean;
  /** Not run, as the workflow's `if:` would skip it. */
  skipped: boolean;
}

/** A step the workflow skips (its `if:` is false); shown in the report so the story stays complete. */
export function skippedStep(id: string, title: string, action: string): StepRecord {
  console.log(`\n━━ ${title}`);
  return {
    id,
    title,
    action,
    exitCode: null,
    outputs: {},
    summary: "_Skipped: the step's `if:` is false, as in the workflow._",
    durationMs: 0,
    expectFailure: false,
    skipped: true,
  };
}

const INDENT = "    ";

/**
 * A step that is not one of our actions (the image build, the smoke tests), played by the demo:
 * its summary says what it stands for. Printed and saved like the others.
 */
export async function playedStep(
  outputDir: string,
  step: { id: string; title: string; uses: string; log: string[]; summary: string },
): Promise<StepRecord> {
  console.log(`\n━━ ${step.title}`);
  console.log(`${INDENT}uses: ${step.uses} (played by the demo)`);
  for (const line of step.log) console.log(`${INDENT}${line}`);
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, `${step.id}.md`), step.summary);
  return {
    id: step.id,
    title: step.title,
    action: step.uses,
    exitCode: 0,
    outputs: {},
    summary: step.summary,
    durationMs: 0,
    expectFailure: false,
    skipped: false,
  };
}

/** Turns the runner's workflow commands into what the Actions log shows a person. */
export function displayLine(text: string): string | undefined {
  const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(text);
  if (command === null) return text;
  const [, name, message = ""] = command;
  const unescaped = message.replace(/%0A/g, `\n${INDENT}  `).replace(/%0D/g, "").replace(/%25/g, "%");
  switch (name) {
    case "group":
      return `▸ ${unescaped}`;
    case "error":
      return `✖ Error: ${unescaped}`;
    case "warning":
      return `⚠ Warning: ${unescaped}`;
    case "notice":
      return `ℹ ${unescaped}`;
    default:
      return undefined; // endgroup, add-mask, debug
  }
}

/** Runs one bundled action as a workflow step: streams its log, then prints its outputs and saves its summary. */
export async function runStep(
  outputDir: string,
  step: { id: string; title: string; action: string; expectFailure?: boolean },
  options: RunBundledActionOptions,
): Promise<StepRecord> {
  console.log(`\n━━ ${step.title}`);
  console.log(`${INDENT}uses: ./actions/${path.basename(step.action)}`);
  const result: BundledActionResult = await runBundledAction(step.action, {
    timeoutMs: 60_000,
    node: "24", // what `runs.using: node24` runs on GitHub
    ...options,
    onLine: (line) => {
      const shown = displayLine(line.text);
      if (shown !== undefined) console.log(`${INDENT}${shown}`);
    },
  });
  const outputs = Object.entries(result.outputs).filter(([, value]) => value !== "");
  console.log(`${INDENT}── exit ${result.exitCode} in ${(result.durationMs / 1000).toFixed(1)} s; outputs:`);
  for (const [name, value] of outputs) {
    const short = value.length > 110 ? `${value.slice(0, 107)}…` : value;
    console.log(`${INDENT}   ${name} = ${short}`);
  }
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, `${step.id}.md`), result.summary);
  return {
    id: step.id,
    title: step.title,
    action: path.basename(step.action),
    exitCode: result.exitCode,
    outputs: result.outputs,
    summary: result.summary,
    durationMs: result.durationMs,
    expectFailure: step.expectFailure ?? false,
    skipped: false,
  };
}
