import { ActionError } from "./errors.js";

/**
 * AWS SDK errors a user can fix (credentials, IAM, throttling, a missing resource, a rejected
 * request), turned into an `ActionError` that says what to do. Duck-typed on the SDK's error shape
 * (`name`, `$metadata`) so this file imports no SDK and `runAction` can use it in every action.
 */

/** Which call failed: set on every error thrown by a client that went through `tagAwsErrors`. */
export interface AwsCall {
  /** The IAM action, e.g. `ecs:DescribeServices`. */
  operation: string;
  region?: string | undefined;
}

const calls = new WeakMap<object, AwsCall>();

/** The IAM service prefix of each SDK client we create (`clientName` in the middleware context). */
const SERVICE_PREFIX: Record<string, string> = {
  ECSClient: "ecs",
  CloudWatchLogsClient: "logs",
  ApplicationAutoScalingClient: "application-autoscaling",
  ECRClient: "ecr",
  SchedulerClient: "scheduler",
  EventBridgeClient: "events",
  CodeDeployClient: "codedeploy",
  RDSClient: "rds",
  CloudWatchClient: "cloudwatch",
  STSClient: "sts",
};

interface MiddlewareStackLike {
  add(
    middleware: (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName?: string; commandName?: string },
    ) => (args: unknown) => Promise<unknown>,
    options: { step: "initialize"; name: string; override?: boolean },
  ): void;
}

/**
 * Remembers which operation (and region) an error came from, so the message can name the IAM
 * action. The error itself is left as the SDK threw it: logic that catches `ServiceNotFoundException`
 * keeps working.
 */
export function tagAwsErrors<C extends { middlewareStack: unknown }>(client: C, region?: string): C {
  (client.middlewareStack as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === "object" && !calls.has(error)) {
          const prefix = SERVICE_PREFIX[context.clientName ?? ""] ?? context.clientName ?? "aws";
          const operation = `${prefix}:${(context.commandName ?? "unknown").replace(/Command$/, "")}`;
          calls.set(error, { operation, region });
        }
        throw error;
      }
    },
    { step: "initialize", name: "sreActionsErrorContext", override: true },
  );
  return client;
}

/** The call an error came from, when its client was tagged. */
export function awsCallOf(error: unknown): AwsCall | undefined {
  return error !== null && typeof error === "object" ? calls.get(error) : undefined;
}

interface AwsErrorLike {
  name: string;
  message: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  code?: string;
}

function isAwsErrorLike(error: unknown): error is Error & AwsErrorLike {
  return error instanceof Error && (awsCallOf(error) !== undefined || "$metadata" in error);
}

const CREDENTIAL_ERRORS = new Set([
  "ExpiredTokenException",
  "ExpiredToken",
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
  "AuthFailure",
  "TokenRefreshRequired",
]);

const ACCESS_DENIED = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "AccessDeniedFault",
  "UnauthorizedOperation",
  "NotAuthorized",
]);

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
]);

/** Not-found errors: what is missing and, where every action uses the same name, the input that names it. */
export const AWS_NOT_FOUND: Readonly<Record<string, { what: string; input?: string }>> = {
  ClusterNotFoundException: { what: "ECS cluster", input: "cluster" },
  ServiceNotFoundException: { what: "ECS service", input: "service" },
  ServiceNotActiveException: { what: "active ECS service", input: "service" },
  TaskSetNotFoundException: { what: "ECS task set" },
  ResourceNotFoundException: { what: "resource" },
  ObjectNotFoundException: { what: "Application Auto Scaling target or policy" },
  RepositoryNotFoundException: { what: "ECR repository" },
  ImageNotFoundException: { what: "ECR image" },
  DBInstanceNotFoundFault: { what: "RDS DB instance" },
  DBClusterNotFoundFault: { what: "RDS DB cluster" },
  ApplicationDoesNotExistException: { what: "CodeDeploy application" },
  DeploymentGroupDoesNotExistException: { what: "CodeDeploy deployment group" },
  DeploymentDoesNotExistException: { what: "CodeDeploy deployment" },
  NoSuchEntity: { what: "IAM entity" },
};

