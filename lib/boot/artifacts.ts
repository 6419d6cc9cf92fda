/**
 * The receipts a successful boot writes (boot.md §4): the mandatory chat
 * capture, the activation status and the smoke record, under
 * `<dir>/control_plane/state_hub/`, serialised as the original's Python does.
 *
 * @module
 */
import { join } from "node:path";
import { pythonJsonDumps } from "../json/py_json.ts";
import type {
  ActivationStatusArtifact,
  ChatCaptureArtifact,
  SmokeArtifact,
  SubsystemRecord,
} from "../../schemas/boot.ts";
import { pyTimestamp } from "./_py.ts";

/** Relative folder of the receipts, as in the original runtime. */
export const STATE_HUB = "control_plane/state_hub";

/** What {@linkcode writeBootArtifacts} needs. */
export interface BootArtifactInput {
  /** Session id `YYYYMMDDTHHMMSSZ`. */
  sessionId: string;
  /** Final activation records. */
  records: Record<string, SubsystemRecord>;
  /** Top-level keys of `BOOT_STATE.json` (sorted here). */
  bootStateKeys: string[];
  /** Clock. @default {() => new Date()} */
  now?: () => Date;
}

/** Paths of the written receipts. */
export interface WrittenArtifacts {
  /** `chat_capture_<sid>.json`. */
  chat_capture: string;
  /** `activation_status_<sid>.json`. */
  activation_status: string;
  /** `smoke_<sid>.json`. */
  smoke: string;
}

/** Writing the chat capture failed: the boot reports `CHAT_CAPTURE_ERROR`. */
export class ChatCaptureError extends Error {
  /** @param message Why. @param options The cause. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ChatCaptureError";
  }
}

/**
 * Writes the three receipts in the original's order (chat capture, activation
 * status, smoke).
 *
 * @param dir The boot's folder (receipts go to `<dir>/control_plane/state_hub/`).
 * @param input Session id, records, boot-state keys, clock.
 * @returns The three absolute paths.
 * @throws {ChatCaptureError} When the chat capture cannot be written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeBootArtifacts } from "./artifacts.ts";
 * const dir = await Deno.makeTempDir();
 * const paths = await writeBootArtifacts(dir, { sessionId: "20260110T120000Z", records: {}, bootStateKeys: ["os"] });
 * const smoke = JSON.parse(await Deno.readTextFile(paths.smoke));
 * assert(smoke.activation_artifact === "control_plane/state_hub/activation_status_20260110T120000Z.json");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeBootArtifacts(
  dir: string,
  input: BootArtifactInput,
): Promise<WrittenArtifacts> {
  const now = input.now ?? (() => new Date());
  const sid = input.sessionId;
  const hub = join(dir, STATE_HUB);
  const chatCapture = join(hub, `chat_capture_${sid}.json`);
  try {
    await Deno.mkdir(hub, { recursive: true });
    const record: ChatCaptureArtifact = {
      schema: "MB_MANDATORY_CHAT_CAPTURE_v1",
      mandatory_chat_capture: true,
      session_id: sid,
      captured_at_unix: Math.floor(now().getTime() / 1000),
      note: "the kit boots outside a chat session: no transcript is available; placeholder record",
      context: { invocation: "RUN_METABLOOMS" },
    };
    await Deno.writeTextFile(chatCapture, pythonJsonDumps(record, { indent: 2 }));
  } catch (error) {
    throw new ChatCaptureError(
      `Cannot write ${chatCapture}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const relActivation = `${STATE_HUB}/activation_status_${sid}.json`;
  const activation = join(dir, relActivation);
  const sorted: ActivationStatusArtifact = {};
  for (const name of Object.keys(input.records).sort()) sorted[name] = input.records[name]!;
  await Deno.writeTextFile(activation, pythonJsonDumps(sorted, { indent: 2, sortKeys: true }));
  const smoke: SmokeArtifact = {
    session_id: sid,
    timestamp_utc: pyTimestamp(now()),
    task: "boot_smoke_test",
    result: "success",
    boot_state_keys: [...input.bootStateKeys].sort(),
    activation_artifact: relActivation,
  };
  const smokePath = join(hub, `smoke_${sid}.json`);
  await Deno.writeTextFile(smokePath, pythonJsonDumps(smoke, { indent: 2 }));
  return { chat_capture: chatCapture, activation_status: activation, smoke: smokePath };
}

/**
 * The lines the runtime prints on success.
 *
 * @param sessionId The session id.
 * @returns `BOOT_OK`, `MetaBlooms OS READY`, `ACTIVATION_ARTIFACT: …`, `TASK_EXECUTED: boot_smoke_test`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { successLines } from "./artifacts.ts";
 * assert(successLines("20260110T120000Z")[0] === "BOOT_OK");
 * ```
 */
export function successLines(sessionId: string): string[] {
  return [
    "BOOT_OK",
    "MetaBlooms OS READY",
    `ACTIVATION_ARTIFACT: ${STATE_HUB}/activation_status_${sessionId}.json`,
    "TASK_EXECUTED: boot_smoke_test",
  ];
}
