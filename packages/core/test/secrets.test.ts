import { describe, expect, it } from "vitest";
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