const VALIDATION = new Set([
  "ValidationException",
  "ValidationError",
  "InvalidParameterException",
  "InvalidParameterValue",
  "InvalidParameterValueException",
  "InvalidParameterCombination",
  "InvalidParameterCombinationException",
  "ClientException",
  "PlatformUnknownException",
  "PlatformTaskDefinitionIncompatibilityException",
  "UnsupportedFeatureException",
  "InvalidDBInstanceStateFault",
  "InvalidDBClusterStateFault",
  "LimitExceededException",
  "InvalidRoleException",
  "InvalidTagException",
]);

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);

const IAM_HINT = `The action's README lists every permission it needs under "IAM policy".`;
const CREDENTIALS_HINT =
  'Run aws-actions/configure-aws-credentials in this job before this step; with role-to-assume (OIDC) the workflow needs "permissions: id-token: write".';

/** The error as an `ActionError` that says what to do, or undefined when it is not one a user can fix. */
export function explainAwsError(error: unknown): ActionError | undefined {
  if (!(error instanceof Error)) return undefined;
  // Raised before any request leaves, so it carries no $metadata: recognise it by name.
  if (error.name === "CredentialsProviderError" || /could not load credentials/i.test(error.message)) {
    const call = awsCallOf(error);
    return new ActionError(
      `No AWS credentials found${call === undefined ? "" : ` for ${call.operation}`}: ${error.message}`,
      { hint: CREDENTIALS_HINT, cause: error },
    );
  }
  if (!isAwsErrorLike(error)) return undefined;
  const call = awsCallOf(error);
  const operation = call?.operation ?? "the AWS call";
  const where = call?.region === undefined ? operation : `${operation} in ${call.region}`;
  const said = `${error.name}: ${error.message}`;
  const options = (hint: string) => ({ hint, cause: error });

  if (CREDENTIAL_ERRORS.has(error.name)) {
    return new ActionError(
      `AWS rejected the credentials for ${operation} (${said})`,
      options(`The session expired or the keys are wrong. ${CREDENTIALS_HINT} Long jobs: raise role-duration-seconds.`),
    );
  }
  if (ACCESS_DENIED.has(error.name) || /is not authorized to perform/i.test(error.message)) {
    const action = /not authorized to perform:?\s*([\w-]+:[\w*]+)/i.exec(error.message)?.[1] ?? call?.operation;
    const resource = /on resource:?\s*(\S+)/i.exec(error.message)?.[1];
    return new ActionError(
      `Access denied: the AWS role may not call ${action ?? operation}${resource === undefined ? "" : ` on ${resource}`}`,
      options(`Allow "${action ?? operation}" in the role's IAM policy. ${IAM_HINT} (AWS said: ${error.message})`),
    );
  }
  if (THROTTLING.has(error.name) || error.$retryable?.throttling === true) {
    const attempts = error.$metadata?.attempts;
    return new ActionError(
      `AWS kept throttling ${where}${attempts === undefined ? "" : ` after ${attempts} attempts`} (${said})`,
      options(
        "Other jobs or tools are calling the same API in this account and region; re-run later or space those jobs out.",
      ),
    );
  }
  const missing = AWS_NOT_FOUND[error.name];
  if (missing !== undefined) {
    const check = missing.input === undefined ? "the inputs that name it" : `the "${missing.input}" input`;
    return new ActionError(
      `The ${missing.what} was not found (${where}): ${error.message}`,
      options(
        `Check ${check} and the region${call?.region === undefined ? "" : ` (${call.region})`}: it must exist in the account the credentials belong to.`,
      ),
    );
  }
  if (VALIDATION.has(error.name)) {
    return new ActionError(
      `AWS rejected ${where} (${said})`,
      options("The message names the field AWS refused; check the inputs and the task definition that set it."),
    );
  }
  if (call !== undefined && NETWORK_CODES.has(error.code ?? error.name)) {
    return new ActionError(
      `Could not reach AWS for ${where} (${error.code ?? error.name}: ${error.message})`,
      options("Check the runner's network and any AWS_ENDPOINT_URL settings; re-run if AWS had an outage."),
    );
  }
  return undefined;
}
