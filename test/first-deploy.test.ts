import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { majorTag, releaseNotes } from "../scripts/release.mjs";
import { parseTemplate } from "./cfn-yaml.js";
import { printed, setupScript } from "./fixtures/cli-stubs.js";

// The README's "From the README to a deploy of qa3": a numbered list whose times add up to at most
// 30 minutes, and whose commands work as written (run here, or checked against what they drive).
const root = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const section = (heading: string) => {
  const start = readme.indexOf(heading);
  expect(start, heading).toBeGreaterThan(-1);
  const next = readme.slice(start + heading.length).search(/\n#{2,3} /);
  return readme.slice(start, next === -1 ? undefined : start + heading.length + next);
};
const checklist = section("### From the README to a deploy of qa3");

/** Shell commands in the text: lines joined at trailing backslashes. */
function commands(text: string, start: string): string[] {
  const joined = text.replace(/\\\n\s*/g, "");
  return joined
    .split("\n")
    .map((line) => line.trim().replace(/^`|`$/g, ""))
    .filter((line) => line.startsWith(start));
}

describe("README: From the README to a deploy of qa3", () => {
  const steps = [...checklist.matchAll(/^(\d+)\. \*\*(.+?)\*\* \((\d+) min/gm)].map((match) => ({
    n: Number(match[1]),
    title: match[2],
    minutes: Number(match[3]),
  }));

  it("is a numbered list with a time per step, 30 minutes at most in all", () => {
    expect(steps.map((step) => step.n)).toEqual(steps.map((_, index) => index + 1));
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps.reduce((sum, step) => sum + step.minutes, 0)).toBeLessThanOrEqual(30);
  });

  it("links only files that exist", () => {
    const links = [...checklist.matchAll(/\]\(((?:examples|actions|scripts|\.github)[^)#]*)/g)].map((m) => m[1] ?? "");
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((link) => !existsSync(path.join(root, link)))).toEqual([]);
  });

  it("step 1: the release it creates has notes in CHANGELOG.md and moves v1", () => {
    const [create] = commands(checklist, "gh release create");
    const tag = create?.split(" ")[3] ?? "";
    expect(majorTag(tag)).toBe("v1");
    expect(releaseNotes(readFileSync(path.join(root, "CHANGELOG.md"), "utf8"), tag).length).toBeGreaterThan(100);
  });

  it("step 4: the stack command gives the qa service template every parameter it needs, and only those", () => {
    const [deploy] = commands(checklist, "aws cloudformation deploy --stack-name qa3-web");
    const file = /--template-file (\S+)/.exec(deploy ?? "")?.[1] ?? "";
    const template = parseTemplate(readFileSync(path.join(root, file), "utf8"));
    const given = [...(deploy?.split("--parameter-overrides")[1] ?? "").matchAll(/(\w+)=/g)].map((m) => m[1] ?? "");
    expect(given.filter((name) => !(name in template.Parameters))).toEqual([]);
    const needed = Object.entries(template.Parameters).filter(([, parameter]) => parameter.Default === undefined);
    expect(needed.map(([name]) => name).filter((name) => !given.includes(name))).toEqual([]);
    // Named roles need the named-IAM capability.
    expect(deploy).toContain("--capabilities CAPABILITY_NAMED_IAM");
  });

  it("every github.sh command in the README runs (dry run) and sets the variables deploy-qa.yml needs", async () => {
    const lines = [
      ...commands(checklist, "examples/setup/github.sh"),
      ...commands(section("## Set up AWS"), "examples/setup/github.sh"),
    ];
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      // The README quotes 'QA_SERVICES={0}-web' for the shell; the arguments are what the shell passes.
      const args = (line.match(/'[^']*'|\S+/g) ?? []).slice(1).map((arg) => arg.replace(/^'|'$/g, ""));
      const result = await setupScript([...args, "--dry-run"]);
      expect(result.stderr).not.toContain("github.sh:");
      expect(result.code).toBe(0);
    }
    const checklistRun = await setupScript([
      ...(lines[0]?.match(/'[^']*'|\S+/g) ?? []).slice(1).map((arg) => arg.replace(/^'|'$/g, "")),
      "--dry-run",
    ]);
    const set = new Set(
      printed(checklistRun.stdout).flatMap((call) =>
        call.path.endsWith("/actions/variables") ? [(JSON.parse(call.body) as { name: string }).name] : [],
      ),
    );
    const workflow = readFileSync(path.join(root, "examples/workflows/deploy-qa.yml"), "utf8");
    const read = new Set([...workflow.matchAll(/vars\.([A-Z_]+)/g)].map((match) => match[1] ?? ""));
    // Optional ones have defaults in the workflow; NOTION_ENVIRONMENTS_DATABASE is step 8's.
    const optional = ["QA_CLUSTER", "MIGRATE_COMMAND", "DATADOG_MONITORS", "NOTION_ENVIRONMENTS_DATABASE"];
    expect([...read].filter((name) => !set.has(name) && !optional.includes(name))).toEqual([]);
    expect(set.has("QA_SERVICES")).toBe(true);
  });

  it("steps 8 and 9: the dispatched workflows take the inputs the commands pass", () => {
    const inputsOf = (file: string) =>
      (
        parse(readFileSync(path.join(root, "examples/workflows", file), "utf8")) as {
          on: { workflow_dispatch: { inputs: Record<string, { options?: string[] }> } };
        }
      ).on.workflow_dispatch.inputs;
    expect(checklist).toContain("gh workflow run notion-setup.yml --repo acme/shop-api -f\n   parent-page=");
    expect(Object.keys(inputsOf("notion-setup.yml"))).toContain("parent-page");
    expect(checklist).toContain(
      "gh workflow run deploy-qa.yml --repo acme/shop-api --ref <branch> -f\n   environment=qa3",
    );
    expect(inputsOf("deploy-qa.yml")["environment"]?.options).toContain("qa3");
  });
});

describe("README: one command points the copied workflows at your copy of the pack", () => {
  const [sed] = commands(section("## Use it in your organisation"), "sed -i.bak");

  it("rewrites every use of the pack in every example workflow, and nothing else", async () => {
    expect(sed).toBeDefined();
    const product = mkdtempSync(path.join(tmpdir(), "product-"));
    const target = path.join(product, ".github/workflows");
    mkdirSync(target, { recursive: true });
    const examples = readdirSync(path.join(root, "examples/workflows")).filter((name) => name.endsWith(".yml"));
    for (const name of examples) cpSync(path.join(root, "examples/workflows", name), path.join(target, name));
    await promisify(execFile)("bash", ["-c", sed ?? ""], { cwd: product });
    expect(readdirSync(target).sort()).toEqual([...examples].sort()); // the .bak files are gone
    for (const name of examples) {
      const before = readFileSync(path.join(root, "examples/workflows", name), "utf8").split("\n");
      const after = readFileSync(path.join(target, name), "utf8").split("\n");
      expect(after.join("\n")).not.toContain("owner/sre-actions");
      expect(after.length).toBe(before.length);
      before.forEach((line, index) => {
        const expected = line.replaceAll("owner/sre-actions/actions/", "acme/sre-actions/actions/");
        expect(after[index]).toBe(expected);
      });
      for (const [, uses = ""] of after.join("\n").matchAll(/uses:\s*(\S*sre-actions\S*)/g)) {
        expect(uses).toMatch(/^acme\/sre-actions\/actions\/[a-z-]+@v1$/);
      }
    }
  });
});
