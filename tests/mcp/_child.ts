/**
 * Child Deno processes for the HTTP hardening tests: a server under a lower
 * file-descriptor limit, and a script that must exit on its own.
 *
 * @module
 */
import { delay } from "../../lib/delay.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A running `_serve_child.ts`. */
export interface ServerChild extends AsyncDisposable {
  /** The MCP endpoint. */
  url: string;
  /** The connection cap the server chose. */
  maxConnections: number;
  /** The exit status, once the child has exited. */
  exited(): Deno.CommandStatus | undefined;
}

/**
 * Starts `serveHttp` in a child process whose open-file limit is `fdLimit`.
 *
 * @param fdLimit The `ulimit -n` of the child (soft and hard).
 * @param options `ServeHttpOptions` (JSON-able fields).
 * @returns The child, once it listens.
 */
export async function startServerChild(
  fdLimit: number,
  options: Record<string, unknown>,
): Promise<ServerChild> {
  const child = new Deno.Command("bash", {
    args: [
      "-c",
      `ulimit -n ${fdLimit} && exec "$0" run -A "$1" "$2"`,
      Deno.execPath(),
      `${ROOT}tests/mcp/_serve_child.ts`,
      JSON.stringify(options),
    ],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let status: Deno.CommandStatus | undefined;
  const done = child.status.then((s) => status = s);
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done: ended, value } = await lines.read();
    if (ended) throw new Error(`the server child exited before listening: ${text}`);
    text += value;
  }
  const first = JSON.parse(text.slice(0, text.indexOf("\n"))) as {
    url: string;
    max_connections: number;
  };
  return {
    url: first.url,
    maxConnections: first.max_connections,
    exited: () => status,
    async [Symbol.asyncDispose]() {
      await child.stdin.close().catch(() => {});
      const stopped = await Promise.race([done.then(() => true), delay(10_000).then(() => false)]);
      if (!stopped) child.kill("SIGKILL");
      await done;
      await lines.cancel().catch(() => {});
    },
  };
}

/** How a script child ended. */
export interface ScriptRun {
  /** Exit code, or `undefined` when it had to be killed at the deadline. */
  code: number | undefined;
  /** Standard output. */
  stdout: string;
}

/**
 * Runs a Deno script with arguments and waits up to `deadlineMs` for it to
 * exit; a child still running then is killed (and reported with no code).
 *
 * @param script Path relative to the project root.
 * @param args Arguments.
 * @param deadlineMs How long to wait.
 * @param denoFlags Extra `deno run` flags.
 * @returns Exit code and output.
 */
export async function runScriptWithDeadline(
  script: string,
  args: string[],
  deadlineMs: number,
  denoFlags: string[] = [],
): Promise<ScriptRun> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...denoFlags, `${ROOT}${script}`, ...args],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const output = new Response(child.stdout).text();
  const timer = setTimeout(() => child.kill("SIGKILL"), deadlineMs);
  const status = await child.status;
  clearTimeout(timer);
  return { code: status.signal === null ? status.code : undefined, stdout: await output };
}
