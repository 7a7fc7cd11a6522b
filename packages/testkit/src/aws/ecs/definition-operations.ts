import type {
  DeregisterTaskDefinitionRequest,
  DeregisterTaskDefinitionResponse,
  DescribeTaskDefinitionRequest,
  DescribeTaskDefinitionResponse,
  ListTaskDefinitionsRequest,
  ListTaskDefinitionsResponse,
  RegisterTaskDefinitionRequest,
  RegisterTaskDefinitionResponse,
} from "@aws-sdk/client-ecs";
import { AwsError, paginate } from "../protocol.js";
import type { OperationHandler } from "../service.js";
import type { EcsEngine } from "./engine.js";
import { describeTaskDefinition, registerTaskDefinition, requireTaskDefinition } from "./task-definitions.js";

export function taskDefinitionOperations(engine: EcsEngine): Record<string, OperationHandler> {
  const { state } = engine;
  return {
    RegisterTaskDefinition: (input: RegisterTaskDefinitionRequest, now: number): RegisterTaskDefinitionResponse => {
      const record = registerTaskDefinition(state, input, now);
      return { taskDefinition: describeTaskDefinition(state, record), tags: record.tags };
    },
    DescribeTaskDefinition: (input: DescribeTaskDefinitionRequest): DescribeTaskDefinitionResponse => {
      const record = requireTaskDefinition(state, input.taskDefinition ?? "");
      return {
        taskDefinition: describeTaskDefinition(state, record),
        tags: input.include?.includes("TAGS") === true ? record.tags : undefined,
      };
    },
    ListTaskDefinitions: (input: ListTaskDefinitionsRequest): ListTaskDefinitionsResponse => {
      const status = input.status ?? "ACTIVE";
      const arns = [...state.taskDefinitions.values()]
        .flat()
        .filter((record) => record.status === status && record.family.startsWith(input.familyPrefix ?? ""))
        .sort((a, b) => (a.family < b.family ? -1 : a.family > b.family ? 1 : a.revision - b.revision))
        .map((record) => record.arn);
      if (input.sort === "DESC") arns.reverse();
      const { page, nextToken } = paginate(arns, input.nextToken, input.maxResults, { default: 100, max: 100 });
      return { taskDefinitionArns: page, nextToken };
    },
    DeregisterTaskDefinition: (
      input: DeregisterTaskDefinitionRequest,
      now: number,
    ): DeregisterTaskDefinitionResponse => {
      const identifier = input.taskDefinition ?? "";
      const reference = identifier.startsWith("arn:") ? (identifier.split("task-definition/")[1] ?? "") : identifier;
      if (!/:\d+$/.test(reference)) {
        throw new AwsError("ClientException", "A task definition revision must be specified to deregister it.");
      }
      const record = requireTaskDefinition(state, identifier);
      if (record.status === "ACTIVE") {
        record.status = "INACTIVE";
        record.deregisteredAt = now;
      }
      return { taskDefinition: describeTaskDefinition(state, record) };
    },
  };
}
