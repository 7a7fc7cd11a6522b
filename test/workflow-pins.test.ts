import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..");

/**
 * The third-party releases the workflows may pin: each runs on node24 (the runner's default since
 * June 2026). Update a pin here and in the workflows together; the comment names the release.
 * Each SHA is the release's **commit**, not its tag object: an annotated tag has its own SHA, which
 * `uses:` resolves too, but tools that compare pins with commits (Dependabot, scanners) do not.
 */
const NODE24_RELEASES: Record<string, { sha: string; version: string }> = {
  "actions/checkout": { sha: "08c6903cd8c0fde910a37f88322edcfb5dd907a8", version: "v5.0.0" },
  "actions/setup-node": { sha: "a0853c24544627f65ddf259abe73b1d18a591444", version: "v5.0.0" },
  "actions/upload-artifact": { sha: "043fb46d1a93c77aae656e7c1c64a875d1fc6a0a", version: "v7.0.1" },
  "aws-actions/configure-aws-credentials": { sha: "8df5847569e6427dd6c4fb1cf565c83acfa8afa7", version: "v6.0.0" },
  // v2.1.7's commit ("chore(release): 2.1.7", package.json 2.1.7); its annotated tag object is aded0d7.
  "aws-actions/amazon-ecr-login": { sha: "03f1aad4c6c7ffd436567f42f9384779290529bd", version: "v2.1.7" },
  "docker/build-push-action": { sha: "d08e5c354a6adb9ed34480a06d141179aa583294", version: "v7.0.0" },
};

/** Annotated tag objects once pinned by mistake: never a commit, so never a pin. */
const TAG_OBJECTS = new Set(["aded0d722166a37980e030aa969dda0bfe6b6947"]);

const files = ["examples/workflows", ".github/workflows"].flatMap((folder) =>
  readdirSync(path.join(root, folder))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.join(folder, name)),
);

interface Job {
  steps?: { uses?: string }[];
  "timeout-minutes"?: number;
  permissions?: Record<string, string>;
}

describe("workflows pin every third-party action by SHA at a node24 release", () => {
  it.each(files)("%s", (file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    const problems: string[] = [];
    for (const [, uses = "", comment] of text.matchAll(/^\s*-?\s*uses:\s*(\S+)(?:\s+#\s*(\S+))?/gm)) {
      if (uses.startsWith("./") || /^[\w.-]+\/sre-actions\/actions\//.test(uses)) continue;
      const [action = "", ref = ""] = uses.split("@");
      const repo = action.split("/").slice(0, 2).join("/");
      const known = NODE24_RELEASES[repo];
      if (!/^[0-9a-f]{40}$/.test(ref)) problems.push(`${uses}: pin a full 40-hex commit SHA`);
      if (TAG_OBJECTS.has(ref)) problems.push(`${uses}: ${ref} is an annotated tag object, not a commit`);
      if (!/^v\d+\.\d+\.\d+$/.test(comment ?? "")) problems.push(`${uses}: comment the exact release, e.g. # v1.2.3`);
      if (known === undefined) problems.push(`${uses}: not in the node24 table of this test`);
      else if (ref !== known.sha || comment !== known.version)
        problems.push(`${uses} # ${comment}: pin ${repo}@${known.sha} # ${known.version}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("example workflows are safe to copy", () => {
  const examples = files.filter((file) => file.startsWith("examples/"));

  it.each(examples)("%s: every job has timeout-minutes; jobs assuming a role ask for id-token only there", (file) => {
    const workflow = parse(readFileSync(path.join(root, file), "utf8")) as {
      permissions?: Record<string, string>;
      jobs: Record<string, Job>;
    };
    expect(workflow.permissions?.["id-token"], "id-token at workflow level").toBeUndefined();
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job["timeout-minutes"], `${name}: timeout-minutes`).toBeGreaterThan(0);
      const assumes = (job.steps ?? []).some((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      expect(job.permissions?.["id-token"] === "write", `${name}: id-token: write iff it assumes a role`).toBe(assumes);
    }
  });

  it("deploy-qa and release-env serialise on the same per-environment group", () => {
    const group = (file: string, job: string) =>
      (
        parse(readFileSync(path.join(root, "examples/workflows", file), "utf8")) as {
          jobs: Record<string, { concurrency?: { group?: string } }>;
        }
      ).jobs[job]?.concurrency?.group;
    expect(group("deploy-qa.yml", "deploy")).toBe("notion-env-${{ inputs.environment }}");
    expect(group("release-env.yml", "release")).toBe("notion-env-${{ matrix.environment }}");
  });
});

describe("release.yml: nobody can hijack a release", () => {
  interface ReleaseJob extends Job {
    needs?: string | string[];
    steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
  }
  const release = parse(readFileSync(path.join(root, ".github/workflows/release.yml"), "utf8")) as {
    permissions?: Record<string, string>;
    jobs: Record<string, ReleaseJob>;
  };
  const jobs = Object.entries(release.jobs);
  const writers = jobs.filter(([, job]) => job.permissions?.["contents"] === "write");

  it("reads by default; tests run with a read-only token that checkout does not keep", () => {
    expect(release.permissions).toEqual({ contents: "read" });
    const testing = jobs.filter(([, job]) => job.steps.some((step) => step.run?.includes(".ci/run")));
    expect(testing).toHaveLength(1);
    const [, job] = testing[0] ?? ["", { steps: [] }];
    expect(job.permissions).toEqual({ contents: "read" });
    const checkout = job.steps.find((step) => step.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["persist-credentials"]).toBe(false);
  });

  it("one job can write: after the tests, installing and running no dependency code", () => {
    expect(writers.map(([name]) => name)).toEqual(["publish"]);
    const [, publish] = writers[0] ?? ["", { steps: [] }];
    expect(publish.permissions).toEqual({ contents: "write" });
    expect([publish.needs].flat()).toEqual(["test"]);
    for (const step of publish.steps) {
      if (step.uses !== undefined) expect(step.uses).toMatch(/^actions\/checkout@/);
      expect(step.run ?? "").not.toMatch(/\b(npm|npx|pnpm|yarn|corepack)\b|\.ci\/run|node_modules/);
    }
    expect(publish.steps.some((step) => step.run?.includes("node scripts/release.mjs publish"))).toBe(true);
    // The script it runs imports Node's own modules only.
    const script = readFileSync(path.join(root, "scripts/release.mjs"), "utf8");
    const imports = [...script.matchAll(/^import[^"']*["']([^"']+)["']/gm)].map((match) => match[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((name) => !name?.startsWith("node:"))).toEqual([]);
  });
});
