/**
 * `bootStatus`: what the slots hold, whether each slot's bundle and receipt
 * are in place, the last failed boot, any change a crash left unfinished, and
 * (with `verify`) a fresh hash check and boot of every slot (the kit's simulation where it has one, the bundle's own runtime when python3 is present; temp folders only).
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { KitError } from "../errors.ts";
import { sha256File } from "../fs/sha256.ts";
import type { LongWorkOptions } from "../progress.ts";
import type {
  BootStatus,
  BootVerdict,
  SlotEntry,
  SlotName,
  SlotStatus,
} from "../../schemas/boot.ts";
import { bootTree } from "./_boot_tree.ts";
import { bootPaths } from "./_paths.ts";
import { SLOT_NAMES } from "./_slots_store.ts";
import { fileSlotsRepository } from "./_slots_repository.ts";
import { extractForBoot } from "./_bundle.ts";

/** Options of {@linkcode bootStatus}. */
export interface BootStatusOptions extends LongWorkOptions {
  /**
   * Re-hash slot bundles and boot them again (temp folders only, no receipts written):
   * `true` for every slot, or the slots to check. @default {false}
   */
  verify?: boolean | SlotName[];
}

/**
 * Reports the slots of a data directory. Read-only: it takes no lock and
 * changes nothing (an unfinished change is reported as `pending`; the next
 * promote, rollback or boot settles it).
 *
 * @param config The configuration (`dataDir`, bundle limits for `verify`).
 * @param options `verify`, progress, cancellation.
 * @returns Slots, last failure, pending change, the slot a boot would use, problems.
 * @throws {KitError} `SLOTS_STATE_INVALID` when `slots/state.json` was edited into something unreadable.
 *
 * @example An empty data directory
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootStatus } from "./status.ts";
 * const dataDir = await Deno.makeTempDir();
 * const status = await bootStatus({ dataDir } as never);
 * assert(status.seq === 0 && status.slots.ACTIVE === undefined && status.bootable === null);
 * await Deno.remove(dataDir, { recursive: true });
 * ```
 */
export async function bootStatus(
  config: Pick<Config, "dataDir" | "bundleLimits">,
  options: BootStatusOptions = {},
): Promise<BootStatus> {
  const repo = fileSlotsRepository(config.dataDir);
  const state = await repo.read();
  const journal = await repo.pending();
  const problems: string[] = [];
  const slots: BootStatus["slots"] = {};
  const present = SLOT_NAMES.filter((n) => state.slots[n]);
  let done = 0;
  for (const name of present) {
    options.signal?.throwIfAborted();
    const entry = state.slots[name]!;
    const verify = options.verify === true ||
      (Array.isArray(options.verify) && options.verify.includes(name));
    const status = await slotStatus(entry, config, verify, options.signal);
    slots[name] = status;
    if (!status.bundle_exists) problems.push(`${name}: bundle ${entry.bundle_path} is missing`);
    if (status.sha256_ok === false) {
      problems.push(`${name}: bundle ${entry.bundle_path} does not hash to ${entry.bundle_sha256}`);
    }
    if (!status.receipt_exists) problems.push(`${name}: receipt ${entry.receipt} is missing`);
    if (status.verify && !status.verify.ok) {
      problems.push(`${name}: ${status.verify.code}: ${status.verify.reason}`);
    }
    options.progress?.(++done, present.length, name);
  }
  const usable = (s: SlotStatus | undefined) =>
    s !== undefined && s.bundle_exists && s.sha256_ok !== false && (s.verify?.ok ?? true);
  const bootable = usable(slots.ACTIVE) ? "ACTIVE" : usable(slots.ROLLBACK) ? "ROLLBACK" : null;
  if (slots.ACTIVE && bootable === "ROLLBACK") {
    problems.push("ACTIVE fails its check: a boot would use ROLLBACK");
  }
  return {
    data_dir: config.dataDir,
    seq: state.seq,
    ...(state.updated_utc ? { updated_utc: state.updated_utc } : {}),
    slots,
    ...(state.last_failure ? { last_failure: state.last_failure } : {}),
    bootable,
    ...(journal
      ? {
        pending: {
          op: journal.op,
          to_seq: journal.to_seq,
          pid: journal.pid,
          started_utc: journal.started_utc,
          committed: state.seq >= journal.to_seq,
        },
      }
      : {}),
    problems,
  };
}

async function slotStatus(
  entry: SlotEntry,
  config: Pick<Config, "dataDir" | "bundleLimits">,
  verify: boolean,
  signal: AbortSignal | undefined,
): Promise<SlotStatus> {
  const exists = async (p: string) => {
    try {
      return (await Deno.stat(p)).isFile;
    } catch {
      return false;
    }
  };
  const bundleExists = await exists(entry.bundle_path);
  const out: SlotStatus = {
    bundle: entry.bundle_path,
    bundle_name: entry.bundle_name,
    sha256: entry.bundle_sha256,
    generation: entry.generation,
    booted_utc: entry.booted_utc,
    promoted_utc: entry.promoted_utc,
    boot_id: entry.boot_id,
    receipt: entry.receipt,
    bundle_exists: bundleExists,
    receipt_exists: await exists(entry.receipt),
    subsystems: entry.subsystems,
  };
  if (verify && bundleExists) {
    out.sha256_ok = (await sha256File(entry.bundle_path, signal)) === entry.bundle_sha256;
    if (out.sha256_ok) out.verify = await verifyBoot(entry, config, signal);
  }
  return out;
}

/**
 * Extracts (which validates) and boots a stored bundle again — the kit's simulation where it has
 * one, and the bundle's own runtime whenever python3 is present; only temp folders are written.
 */
async function verifyBoot(
  entry: SlotEntry,
  config: Pick<Config, "dataDir" | "bundleLimits">,
  signal: AbortSignal | undefined,
): Promise<BootVerdict> {
  const dir = join(bootPaths(config).staging, `verify_${crypto.randomUUID().slice(0, 8)}`);
  try {
    let check: Awaited<ReturnType<typeof extractForBoot>>;
    try {
      check = await extractForBoot(entry.bundle_path, join(dir, "tree"), config, signal);
    } catch (error) {
      if (!(error instanceof KitError)) throw error;
      return failedVerdict(
        "BUNDLE_INVALID",
        `${entry.bundle_path} no longer extracts: ${error.code}: ${error.message}`,
      );
    }
    if (!check.ok) {
      return failedVerdict(
        "BUNDLE_INVALID",
        `${entry.bundle_path} no longer validates: ${check.errors.slice(0, 3).join(", ")}`,
      );
    }
    const outcome = await bootTree(join(dir, "tree"), {
      mode: "auto",
      generation: check.generation,
      root: check.root,
      scratchDir: join(dir, "exec"),
      signal,
    });
    return outcome.final;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

function failedVerdict(code: string, reason: string): BootVerdict {
  return {
    ok: false,
    signal: "BOOT_FAILED",
    code,
    reason,
    lines: [`BOOT_FAILED: ${code}`, reason],
  };
}
