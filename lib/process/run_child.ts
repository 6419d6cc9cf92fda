/**
 * `runChild`: one child process with a deadline, an output cap, a controlled
 * environment, a working folder, an abort signal and (on request) no network.
 * Generic on purpose: `boot --exec` runs a bundle's Python launcher with it,
 * the living-image sandbox a zero-permission Deno subprocess.
 *
 * @module
 */
import { unsharePrefix } from "./network.ts";

/** Options of {@linkcode runChild}. */
export interface RunChildOptions {
  /** Working folder of the child. @default {the current folder} */
  cwd?: string;
  /** Environment of the child (with `clearEnv`, the whole environment). @default {{}} */
  env?: Record<string, string>;
  /** Start from an empty environment instead of inheriting this process's. @default {true} */
  clearEnv?: boolean;
  /** Kill the child (SIGKILL) after this many milliseconds. @default {30000} */
  timeoutMs?: number;
  /** Keep at most this many bytes of output (stdout and stderr together); the rest is dropped. @default {4194304} */
  maxOutputBytes?: number;
  /** Bytes (or text, UTF-8) written to the child's stdin, which is then closed; without it stdin is null. */
  stdin?: Uint8Array | string;
  /**
   * `deny` runs the child in a fresh network namespace (`unshare -n`, else `unshare -rn`)
   * and, where none can be made, points the proxy variables nowhere (`env_only`);
   * `inherit` leaves the network alone. @default {"inherit"}
   */
  network?: "deny" | "inherit";
  /** Kills the child when aborted. */
  signal?: AbortSignal;
}

/** What a child run gave (plain JSON data). */
export interface ChildResult {
  /** The command as started (with the `unshare` prefix when one was used). */
  command: string[];
  /** Exit code; null when killed by a signal, timed out, aborted or never started. */
  exit_code: number | null;
  /** The signal that ended the child (`SIGKILL`, …), when one did. */
  exit_signal: string | null;
  /** Standard output (UTF-8, capped). */
  stdout: string;
  /** Standard error (UTF-8, capped). */
  stderr: string;
  /** stdout and stderr interleaved in arrival order (capped). */
  output: string;
  /** Output beyond `maxOutputBytes` was dropped. */
  truncated: boolean;
  /** Killed at the deadline. */
  timed_out: boolean;
  /** Killed because the signal aborted. */
  aborted: boolean;
  /** The deadline applied. */
  timeout_ms: number;
  /** Wall time in milliseconds. */
  duration_ms: number;
  /** How the network was cut: `unshare` (own namespace), `env_only` (proxies only), `inherit` (not cut). */
  network: "unshare" | "env_only" | "inherit";
  /** Why the child could not be started (the executable is missing, not executable, …). */
  spawn_error?: string;
}

const PROXY_VARIABLES = ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"];

/**
 * Runs `command[0]` with `command.slice(1)`, never throwing for what the child
 * does: a missing executable is `spawn_error`, the deadline `timed_out`, an
 * abort `aborted` (the child is killed with SIGKILL in both cases).
 *
 * @param command The executable (a name on PATH or a path) and its arguments.
 * @param options Folder, environment, deadline, output cap, stdin, network, signal.
 * @returns Exit status and output.
 * @throws {RangeError} For an empty command (a programming mistake).
 *
 * @example Run a command, read its output
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChild } from "./run_child.ts";
 * const r = await runChild(["sh", "-c", "echo out; echo err >&2; exit 3"], { env: { PATH: "/usr/bin:/bin" } });
 * assert.equal(r.exit_code, 3);
 * assert.equal(r.stdout, "out\n");
 * assert.equal(r.stderr, "err\n");
 * ```
 *
 * @example A missing executable is reported, not thrown
 * ```ts
 * import assert from "node:assert/strict";
 * import { runChild } from "./run_child.ts";
 * const r = await runChild(["no-such-program-xyz"]);
 * assert(r.spawn_error !== undefined && r.exit_code === null);
 * ```
 */
export async function runChild(
  command: readonly string[],
  options: RunChildOptions = {},
): Promise<ChildResult> {
  if (command.length === 0 || !command[0]) throw new RangeError("runChild needs a command");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxOutput = options.maxOutputBytes ?? 4 * 1024 * 1024;
  const env = { ...options.env };
  let network: ChildResult["network"] = "inherit";
  let prefix: string[] = [];
  if (options.network === "deny") {
    const unshare = await unsharePrefix();
    if (unshare) {
      prefix = unshare;
      network = "unshare";
    } else {
      // Best effort without a namespace: proxies that honour these variables lead nowhere.
      for (const name of PROXY_VARIABLES) env[name] = "http://127.0.0.1:9";
      network = "env_only";
    }
  }
  const argv = [...prefix, ...command];
  const result: ChildResult = {
    command: argv,
    exit_code: null,
    exit_signal: null,
    stdout: "",
    stderr: "",
    output: "",
    truncated: false,
    timed_out: false,
    aborted: false,
    timeout_ms: timeoutMs,
    duration_ms: 0,
    network,
  };
  const started = performance.now();
  if (options.signal?.aborted) return { ...result, aborted: true };
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env,
      clearEnv: options.clearEnv ?? true,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ...result, spawn_error: `cannot start ${command[0]}: ${why}` };
  }
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  const timer = setTimeout(() => {
    result.timed_out = true;
    kill();
  }, timeoutMs);
  const onAbort = () => {
    result.aborted = true;
    kill();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const merged: string[] = [];
  const own = { stdout: [] as string[], stderr: [] as string[] };
  let size = 0;
  const pump = async (stream: ReadableStream<Uint8Array>, into: string[]) => {
    const decoder = new TextDecoder();
    for await (let chunk of stream) {
      if (size >= maxOutput) {
        result.truncated = true;
        continue;
      }
      if (size + chunk.length > maxOutput) {
        chunk = chunk.subarray(0, maxOutput - size);
        result.truncated = true;
      }
      size += chunk.length;
      const text = decoder.decode(chunk, { stream: true });
      into.push(text);
      merged.push(text);
    }
    const rest = decoder.decode();
    if (rest) (into.push(rest), merged.push(rest));
  };
  try {
    const feeding = options.stdin === undefined ? Promise.resolve() : feed(child, options.stdin);
    await Promise.all([pump(child.stdout, own.stdout), pump(child.stderr, own.stderr), feeding]);
    const status = await child.status;
    result.exit_code = status.signal === null ? status.code : null;
    result.exit_signal = status.signal;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  result.stdout = own.stdout.join("");
  result.stderr = own.stderr.join("");
  result.output = merged.join("");
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}

async function feed(child: Deno.ChildProcess, input: Uint8Array | string): Promise<void> {
  const writer = child.stdin.getWriter();
  try {
    await writer.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
    await writer.close();
  } catch { /* the child closed its stdin early: what it read is what it got */ }
}
