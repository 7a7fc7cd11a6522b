import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { operationOf, printed, setupScript as setup } from "./fixtures/cli-stubs.js";

// examples/setup/github.sh against stand-ins for `gh` and `aws` that record every call and answer
// like GitHub and CloudFormation would; every request it makes is checked against GitHub's REST
// description (the vendored @octokit/openapi subset keeps these operations' schemas because
// scripts/github-rest-calls.mjs reads the script's calls).
const root = path.resolve(import.meta.dirname, "..");

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
      ...Array(7).fill("actions/create-repo-variable"),
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
      AWS_BUILD_ROLE_ARN_PROD: "arn:aws:iam::123456789012:role/BuildRoleArn-prod",
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
      "PRE_PROD_SERVICES",
      "DATADOG_MONITORS_PRE_PROD",
      "DATADOG_MONITORS_PROD",
      // The test listener's URL: set with --var (no stack knows it).
      "PROD_TEST_URL",
      // The pre-prod stack's deploy role: with --stack github-roles-pre-prod.
      "AWS_DEPLOY_ROLE_ARN_PRE_PROD",
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

  it("a second run updates what exists: environments kept, variables PATCHed, no second branch policy", async () => {
    const result = await setup(FULL, ["policy:main", "AWS_REGION", "ECR_REPOSITORY", "env:qa1", "env:qa2"]);
    expect(result.code).toBe(0);
    const writes = result.calls.filter((call) => call.method !== "GET");
    // qa1 and qa2 exist: left as they are (their rules, if a team added some, are kept).
    expect(writes.filter((call) => /\/environments\/qa[12]$/.test(call.path))).toEqual([]);
    expect(result.stderr).toContain("Environment qa1: exists, left as it is");
    expect(writes.map(operationOf)).toEqual([
      ...Array(9).fill("repos/create-or-update-environment"),
      "repos/create-or-update-environment",
      ...Array(5).fill("actions/create-repo-variable"),
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
    [
      [
        "--repo",
        "acme/shop-api",
        "--production",
        "",
        "--environments",
        "",
        "--stack",
        "vpc",
        "--region",
        "ap-northeast-1",
      ],
      "stack vpc has no Environment (tier) parameter",
    ],
  ])("%j is refused before any call", async (args, message) => {
    const result = await setup(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.calls).toEqual([]);
  });
});
