/**
 * The sandbox child's program. {@linkcode sandboxChildMain} is never called in
 * the host: its text (`Function.prototype.toString`, types already stripped)
 * becomes a `data:` module that a zero-permission Deno process runs, so it
 * must not refer to anything outside its own body.
 *
 * Protocol: the child first writes `{"ready":true}`; then one JSON request per stdin line, `{ id, source, selector, input,
 * timeout_ms }` (`input` is the JSON text of `{ self, args }`); one JSON answer
 * per stdout line, `{ id, ok: true, output }` (`output` is the JSON text of
 * `{ result, self }`) or `{ id, ok: false, code, message }`.
 *
 * Each call gets a fresh `node:vm` context: only ECMAScript built-ins (no
 * `Deno`, `fetch`, `console`), no code generation from strings (`eval`,
 * `Function`), microtasks drained inside the deadline. Nothing survives from
 * one call to the next.
 *
 * @module
 */

/** The subset of `node:vm` the child uses. */
export interface VmModule {
  /** Creates a context. */
  createContext(sandbox: object, options: Record<string, unknown>): object;
  /** Runs code in a context. */
  runInContext(code: string, context: object, options: Record<string, unknown>): unknown;
}

/**
 * The child's main loop (runs in the sandbox process only).
 *
 * @param vm The `node:vm` module.
 * @returns Resolves when stdin closes.
 */
export async function sandboxChildMain(vm: VmModule): Promise<void> {
  const DENIED = new Set([
    "Deno",
    "fetch",
    "process",
    "require",
    "XMLHttpRequest",
    "WebSocket",
    "Worker",
    "navigator",
    "location",
    "caches",
    "localStorage",
    "sessionStorage",
    "indexedDB",
    "console",
    "setTimeout",
    "setInterval",
  ]);
  const SELECTOR = /^[A-Za-z_$][A-Za-z0-9_$]{0,127}$/;
  const MAX_OUTPUT = 1024 * 1024;
  const encoder = new TextEncoder();
  globalThis.addEventListener("unhandledrejection", (event) => event.preventDefault());

  const send = (answer: Record<string, unknown>) => {
    const bytes = encoder.encode(JSON.stringify(answer) + "\n");
    let written = 0;
    while (written < bytes.length) written += Deno.stdout.writeSync(bytes.subarray(written));
  };

  const classify = (error: unknown, phase: "define" | "call") => {
    const e = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown };
    const name = String(e.name ?? "Error");
    const message = String(e.message ?? error);
    if (e.code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      return { code: "SANDBOX_TIMEOUT", message: `The method ran past its deadline: ${message}` };
    }
    if (
      name === "RangeError" &&
      /allocation failed|Invalid (string|array|typed array) length|out of memory/i.test(message)
    ) {
      return { code: "SANDBOX_MEMORY", message: `The method ran out of memory: ${message}` };
    }
    if (name === "EvalError" || name === "NotCapable" || name === "PermissionDenied") {
      return { code: "SANDBOX_DENIED", message: `The method was denied: ${name}: ${message}` };
    }
    const missing = /^(\S+) is not defined$/.exec(message);
    if (name === "ReferenceError" && missing && DENIED.has(missing[1]!)) {
      return {
        code: "SANDBOX_DENIED",
        message: `The method was denied: ${missing[1]} is not available in the sandbox`,
      };
    }
    if (phase === "define") {
      return {
        code: "SANDBOX_BAD_SOURCE",
        message: `The method source does not run: ${name}: ${message}`,
      };
    }
    return { code: "SANDBOX_ERROR", message: `The method threw ${name}: ${message}` };
  };

  const run = (request: Record<string, unknown>) => {
    const id = request.id;
    const selector = String(request.selector);
    const timeout = Math.max(1, Math.floor(Number(request.timeout_ms) || 1000));
    if (!SELECTOR.test(selector)) {
      return { id, ok: false, code: "SANDBOX_BAD_SOURCE", message: `Bad selector ${selector}` };
    }
    const context = vm.createContext(Object.create(null), {
      codeGeneration: { strings: false, wasm: false },
      microtaskMode: "afterEvaluate",
    });
    const started = performance.now();
    try {
      vm.runInContext(String(request.source), context, { timeout, filename: `${selector}.js` });
    } catch (error) {
      return { id, ok: false, ...classify(error, "define") };
    }
    const left = Math.max(1, Math.round(timeout - (performance.now() - started)));
    const call = `(() => {
      "use strict";
      const input = JSON.parse(${JSON.stringify(String(request.input))});
      if (typeof ${selector} !== "function") {
        throw new TypeError("the source does not define a function named ${selector}");
      }
      const self = input.self;
      const result = ${selector}(self, ...input.args);
      if (result !== null && (typeof result === "object" || typeof result === "function") &&
          typeof result.then === "function") {
        throw new TypeError("the method returned a Promise; methods are synchronous");
      }
      return JSON.stringify({ result: result === undefined ? null : result, self });
    })()`;
    let output: unknown;
    try {
      output = vm.runInContext(call, context, { timeout: left, filename: "call.js" });
    } catch (error) {
      return { id, ok: false, ...classify(error, "call") };
    }
    if (typeof output !== "string" || output.length > MAX_OUTPUT) {
      return {
        id,
        ok: false,
        code: "SANDBOX_BAD_RESULT",
        message: `The method's answer is not JSON of at most ${MAX_OUTPUT} characters`,
      };
    }
    return { id, ok: true, output };
  };

  send({ ready: true });
  let buffered = "";
  for await (const text of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += text;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === "") continue;
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(line);
      } catch {
        send({ id: null, ok: false, code: "SANDBOX_PROTOCOL", message: "request is not JSON" });
        continue;
      }
      let answer: Record<string, unknown>;
      try {
        answer = run(request);
      } catch {
        answer = {
          id: request.id,
          ok: false,
          code: "SANDBOX_ERROR",
          message: "The method threw something that cannot be described",
        };
      }
      send(answer);
    }
  }
}
