import type { DataSourceObjectResponse } from "@notionhq/client";
import { ActionError, type Clock, exactlyOnce, type Logger, logText } from "@sre-actions/core";
import { openDataSource } from "../data-source.js";
import type { PropertyMap } from "../fields.js";
import type { NotionEnvStatusInputs, SetupInputs } from "../inputs.js";
import { type DatabaseSummary, NotionFailure, type NotionPort } from "../notion-api.js";
import type { NotionEnvStatusResult } from "../result.js";
import { type ColumnPlan, freeStatusValue, initialColumns, type NewColumn, planSetup } from "../setup-plan.js";

/** The title setup gives the database it creates, and looks for under parent-page on a later run. */
export const DATABASE_TITLE = "Environments";
/** Notion's query and block indexes can trail a write by a moment: wait before reading back. */
const INDEX_LAG_MS = 2_000;

export interface SetupDeps {
  notion: NotionPort;
  clock: Clock;
  log: Logger;
}

/** What mode setup did, for the log, the summary and the `database` output. */
export interface SetupReport {
  databaseId: string;
  /** The value of NOTION_ENVIRONMENTS_DATABASE. */
  databaseUrl: string;
  dataSourceId: string;
  /** The database was created by this run (else found under parent-page, or given). */
  createdDatabase: boolean;
  columns: ColumnPlan[];
  rowsCreated: string[];
  rowsPresent: string[];
  /** What only a person can fix; the step fails when there is any. */
  problems: string[];
}

/**
 * mode setup: find or create the environments database, add the columns and Status options it
 * lacks, and one row per environment. Idempotent: a second run reads, finds everything and writes
 * nothing; a create whose answer is lost is read back (by title) before it is sent again.
 */
export async function setUp(
  inputs: Pick<NotionEnvStatusInputs, "setup" | "dataSource" | "propertyMap" | "userMap" | "timeZone">,
  deps: SetupDeps,
): Promise<NotionEnvStatusResult> {
  const { setup } = inputs;
  if (setup === undefined) throw new ActionError("mode setup needs its inputs (parent-page or database)");
  const base = {
    mode: "setup" as const,
    environment: undefined,
    pullRequest: undefined,
    apiCallsAfterResolve: 0,
    freeStatus: "Free",
    now: deps.clock.now(),
    timeZone: inputs.timeZone,
    rows: [],
  };
  try {
    const report = await runSetup(setup, inputs, deps);
    const changed = report.createdDatabase || report.rowsCreated.length > 0 || report.columns.some(isChange);
    const outcome = changed
      ? `${report.createdDatabase ? "Created" : "Completed"} the environments database: ${describeChanges(report)}`
      : "The environments database already has every column and row: nothing changed";
    deps.log.info(`${outcome}.`);
    deps.log.info(
      `Set the repository variable NOTION_ENVIRONMENTS_DATABASE to ${report.databaseUrl}\n  gh variable set NOTION_ENVIRONMENTS_DATABASE --body "${report.databaseUrl}"`,
    );
    const failure =
      report.problems.length === 0
        ? undefined
        : {
            message: `Setup could not fix ${report.problems.length} thing${report.problems.length === 1 ? "" : "s"} in the database:\n${report.problems.map((problem) => `- ${problem}`).join("\n")}`,
            hint: "Fix them in Notion (or map the fields with property-map) and run setup again; nothing else needs undoing.",
          };
    return { ...base, outcome, setup: report, apiCalls: deps.notion.calls, failure };
  } catch (error) {
    if (!(error instanceof NotionFailure)) throw error;
    return {
      ...base,
      outcome: `Notion not set up: ${error.message}`,
      apiCalls: deps.notion.calls,
      failure: { message: error.message, hint: error.hint },
    };
  }
}

async function runSetup(
  setup: SetupInputs,
  inputs: Pick<NotionEnvStatusInputs, "dataSource" | "propertyMap" | "userMap">,
  deps: SetupDeps,
): Promise<SetupReport> {
  const { notion, log } = deps;
  const withPeople = inputs.userMap.size > 0;
  const found = await log.group("Find the environments database", () => findDatabase(setup, deps));
  let database: { id: string; url: string };
  let created = false;
  if (found !== undefined) database = found;
  else {
    database = await log.group(`Create the "${DATABASE_TITLE}" database`, () =>
      createDatabase(setup.parentPageId ?? "", initialColumns(inputs.propertyMap, withPeople), deps),
    );
    created = true;
  }
  const { dataSourceId, properties: before } = await openDataSource(
    notion,
    { databaseId: database.id, dataSource: inputs.dataSource },
    log,
  );

  const plan = planSetup(before, inputs.propertyMap, withPeople);
  let properties = before;
  if (Object.keys(plan.update).length > 0) {
    properties = await log.group("Add the missing columns", async () => {
      for (const column of plan.columns.filter(isChange)) {
        log.info(
          `${logText(column.column)}: ${column.state === "add" ? `add as ${column.type}` : `add options ${column.detail}`}`,
        );
      }
      return (await notion.updateDataSource({ data_source_id: dataSourceId, properties: plan.update })).properties;
    });
  }
  for (const problem of plan.problems) log.warning(problem, { title: "Setup cannot fix this" });

  // Rows are found and created by their title: without the right title column there is nothing to match.
  const titleProblem = plan.columns.some((column) => column.field === "environment" && column.state === "cannot-fix");
  const rows = titleProblem
    ? { created: [], present: [] }
    : await log.group("Create the environment rows", () =>
        createRows(setup.environments, dataSourceId, properties, inputs.propertyMap, deps),
      );
  return {
    databaseId: database.id,
    databaseUrl: database.url,
    dataSourceId,
    createdDatabase: created,
    // Columns a new database was created with count as created, not as already there.
    columns: created
      ? plan.columns.map((column) => (column.state === "present" ? { ...column, state: "add" } : column))
      : plan.columns,
    rowsCreated: rows.created,
    rowsPresent: rows.present,
    problems: plan.problems,
  };
}

