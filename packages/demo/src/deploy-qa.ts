/**
 * The inputs of examples/workflows/deploy-qa.yml's job "deploy", step by step, as the demo passes
 * them: reserve (Deploying) → ecs-deploy → record (Deployed/Failed). test/deploy-qa.test.ts checks
 * them against the workflow file, so the demo cannot drift from what a team copies.
 */
export interface DeployQaRun {
  environment: string;
  image: string;
}

/** Inputs the demo adds to the workflow's: identity mapping and a faster pace for the fakes. */
export const DEMO_ONLY_INPUTS = ["github-token", "user-map", "poll-interval", "bake"];

export function deployQaInputs(
  run: DeployQaRun,
  shared: { notion: Record<string, string>; datadog: Record<string, string> },
): {
  reserve: Record<string, string>;
  deploy: Record<string, string>;
  record: (outcome: "deployed" | "failed") => Record<string, string>;
} {
  const row = { ...shared.notion, environment: run.environment, "reserve-for": "3d" };
  return {
    reserve: { ...row, "deploy-status": "deploying", "on-conflict": "fail" },
    deploy: {
      cluster: "qa", // vars.QA_CLUSTER || 'qa'
      service: `${run.environment}-web,${run.environment}-worker`, // format(vars.QA_SERVICES || '{0}-web,{0}-worker', …)
      image: run.image,
      "run-task": "bin/rails db:migrate", // vars.MIGRATE_COMMAND
      "poll-interval": "1s",
      ...shared.datadog,
      "datadog-env": run.environment,
    },
    record: (outcome) => ({ ...row, "deploy-status": outcome }),
  };
}
