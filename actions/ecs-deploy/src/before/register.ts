import { ActionError } from "@sre-actions/core";
import type { EcsDeployDeps, ServiceResult } from "../model.js";
import type { RegisterInput } from "../plan/taskdef.js";
import { registerTaskDefinitionOnce } from "./exactly-once.js";

/** What registering needs of a service: whether it gets a new revision, which, and where the ARN goes. */
interface ToRegister {
  plan: { register: boolean; rendered: { definition: RegisterInput } };
  result: Pick<ServiceResult, "taskDefinitionArn" | "registered">;
}

/** Registers each distinct rendered definition once (web and worker may share one), exactly once each. */
export async function registerAll(
  services: readonly ToRegister[],
  deps: EcsDeployDeps,
  mark: (step: string, detail: string) => void,
): Promise<void> {
  const registered = new Map<string, Promise<string>>();
  await Promise.all(
    services.map(async ({ plan, result }) => {
      if (!plan.register) return;
      const key = JSON.stringify(plan.rendered.definition);
      let pending = registered.get(key);
      if (pending === undefined) {
        pending = registerTaskDefinitionOnce(plan.rendered.definition, deps).then((response) => {
          const arn = response.taskDefinition?.taskDefinitionArn;
          if (arn === undefined) throw new ActionError("RegisterTaskDefinition returned no ARN");
          deps.log.info(`Registered ${arn}`);
          deps.journal?.changed(`registered task definition ${arn}`);
          mark("registered", arn);
          return arn;
        });
        registered.set(key, pending);
      }
      result.taskDefinitionArn = await pending;
      result.registered = true;
    }),
  );
}
