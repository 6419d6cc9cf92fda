/**
 * The sandbox that runs method source: a warm Deno child process started
 * with no permissions at all (`deno run --no-prompt`, no `--allow-*` flag,
 * empty environment), a V8 heap cap (`--max-old-space-size`) and, where a
 * POSIX shell is present, a data-segment limit (`ulimit -d`) that stops
 * `ArrayBuffer` bombs outside the heap. Each call runs in a fresh `node:vm`
 * context inside it (no `Deno`, no `eval`), so nothing leaks between calls.
 *
 * Failures are coded: `SANDBOX_TIMEOUT` (past the deadline; the child is
 * killed when it does not stop by itself), `SANDBOX_MEMORY` (heap or buffer
 * cap; a child that died of it is replaced), `SANDBOX_DENIED` (a file,
 * network, env or subprocess API, or code generation), `SANDBOX_ERROR` (the
 * method threw), `SANDBOX_BAD_SOURCE`, `SANDBOX_BAD_RESULT`,
 * `SANDBOX_CRASHED`, `CANCELLED`. The host process is never at risk.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { type JsonValue, SLOT_PATTERN } from "./object.ts";
import { sandboxChildMain } from "./_sandbox_child.ts";

/** Options of {@linkcode Sandbox.start}. */
export interface SandboxOptions {
  /** Wall-clock deadline of one call. @default {2000} */
  timeoutMs?: number;
  /** V8 heap cap of the child, in MiB. @default {128} */
  memoryMb?: number;
  /** The Deno executable. @default {Deno.execPath()} */
  denoPath?: string;
}

/** One method call. */
export interface SandboxCall {
  /** The method's source (`function <selector>(self, ...args) { … }`). */
  source: string;
  /** The selector (the function's name). */
  selector: string;
  /** A JSON copy of the receiver's slots, passed as `self`. */
  self: Record<string, JsonValue>;
  /** The arguments. */
  args: JsonValue[];
  /** This call's deadline. @default {the sandbox's} */
  timeoutMs?: number | undefined;
  /** Aborts the call (the child is killed): `CANCELLED`. */
  signal?: AbortSignal | undefined;
}

/** What a method answered. */
export interface SandboxAnswer {
  /** Its return value (undefined becomes null). */
  result: JsonValue;
  /** `self` as the method left it. */
  self: Record<string, JsonValue>;
}

interface Pending {
  resolve(answer: Record<string, unknown>): void;
  reject(error: unknown): void;
}

/** Extra time the child gets past the deadline to report a timeout itself before it is killed. */
const GRACE_MS = 1000;
/** How long a new child may take to start (a loaded machine is slow); the call deadline starts after. */
const STARTUP_MS = 60_000;
/** Address space the Deno runtime itself reserves, on top of the heap cap (`ulimit -d`). */
const RUNTIME_DATA_MB = 560;

/** One warm child process. */
class Child {
  readonly process: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #pending = new Map<number, Pending>();
  readonly exited: Promise<void>;
  /** Resolves when the child has said it is ready. */
  readonly ready: Promise<void>;
  #onReady: () => void = () => {};
  stderr = "";
  alive = true;

