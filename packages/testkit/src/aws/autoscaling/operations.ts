import type {
  DeregisterScalableTargetRequest,
  DeregisterScalableTargetResponse,
  DescribeScalableTargetsRequest,
  DescribeScalableTargetsResponse,
  DescribeScheduledActionsRequest,
  DescribeScheduledActionsResponse,
  PutScheduledActionRequest,
  PutScheduledActionResponse,
  RegisterScalableTargetRequest,
  RegisterScalableTargetResponse,
} from "@aws-sdk/client-application-auto-scaling";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import { describeScheduledAction } from "./scheduled.js";
import { ECS_DIMENSION, type ScalableTargetStore } from "./targets.js";

/** The scalable-target operations of Application Auto Scaling, for the `ecs` namespace. */
export function autoScalingOperations(store: ScalableTargetStore): Record<string, OperationHandler> {
  return {
    DescribeScalableTargets: (input: DescribeScalableTargetsRequest): DescribeScalableTargetsResponse => {
      const ids = input.ResourceIds ?? [];
      if (ids.length > 50) {
        throw new AwsError(
          "ValidationException",
          "1 validation error detected: Value at 'resourceIds' failed to satisfy constraint: Member must have length less than or equal to 50",
        );
      }
      const matching =
        input.ServiceNamespace !== "ecs" ||
        (input.ScalableDimension !== undefined && input.ScalableDimension !== ECS_DIMENSION)
          ? []
          : [...store.targets.values()].filter((target) => ids.length === 0 || ids.includes(target.resourceId));
      const { page, nextToken } = pageOf(matching, input);
      return { ScalableTargets: page.map((target) => store.describe(target)), NextToken: nextToken };
    },
    RegisterScalableTarget: (input: RegisterScalableTargetRequest, now: number): RegisterScalableTargetResponse => {
      checkEcs(input);
      const target = store.register(
        {
          resourceId: input.ResourceId ?? "",
          ...(input.MinCapacity === undefined ? {} : { min: input.MinCapacity }),
          ...(input.MaxCapacity === undefined ? {} : { max: input.MaxCapacity }),
          ...(input.SuspendedState === undefined ? {} : { suspended: input.SuspendedState }),
          ...(input.RoleARN === undefined ? {} : { roleArn: input.RoleARN }),
        },
        now,
      );
      return { ScalableTargetARN: target.arn };
    },
    DescribeScheduledActions: (input: DescribeScheduledActionsRequest): DescribeScheduledActionsResponse => {
      const names = input.ScheduledActionNames ?? [];
      const matching =
        input.ServiceNamespace !== "ecs"
          ? []
          : [...store.scheduled.values()].filter(
              (action) =>
                (input.ResourceId === undefined || action.resourceId === input.ResourceId) &&
                (names.length === 0 || names.includes(action.name)),
            );
      const { page, nextToken } = pageOf(matching, input);
      return { ScheduledActions: page.map(describeScheduledAction), NextToken: nextToken };
    },
    PutScheduledAction: (input: PutScheduledActionRequest, now: number): PutScheduledActionResponse => {
      checkEcs(input);
      store.putScheduled(
        {
          name: input.ScheduledActionName ?? "",
          resourceId: input.ResourceId ?? "",
          schedule: input.Schedule ?? "",
          ...(input.ScalableTargetAction?.MinCapacity === undefined
            ? {}
            : { min: input.ScalableTargetAction.MinCapacity }),
          ...(input.ScalableTargetAction?.MaxCapacity === undefined
            ? {}
            : { max: input.ScalableTargetAction.MaxCapacity }),
        },
        now,
      );
      return {};
    },
    DeregisterScalableTarget: (input: DeregisterScalableTargetRequest): DeregisterScalableTargetResponse => {
      checkEcs(input);
      store.deregister(input.ResourceId ?? "");
      return {};
    },
  };
}

function checkEcs(input: { ServiceNamespace?: string | undefined; ScalableDimension?: string | undefined }): void {
  if (input.ServiceNamespace !== "ecs" || input.ScalableDimension !== ECS_DIMENSION) {
    throw new AwsError(
      "ValidationException",
      "AwsFake models only ECS services (namespace ecs, dimension ecs:service:DesiredCount).",
    );
  }
}

/** MaxResults defaults to and is capped at 50; a token this fake did not issue is InvalidNextTokenException. */
function pageOf<T>(items: T[], input: { NextToken?: string | undefined; MaxResults?: number | undefined }) {
  try {
    return paginate(items, input.NextToken, input.MaxResults, { default: 50, max: 50 });
  } catch (error) {
    if (error instanceof AwsError && /nextToken/i.test(error.message)) {
      throw new AwsError("InvalidNextTokenException", "The next token supplied was invalid");
    }
    if (error instanceof AwsError) throw new AwsError("ValidationException", error.message);
    throw error;
  }
}
