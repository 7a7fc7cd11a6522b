import { seedYear } from "./test/fixtures/history.js";
import { runMetrics, startGitHub } from "./test/fixtures/scenario.js";
const github = await startGitHub();
const h = seedYear(github);
console.log(h);
for (const [source, extra] of [["merged-prs", {}], ["deployments", {}], ["workflow-runs", { workflow: "deploy.yml" }], ["releases", {}]] as const) {
  const before = github.requests.length;
  const t = performance.now();
  const { result, api } = await runMetrics(github, { window: "365d", "deployment-source": source, ...extra });
  const reqs = github.requests.slice(before);
  const ops: Record<string, number> = {};
  for (const r of reqs) ops[r.operation] = (ops[r.operation] ?? 0) + 1;
  console.log(source, reqs.length, "rest", reqs.filter((r) => r.path !== "/graphql").length, "points", api.usage.graphqlPoints, "deployments", result.report?.combined.deployments.length, "ms", Math.round(performance.now() - t), JSON.stringify(ops));
}
await github.stop();
