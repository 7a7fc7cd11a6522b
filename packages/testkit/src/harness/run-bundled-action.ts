import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type ActionManifest, inputEnvName, isExpression, readActionManifest } from "./action-manifest.js";
import { DEFAULT_REPOSITORY, defaultEvent, githubEnvironment, type WorkflowEvent } from "./github-context.js";
import { type NodeVersion, nodeBinary } from "./node-binary.js";
import { createRunnerFiles, type RunnerFiles, readFileCommands } from "./runner-files.js";
import { StepOutput } from "./step-output.js";
import { type Annotation, parseWorkflowCommands } from "./workflow-commands.js";

export interface RunBundledActionOptions {
  /** The step's `with:` values by input name; every name must be declared in action.yml. */
  inputs?: Record<string, string>;
  /** Extra variables (the step's `env:`, endpoint overrides…); they win over everything the harness sets. */
  env?: Record<string, string>;
  /** The triggering event; default a `workflow_dispatch` on refs/heads/main of acme/app. */
  event?: WorkflowEvent;
  /** "current" (default): the Node running the tests; "24": the node24 the runner uses. */
  node?: NodeVersion;
  /** GITHUB_WORKSPACE and the child's cwd; default a fresh `workspace` folder in the run's temp dir. */
  cwd?: string;
  /** Kill the child (and its process group) after this long; default 20 s. */
  timeoutMs?: number;
  /** Keep the run's temp dir (files, event.json, workspace) instead of deleting it. */
  keepTempDir?: boolean;
  /** Called with each line of the step log as it arrives. */
  onLine?: (line: { stream: "stdout" | "stderr"; text: string }) => void;
  /** Cancel the step the way the runner does ("Cancel workflow", a job timeout), at the first log line `when` matches. */
  cancel?: CancelStep;
}

/**
 * The runner's cancel: SIGINT to the step's process, SIGTERM 7.5 s later, SIGKILL 2.5 s after
 * that (the times are the runner's; tests may shorten them).
 */
export interface CancelStep {
  when: (line: { stream: "stdout" | "stderr"; text: string }) => boolean;
  termAfterMs?: number;
  killAfterMs?: number;
}

/** What a cancel did: when the first signal went (ms after start), which signals were sent, when the process exited. */
export interface CancelRecord {
  atMs: number;
  signals: NodeJS.Signals[];
  /** Milliseconds from the SIGINT to the process's exit. */
  exitAfterMs: number;
}

const RUNNER_TERM_AFTER_MS = 7_500;
const RUNNER_KILL_AFTER_MS = 10_000;

export interface BundledActionResult {
  /** The child's exit code; null when it was killed by a signal (see `signal`, `timedOut`). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  outputs: Record<string, string>;
  /** The job summary as the runner would upload it ("" when over 1 MiB: then an error annotation). */
  summary: string;
  state: Record<string, string>;
  /** Variables written to GITHUB_ENV (for the steps after this one). */
  env: Record<string, string>;
  /** Directories written to GITHUB_PATH. */
  path: string[];
  annotations: Annotation[];
  masked: string[];
  debug: string[];
  groups: string[];
  stdout: string;
  stderr: string;
  /** stdout and stderr as whole lines in arrival order. */
  log: string;
  durationMs: number;
  /** The environment the child ran with (for assertions and debugging). */
  childEnv: Record<string, string>;
  /** The run's temp dir; deleted already unless `keepTempDir`. */
  tempDir: string;
  /** Set when `cancel` fired. */
  cancelled?: CancelRecord;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** Parent variables a step may see: the basics of a shell, nothing of the developer's tokens or config. */
const INHERITED = /^(PATH|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z_]+|TMPDIR)$/;

/**
 * Run an action's bundled entry point (`runs.main` of its action.yml) in a child process the way the
 * GitHub Actions runner does, and return what the workflow would see: exit code, outputs, summary,
 * state, env, annotations and log.
 *
 * Not modelled: GitHub expressions in input defaults (such an input stays unset unless given),
 * `runs.pre`/`runs.post`, the deprecated `::set-output`/`::save-state` commands, log masking
 * (see `masked` and `leakedSecrets`), ACTIONS_RUNTIME_* / cache / OIDC services.
 */
