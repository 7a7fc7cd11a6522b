import { createRequire } from "node:module";

/** The shape of one entry of @octokit/webhooks-examples (api.github.com/index.json). */
interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: Record<string, unknown>[];
}

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  definitions ??= createRequire(import.meta.url)(
    "@octokit/webhooks-examples/api.github.com/index.json",
  ) as WebhookDefinition[];
  return definitions;
}

/**
 * A real webhook payload from @octokit/webhooks-examples (github.com): the first example of
 * `event`, or of `event` with that `action` (e.g. `webhookExample("pull_request", "opened")`).
 * Returns a fresh copy, so a test may change it.
 */
export function webhookExample(event: string, action?: string): Record<string, unknown> {
  const definition = loadDefinitions().find((d) => d.name === event);
  if (definition === undefined) {
    throw new Error(`No webhook examples for event "${event}"; known: ${loadDefinitions().map((d) => d.name)}`);
  }
  const example = definition.examples.find((e) => action === undefined || e["action"] === action);
  if (example === undefined) {
    const actions = [...new Set(definition.examples.map((e) => e["action"]))].join(", ");
    throw new Error(`No "${event}" example with action "${action}"; examples have actions: ${actions}`);
  }
  return structuredClone(example);
}
