import type { IncidentLabelMetricsInputs } from "./inputs.js";

/** The workflow `permissions:` a run with these inputs needs, as the README lists them (for error hints). */
export function permissionsFor(
  inputs: Pick<IncidentLabelMetricsInputs, "mode" | "deploymentSource" | "incidentSource" | "comment">,
): string {
  const needs = new Set(["contents: read", "pull-requests: read"]);
  if (inputs.mode === "incident" && inputs.comment) {
    needs.delete("pull-requests: read");
    needs.add("pull-requests: write");
  }
  if (inputs.incidentSource !== "pull-requests") needs.add("issues: read");
  if (inputs.deploymentSource === "deployments") needs.add("deployments: read");
  if (inputs.deploymentSource === "workflow-runs") needs.add("actions: read");
  return [...needs].join(", ");
}