  constructor(argv: string[]) {
    this.process = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      clearEnv: true,
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...denoDirEnv() },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.process.stdin.getWriter();
    this.ready = new Promise((resolve) => (this.#onReady = resolve));
    const reading = Promise.all([this.#readAnswers(), this.#readStderr()]);
    this.exited = reading.then(() => this.process.status).then(() => {
      this.alive = false;
      const error = this.#deathError();
      for (const p of this.#pending.values()) p.reject(error);
      this.#pending.clear();
    });
  }

  request(id: number, line: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#writer.write(new TextEncoder().encode(line + "\n")).catch(() => {});
    });
  }

  kill(): void {
    try {
      this.process.kill("SIGKILL");
    } catch { /* already gone */ }
  }

  async close(): Promise<void> {
    await this.#writer.close().catch(() => {});
    await this.exited;
  }

  #deathError(): KitError {
    if (/out of memory|heap limit|allocation failed/i.test(this.stderr)) {
      return new KitError("SANDBOX_MEMORY", "The method ran out of memory; its process was ended");
    }
    return new KitError(
      "SANDBOX_CRASHED",
      `The sandbox process ended unexpectedly${
        this.stderr ? `: ${this.stderr.trim().split("\n").slice(-3).join(" / ")}` : ""
      }`,
    );
  }

  async #readAnswers(): Promise<void> {
    let buffered = "";
    for await (const text of this.process.stdout.pipeThrough(new TextDecoderStream())) {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let answer: Record<string, unknown>;
        try {
          answer = JSON.parse(line);
        } catch {
          continue;
        }
        if (answer.ready === true) {
          this.#onReady();
          continue;
        }
        const pending = this.#pending.get(Number(answer.id));
        this.#pending.delete(Number(answer.id));
        pending?.resolve(answer);
      }
    }
  }

  async #readStderr(): Promise<void> {
    for await (const text of this.process.stderr.pipeThrough(new TextDecoderStream())) {
      this.stderr = (this.stderr + text).slice(-8192);
    }
  }
}

/**
 * A warm, zero-permission sandbox process for method calls; calls run one at
 * a time. Close it when done (`await using` works).
 *
 * @example Run a method on a copy of a receiver's slots
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sandbox } from "./sandbox.ts";
 * await using sandbox = Sandbox.start({ timeoutMs: 5000 });
 * const answer = await sandbox.call({
 *   source: "function bump(self, by) { self.n += by; return self.n; }",
 *   selector: "bump", self: { n: 1 }, args: [2],
 * });
 * assert.deepEqual(answer, { result: 3, self: { n: 3 } });
 * ```
 *
 * @example Touching the file system is denied with a code
 * ```ts
 * import assert from "node:assert/strict";
 * import { Sandbox } from "./sandbox.ts";
 * await using sandbox = Sandbox.start({ timeoutMs: 5000 });
 * await assert.rejects(sandbox.call({
 *   source: "function peek(self) { return Deno.readTextFileSync('/etc/passwd'); }",
 *   selector: "peek", self: {}, args: [],
 * }), { code: "SANDBOX_DENIED" });
 * ```
 */
export class Sandbox implements AsyncDisposable {
  /** The deadline of one call, in ms. */
  readonly timeoutMs: number;
  /** The heap cap, in MiB. */
  readonly memoryMb: number;
  readonly #argv: string[];
  #child: Child | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #closed = false;

  private constructor(options: SandboxOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.memoryMb = options.memoryMb ?? 128;
    this.#argv = childArgv(options.denoPath ?? Deno.execPath(), this.memoryMb);
  }

  /**
   * Starts the sandbox and its warm child process.
   *
   * @param options Deadline, memory cap, Deno executable.
   * @returns The sandbox.
   */
  static start(options: SandboxOptions = {}): Sandbox {
    const sandbox = new Sandbox(options);
    sandbox.#child = new Child(sandbox.#argv);
    return sandbox;
  }

  /**
   * Runs one method on a JSON copy of a receiver's slots.
   *
   * @param call Source, selector, receiver slots, arguments, deadline, signal.
   * @returns The answer and the receiver's slots as the method left them.
   * @throws {KitError} A `SANDBOX_*` code (see the module doc), or `CANCELLED`.
   */
  call(call: SandboxCall): Promise<SandboxAnswer> {
    const run = this.#queue.then(() => this.#run(call));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** Ends the child process; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue;
    await this.#child?.close();
    this.#child = undefined;
  }

