import type { DataSourceObjectResponse } from "@notionhq/client";
import { type Logger, logText } from "@sre-actions/core";
import type { NotionEnvStatusInputs } from "./inputs.js";
import { NotionFailure, type NotionPort } from "./notion-api.js";

/**
 * The data source to use and its schema. A data-source ID skips databases.retrieve (its parent
 * is checked instead); otherwise the database's only data source, or the one named.
 */
export async function openDataSource(
  notion: NotionPort,
  inputs: Pick<NotionEnvStatusInputs, "databaseId" | "dataSource">,
  log: Logger,
): Promise<{ dataSourceId: string; properties: DataSourceObjectResponse["properties"] }> {
  const given = inputs.dataSource;
  if (given !== undefined && "id" in given) {
    const dataSource = await notion.retrieveDataSource(given.id);
    const parent = dataSource.parent.type === "database_id" ? dataSource.parent.database_id : undefined;
    if (parent === undefined || compact(parent) !== compact(inputs.databaseId)) {
      throw new NotionFailure(`Data source ${given.id} does not belong to database ${inputs.databaseId}.`, {
        hint: "Set data-source to one of the database's data sources (its ID or name), or leave it empty.",
      });
    }
    return { dataSourceId: dataSource.id, properties: dataSource.properties };
  }
  const database = await notion.retrieveDatabase(inputs.databaseId);
  const list = database.dataSources.map((source) => `"${source.name}" (${source.id})`).join(", ");
  let chosen: { id: string; name: string } | undefined;
  if (given !== undefined) {
    chosen = database.dataSources.find((source) => source.name.toLowerCase() === given.name.toLowerCase());
    if (chosen === undefined) {
      throw new NotionFailure(`The database has no data source named "${given.name}"; it has ${list}.`, {
        hint: "Set data-source to one of those names or IDs.",
      });
    }
  } else if (database.dataSources.length !== 1) {
    throw new NotionFailure(
      `The database has ${database.dataSources.length} data sources: ${list || "none"}. Say which one to use.`,
      { hint: "Set the data-source input to the name or ID of the environments data source." },
    );
  } else chosen = database.dataSources[0];
  if (chosen === undefined) throw new NotionFailure("The database has no data source.");
  log.info(`Data source "${logText(chosen.name)}" (${chosen.id})`);
  const dataSource = await notion.retrieveDataSource(chosen.id);
  return { dataSourceId: dataSource.id, properties: dataSource.properties };
}

function compact(id: string): string {
  return id.replace(/-/g, "").toLowerCase();
}
