/**
 * The ACTIVE / ROLLBACK / CANDIDATE slots (boot.md §7): a bundle that
 * validates and boots becomes CANDIDATE; `promoteSlot` moves ACTIVE to
 * ROLLBACK and CANDIDATE to ACTIVE in one atomic step; `rollbackSlot` swaps
 * ACTIVE and ROLLBACK. Every change holds a cross-process lock, first settles
 * any change a crash interrupted, and appends a hash-chained audit event.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { KitError } from "../errors.ts";
import { sha256File } from "../fs/sha256.ts";
import type {
  AuditRef,
  BootReport,
  BootSlotAction,
  LastFailure,
  RecoveryNote,
  SlotChange,
  SlotEntry,
  SlotName,
  SlotRef,
  SlotsState,
} from "../../schemas/boot.ts";
import { nowUtc } from "../clock.ts";
import { SLOT_NAMES } from "./_slots_store.ts";
import { fileSlotsRepository, type SlotsRepository } from "./_slots_repository.ts";

/** Options of the slot changes. */
export interface SlotChangeOptions {
  /** How long to wait for another process's change to finish. @default {15000} */
  timeoutMs?: number;
  /** Aborts the wait for the lock. */
  signal?: AbortSignal;
}

/**
 * Reads the slots state (`<dataDir>/slots/state.json`) without locking.
 *
 * @param config The configuration (its `dataDir`).
 * @returns The state; an empty one (`seq` 0) when nothing was ever staged.
 * @throws {KitError} `SLOTS_STATE_INVALID` when the file was edited into something unreadable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readSlots } from "./slots.ts";
 * const dir = await Deno.makeTempDir();
 * assert((await readSlots({ dataDir: dir } as never)).seq === 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function readSlots(config: Pick<Config, "dataDir">): Promise<SlotsState> {
  return fileSlotsRepository(config.dataDir).read();
}

/**
 * Puts a bundle that booted OK into CANDIDATE (or straight into ACTIVE with
 * `promote`), storing a copy under `<dataDir>/bundles/<sha256>.zip`.
 *
 * @param config The configuration.
 * @param report The successful boot report (its `receipt` must be written).
 * @param options `promote` to make it ACTIVE at once; lock timeout.
 * @returns What was done and the new state sequence number.
 * @throws {KitError} `BOOT_NOT_OK` for a failed report, `BUNDLE_CHANGED` when the file no longer
 * hashes to the booted bundle, `LOCKED`.
 *
 * @example
 * ```ts ignore
 * const action = await stageBundle(config, report, { promote: false });
 * ```
 */
export async function stageBundle(
  config: Pick<Config, "dataDir">,
  report: BootReport,
  options: SlotChangeOptions & { promote?: boolean } = {},
): Promise<BootSlotAction> {
  const sha = report.bundle.sha256;
  if (!report.ok || sha === undefined || report.receipt === undefined) {
    throw new KitError("BOOT_NOT_OK", `Cannot stage ${report.bundle.path}: its boot did not pass`, {
      path: report.bundle.path,
    });
  }
  const repo = fileSlotsRepository(config.dataDir);
  return await repo.change("stage", options, async (state) => {
    const stored = await repo.storeBundle(report.bundle.path, sha);
    const now = nowUtc();
    const entry: SlotEntry = {
      bundle_path: stored,
      bundle_sha256: sha,
      bundle_name: report.bundle.name,
      generation: report.bundle.generation ?? "unknown",
      promoted_utc: now,
      booted_utc: report.started_utc,
      boot_id: report.boot_id,
      receipt: report.receipt!,
      subsystems: report.subsystems.map((s) => ({ name: s.name, status: s.status })),
    };
    const next: SlotsState = options.promote
      ? {
        ...state,
        slots: {
          ACTIVE: entry,
          ...(state.slots.ACTIVE ?? state.slots.ROLLBACK
            ? { ROLLBACK: { ...(state.slots.ACTIVE ?? state.slots.ROLLBACK)!, promoted_utc: now } }
            : {}),
        },
      }
      : { ...state, slots: { ...state.slots, CANDIDATE: entry } };
    const op = options.promote ? "stage_promote" : "stage";
    const { state: after } = await repo.commit(state, next, op, {
      event_type: options.promote ? "SLOT_PROMOTE" : "SLOT_STAGE",
      payload: { via: "boot", boot_id: report.boot_id, slots: refs(next) },
    });
    return {
      action: options.promote ? "promoted" : "staged",
      note: options.promote
        ? `now ACTIVE${
          state.slots.ACTIVE
            ? `; previous ACTIVE ${state.slots.ACTIVE.bundle_name} is ROLLBACK`
            : ""
        }`
        : `now CANDIDATE${
          state.slots.CANDIDATE ? ` (replaces ${state.slots.CANDIDATE.bundle_name})` : ""
        }`,
      seq: after.seq,
    };
  });
}

/**
 * Records a failed boot as the state's `last_failure` (slots unchanged).
 *
 * @param config The configuration.
 * @param failure The failure.
 * @param options Lock timeout.
 * @returns Resolves when committed.
 * @throws {KitError} `LOCKED`.
 *
 * @example
 * ```ts ignore
 * await recordBootFailure(config, { boot_id, bundle, code: "BUNDLE_INVALID", reason, at_utc });
 * ```
 */
export async function recordBootFailure(
  config: Pick<Config, "dataDir">,
  failure: LastFailure,
  options: SlotChangeOptions = {},
): Promise<void> {
  const repo = fileSlotsRepository(config.dataDir);
  await repo.change("record_failure", options, async (state) => {
    await repo.commit(state, { ...state, last_failure: failure }, "record_failure");
  });
}

