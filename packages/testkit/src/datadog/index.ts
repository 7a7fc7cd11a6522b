export {
  DATADOG_FAKE_API_KEY,
  DATADOG_FAKE_APP_KEY,
  DATADOG_SCOPES,
  DatadogFake,
  type DatadogFakeOptions,
  type DatadogScope,
  DOCUMENTED_DORA_ID,
  DOCUMENTED_DORA_RETENTION_MS,
  type DoraRecord,
  type LogSeed,
  type MonitorSeed,
} from "./fake.js";
export { type ApiVersion, modelProblems, officialDatadogModule } from "./models.js";
