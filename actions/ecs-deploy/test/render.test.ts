import type { ContainerDefinition } from "@aws-sdk/client-ecs";
import { ActionError } from "@sre-actions/core";
import { describe, expect, it } from "vitest";
import { parseImage, repositoryOf } from "../src/plan/image.js";
import { looksSecret, render, sameDefinition } from "../src/plan/render.js";
import type { RegisterInput } from "../src/plan/taskdef.js";

const ECR = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com";
const base = (containers: ContainerDefinition[]): RegisterInput => ({
  family: "web",
  containerDefinitions: containers,
});
const rails = base([
  { name: "web", image: `${ECR}/rails:abc`, environment: [{ name: "RAILS_ENV", value: "staging" }] },
  { name: "datadog", image: "public.ecr.aws/datadog/agent:7" },
  { name: "log-router", image: "amazon/aws-for-fluent-bit:stable" },
]);
const none = { image: undefined, images: new Map<string, string>(), environment: [] };

describe("image references", () => {
  it.each([
    ["nginx", "docker.io/library/nginx"],
    ["nginx:1.27", "docker.io/library/nginx"],
    ["amazon/aws-for-fluent-bit:stable", "docker.io/amazon/aws-for-fluent-bit"],
    [`${ECR}/rails:abc`, `${ECR}/rails`],
    [`${ECR}/team/rails@sha256:${"a".repeat(64)}`, `${ECR}/team/rails`],
    ["localhost:5000/app:1", "localhost:5000/app"],
  ])("%s is in repository %s", (image, repository) => {
    expect(repositoryOf(image)).toBe(repository);
  });
  it("rejects what is not an image", () => {
    expect(parseImage("Not An Image")).toBeUndefined();
    expect(parseImage("app:")).toBeUndefined();
  });
});

describe("render", () => {
  it("swaps the image of containers in the same repository and leaves sidecars alone", () => {
    const rendered = render(rails, { ...none, image: `${ECR}/rails:def` }, "web");
    expect(rendered.definition.containerDefinitions?.map((c) => c.image)).toEqual([
      `${ECR}/rails:def`,
      "public.ecr.aws/datadog/agent:7",
      "amazon/aws-for-fluent-bit:stable",
    ]);
    expect(rendered.replaced).toEqual(["web"]);
    expect(rendered.changes).toEqual([
      { container: "web", fromImage: `${ECR}/rails:abc`, toImage: `${ECR}/rails:def`, env: [] },
    ]);
    expect(rails.containerDefinitions?.[0]?.image).toBe(`${ECR}/rails:abc`);
  });

  it("lists containers and images when nothing matches", () => {
    expect(() => render(rails, { ...none, image: `${ECR}/kotlin:1` }, "web")).toThrow(ActionError);
    expect(() => render(rails, { ...none, image: `${ECR}/kotlin:1` }, "web")).toThrow(
      `Containers: web (${ECR}/rails:abc), datadog (public.ecr.aws/datadog/agent:7), log-router (amazon/aws-for-fluent-bit:stable)`,
    );
  });

  it("applies KEY=value to replaced containers and container:KEY=value to the named one", () => {
    const rendered = render(
      rails,
      {
        image: `${ECR}/rails:def`,
        images: new Map([["log-router", "amazon/aws-for-fluent-bit:2.32"]]),
        environment: [
          { container: undefined, name: "RAILS_ENV", value: "production" },
          { container: "datadog", name: "DD_ENV", value: "qa3" },
        ],
      },
      "web",
    );
    const [web, datadog, router] = rendered.definition.containerDefinitions ?? [];
    expect(web?.environment).toEqual([{ name: "RAILS_ENV", value: "production" }]);
    expect(datadog?.environment).toEqual([{ name: "DD_ENV", value: "qa3" }]);
    expect(router?.image).toBe("amazon/aws-for-fluent-bit:2.32");
    // Replaced through images, so KEY=value lines reach it too.
    expect(router?.environment).toEqual([{ name: "RAILS_ENV", value: "production" }]);
    expect(rendered.changes.map((change) => [change.container, change.env.map((env) => env.name)])).toEqual([
      ["web", ["RAILS_ENV"]],
      ["datadog", ["DD_ENV"]],
      ["log-router", ["RAILS_ENV"]],
    ]);
  });

  it("reports no change when the values are already there", () => {
    const rendered = render(rails, { ...none, image: `${ECR}/rails:abc` }, "web");
    expect(rendered.changes).toEqual([]);
    expect(sameDefinition(rendered.definition, rails)).toBe(true);
  });
});

describe("sameDefinition", () => {
  it("ignores key order, empty lists and environment order", () => {
    const a: RegisterInput = {
      family: "web",
      containerDefinitions: [
        {
          name: "web",
          image: "x",
          environment: [
            { name: "A", value: "1" },
            { name: "B", value: "2" },
          ],
          mountPoints: [],
        },
      ],
    };
    const b: RegisterInput = {
      containerDefinitions: [
        {
          environment: [
            { value: "2", name: "B" },
            { name: "A", value: "1" },
          ],
          image: "x",
          name: "web",
        },
      ],
      family: "web",
    };
    expect(sameDefinition(a, b)).toBe(true);
    expect(sameDefinition(a, { ...b, cpu: "512" })).toBe(false);
  });
});

describe("looksSecret", () => {
  it.each(["DATABASE_URL", "SECRET_KEY_BASE", "API_TOKEN", "DB_PASSWORD", "AWS_ACCESS_KEY_ID"])(
    "%s is masked",
    (name) => {
      expect(looksSecret(name)).toBe(true);
    },
  );
  it.each(["RAILS_ENV", "PORT", "QUEUES"])("%s is shown", (name) => {
    expect(looksSecret(name)).toBe(false);
  });
});
