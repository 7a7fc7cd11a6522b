import { randomUUID } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseKeyValueFile, parsePathFile } from "./file-commands.js";
import type { Annotation } from "./workflow-commands.js";

/** The directories and files a runner lays out for one step, under one temp root. */
export interface RunnerFiles {
  root: string;
  runnerTemp: string;
  toolCache: string;
  home: string;
  workspace: string;
  eventPath: string;
  output: string;
  summary: string;
  state: string;
  env: string;
  path: string;
}

/** The same layout as a hosted runner's work folder: `_temp/_runner_file_commands/set_output_<uuid>` etc. */
export async function createRunnerFiles(root: string, payload: unknown, cwd?: string): Promise<RunnerFiles> {
  const runnerTemp = join(root, "_temp");
  const commands = join(runnerTemp, "_runner_file_commands");
  const suffix = randomUUID();
  const files: RunnerFiles = {
    root,
    runnerTemp,
    toolCache: join(root, "_tool"),
    home: join(root, "home"),
    workspace: cwd ?? join(root, "workspace"),
    eventPath: join(runnerTemp, "_github_workflow", "event.json"),
    output: join(commands, `set_output_${suffix}`),
    summary: join(commands, `step_summary_${suffix}`),
    state: join(commands, `save_state_${suffix}`),
    env: join(commands, `set_env_${suffix}`),
    path: join(commands, `add_path_${suffix}`),
  };
  for (const dir of [commands, join(runnerTemp, "_github_workflow"), files.toolCache, files.home, files.workspace]) {
    await mkdir(dir, { recursive: true });
  }
  for (const file of [files.output, files.summary, files.state, files.env, files.path]) await writeFile(file, "");
  await writeFile(files.eventPath, JSON.stringify(payload, null, 2));
  return files;
}

export interface FileCommandResults {
  outputs: Record<string, string>;
  state: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  summary: string;
  /** The runner's error when the summary is over its size limit (it then drops the summary). */
  summaryError?: Annotation;
}

/** The runner drops a job summary larger than 1 MiB and annotates the step with an error. */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

export async function readFileCommands(files: RunnerFiles): Promise<FileCommandResults> {
  const text = (file: string) => readFile(file, "utf8").catch(() => "");
  const results: FileCommandResults = {
    outputs: parseKeyValueFile(await text(files.output), "output"),
    state: parseKeyValueFile(await text(files.state), "state"),
    env: parseKeyValueFile(await text(files.env), "env"),
    path: parsePathFile(await text(files.path)),
    summary: "",
  };
  const size = (await stat(files.summary).catch(() => undefined))?.size ?? 0;
  if (size > MAX_SUMMARY_BYTES) {
    results.summaryError = {
      level: "error",
      message:
        `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of ${MAX_SUMMARY_BYTES / 1024}k, ` +
        `got ${Math.floor(size / 1024)}k.`,
      properties: {},
    };
  } else {
    results.summary = await text(files.summary);
  }
  return results;
}
