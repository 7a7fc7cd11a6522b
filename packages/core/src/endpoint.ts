import { ActionError } from "./errors.js";

/**
 * The opt-in that lets an environment variable point a client at a non-loopback endpoint (a proxy
 * you trust). Without it, an endpoint override (`NOTION_API_BASE_URL`, `DATADOG_API_URL`, a
 * `GITHUB_API_URL` the runner did not derive) must be loopback: a workflow `env:` — or anything
 * that can set one — cannot send a token to a host of its choosing.
 */
export const ENDPOINT_OVERRIDE_OPT_IN = "SRE_ACTIONS_ALLOW_ENDPOINT_OVERRIDE";

/** 127.0.0.0/8, ::1 and localhost: where tests, the demo and local fakes listen. */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export interface EndpointOverride {
  /** The variable read, for the message (`NOTION_API_BASE_URL`). */
  variable: string;
  /** Hosts that are the service's own and always allowed (`https://api.notion.com`). */
  official?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The base URL an environment variable overrides, or undefined when it is not set. Accepted:
 * the service's official URLs, loopback, or anything when `SRE_ACTIONS_ALLOW_ENDPOINT_OVERRIDE=true`.
 * Anything else fails before a request carries a key.
 */
export function endpointOverride(options: EndpointOverride): string | undefined {
  const env = options.env ?? process.env;
  const raw = env[options.variable]?.trim();
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ActionError(`${options.variable} must be a URL like http://127.0.0.1:8080; got "${raw.slice(0, 80)}".`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ActionError(`${options.variable} must be an http(s) URL; got "${raw.slice(0, 80)}".`);
  }
  const official = (options.official ?? []).some((allowed) => new URL(allowed).origin === url.origin);
  if (official || isLoopbackUrl(url) || env[ENDPOINT_OVERRIDE_OPT_IN]?.trim() === "true") return raw;
  throw new ActionError(
    `${options.variable} points to ${url.origin}, which is neither the service's own address nor loopback: the token would go there.`,
    {
      hint: `Unset ${options.variable}, point it at 127.0.0.1 for a local fake, or set ${ENDPOINT_OVERRIDE_OPT_IN}=true in the step's env if it is a proxy you trust.`,
    },
  );
}