  /** Closes the sandbox (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #started(child: Child, signal: AbortSignal | undefined): Promise<void> {
    try {
      await startedChild(child, signal);
    } catch (error) {
      await child.exited;
      if (!this.#closed) this.#child = new Child(this.#argv);
      throw error;
    }
  }

  async #run(call: SandboxCall): Promise<SandboxAnswer> {
    if (this.#closed) throw new TypeError("The sandbox is closed");
    if (!SLOT_PATTERN.test(call.selector)) {
      throw new KitError("SANDBOX_BAD_SOURCE", `Selector ${call.selector} is not an identifier`);
    }
    if (call.signal?.aborted) throw cancelled(call.signal);
    if (!this.#child?.alive) this.#child = new Child(this.#argv);
    const child = this.#child;
    await this.#started(child, call.signal);
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const id = this.#nextId++;
    const line = JSON.stringify({
      id,
      source: call.source,
      selector: call.selector,
      input: JSON.stringify({ self: call.self, args: call.args }),
      timeout_ms: timeoutMs,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill();
        reject(
          new KitError("SANDBOX_TIMEOUT", `The method did not finish within ${timeoutMs} ms`, {
            details: { timeout_ms: timeoutMs },
          }),
        );
      }, timeoutMs + GRACE_MS);
      onAbort = () => {
        child.kill();
        reject(cancelled(call.signal!));
      };
      call.signal?.addEventListener("abort", onAbort, { once: true });
    });
    let answer: Record<string, unknown>;
    try {
      answer = await Promise.race([child.request(id, line), stop]);
    } catch (error) {
      await child.exited;
      if (!this.#closed) this.#child = new Child(this.#argv); // warm again for the next call
      throw error;
    } finally {
      clearTimeout(timer);
      if (onAbort) call.signal?.removeEventListener("abort", onAbort);
    }
    if (answer.ok !== true) {
      throw new KitError(String(answer.code ?? "SANDBOX_ERROR"), String(answer.message), {
        details: { selector: call.selector },
      });
    }
    return parseOutput(String(answer.output));
  }
}

/** Waits until the child is ready (its start does not count against a call's deadline). */
function startedChild(child: Child, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill();
      reject(new KitError("SANDBOX_CRASHED", `The sandbox did not start within ${STARTUP_MS} ms`));
    }, STARTUP_MS);
    onAbort = () => {
      child.kill();
      reject(cancelled(signal!));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    child.exited.then(() => reject(new KitError("SANDBOX_CRASHED", "The sandbox exited at start")));
  });
  failed.catch(() => {}); // settles after the race too (the child exits at close): not an error then
  return Promise.race([child.ready, failed]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  });
}

function parseOutput(output: string): SandboxAnswer {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch {
    throw new KitError("SANDBOX_BAD_RESULT", "The method's answer is not valid JSON");
  }
  const v = value as { result?: JsonValue; self?: unknown };
  if (v === null || typeof v !== "object" || typeof v.self !== "object" || v.self === null) {
    throw new KitError(
      "SANDBOX_BAD_RESULT",
      "The method replaced self with something not an object",
    );
  }
  if (Array.isArray(v.self)) {
    throw new KitError("SANDBOX_BAD_RESULT", "The method turned self into an array");
  }
  return { result: v.result ?? null, self: v.self as Record<string, JsonValue> };
}

function cancelled(signal: AbortSignal): KitError {
  return new KitError("CANCELLED", "The method call was cancelled", { cause: signal.reason });
}

function childArgv(deno: string, memoryMb: number): string[] {
  const program = `import vm from "node:vm";\n(${sandboxChildMain.toString()})(vm);\n`;
  const url = `data:application/javascript;base64,${btoa(program)}`;
  const run = [
    deno,
    "run",
    "--no-prompt",
    "--no-config",
    "--no-lock",
    "--no-remote",
    "--no-npm",
    "--quiet",
    `--v8-flags=--max-old-space-size=${memoryMb}`,
    url,
  ];
  if (Deno.build.os === "windows") return run;
  const dataKb = (memoryMb + RUNTIME_DATA_MB) * 1024;
  return ["/bin/sh", "-c", 'ulimit -d "$0" 2>/dev/null; exec "$@"', String(dataKb), ...run];
}

function denoDirEnv(): Record<string, string> {
  try {
    const dir = Deno.env.get("DENO_DIR");
    return dir ? { DENO_DIR: dir } : {};
  } catch {
    return {};
  }
}
