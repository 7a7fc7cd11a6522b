import { extractNotionId } from "@notionhq/client";
import { InputError, Inputs, type InputTable } from "@sre-actions/core";
import { expandEnvironments } from "./environment-list.js";
import { FIELD_NAMES, FIELDS, type Field, type PropertyMap } from "./fields.js";

/** The public contract: input names, required flags and defaults exactly as in action.yml. */
export const INPUTS = {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression shown as the example
  "notion-token": { required: true, secret: true, example: "${{ secrets.NOTION_TOKEN }}" },
  // Required by every mode but setup, which can create the database under parent-page instead.
  database: { example: "https://www.notion.so/acme/Environments-0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
  "data-source": {},
  mode: { default: "deploy" },
  environment: {},
  "deploy-status": { default: "deployed" },
  "reserve-for": { default: "3d", example: "3d" },
  "reserved-until": {},
  "on-conflict": { default: "warn" },
  "property-map": {},
  "user-map": {},
  timezone: { default: "UTC" },
  "fail-on-error": { default: "false" },
  comment: { default: "true" },
  "allowed-associations": { default: "OWNER,MEMBER,COLLABORATOR", example: "OWNER,MEMBER,COLLABORATOR" },
  "allow-force": { default: "false" },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml spells it
  "github-token": { default: "${{ github.token }}", secret: true },
  "parent-page": { example: "https://www.notion.so/acme/Platform-1a2b3c4d5e6f708192a3b4c5d6e7f809" },
  environments: { default: "qa1..qa10,pre-prod", example: "qa1..qa10,pre-prod" },
} as const satisfies InputTable;

export const OUTPUTS = [
  "page-id",
  "page-url",
  "conflict",
  "holder",
  "reserved-until",
  "environments",
  "database",
] as const;
export type OutputName = (typeof OUTPUTS)[number];

export const MODES = ["deploy", "release", "extend", "status", "sweep", "command", "setup"] as const;
export type Mode = (typeof MODES)[number];
export const DEPLOY_STATUSES = ["deployed", "deploying", "failed"] as const;
export type DeployStatus = (typeof DEPLOY_STATUSES)[number];
export const CONFLICT_POLICIES = ["warn", "fail", "override"] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** GitHub's author_association values (who a commenter is to the repository). */
export const ASSOCIATIONS = [
  "OWNER",
  "MEMBER",
  "COLLABORATOR",
  "CONTRIBUTOR",
  "FIRST_TIME_CONTRIBUTOR",
  "FIRST_TIMER",
  "MANNEQUIN",
  "NONE",
] as const;
export type Association = (typeof ASSOCIATIONS)[number];

/** A Notion user for a GitHub login: an id we can write directly, or an email looked up once. */
export type NotionUserRef = { id: string } | { email: string };

/** mode setup: complete `database`, or create one under `parentPageId`; one row per environment. */
export interface SetupInputs {
  databaseId: string | undefined;
  parentPageId: string | undefined;
  environments: string[];
}

export interface NotionEnvStatusInputs {
  notionToken: string;
  /** The database every mode but setup works on (setup reads `setup.databaseId`; "" there when creating one). */
  databaseId: string;
  dataSource: { id: string } | { name: string } | undefined;
  mode: Mode;
  environment: string | undefined;
  deployStatus: DeployStatus;
  reserveForMs: number;
  reservedUntil: Date | undefined;
  onConflict: ConflictPolicy;
  propertyMap: PropertyMap;
  userMap: Map<string, NotionUserRef>;
  timeZone: string;
  failOnError: boolean;
  comment: boolean;
  /** mode command: whose comments are obeyed. */
  allowedAssociations: Association[];
  /** mode command: whether `--force` may take over another PR's reservation. */
  allowForce: boolean;
  githubToken: string | undefined;
  setup: SetupInputs | undefined;
}

type NotionEnvStatusInputReader = Inputs<typeof INPUTS>;
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_RESERVATION_MS = 365 * 86_400_000;

/** Reads and validates every input; throws an InputError before anything touches Notion. */
export function parseInputs(
  inputs: NotionEnvStatusInputReader = new Inputs(INPUTS),
  now = Date.now(),
): NotionEnvStatusInputs {
  const notionToken = inputs.secret("notion-token");
  const mode = inputs.enum("mode", MODES);
  const setup = mode === "setup" ? parseSetup(inputs) : undefined;
  const database = inputs.string("database");
  if (database === undefined && setup === undefined) {
    throw new InputError("database", "is required", inputs.example("database"));
  }
  const databaseId = database === undefined ? "" : extractNotionId(database);
  if (databaseId === null) {
    throw new InputError(
      "database",
      `must be a Notion database URL or ID (32 hex digits); got "${database}"`,
      inputs.example("database"),
    );
  }
  const environment = inputs.string("environment");
  if (environment === undefined && (mode === "deploy" || mode === "extend")) {
    throw new InputError("environment", `is required when mode is ${mode}`, "qa3");
  }
  // A line break or other control character in a row title is a copy-paste slip, not a name.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (environment !== undefined && /[\u0000-\u001f\u007f]/.test(environment)) {
    throw new InputError("environment", "must be one environment name on one line", "qa3");
  }
  if (environment !== undefined && environment.length > 200) {
    throw new InputError(
      "environment",
      `must be a row title of at most 200 characters; got ${environment.length}`,
      "qa3",
    );
  }

  const timeZone = inputs.timeZone("timezone");
  const reserveForMs = inputs.duration("reserve-for");
  if (reserveForMs > MAX_RESERVATION_MS) throw new InputError("reserve-for", "must be at most 365d", "3d");
  const reservedUntil = inputs.dateTime("reserved-until", timeZone);
  if (reservedUntil !== undefined && reservedUntil.getTime() <= now) {
    throw new InputError(
      "reserved-until",
      `must be in the future; got ${reservedUntil.toISOString()}`,
      "2026-12-24T18:00+09:00",
    );
  }

  return {
    notionToken,
    databaseId,
    dataSource: parseDataSource(inputs.string("data-source")),
    mode,
    environment,
    deployStatus: inputs.enum("deploy-status", DEPLOY_STATUSES),
    reserveForMs,
    reservedUntil,
    onConflict: inputs.enum("on-conflict", CONFLICT_POLICIES),
    propertyMap: parsePropertyMap(inputs),
    userMap: parseUserMap(inputs),
    timeZone,
    failOnError: inputs.boolean("fail-on-error"),
    comment: inputs.boolean("comment"),
    allowedAssociations: parseAssociations(inputs),
    allowForce: inputs.boolean("allow-force"),
    githubToken: inputs.secret("github-token"),
    setup: setup === undefined ? undefined : { ...setup, databaseId: databaseId || undefined },
  };
}

