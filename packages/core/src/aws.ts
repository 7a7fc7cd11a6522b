import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { ECSClient } from "@aws-sdk/client-ecs";
import { tagAwsErrors } from "./aws-errors.js";
import { resolveRegion } from "./region.js";

export * from "./aws-errors.js";
export { resolveRegion } from "./region.js";

export interface AwsClientOptions {
  /** The `region` input; falls back to AWS_REGION, then AWS_DEFAULT_REGION. */
  region?: string | undefined;
  /** Extra SDK settings (tests pass credentials, endpoints or a faster retry strategy). */
  overrides?: Record<string, unknown>;
}

/**
 * Settings every AWS client shares: adaptive retry (client-side rate limiting on throttling
 * errors), enough attempts to ride out a throttling storm, and the SDK's own support for
 * AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>, which stays in force because no endpoint is set here.
 */
export function awsClientConfig(options: AwsClientOptions = {}) {
  return {
    region: resolveRegion(options.region),
    retryMode: "adaptive",
    maxAttempts: 10,
    customUserAgent: "sre-actions",
    ...options.overrides,
  };
}

/**
 * Any AWS SDK client with the shared settings, its errors tagged with the operation and region
 * so a failure names the IAM action (`explainAwsError`).
 */
export function createAwsClient<C extends { middlewareStack: unknown }>(
  Client: new (config: ReturnType<typeof awsClientConfig>) => C,
  options: AwsClientOptions = {},
): C {
  const config = awsClientConfig(options);
  return tagAwsErrors(new Client(config), config.region);
}

export const createEcsClient = (options: AwsClientOptions = {}) => createAwsClient(ECSClient, options);
export const createAutoScalingClient = (options: AwsClientOptions = {}) =>
  createAwsClient(ApplicationAutoScalingClient, options);
