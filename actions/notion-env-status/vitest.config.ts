import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "notion-env-status", testTimeout: 30_000, hookTimeout: 30_000 } });
