export { NotionApiError } from "./errors.js";
export * from "./fake.js";
export * from "./props.js";
export type {
  DataSourceSchemaInput,
  OptionInput,
  PropertySchemaInput,
  SelectColor,
  StatusGroupName,
  StatusOptionInput,
} from "./schema.js";
export { environmentsSchema } from "./schema.js";
export { notionSpecPath } from "./spec.js";
