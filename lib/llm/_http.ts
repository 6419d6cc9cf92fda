/**
 * The Ollama client's HTTP layer (private): one deadline per call, the
 * caller's AbortSignal wired to fetch and to the body stream, retries with
 * exponential backoff on connection errors only, NDJSON streams with an idle
 * timeout, and every failure mapped to one of the kit's LLM error codes.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import { modelMissingError } from "./errors.ts";
import { delay } from "../delay.ts";

/** How a client talks to one endpoint. */
export interface Transport {
  host: string;
  timeoutMs: number;
  idleTimeoutMs: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  onRetry: ((info: RetryInfo) => void) | undefined;
  fetch: typeof fetch;
}

/** What a retry hook is told. */
export interface RetryInfo {
  /** The API path (`/api/chat`). */
  path: string;
  /** Which retry this is (1 = the first retry). */
  attempt: number;
  /** How long the client waits before it. */
  delayMs: number;
  /** Why the previous attempt failed (`connection refused`). */
  reason: string;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The model asked, for the `LLM_MODEL_MISSING` message. */
  model?: string | undefined;
}

type TimeoutKind = "total" | "idle";

/** One HTTP call: its deadline, its abort wiring, its error classification. */
class Call {
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut: { kind: TimeoutKind; ms: number } | undefined;
  chunks = 0;

  constructor(
    readonly t: Transport,
    readonly path: string,
    readonly options: CallOptions,
  ) {
    const user = options.signal;
    this.signal = user ? AbortSignal.any([user, this.#controller.signal]) : this.#controller.signal;
  }

  arm(kind: TimeoutKind, ms: number): void {
    this.disarm();
    this.#timer = setTimeout(() => {
      this.#timedOut = { kind, ms };
      this.#controller.abort(new DOMException(`${kind} timeout`, "TimeoutError"));
    }, ms);
  }

  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Cancelled or timed out: the error to throw, else undefined. */
  aborted(cause?: unknown): KitError | undefined {
    const { host } = this.t;
    if (this.options.signal?.aborted) {
      return new KitError("CANCELLED", `The request to Ollama ${this.path} was cancelled`, {
        cause: this.options.signal.reason ?? cause,
        details: { host, path: this.path },
      });
    }
    if (this.#timedOut) {
      const { kind, ms } = this.#timedOut;
      const message = kind === "total"
        ? `Ollama at ${host} did not answer ${this.path} within ${ms} ms ` +
          `(config ollama.timeoutMs, env MB_OLLAMA_TIMEOUT_MS)`
        : `Ollama at ${host} sent nothing on the ${this.path} stream for ${ms} ms ` +
          `after ${this.chunks} chunk(s) (idle timeout)`;
      return new KitError("LLM_TIMEOUT", message, {
        cause,
        details: { host, path: this.path, timeout_ms: ms, kind },
      });
    }
    return undefined;
  }

  /** Maps anything thrown while reading a body to a kit error. */
  fail(error: unknown, what: string): KitError {
    if (error instanceof KitError) return error;
    return this.aborted(error) ?? new KitError(
      "LLM_BAD_RESPONSE",
      `Ollama at ${this.t.host} ${what} (${this.path}): ${errorText(error)}`,
      { cause: error, details: { host: this.t.host, path: this.path, chunks: this.chunks } },
    );
  }
}

/**
 * Sends one request and parses its JSON answer.
 *
 * @throws {KitError} Any LLM error code.
 */
export async function requestJson(
  t: Transport,
  method: "GET" | "POST",
  path: string,
  body: unknown,
  options: CallOptions = {},
): Promise<unknown> {
  const call = new Call(t, path, options);
  call.arm("total", options.timeoutMs ?? t.timeoutMs);
  try {
    const response = await connect(call, method, body);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw call.fail(error, "closed the connection mid-answer");
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw badJson(call, text, error);
    }
  } finally {
    call.disarm();
  }
}

/**
 * Sends one streaming request and yields each NDJSON object. The first chunk
 * must come within the call's timeout, each next one within the idle timeout.
 * Leaving the loop early (break, throw, abort) cancels the body, which closes
 * the connection.
 *
 * @throws {KitError} Any LLM error code; `LLM_BAD_RESPONSE` for a malformed
 * line or a stream that ends before an object with `done: true`.
 */
