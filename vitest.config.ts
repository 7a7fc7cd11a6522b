import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["actions/*", "packages/*"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
