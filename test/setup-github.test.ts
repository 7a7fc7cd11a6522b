import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { matchRoute } from "../packages/testkit/src/github/rest/spec.js";
import { validateRequest } from "../packages/testkit/src/github/rest/validate.js";

// examples/setup/github.sh against stand-ins for `gh` and `aws` that record every call and answer
// like GitHub and CloudFormation would; every request it makes is checked against GitHub's REST
// description (the vendored @octokit/openapi subset keeps these operations' schemas because
// scripts/github-rest-calls.mjs reads the script's calls).
const root = path.resolve(import.meta.dirname, "..");
const script = path.join(root, "examples/setup/github.sh");
const run = promisify(execFile);

/** The stack outputs as the examples/iam template declares them (CloudFormation answers with these keys). */
const templateOutputs = [
  ...(readFileSync(path.join(root, "examples/iam/cloudformation.yml"), "utf8")
    .split(/^Outputs:\n/m)[1]
    ?.matchAll(/^ {2}(\w+):$/gm) ?? []),
].map((match) => match[1] ?? "");

const GH = `#!/usr/bin/env node
// A stand-in for the GitHub CLI: records the call, answers reads like api.github.com.
const fs = require("node:fs");
const args = process.argv.slice(2);
const stdin = args.includes("--input") ? fs.readFileSync(0, "utf8") : "";
const methodAt = args.indexOf("--method");
const method = methodAt >= 0 ? args[methodAt + 1] : "GET";
const route = args.find((arg, i) => arg.startsWith("/") && args[i - 1] !== "--jq");
fs.appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ method, path: route, body: stdin.trim() }) + "\\n");
const existing = (process.env.FAKE_GH_EXISTING || "").split(",");
if (method === "GET") {
  if (/^\\/users\\/[^/]+$/.test(route)) return console.log(1000 + route.length);
  if (/^\\/orgs\\/[^/]+\\/teams\\/[^/]+$/.test(route)) return console.log(2000 + route.length);
  if (route.endsWith("/deployment-branch-policies")) return console.log(existing.includes("policy:main") ? "main" : "");
  const variable = /\\/actions\\/variables\\/([^/]+)$/.exec(route);
  if (variable) {
    if (existing.includes(variable[1])) return;
    console.error("gh: Not Found (HTTP 404)");
    process.exit(1);
  }
}
`;

const AWS = `#!/usr/bin/env node
// A stand-in for the AWS CLI's describe-stacks --output text --query …: the tier parameter or the outputs.
const args = process.argv.slice(2);
const stack = args[args.indexOf("--stack-name") + 1];
const query = args[args.indexOf("--query") + 1];
const tier = stack.replace(/^github-roles-/, "");
if (query.includes("Parameters")) console.log(tier);
else for (const key of process.env.FAKE_AWS_OUTPUTS.split(",")) {
  if (tier === "prod" && key !== "DeployRoleArn") continue;
  console.log(key + "\\t" + "arn:aws:iam::123456789012:role/" + key + "-" + tier);
}
`;

interface Call {
  method: string;
  path: string;
  body: string;
}

async function setup(args: string[], existing: string[] = []) {
  const dir = mkdtempSync(path.join(tmpdir(), "setup-github-"));
  for (const [name, text] of [
    ["gh", GH],
    ["aws", AWS],
  ] as const) {
    writeFileSync(path.join(dir, name), text);
    chmodSync(path.join(dir, name), 0o755);
  }
  const log = path.join(dir, "gh.jsonl");
  writeFileSync(log, "");
  const env = {
    PATH: `${dir}:${process.env.PATH}`,
    FAKE_GH_LOG: log,
    FAKE_GH_EXISTING: existing.join(","),
    FAKE_AWS_OUTPUTS: templateOutputs.join(","),
  };
  try {
    const { stdout, stderr } = await run("bash", [script, ...args], { env, encoding: "utf8" });
    return { code: 0, stdout, stderr, calls: calls(log) };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, calls: calls(log) };
  }
}

function calls(log: string): Call[] {
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Call);
}

/** `PUT /repos/… {json}` lines of a dry run. */
function printed(stdout: string): Call[] {
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [method = "", route = "", ...rest] = line.split(" ");
      return { method, path: route, body: rest.join(" ") };
    });
}

/** The operation the call is, checked against GitHub's REST description (path, query and body). */
function operationOf(call: Call): string {
  const match = matchRoute(call.method, call.path);
  if (match === undefined) throw new Error(`${call.method} ${call.path} is no GitHub REST operation`);
  validateRequest(match.operation, match.params, new URLSearchParams(), call.body);
  return match.operation.operationId;
}

const FULL = [
  "--repo",
  "acme/shop-api",
  "--reviewers",
  "alice,acme/sre",
  "--stack",
  "github-roles-qa",
  "--stack",
  "github-roles-prod",
  "--region",
  "ap-northeast-1",
  "--ecr-repository",
  "shop-api",
];

