import { ActionError } from "@sre-actions/core";
import type { StatusKey } from "./fields.js";
import type { NotionEnvStatusInputs } from "./inputs.js";
import { type CommandRequest, command } from "./modes/command.js";
import { type DeployRequest, deploy } from "./modes/deploy.js";
import { type ExtendRequest, extend } from "./modes/extend.js";
import { type ReleaseRequest, release } from "./modes/release.js";
import { status } from "./modes/status.js";
import { sweep } from "./modes/sweep.js";
import type { ModeResult, Session } from "./session.js";

/** What one run asks of the board: the mode and only the inputs that mode reads. */
export type ModeRequest =
  | ({ mode: "deploy" } & DeployRequest)
  | ({ mode: "extend" } & ExtendRequest)
  | ({ mode: "release" } & ReleaseRequest)
  | { mode: "status" }
  | { mode: "sweep" }
  | ({ mode: "command" } & CommandRequest);

export function modeRequestOf(inputs: NotionEnvStatusInputs): ModeRequest {
  const reservation = { reservedUntil: inputs.reservedUntil, reserveForMs: inputs.reserveForMs };
  const environment = inputs.environment ?? "";
  switch (inputs.mode) {
    case "deploy":
      return {
        mode: "deploy",
        environment,
        deployStatus: inputs.deployStatus,
        reservation,
        onConflict: inputs.onConflict,
      };
    case "extend":
      return { mode: "extend", environment, reservation, onConflict: inputs.onConflict };
    case "release":
      return { mode: "release", environment: inputs.environment };
    case "status":
    case "sweep":
      return { mode: inputs.mode };
    case "command":
      throw new ActionError("mode command takes its request from the comment, not from the inputs");
    case "setup":
      throw new ActionError("mode setup builds the board; it is no request on it");
  }
}

/** Runs one mode over the opened board. */
export function runMode(session: Session, request: ModeRequest): Promise<ModeResult> {
  switch (request.mode) {
    case "deploy":
      return deploy(session, request);
    case "extend":
      return extend(session, request);
    case "release":
      return release(session, request);
    case "status":
      return status(session);
    case "sweep":
      return sweep(session);
    case "command":
      return command(session, request);
  }
}

/** The status options this request writes, which the schema check requires to exist. */
export function neededStatuses(request: ModeRequest): StatusKey[] {
  if (request.mode === "deploy") return [request.deployStatus];
  if (request.mode === "release" || request.mode === "sweep") return ["free"];
  if (request.mode === "command" && request.command.kind === "release") return ["free"];
  return [];
}

/** `deploy qa3`, for log groups and titles. */
export function describeRequest(request: ModeRequest): string {
  if (request.mode === "command") return `/env ${request.command.kind}`;
  return "environment" in request && request.environment ? `${request.mode} ${request.environment}` : request.mode;
}
