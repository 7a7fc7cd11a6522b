import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RDSClient,
  RemoveTagsFromResourceCommand,
  StartDBClusterCommand,
  StopDBClusterCommand,
} from "@aws-sdk/client-rds";
import { afterEach, describe, expect, it } from "vitest";
import { AwsFake, awsClientOverrides } from "../src/aws/index.js";
import { VirtualClock } from "../src/clock.js";

let fake: AwsFake | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function rds() {
  const clock = new VirtualClock("2026-11-25T12:00:00Z");
  fake = await new AwsFake({ clock }).start();
  const client = new RDSClient({ region: "ap-northeast-1", ...awsClientOverrides(fake) });
  return { clock, fake, client };
}

describe("RDS fake (AWS Query protocol, real SDK client)", () => {
  it("describes clusters with filters, stops and starts them through the documented states", async () => {
    const { clock, fake, client } = await rds();
    fake.seedDbCluster({
      id: "qa3-aurora",
      instances: [{ id: "qa3-aurora-1", instanceClass: "db.r6g.large" }],
      tags: { env: "qa3" },
    });
    fake.seedDbCluster({ id: "qa4-aurora", engine: "aurora-mysql" });
    const all = await client.send(new DescribeDBClustersCommand({}));
    expect(all.DBClusters?.map((cluster) => cluster.DBClusterIdentifier)).toEqual(["qa3-aurora", "qa4-aurora"]);
    const mysql = await client.send(
      new DescribeDBClustersCommand({ Filters: [{ Name: "engine", Values: ["aurora-mysql"] }] }),
    );
    expect(mysql.DBClusters?.map((cluster) => cluster.DBClusterIdentifier)).toEqual(["qa4-aurora"]);
    expect(all.DBClusters?.[0]).toMatchObject({
      Status: "available",
      TagList: [{ Key: "env", Value: "qa3" }],
      DBClusterMembers: [{ DBInstanceIdentifier: "qa3-aurora-1", IsClusterWriter: true }],
    });
    const instances = await client.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: ["qa3-aurora"] }] }),
    );
    expect(instances.DBInstances?.map((instance) => instance.DBInstanceClass)).toEqual(["db.r6g.large"]);

    const stopped = await client.send(new StopDBClusterCommand({ DBClusterIdentifier: "qa3-aurora" }));
    expect(stopped.DBCluster?.Status).toBe("stopping");
    await expect(client.send(new StopDBClusterCommand({ DBClusterIdentifier: "qa3-aurora" }))).rejects.toMatchObject({
      name: "InvalidDBClusterStateFault",
      message: "DbCluster qa3-aurora is in stopping state but expected it to be one of available.",
    });
    clock.advance(5 * 60_000);
    expect(fake.dbCluster("qa3-aurora")).toMatchObject({
      Status: "stopped",
      AutomaticRestartTime: new Date("2026-12-02T12:05:00Z"),
    });
    await client.send(new StartDBClusterCommand({ DBClusterIdentifier: "qa3-aurora" }));
    expect(fake.dbCluster("qa3-aurora").Status).toBe("starting");
    clock.advance(8 * 60_000);
    expect(fake.dbCluster("qa3-aurora").Status).toBe("available");
    client.destroy();
  });

  it("starts a cluster by itself after seven days stopped", async () => {
    const { clock, fake, client } = await rds();
    fake.seedDbCluster({ id: "qa3-aurora", status: "stopped" });
    clock.advance(7 * 86_400_000 + 60_000);
    expect(fake.dbCluster("qa3-aurora").Status).toBe("starting");
    clock.advance(8 * 60_000);
    const described = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "qa3-aurora" }));
    expect(described.DBClusters?.[0]?.Status).toBe("available");
    client.destroy();
  });

  it("tags clusters and answers faults as the API reference lists them", async () => {
    const { fake, client } = await rds();
    const arn = fake.seedDbCluster({ id: "qa3-aurora" });
    await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: "a", Value: "1" }] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList).toEqual([
      { Key: "a", Value: "1" },
    ]);
    await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: ["a"] }));
    expect((await client.send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList).toEqual([]);
    await expect(client.send(new StartDBClusterCommand({ DBClusterIdentifier: "qa3-aurora" }))).rejects.toMatchObject({
      name: "InvalidDBClusterStateFault",
    });
    await expect(client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: "nope" }))).rejects.toMatchObject({
      name: "DBClusterNotFoundFault",
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      client.send(new DescribeDBClustersCommand({ Filters: [{ Name: "status", Values: ["available"] }] })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
    client.destroy();
  });
});
