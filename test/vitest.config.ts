import { defineProject } from "vitest/config";

// Repo-wide checks: example workflows, README tables and IAM policies, the vendored API specs, the IAM templates.
export default defineProject({ test: { name: "repo", testTimeout: 30_000 } });
