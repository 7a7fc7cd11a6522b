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
