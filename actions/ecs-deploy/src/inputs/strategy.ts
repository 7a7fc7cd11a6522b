import { InputError, type Inputs, type InputTable } from "@sre-actions/core";
import { WAIT_UNTIL, type WaitUntil } from "../plan/strategy.js";

/** The deploy-strategy part of ecs-deploy's input table (spread into INPUTS; action.yml has the same names and defaults). */
export const STRATEGY_INPUTS = {
  "wait-until": { default: "stable", example: "POST_PRODUCTION_TRAFFIC_SHIFT" },
  alarms: { example: "qa3-web-5xx, qa3-web-latency" },
  "codedeploy-appspec": { example: "deploy/appspec.yaml" },
  "codedeploy-application": { example: "AppECS-qa-qa3-web" },
  "codedeploy-deployment-group": { example: "DgpECS-qa-qa3-web" },
} as const satisfies InputTable;

export interface StrategyInputs {
  /** `stable` (the deployment finished, bake included) or the lifecycle stage to stop waiting at. */
  waitUntil: WaitUntil;
  /** CloudWatch alarms whose ALARM state fails the deploy (and triggers the rollback). */
  alarms: string[];
  /** An AppSpec (YAML or JSON) for CodeDeploy services; its TaskDefinition is replaced by the new revision. */
  codeDeployAppSpec: { path: string; content: Record<string, unknown> } | undefined;
  codeDeployApplication: string | undefined;
  codeDeployDeploymentGroup: string | undefined;
}

/** CloudWatch alarm names: 1–255 characters, no control characters. */
const ALARM_NAME = /^[^\p{Cc}]{1,255}$/u;
const CODEDEPLOY_NAME = /^[\w.+-]{1,100}$/;

export function parseStrategyInputs(inputs: Inputs<typeof STRATEGY_INPUTS>): StrategyInputs {
  const alarms = inputs.list("alarms");
  for (const alarm of alarms) {
    if (!ALARM_NAME.test(alarm)) {
      throw new InputError("alarms", `has "${alarm}", which is not a CloudWatch alarm name`, inputs.example("alarms"));
    }
  }
  if (alarms.length > 100) {
    throw new InputError(
      "alarms",
      `names ${alarms.length} alarms; DescribeAlarms takes at most 100`,
      inputs.example("alarms"),
    );
  }
  const file = inputs.file("codedeploy-appspec");
  if (
    file !== undefined &&
    (typeof file.content !== "object" || file.content === null || Array.isArray(file.content))
  ) {
    throw new InputError(
      "codedeploy-appspec",
      "must be an AppSpec mapping (version, Resources, Hooks)",
      inputs.example("codedeploy-appspec"),
    );
  }
  const name = (input: "codedeploy-application" | "codedeploy-deployment-group") => {
    const value = inputs.string(input);
    if (value !== undefined && !CODEDEPLOY_NAME.test(value)) {
      throw new InputError(
        input,
        `must be a CodeDeploy name (letters, digits, . _ - +, at most 100); got "${value}"`,
        inputs.example(input),
      );
    }
    return value;
  };
  return {
    waitUntil: inputs.enum("wait-until", WAIT_UNTIL),
    alarms,
    codeDeployAppSpec:
      file === undefined ? undefined : { path: file.path, content: file.content as Record<string, unknown> },
    codeDeployApplication: name("codedeploy-application"),
    codeDeployDeploymentGroup: name("codedeploy-deployment-group"),
  };
}