/** The given database, or the one this setup made under parent-page before (found by title). */
async function findDatabase(setup: SetupInputs, deps: SetupDeps): Promise<{ id: string; url: string } | undefined> {
  // openDataSource reads the database next; its link is derived from the id, as Notion's own is.
  if (setup.databaseId !== undefined) return { id: setup.databaseId, url: databaseUrl(setup.databaseId) };
  const parent = setup.parentPageId ?? "";
  const children = await deps.notion.childDatabases(parent);
  const matches = children.filter((child) => child.title.trim().toLowerCase() === DATABASE_TITLE.toLowerCase());
  const [first] = matches;
  if (first === undefined) {
    deps.log.info(`No "${DATABASE_TITLE}" database on page ${parent} yet.`);
    return undefined;
  }
  if (matches.length > 1) {
    deps.log.warning(
      `Page ${parent} holds ${matches.length} databases titled "${DATABASE_TITLE}"; using the first (${first.id}).`,
    );
  }
  deps.log.info(`Found the "${DATABASE_TITLE}" database on page ${parent} (${first.id}).`);
  return { id: first.id, url: databaseUrl(first.id) };
}

function databaseUrl(id: string): string {
  return `https://www.notion.so/${id.replace(/-/g, "")}`;
}

async function createDatabase(
  parentPageId: string,
  columns: Record<string, NewColumn>,
  deps: SetupDeps,
): Promise<DatabaseSummary> {
  return exactlyOnce({
    what: `create the "${DATABASE_TITLE}" database`,
    attempt: () =>
      deps.notion.createDatabase({
        parent: { type: "page_id", page_id: parentPageId },
        title: [{ type: "text", text: { content: DATABASE_TITLE } }],
        initial_data_source: { properties: columns },
      }),
    readBack: async () => {
      await deps.clock.sleep(INDEX_LAG_MS);
      const children = await deps.notion.childDatabases(parentPageId);
      const made = children.find((child) => child.title === DATABASE_TITLE);
      return made === undefined ? undefined : deps.notion.retrieveDatabase(made.id);
    },
    clock: deps.clock,
    log: deps.log,
  });
}

/** One row per environment the board lacks, in the given order, each created once. */
async function createRows(
  environments: string[],
  dataSourceId: string,
  properties: DataSourceObjectResponse["properties"],
  columns: Pick<PropertyMap, "environment" | "status">,
  deps: SetupDeps,
): Promise<{ created: string[]; present: string[] }> {
  const column = columns.environment ?? "";
  const pages = await deps.notion.query({ data_source_id: dataSourceId });
  const titleOf = (page: (typeof pages)[number]) => {
    const value = page.properties[column];
    return value?.type === "title" ? value.title.map((item) => item.plain_text).join("") : "";
  };
  const existing = new Set(pages.map(titleOf));
  const free = freeStatusValue(properties, columns.status);
  const created: string[] = [];
  for (const environment of environments) {
    if (existing.has(environment)) continue;
    const row = {
      parent: { type: "data_source_id" as const, data_source_id: dataSourceId },
      properties: {
        [column]: { title: [{ type: "text" as const, text: { content: environment } }] },
        ...(free === undefined || columns.status === undefined ? {} : { [columns.status]: free }),
      },
    };
    await exactlyOnce({
      what: `create the ${environment} row`,
      attempt: () => deps.notion.createPage(row),
      readBack: async () => {
        await deps.clock.sleep(INDEX_LAG_MS);
        const [page] = await deps.notion.query({
          data_source_id: dataSourceId,
          filter: { property: column, title: { equals: environment } },
        });
        return page;
      },
      clock: deps.clock,
      log: deps.log,
    });
    deps.log.info(`Row ${logText(environment)} created (Free).`);
    created.push(environment);
  }
  return { created, present: environments.filter((environment) => existing.has(environment)) };
}

function isChange(column: ColumnPlan): boolean {
  return column.state === "add" || column.state === "add-options";
}

function describeChanges(report: SetupReport): string {
  const added = report.columns.filter((column) => column.state === "add").length;
  const options = report.columns.filter((column) => column.state === "add-options").length;
  return [
    added > 0 && `${added} column${added === 1 ? "" : "s"} ${report.createdDatabase ? "" : "added"}`.trim(),
    options > 0 && "Status options added",
    report.rowsCreated.length > 0 &&
      `${report.rowsCreated.length} row${report.rowsCreated.length === 1 ? "" : "s"} created`,
  ]
    .filter(Boolean)
    .join(", ");
}
