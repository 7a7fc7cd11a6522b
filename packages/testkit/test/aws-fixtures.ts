import type { RegisterTaskDefinitionRequest } from "@aws-sdk/client-ecs";

/** Shared by the AwsFake tests. */
export const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };

export const network = {
  awsvpcConfiguration: {
    subnets: ["subnet-0a1b2c3d"],
    securityGroups: ["sg-0a1b2c3d"],
    assignPublicIp: "DISABLED" as const,
  },
};

/** A Fargate task definition of one essential container logging to /ecs/<family> with prefix "ecs". */
export function webDefinition(image: string, family = "web"): RegisterTaskDefinitionRequest {
  return {
    family,
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    cpu: "256",
    memory: "512",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    containerDefinitions: [
      {
        name: "app",
        image,
        essential: true,
        portMappings: [{ containerPort: 8080 }],
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": `/ecs/${family}`,
            "awslogs-region": "ap-northeast-1",
            "awslogs-stream-prefix": "ecs",
          },
        },
      },
    ],
  };
}
