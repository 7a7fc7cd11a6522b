/**
 * A port whose client is built on first use: the SDK behind it (CodeDeploy, CloudWatch,
 * Scheduler…) is loaded only by the runs that call it, so an action starts as fast as its inputs
 * can be read. Every method of a port is async, so each call waits for the load, then forwards.
 */
export function lazyPort<T extends object>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  return new Proxy({} as T, {
    get(_target, name) {
      if (typeof name !== "string" || name === "then") return undefined;
      return async (...args: unknown[]) => {
        loading ??= load();
        const port = (await loading) as Record<string, (...rest: unknown[]) => unknown>;
        const method = port[name];
        if (typeof method !== "function") throw new TypeError(`the port has no method ${name}`);
        return method.apply(port, args);
      };
    },
  });
}
