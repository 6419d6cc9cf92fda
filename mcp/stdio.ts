/**
 * The stdio transport: one server on stdin/stdout for a client that starts
 * the kit as a subprocess. Nothing but protocol goes to stdout.
 *
 * @module
 */
import process from "node:process";
import type { OpContext } from "../ops/context.ts";
import { type CreatedServer, createServer } from "./server.ts";
import { StdioServerTransport } from "./sdk.ts";

/** Options of {@linkcode serveStdio}. */
export interface ServeStdioOptions {
  /** Stops serving when aborted. */
  signal?: AbortSignal;
  /** Builds the server. @default {createServer} */
  createServer?: (deps: OpContext) => CreatedServer;
}

/**
 * Serves MCP over this process's stdin and stdout until stdin ends, the
 * client closes the connection, or `signal` aborts.
 *
 * @param deps Shared server dependencies.
 * @param options Stop signal and server factory.
 * @returns Resolves once the server is closed.
 *
 * @example
 * ```ts ignore
 * await serveStdio(createContext(config, { door: "mcp" }), { signal });
 * ```
 */
export async function serveStdio(deps: OpContext, options: ServeStdioOptions = {}): Promise<void> {
  const { server, cleanup } = (options.createServer ?? createServer)(deps);
  const transport = new StdioServerTransport();
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  const onEnd = () => resolve();
  transport.onclose = onEnd;
  process.stdin.on("end", onEnd);
  process.stdin.on("close", onEnd);
  options.signal?.addEventListener("abort", onEnd, { once: true });
  if (options.signal?.aborted) resolve();
  try {
    await server.connect(transport);
    await closed;
  } finally {
    process.stdin.off("end", onEnd);
    process.stdin.off("close", onEnd);
    options.signal?.removeEventListener("abort", onEnd);
    await cleanup().catch(() => {});
    process.stdin.pause();
    process.stdin.unref?.();
  }
}
