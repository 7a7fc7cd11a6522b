import { InputError } from "./errors.js";

/** An AWS region name: `ap-northeast-1`, `us-gov-west-1`. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The `region` input, else AWS_REGION, else AWS_DEFAULT_REGION; checked in parseInputs, before any client exists. */
export function resolveRegion(input: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const region = input ?? env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"];
  if (region === undefined || region === "") {
    throw new InputError(
      "region",
      "is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is (aws-actions/configure-aws-credentials sets them)",
      "ap-northeast-1",
    );
  }
  if (!REGION_PATTERN.test(region))
    throw new InputError("region", `must be an AWS region name; got "${region}"`, "ap-northeast-1");
  return region;
}
