/** One operation: the request body (already checked against the SDK's input shape) in, the SDK-typed output out. */
export type OperationHandler = (input: never, now: number) => object;

/**
 * One AWS JSON 1.1 service behind the fake, found by its `X-Amz-Target` prefix. Application Auto
 * Scaling (`AnyScaleFrontendService`, signing name `application-autoscaling`) plugs in the same way.
 */
export interface AwsServiceDefinition {
  /** The part of `X-Amz-Target` before the dot, e.g. `Logs_20140328`. */
  targetPrefix: string;
  /** The SigV4 signing name in the credential scope, e.g. `logs`. */
  signingName: string;
  /** The SDK client module's exports, where each operation's schema is `<Operation>$`. */
  schemas: Record<string, unknown>;
  operations: Record<string, OperationHandler>;
}
