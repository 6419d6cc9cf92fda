/**
 * Opens the living image of a data directory with everything it needs: the
 * store (`config.databaseUrl`, else `config.dbPath`), the sandbox (config
 * `image`), the Ollama client (config `ollama`, persona → model map), and the
 * cycle log, the ledger's buffered record log on
 * `<data>/audit/metacognition.jsonl` with its hash chain in
 * `metacognition.jsonl.chain`. Closing it flushes the log.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { dataLayout } from "../layout.ts";
import { openRecordLog } from "../ledger/record_log.ts";
import { OllamaClient } from "../llm/client.ts";
import { Image } from "../image/image.ts";
import { Sandbox } from "../image/sandbox.ts";
import { openStore } from "../store/open.ts";
import type { Store } from "../store/store.ts";
import { LivingImage } from "./living_image.ts";
import { CycleLog } from "./log.ts";
import type { Retriever } from "./retrieval.ts";
import type { ProgressFn } from "../progress.ts";
import type { SendResult } from "../../schemas/image.ts";
import type { ImageSendInput } from "../../schemas/image_input.ts";

/** Options of {@linkcode openLivingImage}. */
export interface OpenLivingImageOptions {
  /** An open store to use (not closed with the image). @default {the configured store} */
  store?: Store | undefined;
  /** Knowledge for DELEGATING (the catalog, when plugged in). @default {none} */
  retriever?: Retriever | undefined;
  /** Inference. @default {an OllamaClient on config.ollama} */
  llm?: LivingImageLlm | undefined;
  /** Stamps commits and log records. @default {systemClock} */
  clock?: Clock | undefined;
  /** Told when a background log batch fails (its records stay queued and are retried). */
  onLogError?: ((error: unknown) => void) | undefined;
}

/** The inference a living image uses. */
export type LivingImageLlm = Pick<OllamaClient, "chat">;

/**
 * Opens (and seeds, on first use) the living image of a configuration.
 *
 * @param config The configuration.
 * @param options Store, retriever, LLM, clock.
 * @returns The living image; close it (`await using`) to stop the sandbox and flush the log.
 * @throws {KitError} `STORE_UNREADABLE`, `LEDGER_BROKEN` (the cycle log's chain is broken).
 *
 * @example Open, look at genesis, close
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { openLivingImage } from "./open.ts";
 * const dir = await Deno.makeTempDir();
 * const config = await loadConfig({ env: { MB_DATA_DIR: dir }, cwd: dir });
 * {
 *   await using living = await openLivingImage(config);
 *   assert.equal((await living.image.get("genesis_obj")).slots.name, "genesis");
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function openLivingImage(
  config: Config,
  options: OpenLivingImageOptions = {},
): Promise<LivingImage> {
  const store = options.store ??
    await openStore({ sqlite_path: config.dbPath, database_url: config.databaseUrl });
  const owned = options.store === undefined;
  const release: (() => Promise<void>)[] = owned ? [() => store.close()] : [];
  try {
    const image = await Image.open(store, options.clock ? { clock: options.clock } : {});
    const records = await openRecordLog(dataLayout(config.dataDir).metacognition, {
      onError: options.onLogError ?? (() => {}),
    });
    release.unshift(() => records.close());
    const sandbox = Sandbox.start({
      timeoutMs: config.image.sandboxTimeoutMs,
      memoryMb: config.image.sandboxMemoryMb,
    });
    release.unshift(() => sandbox.close());
    return await LivingImage.open({
      image,
      sandbox,
      llm: options.llm ?? new OllamaClient(config.ollama),
      log: new CycleLog(records, options.clock),
      retriever: options.retriever,
      max_corrections: config.image.maxCorrections,
      release: async () => {
        for (const step of release) await step();
      },
    });
  } catch (error) {
    for (const step of release) await step().catch(() => {});
    throw error;
  }
}

/** Options of {@linkcode sendMessage}. */
export interface SendMessageOptions extends OpenLivingImageOptions {
  /** Aborts the send and its cycles (nothing is committed). */
  signal?: AbortSignal | undefined;
  /** Told at each PSM state. */
  progress?: ProgressFn | undefined;
}

/**
 * Sends one message to the living image of a configuration (what `metablooms send`
 * and the MCP tool `image_send` do): opens it, sends, closes it (flushing the log).
 *
 * @param config The configuration.
 * @param input The receiver, the selector and the arguments.
 * @param options Store, LLM, retriever, signal, progress.
 * @returns The answer, with the cycles it ran.
 * @throws {KitError} As {@linkcode LivingImage.send}.
 *
 * @example A data slot answers without a cycle
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "../config.ts";
 * import { sendMessage } from "./open.ts";
 * const dir = await Deno.makeTempDir();
 * const config = await loadConfig({ env: { MB_DATA_DIR: dir }, cwd: dir });
 * const answer = await sendMessage(config, { object: "genesis_obj", selector: "name" });
 * assert.equal(answer.result, "genesis");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function sendMessage(
  config: Config,
  input: ImageSendInput,
  options: SendMessageOptions = {},
): Promise<SendResult> {
  await using living = await openLivingImage(config, options);
  return await living.send(input.object, input.selector, input.args ?? [], {
    signal: options.signal,
    progress: options.progress,
  });
}
