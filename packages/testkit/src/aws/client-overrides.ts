import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { AwsFake } from "./aws-fake.js";

export const FAKE_CREDENTIALS = { accessKeyId: "AKIDTESTFAKE", secretAccessKey: "fake-secret" } as const;

/**
 * SDK settings that point a real AWS client at the fake: its endpoint, dummy credentials and a
 * retry strategy with the production number of attempts but no backoff delay, so a throttling
 * storm is retried exactly as in production without real sleeps.
 */
export function awsClientOverrides(fake: AwsFake, maxAttempts = 10): Record<string, unknown> {
  return {
    endpoint: fake.url,
    credentials: FAKE_CREDENTIALS,
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 0),
  };
}

/** The environment a bundled action needs to reach the fake: endpoint, region and the dummy credentials. */
export function awsFakeEnv(fake: { url: string }, region = "ap-northeast-1"): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: fake.url,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
  };
}
