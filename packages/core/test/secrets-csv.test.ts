import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../src/csv.js";
import { branchNameProblem } from "../src/git.js";
import { looksSecret, SECRET_WORDS } from "../src/secrets.js";

describe("looksSecret", () => {
  // The names from the leak report first, then one per secret word, then the shapes people write.
  it.each([
    "RAILS_MASTER_KEY",
    "JWT_SIGNING_KEY",
    "SECRET_KEY_BASE",
    "GITHUB_TOKEN",
    "DB_PASSWORD",
    "DB_PASS",
    "MYSQL_PWD",
    "REDIS_PASSWD",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "AWS_SECRET_ACCESS_KEY",
    "PRIVATE_KEY_PEM",
    "SIGNING_SECRET",
    "TLS_CERT",
    "CLIENT_CERTIFICATE",
    "BASIC_AUTH",
    "OAUTH_CLIENT_ID",
    "SENTRY_DSN",
    "COOKIE_SECRET",
    "PASSWORD_SALT",
    "SESSION_STORE",
    "DATABASE_URL",
    "apiKey",
    "stripeApiKeys",
    "authToken",
    "x-api-key",
    "app.secret",
    "APIKEY",
    "KEYS",
    "openai_api_key",
  ])("%s is secret", (name) => {
    expect(looksSecret(name)).toBe(true);
  });

  it.each([
    "RAILS_ENV",
    "NODE_ENV",
    "PORT",
    "LOG_LEVEL",
    "DATABASE_HOST",
    "DATABASE_NAME",
    "AWS_REGION",
    "TZ",
    "WEB_CONCURRENCY",
    "FEATURE_FLAGS",
    "RAILS_MAX_THREADS",
    "BUNDLE_WITHOUT",
    "APP_VERSION",
    "S3_BUCKET",
  ])("%s is not secret", (name) => {
    expect(looksSecret(name)).toBe(false);
  });

  it("matches every documented word on its own, in either case", () => {
    for (const word of SECRET_WORDS) {
      expect(looksSecret(word)).toBe(true);
      expect(looksSecret(`APP_${word.toLowerCase()}`)).toBe(true);
    }
  });
});

describe("csvCell", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r=1", '"\'\r=1"'],
    ["Fix: a, b", '"Fix: a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["plain", "plain"],
    ["", ""],
  ])("%j → %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it("writes numbers, booleans and empty values as data", () => {
    expect(csvRow([-1.5, 0, true, undefined, null, "x"])).toBe("-1.5,0,true,,,x");
  });
});

describe("branchNameProblem", () => {
  it.each(["main", "release/2026-11", "feature/JIRA-123_fix", "v1.2.3", "@x"])("%s is a branch name", (name) => {
    expect(branchNameProblem(name)).toBeUndefined();
  });
  it.each([
    "",
    "main\nprod",
    "main\r",
    "a..b",
    "../etc",
    "has space",
    "a~1",
    "a^",
    "a:b",
    "a?",
    "a*",
    "a[",
    "a\\b",
    "-main",
    "/main",
    "main/",
    "main.",
    "main.lock",
    "a//b",
    "a@{1}",
    "@",
    "a/.hidden",
  ])("%j is not", (name) => {
    expect(branchNameProblem(name)).toBeDefined();
  });
});
