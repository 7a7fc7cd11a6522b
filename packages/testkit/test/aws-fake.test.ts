import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  InvalidParameterException,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsFake } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";
import { credentials, network, webDefinition } from "./aws-fixtures.js";

describe("AwsFake: ECS basics over the real SDK", () => {
  let clock: VirtualClock;
  let fake: AwsFake;
  let ecs: ECSClient;

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await new AwsFake({ clock }).start();
    ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials });
  });

  afterEach(async () => {
    ecs.destroy();
    await fake.stop();
  });

  it("creates and describes clusters, with failures for unknown ones", async () => {
    const created = await ecs.send(
      new CreateClusterCommand({ clusterName: "prod", tags: [{ key: "team", value: "sre" }] }),
    );
    expect(created.cluster?.clusterArn).toBe("arn:aws:ecs:ap-northeast-1:123456789012:cluster/prod");
    expect(created.cluster?.status).toBe("ACTIVE");

    const described = await ecs.send(new DescribeClustersCommand({ clusters: ["prod", "nope"], include: ["TAGS"] }));
    expect(described.clusters?.map((cluster) => cluster.clusterName)).toEqual(["prod"]);
    expect(described.clusters?.[0]?.tags).toEqual([{ key: "team", value: "sre" }]);
    expect(described.failures).toEqual([
      { arn: "arn:aws:ecs:ap-northeast-1:123456789012:cluster/nope", reason: "MISSING" },
    ]);

    const withoutTags = await ecs.send(new DescribeClustersCommand({ clusters: ["prod"] }));
    expect(withoutTags.clusters?.[0]?.tags).toBeUndefined();
  });

  it("registers task definition revisions and describes them by family, family:revision and ARN", async () => {
    const first = await ecs.send(
      new RegisterTaskDefinitionCommand({ ...webDefinition("repo/web:1"), tags: [{ key: "app", value: "web" }] }),
    );
    const second = await ecs.send(new RegisterTaskDefinitionCommand(webDefinition("repo/web:2")));
    expect(first.taskDefinition?.taskDefinitionArn).toBe(
      "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1",
    );
    expect(second.taskDefinition?.revision).toBe(2);
    expect(second.taskDefinition?.status).toBe("ACTIVE");
    expect(second.taskDefinition?.compatibilities).toEqual(["EC2", "FARGATE"]);
    expect(second.taskDefinition?.requiresAttributes).toContainEqual({ name: "ecs.capability.task-eni" });
    expect(second.taskDefinition?.registeredAt).toBeInstanceOf(Date);
    // ECS fills container defaults in what it returns.
    expect(second.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      cpu: 0,
      environment: [],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
    });

    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "web" }));
    expect(latest.taskDefinition?.revision).toBe(2);
    const byRevision = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: "web:1", include: ["TAGS"] }),
    );
    expect(byRevision.taskDefinition?.containerDefinitions?.[0]?.image).toBe("repo/web:1");
    expect(byRevision.tags).toEqual([{ key: "app", value: "web" }]);
    const byArn = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: first.taskDefinition?.taskDefinitionArn }),
    );
    expect(byArn.taskDefinition?.revision).toBe(1);

    await expect(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "missing" }))).rejects.toMatchObject({
      name: "ClientException",
      message: "Unable to describe task definition.",
    });

    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "web:2" }));
    const active = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: "web" }));
    expect(active.taskDefinitionArns).toEqual(["arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1"]);
    const inactive = await ecs.send(new ListTaskDefinitionsCommand({ status: "INACTIVE" }));
    expect(inactive.taskDefinitionArns).toEqual(["arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:2"]);
    // A bare family now means the latest ACTIVE revision.
    expect(
      (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "web" }))).taskDefinition?.revision,
    ).toBe(1);
  });

  it("pages ListTaskDefinitions with nextToken and sort", async () => {
    for (let i = 0; i < 5; i += 1) fake.seedTaskDefinition(webDefinition(`repo/web:${i}`));
    const first = await ecs.send(new ListTaskDefinitionsCommand({ maxResults: 2, sort: "DESC" }));
    expect(first.taskDefinitionArns?.map((arn) => arn.split(":").at(-1))).toEqual(["5", "4"]);
    const second = await ecs.send(
      new ListTaskDefinitionsCommand({ maxResults: 2, sort: "DESC", nextToken: first.nextToken }),
    );
    expect(second.taskDefinitionArns?.map((arn) => arn.split(":").at(-1))).toEqual(["3", "2"]);
    const last = await ecs.send(
      new ListTaskDefinitionsCommand({ maxResults: 2, sort: "DESC", nextToken: second.nextToken }),
    );
    expect(last.taskDefinitionArns).toHaveLength(1);
    expect(last.nextToken).toBeUndefined();
  });

  it("creates a service whose first deployment completes over the virtual clock", async () => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    const created = await ecs.send(
      new CreateServiceCommand({
        cluster: "prod",
        serviceName: "web",
        taskDefinition: "web",
        desiredCount: 2,
        launchType: "FARGATE",
        networkConfiguration: network,
        tags: [{ key: "app", value: "web" }],
      }),
    );
    expect(created.service?.serviceArn).toBe("arn:aws:ecs:ap-northeast-1:123456789012:service/prod/web");
    expect(created.service?.deployments).toHaveLength(1);
    expect(created.service?.deployments?.[0]).toMatchObject({
      status: "PRIMARY",
      rolloutState: "IN_PROGRESS",
      pendingCount: 2,
      runningCount: 0,
    });
    expect(created.service?.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(created.service?.events?.[0]?.message).toMatch(
      /^\(service web\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
    );

    clock.advance(40_000);
    const [service] =
      (await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["web"], include: ["TAGS"] })))
        .services ?? [];
    expect(service).toMatchObject({
      runningCount: 2,
      pendingCount: 0,
      desiredCount: 2,
      platformVersion: "LATEST",
      tags: [{ key: "app", value: "web" }],
    });
    expect(service?.deployments?.[0]).toMatchObject({ rolloutState: "COMPLETED", platformVersion: "1.4.0" });
    expect(service?.deployments?.[0]?.rolloutStateReason).toBe(
      `ECS deployment ${service?.deployments?.[0]?.id} completed.`,
    );
    expect(service?.events?.map((event) => event.message).slice(0, 2)).toEqual([
      "(service web) has reached a steady state.",
      `(service web) (deployment ${service?.deployments?.[0]?.id}) deployment completed.`,
    ]);
  });

  it("lists services with pagination and describes at most ten at a time", async () => {
    fake.seedCluster("prod");
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    for (let i = 0; i < 11; i += 1) {
      fake.seedService({
        cluster: "prod",
        serviceName: `svc-${i}`,
        taskDefinition: "web",
        desiredCount: 1,
        launchType: "FARGATE",
        networkConfiguration: network,
      });
    }
    const page = await ecs.send(new ListServicesCommand({ cluster: "prod" }));
    expect(page.serviceArns).toHaveLength(10);
    const rest = await ecs.send(new ListServicesCommand({ cluster: "prod", nextToken: page.nextToken }));
    expect(rest.serviceArns).toEqual(["arn:aws:ecs:ap-northeast-1:123456789012:service/prod/svc-10"]);
    expect(rest.nextToken).toBeUndefined();

    const eleven = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
    const error = await ecs
      .send(new DescribeServicesCommand({ cluster: "prod", services: eleven }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect((error as Error).message).toBe("service names can have at most 10 items.");

    const mixed = await ecs.send(new DescribeServicesCommand({ cluster: "prod", services: ["svc-0", "ghost"] }));
    expect(mixed.services?.map((service) => service.serviceName)).toEqual(["svc-0"]);
    expect(mixed.failures).toEqual([
      { arn: "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/ghost", reason: "MISSING" },
    ]);

    await expect(ecs.send(new DescribeServicesCommand({ cluster: "nope", services: ["svc-0"] }))).rejects.toMatchObject(
      {
        name: "ClusterNotFoundException",
        message: "Cluster not found.",
      },
    );
    await expect(
      ecs.send(new UpdateServiceCommand({ cluster: "prod", service: "ghost", desiredCount: 1 })),
    ).rejects.toMatchObject({
      name: "ServiceNotFoundException",
    });
  });

  it("tags and untags resources", async () => {
    const clusterArn = fake.seedCluster("prod");
    await ecs.send(
      new TagResourceCommand({
        resourceArn: clusterArn,
        tags: [
          { key: "a", value: "1" },
          { key: "b", value: "2" },
        ],
      }),
    );
    await ecs.send(new TagResourceCommand({ resourceArn: clusterArn, tags: [{ key: "a", value: "3" }] }));
    await ecs.send(new UntagResourceCommand({ resourceArn: clusterArn, tagKeys: ["b"] }));
    const listed = await ecs.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }));
    expect(listed.tags).toEqual([{ key: "a", value: "3" }]);
    await expect(
      ecs.send(
        new ListTagsForResourceCommand({ resourceArn: "arn:aws:ecs:ap-northeast-1:123456789012:service/prod/ghost" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("replaces the capacity providers of a cluster and requires forceNewDeployment to change a service's strategy", async () => {
    fake.seedCluster("prod", { capacityProviders: ["FARGATE"] });
    fake.seedTaskDefinition(webDefinition("repo/web:1"));
    const put = await ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: "prod",
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
      }),
    );
    expect(put.cluster?.capacityProviders).toEqual(["FARGATE", "FARGATE_SPOT"]);
    fake.seedService({
      cluster: "prod",
      serviceName: "web",
      taskDefinition: "web",
      desiredCount: 2,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }],
      networkConfiguration: network,
    });
    const spot = [{ capacityProvider: "FARGATE_SPOT", weight: 1 }];
    const refused = await ecs
      .send(new UpdateServiceCommand({ cluster: "prod", service: "web", capacityProviderStrategy: spot }))
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({
      name: "InvalidParameterException",
      message:
        "When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.",
    });
    expect(fake.mutatingRequests().filter((request) => request.status === 200)).toHaveLength(1);

    const updated = await ecs.send(
      new UpdateServiceCommand({
        cluster: "prod",
        service: "web",
        capacityProviderStrategy: spot,
        forceNewDeployment: true,
      }),
    );
    expect(updated.service?.deployments?.map((deployment) => deployment.status)).toEqual(["PRIMARY", "ACTIVE"]);
    expect(updated.service?.capacityProviderStrategy).toEqual(spot);
    const tasks = await ecs.send(new ListTasksCommand({ cluster: "prod", serviceName: "web" }));
    const described = await ecs.send(new DescribeTasksCommand({ cluster: "prod", tasks: tasks.taskArns }));
    expect(described.tasks?.map((task) => task.capacityProviderName).sort()).toEqual([
      "FARGATE",
      "FARGATE",
      "FARGATE_SPOT",
      "FARGATE_SPOT",
    ]);

    await expect(
      ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster: "prod",
          capacityProviders: ["FARGATE"],
          defaultCapacityProviderStrategy: [],
        }),
      ),
    ).rejects.toMatchObject({ name: "ResourceInUseException" });
  });
});

describe("AwsFake: short ARNs", () => {
  it("refuses to tag a service with a short ARN", async () => {
    await using fake = await new AwsFake().start();
    const ecs = new ECSClient({ region: "ap-northeast-1", endpoint: fake.url, credentials, maxAttempts: 1 });
    fake.seedCluster("qa");
    const definition = fake.seedTaskDefinition(webDefinition("repo/web:1"));
    fake.seedService({
      cluster: "qa",
      serviceName: "old",
      taskDefinition: definition,
      launchType: "FARGATE",
      networkConfiguration: network,
    });
    const arn = fake.useShortServiceArn("qa", "old");
    expect(arn).toBe("arn:aws:ecs:ap-northeast-1:123456789012:service/old");
    const described = await ecs.send(new DescribeServicesCommand({ cluster: "qa", services: ["old"] }));
    expect(described.services?.[0]?.serviceArn).toBe(arn);
    await expect(
      ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "a", value: "b" }] })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Long arn format must be used for tagging operations",
    });
    await expect(
      ecs.send(
        new TagResourceCommand({
          resourceArn: "arn:aws:ecs:ap-northeast-1:123456789012:service/qa/old",
          tags: [{ key: "a", value: "b" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    ecs.destroy();
  });
});
