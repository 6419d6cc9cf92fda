/**
 * Child-process plumbing of `--exec`: run a command with a deadline and an
 * abort signal, merging stdout and stderr; find a real interpreter; probe for
 * a network namespace.
 *
 * @module
 */
import { delimiter, join } from "node:path";
import { isFile, messageOf } from "./_py.ts";

const MAX_OUTPUT = 4 * 1024 * 1024;

/** What a child run gave. */
export interface ChildRun {
  code: number | null;
  output: string;
  timedOut: boolean;
  aborted: boolean;
  timeoutMs: number;
  spawnError?: string;
}

/** Runs a command (clean env), killing it at the deadline or on abort. */
export async function runChild(
  command: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs: number;
    signal: AbortSignal | undefined;
  },
): Promise<ChildRun> {
  const result: ChildRun = {
    code: null,
    output: "",
    timedOut: false,
    aborted: false,
    timeoutMs: options.timeoutMs,
  };
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(command[0]!, {
      args: command.slice(1),
      cwd: options.cwd,
      env: options.env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    return { ...result, spawnError: `cannot start ${command[0]}: ${messageOf(error)}` };
  }
  const kill = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  const timer = setTimeout(() => {
    result.timedOut = true;
    kill();
  }, options.timeoutMs);
  const onAbort = () => {
    result.aborted = true;
    kill();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  let size = 0;
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      if (size >= MAX_OUTPUT) continue;
      size += chunk.length;
      chunks.push(decoder.decode(chunk, { stream: true }));
    }
  };
  try {
    await Promise.all([pump(child.stdout), pump(child.stderr)]);
    const status = await child.status;
    result.code = status.signal === null ? status.code : null;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
  result.output = chunks.join("");
  return result;
}

const interpreterCache = new Map<string, Promise<string | undefined>>();

/** Resolves an interpreter to the real executable (pyenv shims need the caller's environment). */
export function findInterpreter(name: string): Promise<string | undefined> {
  let cached = interpreterCache.get(name);
  if (!cached) {
    cached = (async () => {
      const candidates = name.includes("/")
        ? [name]
        : (Deno.env.get("PATH") ?? "").split(delimiter).filter(Boolean).map((d) => join(d, name));
      for (const candidate of candidates) {
        if (!(await isFile(candidate))) continue;
        try {
          const out = await new Deno.Command(candidate, {
            args: ["-c", "import sys; print(sys.executable)"],
            stdout: "piped",
            stderr: "null",
          }).output();
          const real = new TextDecoder().decode(out.stdout).trim();
          if (out.success && real) return real;
        } catch { /* not runnable: try the next */ }
      }
      return undefined;
    })();
    interpreterCache.set(name, cached);
  }
  return cached;
}

let unshareCache: Promise<string[] | undefined> | undefined;

/** `["unshare", "-n", "--"]` (or with `-r`) when a network namespace can be created here. */
export function unsharePrefix(): Promise<string[] | undefined> {
  unshareCache ??= (async () => {
    for (const flags of [["-n"], ["-r", "-n"]]) {
      try {
        const out = await new Deno.Command("unshare", {
          args: [...flags, "--", "true"],
          stdout: "null",
          stderr: "null",
        }).output();
        if (out.success) return ["unshare", ...flags, "--"];
      } catch { /* no unshare binary */ }
    }
    return undefined;
  })();
  return unshareCache;
}
