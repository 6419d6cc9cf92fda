/**
 * The living image as a whole: the image, the sandbox, inference, the cycle
 * log and retrieval wired together, so that a message nobody answers starts a
 * cognitive cycle, and a cycle that fails validation is followed by corrective
 * cycles (DECISIONS.md "Self-correction": the failed transaction is aborted
 * first, then a new cycle in a fresh transaction gets the error, its `attempt`
 * and `parent_cycle_id`; at most `max_corrections`).
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { ProgressFn } from "../progress.ts";
import type { CycleSummary, SendResult } from "../../schemas/image.ts";
import type { OllamaClient } from "../llm/client.ts";
import type { Image } from "../image/image.ts";
import type { Sandbox } from "../image/sandbox.ts";
import { send, type UnderstoodNot } from "../image/send.ts";
import { runCycle } from "./cycle.ts";
import type { CycleLog } from "./log.ts";
import type { Rejection } from "./mission.ts";
import { noRetrieval, type Retriever } from "./retrieval.ts";
import { seedLivingImage } from "./seed.ts";

/** The vessel of a living image (runtime handles; never persisted). */
export interface LivingImageParts {
  /** The image. */
  image: Image;
  /** The sandbox methods run in. */
  sandbox: Sandbox;
  /** Inference. */
  llm: Pick<OllamaClient, "chat">;
  /** The cycle log. */
  log: CycleLog;
  /** Knowledge for DELEGATING. @default {noRetrieval} */
  retriever?: Retriever | undefined;
  /** Corrective cycles after a validation failure, at most. @default {5} */
  max_corrections?: number | undefined;
  /** Releases what the vessel owns (sandbox, log, store), on {@linkcode LivingImage.close}. */
  release?: (() => Promise<void>) | undefined;
}

/** Options of {@linkcode LivingImage.send}. */
export interface LivingSendOptions {
  /** Aborts the send and any cycle (nothing is committed). */
  signal?: AbortSignal | undefined;
  /** Told at each PSM state of each cycle. */
  progress?: ProgressFn | undefined;
}

/**
 * A living image: sends, with cognitive cycles for what is not understood.
 *
 * @example A message nobody answers is learned (with an LLM stand-in)
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image, Sandbox } from "../image/mod.ts";
 * import { CycleLog, LivingImage } from "./mod.ts";
 * import type { ChatResponse } from "../llm/mod.ts";
 * const plan = { plan_id: "p", mission_brief: "greet", steps: [{ step_id: 1, persona: "ROBIN", action: "greet", inputs: { query: "greeting" } }] };
 * const method = "function greet_architect(self) { return 'Hello, ' + self.architect; }";
 * const llm = {
 *   chat: (request: { persona?: string | undefined }) => Promise.resolve({
 *     model: "stand-in", created_at: "2026-01-01T00:00:00Z", done: true,
 *     message: { role: "assistant", content: request.persona === "BRICK" ? JSON.stringify(plan) : method },
 *   } as ChatResponse),
 * };
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await using sandbox = Sandbox.start({ timeoutMs: 5000 });
 * const records: object[] = [];
 * const living = await LivingImage.open({
 *   image: await Image.open(store), sandbox, llm, log: new CycleLog({ append: (r) => records.push(r) }),
 * });
 * const answer = await living.send("genesis_obj", "greet_architect", []);
 * assert.equal(answer.result, "Hello, the Architect");
 * assert.equal(answer.learned, true);
 * assert.equal((await living.send("genesis_obj", "greet_architect", [])).learned, false);
 * ```
 */
export class LivingImage implements AsyncDisposable {
  /** The image. */
  readonly image: Image;
  /** The sandbox. */
  readonly sandbox: Sandbox;
  readonly #parts: LivingImageParts;

  private constructor(parts: LivingImageParts) {
    this.#parts = parts;
    this.image = parts.image;
    this.sandbox = parts.sandbox;
  }

  /**
   * Wraps the parts and seeds the image with what it lacks.
   *
   * @param parts Image, sandbox, LLM, log, retriever, correction limit.
   * @returns The living image.
   */
  static async open(parts: LivingImageParts): Promise<LivingImage> {
    await seedLivingImage(parts.image);
    return new LivingImage(parts);
  }

  /**
   * Sends a message; a message nobody answers runs cognitive cycles until one
   * installs a method that answers it (the answer is then the method's).
   *
   * @param object The receiver.
   * @param selector The message.
   * @param args JSON arguments.
   * @param options Signal and progress.
   * @returns The answer, with the cycles run.
   * @throws {KitError} As `send` of `lib/image`; `CYCLE_FAILED` when the cycles could not
   *   produce a valid method (after the corrective cycles); the cycle's own error code for
   *   a failure correction cannot fix (`LLM_UNREACHABLE`, `CANCELLED`, `IMAGE_CONFLICT`, …).
   */
  send(
    object: string,
    selector: string,
    args: readonly unknown[],
    options: LivingSendOptions = {},
  ): Promise<SendResult> {
    return send(this.image, { object, selector, args }, {
      sandbox: this.sandbox,
      signal: options.signal,
      doesNotUnderstand: (miss) => this.#learn(miss, options),
    });
  }

  /** Releases the vessel (what `release` was given); idempotent. */
  async close(): Promise<void> {
    const release = this.#parts.release;
    this.#parts.release = undefined;
    await release?.();
  }

  /** Closes the living image (`await using`). */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #learn(miss: UnderstoodNot, options: LivingSendOptions): Promise<SendResult> {
    const max = this.#parts.max_corrections ?? 5;
    const cycles: CycleSummary[] = [];
    let correction: Rejection | null = null;
    let parent: string | null = null;
    for (let attempt = 0;; attempt++) {
      const outcome = await runCycle({
        image: this.image,
        sandbox: this.sandbox,
        llm: this.#parts.llm,
        log: this.#parts.log,
        retriever: this.#parts.retriever ?? noRetrieval,
        signal: options.signal,
        // Monotonic across corrective cycles, as MCP progress must be: 5 steps per cycle.
        progress: options.progress &&
          ((done, _total, note) => options.progress!(attempt * 5 + done, (attempt + 1) * 5, note)),
      }, {
        target_oid: miss.object,
        selector: miss.selector,
        args: miss.args,
        intent: miss.intent,
        attempt,
        parent_cycle_id: parent,
        correction,
        may_correct: attempt < max,
      });
      cycles.push(outcome.summary);
      if (outcome.answer) return { ...outcome.answer, cycles };
      const error = outcome.error!;
      if (!outcome.rejection || attempt >= max) {
        throw new KitError(
          outcome.rejection ? "CYCLE_FAILED" : error.code,
          outcome.rejection
            ? `Object ${miss.object} does not understand ${miss.selector}, and ${cycles.length} ` +
              `cognitive cycle(s) could not write a valid method; last: ${error.message}`
            : error.message,
          {
            cause: error,
            details: { ...error.details, cycles },
            exitCode: outcome.rejection ? 1 : error.exitCode,
          },
        );
      }
      correction = outcome.rejection;
      parent = outcome.summary.cycle_id;
    }
  }
}