describe("examples/setup/github.sh", () => {
  it("--dry-run reads ids and current settings, prints every write, sends none; each is a valid GitHub request", async () => {
    const result = await setup([...FULL, "--dry-run"]);
    expect(result.stderr).toContain("Dry run: nothing was written.");
    expect(result.code).toBe(0);
    expect(result.calls.every((call) => call.method === "GET")).toBe(true);
    const writes = printed(result.stdout);
    expect(writes.map(operationOf)).toEqual([
      ...Array(11).fill("repos/create-or-update-environment"),
      "repos/create-or-update-environment",
      "repos/create-deployment-branch-policy",
      ...Array(6).fill("actions/create-repo-variable"),
    ]);
    expect(writes.slice(0, 11).map((call) => call.path.split("/").at(-1))).toEqual([
      "qa1",
      "qa2",
      "qa3",
      "qa4",
      "qa5",
      "qa6",
      "qa7",
      "qa8",
      "qa9",
      "qa10",
      "pre-prod",
    ]);
    expect(JSON.parse(writes[11]?.body ?? "")).toEqual({
      prevent_self_review: true,
      reviewers: [
        { type: "User", id: 1000 + "/users/alice".length },
        { type: "Team", id: 2000 + "/orgs/acme/teams/sre".length },
      ],
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
    expect(JSON.parse(writes[12]?.body ?? "")).toEqual({ name: "main", type: "branch" });
    const variables = Object.fromEntries(
      writes.slice(13).map((call) => {
        const body = JSON.parse(call.body) as { name: string; value: string };
        return [body.name, body.value];
      }),
    );
    expect(variables).toEqual({
      AWS_BUILD_ROLE_ARN: "arn:aws:iam::123456789012:role/BuildRoleArn-qa",
      AWS_DEPLOY_ROLE_ARN_QA: "arn:aws:iam::123456789012:role/DeployRoleArn-qa",
      AWS_COST_ROLE_ARN: "arn:aws:iam::123456789012:role/CostRoleArn-qa",
      AWS_DEPLOY_ROLE_ARN_PROD: "arn:aws:iam::123456789012:role/DeployRoleArn-prod",
      AWS_REGION: "ap-northeast-1",
      ECR_REPOSITORY: "shop-api",
    });
  });

  it("sends the same writes with gh, and sets every variable the example workflows need", async () => {
    const dry = printed((await setup([...FULL, "--dry-run"])).stdout);
    const result = await setup(FULL);
    expect(result.code).toBe(0);
    const writes = result.calls.filter((call) => call.method !== "GET");
    expect(writes).toEqual(dry);
    writes.forEach(operationOf);
    const set = new Set(
      writes.flatMap((call) => (call.path.endsWith("/variables") ? [JSON.parse(call.body).name] : [])),
    );
    // What the workflows read that comes from the stacks or the options (the rest is optional or
    // NOTION_ENVIRONMENTS_DATABASE, which notion-env-status's mode setup prints).
    const optional = [
      "QA_CLUSTER",
      "QA_SERVICES",
      "MIGRATE_COMMAND",
      "DATADOG_MONITORS",
      "PROD_CLUSTER",
      "PROD_SERVICES",
    ];
    const needed = new Set(
      ["deploy-qa.yml", "deploy-prod.yml", "cost-schedule.yml"].flatMap((file) =>
        [...readFileSync(path.join(root, "examples/workflows", file), "utf8").matchAll(/vars\.([A-Z_]+)/g)].map(
          (match) => match[1] ?? "",
        ),
      ),
    );
    const missing = [...needed].filter(
      (name) => !set.has(name) && !optional.includes(name) && name !== "NOTION_ENVIRONMENTS_DATABASE",
    );
    expect(missing).toEqual([]);
  });

  it("a second run updates what exists: variables PATCHed, no second branch policy", async () => {
    const result = await setup(FULL, ["policy:main", "AWS_REGION", "ECR_REPOSITORY"]);
    expect(result.code).toBe(0);
    const writes = result.calls.filter((call) => call.method !== "GET");
    expect(writes.map(operationOf).filter((id) => id !== "repos/create-or-update-environment")).toEqual([
      ...Array(4).fill("actions/create-repo-variable"),
      "actions/update-repo-variable",
      "actions/update-repo-variable",
    ]);
    expect(writes.find((call) => call.path.endsWith("/AWS_REGION"))?.body).toBe('{"value":"ap-northeast-1"}');
  });

  it.each([
    [["--reviewers", "alice"], '--repo must be OWNER/NAME, e.g. acme/shop-api; got ""'],
    [["--repo", "acme/shop-api"], "--reviewers is required for production"],
    [
      ["--repo", "acme/shop-api", "--production", "", "--stack", "github-roles-qa"],
      "--region is required with --stack",
    ],
    [["--repo", "acme/shop-api", "--bogus"], "unknown option --bogus"],
  ])("%j is refused before any call", async (args, message) => {
    const result = await setup(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.calls).toEqual([]);
  });
});