/**
 * Promotes CANDIDATE to ACTIVE; the previous ACTIVE becomes ROLLBACK (the old
 * ROLLBACK is dropped). Atomic and crash-safe: afterwards, or after a crash at
 * any point, exactly one ACTIVE exists and its bundle file is in place.
 *
 * @param config The configuration.
 * @param options Lock timeout, abort signal.
 * @returns Slots before and after, recovered changes, the audit event.
 * @throws {KitError} `NO_CANDIDATE`; `SLOT_BUNDLE_MISSING` / `SLOT_BUNDLE_MISMATCH` /
 * `RECEIPT_MISSING` when the candidate fails its check (nothing changes); `LOCKED`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promoteSlot } from "./slots.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(promoteSlot({ dataDir: dir } as never), { code: "NO_CANDIDATE" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function promoteSlot(
  config: Pick<Config, "dataDir">,
  options: SlotChangeOptions = {},
): Promise<SlotChange> {
  const repo = fileSlotsRepository(config.dataDir);
  return await repo.change("promote", options, async (state, recovered) => {
    const candidate = state.slots.CANDIDATE;
    if (!candidate) {
      throw new KitError(
        "NO_CANDIDATE",
        `Nothing to promote: slot CANDIDATE is empty (${repo.location})`,
        {
          path: repo.location,
        },
      );
    }
    await checkEntry(candidate, "CANDIDATE");
    const now = nowUtc();
    const old = state.slots.ACTIVE;
    const rollback = old ? { ...old, promoted_utc: now } : state.slots.ROLLBACK;
    const next: SlotsState = {
      ...state,
      slots: {
        ACTIVE: { ...candidate, promoted_utc: now },
        ...(rollback ? { ROLLBACK: rollback } : {}),
      },
    };
    return await change(repo, "promote", state, next, recovered);
  });
}

/**
 * Rolls back: ROLLBACK becomes ACTIVE and ACTIVE becomes ROLLBACK (so a
 * second rollback undoes the first). Atomic and crash-safe like {@linkcode promoteSlot}.
 *
 * @param config The configuration.
 * @param options Lock timeout, abort signal.
 * @returns Slots before and after, recovered changes, the audit event.
 * @throws {KitError} `NO_ROLLBACK`; `SLOT_BUNDLE_MISSING` / `SLOT_BUNDLE_MISMATCH` /
 * `RECEIPT_MISSING` when the rollback bundle fails its check; `LOCKED`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rollbackSlot } from "./slots.ts";
 * const dir = await Deno.makeTempDir();
 * await assert.rejects(rollbackSlot({ dataDir: dir } as never), { code: "NO_ROLLBACK" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function rollbackSlot(
  config: Pick<Config, "dataDir">,
  options: SlotChangeOptions = {},
): Promise<SlotChange> {
  const repo = fileSlotsRepository(config.dataDir);
  return await repo.change("rollback", options, async (state, recovered) => {
    const previous = state.slots.ROLLBACK;
    if (!previous) {
      throw new KitError(
        "NO_ROLLBACK",
        `Nothing to roll back to: slot ROLLBACK is empty (${repo.location})`,
        {
          path: repo.location,
        },
      );
    }
    await checkEntry(previous, "ROLLBACK");
    const now = nowUtc();
    const next: SlotsState = {
      ...state,
      slots: {
        ...state.slots,
        ACTIVE: { ...previous, promoted_utc: now },
        ROLLBACK: state.slots.ACTIVE ? { ...state.slots.ACTIVE, promoted_utc: now } : undefined,
      },
    };
    if (!next.slots.ROLLBACK) delete next.slots.ROLLBACK;
    return await change(repo, "rollback", state, next, recovered);
  });
}

async function change(
  repo: SlotsRepository,
  op: "promote" | "rollback",
  state: SlotsState,
  next: SlotsState,
  recovered: RecoveryNote[],
): Promise<SlotChange> {
  const { state: after, audit } = await repo.commit(state, next, op, {
    event_type: op === "promote" ? "SLOT_PROMOTE" : "SLOT_ROLLBACK",
    payload: { via: op, before: refs(state), after: refs(next) },
  });
  return {
    op,
    seq: after.seq,
    before: refs(state),
    after: refs(after),
    recovered,
    ...(audit ? { audit: audit as AuditRef } : {}),
  };
}

/** The bundle file exists, hashes right, and the receipt is on disk. */
async function checkEntry(entry: SlotEntry, slot: SlotName): Promise<void> {
  let actual: string;
  try {
    actual = await sha256File(entry.bundle_path);
  } catch {
    throw new KitError("SLOT_BUNDLE_MISSING", `${slot} bundle ${entry.bundle_path} is missing`, {
      path: entry.bundle_path,
    });
  }
  if (actual !== entry.bundle_sha256) {
    throw new KitError(
      "SLOT_BUNDLE_MISMATCH",
      `${slot} bundle ${entry.bundle_path} hashes to ${actual}, not the recorded ${entry.bundle_sha256}`,
      { path: entry.bundle_path },
    );
  }
  try {
    await Deno.stat(entry.receipt);
  } catch {
    throw new KitError("RECEIPT_MISSING", `${slot} boot receipt ${entry.receipt} is missing`, {
      path: entry.receipt,
    });
  }
}

function refs(state: SlotsState): SlotChange["before"] {
  const out: SlotChange["before"] = {};
  for (const name of SLOT_NAMES) {
    const e = state.slots[name];
    if (e) {
      out[name] = {
        bundle_name: e.bundle_name,
        sha256: e.bundle_sha256,
        boot_id: e.boot_id,
      } satisfies SlotRef;
    }
  }
  return out;
}