export async function runBundledAction(
  actionDir: string,
  options: RunBundledActionOptions = {},
): Promise<BundledActionResult> {
  const dir = resolve(actionDir);
  const manifest = await readActionManifest(dir);
  const inputEnv = inputEnvironment(manifest, options.inputs ?? {});
  const main = join(dir, manifest.main);
  if (!existsSync(main)) throw new Error(`${main} (runs.main of ${manifest.file}) does not exist: build the action`);
  const node = nodeBinary(options.node ?? "current");

  const overrides = options.env ?? {};
  const event =
    options.event ??
    defaultEvent(overrides["GITHUB_REPOSITORY"] ?? DEFAULT_REPOSITORY, overrides["GITHUB_REF"] ?? "refs/heads/main");
  const root = await mkdtemp(join(tmpdir(), "sre-actions-run-"));
  try {
    const files = await createRunnerFiles(
      root,
      event.payload,
      options.cwd === undefined ? undefined : resolve(options.cwd),
    );
    const childEnv = {
      ...inheritedEnvironment(),
      ...githubEnvironment(event, overrides),
      ...fileEnvironment(files),
      ...inputEnv,
      ...overrides,
    };
    const started = performance.now();
    const run = await runChild(
      node,
      main,
      files.workspace,
      childEnv,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.onLine,
      options.cancel,
    );
    const durationMs = performance.now() - started;

    const fileCommands = await readFileCommands(files).catch((error: unknown) => {
      // A malformed file command fails the step on the runner; here it is a bug to show with the log.
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- step log ---\n${run.output.log}`);
    });
    const commands = parseWorkflowCommands(run.output.lines.map((line) => line.text));
    if (fileCommands.summaryError) commands.annotations.push(fileCommands.summaryError);
    return {
      exitCode: run.exitCode,
      signal: run.signal,
      timedOut: run.timedOut,
      outputs: fileCommands.outputs,
      summary: fileCommands.summary,
      state: fileCommands.state,
      env: fileCommands.env,
      path: fileCommands.path,
      ...commands,
      stdout: run.output.stdout,
      stderr: run.output.stderr,
      log: run.output.log,
      durationMs,
      childEnv,
      tempDir: root,
      ...(run.cancelled === undefined ? {} : { cancelled: run.cancelled }),
    };
  } finally {
    if (!options.keepTempDir) await rm(root, { recursive: true, force: true });
  }
}

/**
 * INPUT_* for every declared input, as the runner does: the given value, else the default, else "".
 * Defaults holding `${{ … }}` are left unset (we do not evaluate expressions). Undeclared inputs
 * throw: the runner only warns, but in a test it is always a bug.
 */
export function inputEnvironment(manifest: ActionManifest, given: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const declared = new Map(manifest.inputs.map((input) => [input.name.toLowerCase(), input]));
  for (const name of Object.keys(given)) {
    if (!declared.has(name.toLowerCase())) {
      const names = manifest.inputs.map((input) => input.name).join(", ");
      throw new Error(`Input "${name}" is not declared in ${manifest.file} (declared: ${names})`);
    }
  }
  for (const input of manifest.inputs) {
    const defaultValue = input.default ?? "";
    if (!isExpression(defaultValue)) env[inputEnvName(input.name)] = defaultValue;
  }
  for (const [name, value] of Object.entries(given)) env[inputEnvName(name)] = value;
  return env;
}

function inheritedEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && INHERITED.test(name)) env[name] = value;
  }
  // Hosted runners run in UTC; pin it so a developer's local zone cannot change a result.
  env["TZ"] = "UTC";
  return env;
}

function fileEnvironment(files: RunnerFiles): Record<string, string> {
  return {
    // A fresh HOME keeps the developer's ~/.aws, ~/.npmrc and ~/.gitconfig away from the action.
    HOME: files.home,
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_EVENT_PATH: files.eventPath,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    RUNNER_TEMP: files.runnerTemp,
    RUNNER_TOOL_CACHE: files.toolCache,
    RUNNER_WORKSPACE: files.root,
  };
}

interface ChildRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: StepOutput;
  cancelled?: CancelRecord;
}

function runChild(
  node: string,
  main: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
  onLine?: RunBundledActionOptions["onLine"],
  cancel?: CancelStep,
): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    let cancelled: { atMs: number; at: number; signals: NodeJS.Signals[]; timers: ReturnType<typeof setTimeout>[] };
    const send = (signal: NodeJS.Signals) => {
      cancelled?.signals.push(signal);
      child.kill(signal);
    };
    const watch: RunBundledActionOptions["onLine"] = (line) => {
      onLine?.(line);
      if (cancel === undefined || cancelled !== undefined || !cancel.when(line)) return;
      const at = performance.now();
      cancelled = {
        atMs: at - started,
        at,
        signals: [],
        timers: [
          setTimeout(() => send("SIGTERM"), cancel.termAfterMs ?? RUNNER_TERM_AFTER_MS),
          setTimeout(() => send("SIGKILL"), cancel.killAfterMs ?? RUNNER_KILL_AFTER_MS),
        ],
      };
      send("SIGINT");
    };
    // Own process group, so a timeout also kills anything the action started.
    const child = spawn(node, [main], { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const output = new StepOutput(watch);
    let timedOut = false;
    const killGroup = () => {
      // The group may outlive its leader (a grandchild holding the pipes), so kill it regardless.
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    process.once("exit", killGroup);

    child.stdout.setEncoding("utf8").on("data", (chunk: string) => output.push("stdout", chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => output.push("stderr", chunk));
    child.once("error", (error) => {
      clearTimeout(timer);
      process.off("exit", killGroup);
      reject(new Error(`Could not start ${node} ${main}: ${error.message}`));
    });
    let exitedAt: number | undefined;
    child.once("exit", () => {
      exitedAt = performance.now();
      if (cancelled === undefined) return;
      for (const pending of cancelled.timers) clearTimeout(pending);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      process.off("exit", killGroup);
      output.end();
      const record =
        cancelled === undefined
          ? undefined
          : {
              atMs: cancelled.atMs,
              signals: cancelled.signals,
              exitAfterMs: (exitedAt ?? performance.now()) - cancelled.at,
            };
      resolvePromise({ exitCode, signal, timedOut, output, ...(record === undefined ? {} : { cancelled: record }) });
    });
  });
}