export async function* streamJson(
  t: Transport,
  path: string,
  body: unknown,
  options: CallOptions = {},
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const call = new Call(t, path, options);
  call.arm("total", options.timeoutMs ?? t.timeoutMs);
  let reader: ReadableStreamDefaultReader<string> | undefined;
  try {
    const response = await connect(call, "POST", body);
    if (!response.body) throw call.fail(new Error("no body"), "answered without a body");
    reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    // The first read still runs under the call's deadline; each later one under the idle timeout.
    for (let first = true;; first = false) {
      if (!first) call.arm("idle", t.idleTimeoutMs);
      let read: ReadableStreamReadResult<string>;
      try {
        read = await reader.read();
      } catch (error) {
        throw call.fail(error, `cut the stream after ${call.chunks} chunk(s), before done:true`);
      }
      call.disarm();
      if (read.done) break;
      buffer += read.value;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line === "") continue;
        const chunk = parseLine(call, line);
        call.chunks++;
        yield chunk;
        if (chunk.done === true) return;
      }
    }
    const rest = buffer.trim();
    if (rest !== "") {
      const chunk = parseLine(call, rest);
      call.chunks++;
      yield chunk;
      if (chunk.done === true) return;
    }
    throw call.fail(
      new Error("end of stream"),
      `ended the stream after ${call.chunks} chunk(s) without done:true`,
    );
  } finally {
    call.disarm();
    // Closes the connection when the loop was left early; harmless after the end.
    await reader?.cancel().catch(() => {});
  }
}

function parseLine(call: Call, line: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw badJson(call, line, error, `line ${call.chunks + 1} of the stream`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badJson(call, line, new Error("not a JSON object"), `line ${call.chunks + 1}`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.error === "string") {
    throw new KitError(
      "LLM_HTTP_ERROR",
      `Ollama at ${call.t.host} reported an error in the ${call.path} stream after ` +
        `${call.chunks} chunk(s): ${record.error}`,
      { details: { host: call.t.host, path: call.path, error: record.error } },
    );
  }
  return record;
}

function badJson(call: Call, text: string, error: unknown, where = "the answer"): KitError {
  const excerpt = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return new KitError(
    "LLM_BAD_RESPONSE",
    `Ollama at ${call.t.host} sent malformed JSON in ${where} (${call.path}): ` +
      `${errorText(error)}; got ${JSON.stringify(excerpt)}`,
    { cause: error, details: { host: call.t.host, path: call.path } },
  );
}

/** Fetches with retries on connection errors; returns only a 2xx response. */
async function connect(call: Call, method: string, body: unknown): Promise<Response> {
  const { t, path } = call;
  const init: RequestInit = {
    method,
    signal: call.signal,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  };
  for (let attempt = 0;; attempt++) {
    const early = call.aborted();
    if (early) throw early;
    let response: Response;
    try {
      response = await t.fetch(`${t.host}${path}`, init);
    } catch (error) {
      const aborted = call.aborted(error);
      if (aborted) throw aborted;
      const reason = connectionReason(error);
      if (attempt >= t.retries) throw unreachable(t, path, attempt + 1, reason, error);
      const delayMs = backoff(t, attempt);
      t.onRetry?.({ path, attempt: attempt + 1, delayMs, reason });
      try {
        await delay(delayMs, call.signal);
      } catch (sleepError) {
        throw call.aborted(sleepError) ?? sleepError;
      }
      continue;
    }
    if (response.ok) return response;
    throw await httpError(call, response);
  }
}

/** Exponential backoff with jitter: base·2^attempt, ±25 %, capped. */
function backoff(t: Transport, attempt: number): number {
  const raw = Math.min(t.retryMaxMs, t.retryBaseMs * 2 ** attempt);
  return Math.round(raw * (0.75 + Math.random() * 0.5));
}

function unreachable(
  t: Transport,
  path: string,
  attempts: number,
  reason: string,
  cause: unknown,
): KitError {
  return new KitError(
    "LLM_UNREACHABLE",
    `Cannot reach Ollama at ${t.host} (${reason}, ${attempts} attempt(s) on ${path}). ` +
      `Start it with \`ollama serve\`, or point OLLAMA_HOST (config ollama.host) at the ` +
      `address it listens on.`,
    { cause, details: { host: t.host, path, attempts, reason } },
  );
}

async function httpError(call: Call, response: Response): Promise<KitError> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return call.fail(error, `answered HTTP ${response.status} and closed the connection`);
  }
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") message = parsed.error;
  } catch { /* a plain-text error body ("404 page not found") */ }
  if (message.length > 500) message = `${message.slice(0, 500)}…`;
  const missing = /model ["'\u201c]?(.+?)["'\u201d]? not found/i.exec(message);
  if (response.status === 404 && missing) {
    return modelMissingError(call.options.model ?? missing[1]!, call.t.host, new Error(message));
  }
  return new KitError(
    "LLM_HTTP_ERROR",
    `Ollama at ${call.t.host} answered ${call.path} with HTTP ${response.status}: ${message}`,
    { details: { host: call.t.host, path: call.path, status: response.status, error: message } },
  );
}

function connectionReason(error: unknown): string {
  // Deno's fetch says "fetch failed"; the reason is in the cause chain.
  let text = "";
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 5; depth++) {
    text += ` ${errorText(e)}`;
    e = e instanceof Error ? e.cause : undefined;
  }
  text = text.trim();
  if (/connection refused/i.test(text)) return "connection refused";
  if (/dns|lookup|resolve|name or service not known/i.test(text)) return "host name not resolved";
  if (/timed out/i.test(text)) return "connection timed out";
  if (/reset/i.test(text)) return "connection reset";
  return text;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
