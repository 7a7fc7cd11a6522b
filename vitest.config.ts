import { defineConfig } from "vitest/config";

// Tests only: the AWS SDK warns once per process that it will drop Node 20; the runner uses node24.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

export default defineConfig({
  test: {
    projects: ["actions/*", "packages/*", "test"],
    reporters: ["default", "./scripts/vitest-closing-line.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
