import { defineProject } from "vitest/config";

export default defineProject({ test: { name: "incident-label-metrics", testTimeout: 30_000, hookTimeout: 30_000 } });
