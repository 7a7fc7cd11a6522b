import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["actions/*", "packages/*"],
    reporters: ["default", "./scripts/vitest-closing-line.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
