import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

/** Every README and example a user copies from. */
const files = [
  "README.md",
  "examples/iam/README.md",
  ...readdirSync(path.join(root, "actions")).map((name) => `actions/${name}/README.md`),
  ...readdirSync(path.join(root, "examples/workflows")).map((name) => `examples/workflows/${name}`),
].filter((file) => {
  try {
    readFileSync(path.join(root, file));
    return true;
  } catch {
    return false;
  }
});

// One name per thing across the docs: the role ARNs from examples/iam, the Notion database, the region.
const ROLE_VARIABLES = [
  "AWS_BUILD_ROLE_ARN",
  "AWS_BUILD_ROLE_ARN_PROD",
  "AWS_DEPLOY_ROLE_ARN_QA",
  "AWS_DEPLOY_ROLE_ARN_PRE_PROD",
  "AWS_DEPLOY_ROLE_ARN_PROD",
  "AWS_COST_ROLE_ARN",
];
const ROLE_NAMES = /^github-(build-(qa|prod)|deploy-(qa|pre-prod|prod)|cost-qa)$/;

describe("READMEs and examples use one name per variable and role", () => {
  it.each(files)("%s", (file) => {
    const text = readFileSync(path.join(root, file), "utf8");
    const problems: string[] = [];
    for (const [, name = ""] of text.matchAll(/vars\.([A-Z0-9_]+)/g)) {
      if (/ROLE/.test(name) && !ROLE_VARIABLES.includes(name))
        problems.push(`vars.${name}: use one of ${ROLE_VARIABLES}`);
      if (/NOTION/.test(name) && name !== "NOTION_ENVIRONMENTS_DATABASE")
        problems.push(`vars.${name}: use vars.NOTION_ENVIRONMENTS_DATABASE`);
      if (/REGION/.test(name) && name !== "AWS_REGION") problems.push(`vars.${name}: use vars.AWS_REGION`);
    }
    for (const [, role = ""] of text.matchAll(/:role\/(github-[\w-]+)/g)) {
      if (!ROLE_NAMES.test(role))
        problems.push(
          `role/${role}: the examples/iam roles are github-build-qa|prod, github-deploy-qa|pre-prod|prod, github-cost-qa`,
        );
    }
    for (const [, name = ""] of text.matchAll(/secrets\.([A-Z0-9_]+)/g)) {
      if (/NOTION/.test(name) && name !== "NOTION_TOKEN") problems.push(`secrets.${name}: use secrets.NOTION_TOKEN`);
    }
    expect(problems).toEqual([]);
  });
});