/** mode setup: where the database is (parent-page to create it, or database to complete it) and its rows. */
function parseSetup(inputs: NotionEnvStatusInputReader): Omit<SetupInputs, "databaseId"> {
  const parent = inputs.string("parent-page");
  const hasDatabase = inputs.isSet("database");
  if (parent === undefined && !hasDatabase) {
    throw new InputError(
      "parent-page",
      "is required when mode is setup and no database is given: the page to create the database under",
      inputs.example("parent-page"),
    );
  }
  if (parent !== undefined && hasDatabase) {
    throw new InputError(
      "parent-page",
      "cannot be combined with database: give parent-page to create the database, or database to complete an existing one",
      inputs.example("parent-page"),
    );
  }
  const parentPageId = parent === undefined ? undefined : extractNotionId(parent);
  if (parentPageId === null) {
    throw new InputError(
      "parent-page",
      `must be a Notion page URL or ID (32 hex digits); got "${parent}"`,
      inputs.example("parent-page"),
    );
  }
  const expanded = expandEnvironments(inputs.string("environments"));
  if ("problem" in expanded) {
    throw new InputError("environments", expanded.problem, inputs.example("environments"));
  }
  return { parentPageId, environments: expanded.names };
}

function parseAssociations(inputs: NotionEnvStatusInputReader): Association[] {
  const values = inputs.list("allowed-associations").map((value) => value.toUpperCase());
  const unknown = values.filter((value) => !(ASSOCIATIONS as readonly string[]).includes(value));
  if (unknown.length > 0 || values.length === 0) {
    throw new InputError(
      "allowed-associations",
      `must list author associations (${ASSOCIATIONS.join(", ")}); got "${inputs.string("allowed-associations")}"`,
      inputs.example("allowed-associations"),
    );
  }
  return values as Association[];
}

/** A data source ID (or URL) when it parses as one, else a name to look up in the database. */
function parseDataSource(value: string | undefined): NotionEnvStatusInputs["dataSource"] {
  if (value === undefined) return undefined;
  const id = /^[\w:/.?=&#-]+$/.test(value) ? extractNotionId(value) : null;
  return id === null ? { name: value } : { id };
}

function parsePropertyMap(inputs: NotionEnvStatusInputReader): PropertyMap {
  const example = "status=State\nnote=";
  const given = inputs.map("property-map", {
    example,
    checkKey: (key) =>
      FIELD_NAMES.includes(key as Field) ? undefined : `"${key}" is not a field; fields: ${FIELD_NAMES.join(", ")}`,
  });
  const map = Object.fromEntries(FIELD_NAMES.map((field) => [field, FIELDS[field].column])) as PropertyMap;
  for (const [key, column] of given) {
    const field = key as Field;
    if (column === "" && FIELDS[field].required) {
      throw new InputError("property-map", `cannot switch off "${field}": the action needs that column`, example);
    }
    map[field] = column === "" ? undefined : column;
  }
  const seen = new Map<string, Field>();
  for (const field of FIELD_NAMES) {
    const column = map[field];
    if (column === undefined) continue;
    const other = seen.get(column);
    if (other !== undefined) {
      throw new InputError("property-map", `maps both "${other}" and "${field}" to the column "${column}"`, example);
    }
    seen.set(column, field);
  }
  return map;
}

function parseUserMap(inputs: NotionEnvStatusInputReader): Map<string, NotionUserRef> {
  const example = "octocat=0c5a2f7e-1b3d-4e6f-8a9b-0c1d2e3f4a5b or octocat=octo@example.com";
  const lines = inputs.map("user-map", {
    example,
    checkKey: (key) => (GITHUB_LOGIN.test(key) ? undefined : `"${key}" is not a GitHub login`),
  });
  const map = new Map<string, NotionUserRef>();
  for (const [login, value] of lines) {
    if (EMAIL.test(value)) {
      map.set(login.toLowerCase(), { email: value.toLowerCase() });
      continue;
    }
    const id = extractNotionId(value);
    if (id === null) {
      throw new InputError(
        "user-map",
        `has "${value}" for ${login}, which is neither a Notion user ID nor an email`,
        example,
      );
    }
    map.set(login.toLowerCase(), { id });
  }
  return map;
}
