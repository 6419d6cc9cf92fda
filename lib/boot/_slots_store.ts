/**
 * The crash-safe store behind the slots. One file, `slots/state.json`, is the
 * truth; every change replaces it with one `rename` (temp file fsynced first),
 * so a reader sees the old state or the new one, never a mix. Around that
 * rename:
 *
 * 1. prepare (copy the bundle into `bundles/<sha>.zip`, temp + fsync + rename);
 * 2. write `slots/journal.json` (what is being changed, which `seq` it produces);
 * 3. write the new state to a temp file, fsync, **rename over state.json** (the commit);
 * 4. tail: append the audit event, refresh the per-slot views, delete unreferenced
 *    bundles, delete the journal.
 *
 * A crash before 3 leaves the old state (the journal is discarded on recovery);
 * a crash after 3 leaves the new state (recovery finishes the tail, once). The
 * bundle every slot names exists at every moment, because bundles are copied
 * before the commit that references them and deleted only after the commit that
 * drops them. Callers hold the slots lock.
 *
 * @module
 */
import { join } from "node:path";
import { KitError } from "../errors.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import { sha256File } from "../fs/sha256.ts";
import { readRange } from "../fs/read_range.ts";
import {
  type AuditRef,
  type RecoveryNote,
  type SlotName,
  type SlotsState,
  SlotsStateSchema,
} from "../../schemas/boot.ts";
import { appendAuditEvent } from "./audit.ts";
import { slotsStep } from "./_hooks.ts";
import type { BootPaths } from "./_paths.ts";
import { syncDir } from "../fs/sync_dir.ts";
import { nowUtc } from "../clock.ts";

/** The change in progress. */
export interface Journal {
  schema: "metablooms.slots_journal/v1";
  change_id: string;
  op: string;
  from_seq: number;
  to_seq: number;
  pid: number;
  started_utc: string;
  audit?: { event_type: string; payload: Record<string, unknown> } | undefined;
}

/** Slot names in display order. */
export const SLOT_NAMES: readonly SlotName[] = ["ACTIVE", "ROLLBACK", "CANDIDATE"];

/** The state before anything was ever staged. */
export function emptyState(): SlotsState {
  return { schema: "metablooms.slots/v1", seq: 0, updated_utc: "", op: "init", slots: {} };
}

/** Reads `state.json` (empty state when missing). */
export async function readState(paths: BootPaths): Promise<SlotsState> {
  let text: string;
  try {
    text = await Deno.readTextFile(paths.state);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return emptyState();
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new KitError(
      "SLOTS_STATE_INVALID",
      `${paths.state} is not valid JSON: ${(error as Error).message}`,
      {
        path: paths.state,
      },
    );
  }
  const parsed = SlotsStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KitError(
      "SLOTS_STATE_INVALID",
      `${paths.state}: ${issue.path.join(".") || "(root)"}: ${issue.message}`,
      { path: paths.state },
    );
  }
  return parsed.data;
}

/** Reads the journal, if a change was interrupted (an unreadable journal counts as none). */
export async function readJournal(paths: BootPaths): Promise<Journal | undefined> {
  try {
    const value = JSON.parse(await Deno.readTextFile(paths.journal));
    return value?.schema === "metablooms.slots_journal/v1" ? value as Journal : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Commits a new state (steps 2–4 above). `next` is the full new state; its
 * `seq`, `op` and `updated_utc` are set here.
 */
export async function commitState(
  paths: BootPaths,
  current: SlotsState,
  next: SlotsState,
  op: string,
  audit?: Journal["audit"],
): Promise<{ state: SlotsState; audit?: AuditRef | undefined }> {
  const now = nowUtc();
  const state: SlotsState = {
    ...next,
    schema: "metablooms.slots/v1",
    seq: current.seq + 1,
    op,
    updated_utc: now,
  };
  const journal: Journal = {
    schema: "metablooms.slots_journal/v1",
    change_id: crypto.randomUUID(),
    op,
    from_seq: current.seq,
    to_seq: state.seq,
    pid: Deno.pid,
    started_utc: now,
    ...(audit ? { audit } : {}),
  };
  await Deno.mkdir(paths.slots, { recursive: true });
  await writeJsonAtomic(paths.journal, journal);
  await syncDir(paths.slots);
  await slotsStep("journaled");
  const tmp = join(paths.slots, `.state.json.${journal.change_id}.tmp`);
  const file = await Deno.open(tmp, { write: true, createNew: true });
  try {
    const bytes = new TextEncoder().encode(JSON.stringify(state, null, 2) + "\n");
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.sync();
  } finally {
    file.close();
  }
  await slotsStep("state-temp-written");
  await Deno.rename(tmp, paths.state);
  await syncDir(paths.slots);
  await slotsStep("committed");
  const ref = await finishTail(paths, state, journal);
  return { state, audit: ref };
}

/** Settles an interrupted change: finishes it if it committed, discards it otherwise. */
export async function recoverPending(paths: BootPaths): Promise<RecoveryNote[]> {
  const journal = await readJournal(paths);
  const state = await readState(paths);
  if (journal === undefined) {
    await removeTemps(paths);
    await gcBundles(paths, state);
    return [];
  }
  if (state.seq >= journal.to_seq) {
    await finishTail(paths, state, journal);
    return [{ op: journal.op, outcome: "completed", to_seq: journal.to_seq }];
  }
  await removeTemps(paths);
  await gcBundles(paths, state);
  await appendAuditEvent(paths.audit, "SLOT_CHANGE_DISCARDED", {
    change_id: journal.change_id,
    op: journal.op,
    to_seq: journal.to_seq,
    pid: journal.pid,
    note: "interrupted before its commit; the previous state stays",
  });
  await Deno.remove(paths.journal).catch(() => {});
  await syncDir(paths.slots);
  return [{ op: journal.op, outcome: "discarded", to_seq: journal.to_seq }];
}

async function finishTail(
  paths: BootPaths,
  state: SlotsState,
  journal: Journal,
): Promise<AuditRef | undefined> {
  let ref: AuditRef | undefined;
  if (journal.audit && !(await auditHasChange(paths.audit, journal.change_id))) {
    ref = await appendAuditEvent(paths.audit, journal.audit.event_type, {
      ...journal.audit.payload,
      change_id: journal.change_id,
      seq: journal.to_seq,
    });
  }
  await slotsStep("audited");
  await writeViews(paths, state);
  await slotsStep("views-written");
  await removeTemps(paths);
  await gcBundles(paths, state);
  await slotsStep("gc-done");
  await Deno.remove(paths.journal).catch(() => {});
  await syncDir(paths.slots);
  await slotsStep("journal-removed");
  return ref;
}

/**
 * Copies a bundle into the content-addressed store (temp + fsync + rename),
 * checking its hash on the way; an existing copy with the right hash is kept.
 */
export async function storeBundle(
  paths: BootPaths,
  source: string,
  sha256: string,
): Promise<string> {
  await Deno.mkdir(paths.bundles, { recursive: true });
  const target = join(paths.bundles, `${sha256}.zip`);
  try {
    if ((await sha256File(target)) === sha256) return target;
  } catch { /* not stored yet */ }
  const tmp = join(paths.bundles, `.${sha256}.zip.${crypto.randomUUID()}.tmp`);
  await Deno.copyFile(source, tmp);
  const file = await Deno.open(tmp, { read: true, write: true });
  try {
    await file.sync();
  } finally {
    file.close();
  }
  const actual = await sha256File(tmp);
  if (actual !== sha256) {
    await Deno.remove(tmp).catch(() => {});
    throw new KitError(
      "BUNDLE_CHANGED",
      `Cannot store ${source}: its SHA-256 is now ${actual}, not the booted ${sha256} (file changed during the boot)`,
      { path: source },
    );
  }
  await slotsStep("bundle-copied");
  await Deno.rename(tmp, target);
  await syncDir(paths.bundles);
  await slotsStep("bundle-stored");
  return target;
}

async function writeViews(paths: BootPaths, state: SlotsState): Promise<void> {
  for (const name of SLOT_NAMES) {
    const view = join(paths.slots, `${name}.json`);
    const entry = state.slots[name];
    if (entry) await writeJsonAtomic(view, entry);
    else await Deno.remove(view).catch(() => {});
  }
}

/** Deletes stored bundles no slot references. */
async function gcBundles(paths: BootPaths, state: SlotsState): Promise<void> {
  const keep = new Set(
    SLOT_NAMES.map((n) => state.slots[n]?.bundle_sha256).filter(Boolean).map((s) => `${s}.zip`),
  );
  try {
    for await (const entry of Deno.readDir(paths.bundles)) {
      if (!entry.isFile || keep.has(entry.name)) continue;
      if (/^[0-9a-f]{64}\.zip$/.test(entry.name) || /^\..*\.tmp$/.test(entry.name)) {
        await Deno.remove(join(paths.bundles, entry.name)).catch(() => {});
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

async function removeTemps(paths: BootPaths): Promise<void> {
  try {
    for await (const entry of Deno.readDir(paths.slots)) {
      if (entry.isFile && /^\..*\.tmp$/.test(entry.name)) {
        await Deno.remove(join(paths.slots, entry.name)).catch(() => {});
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** Whether the audit log's tail already holds the event of a change (the tail may run twice). */
async function auditHasChange(path: string, changeId: string): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch {
    return false;
  }
  try {
    const size = (await file.stat()).size;
    const tail = await readRange(file, Math.max(0, size - 256 * 1024), size);
    return new TextDecoder().decode(tail).includes(`"change_id":"${changeId}"`);
  } finally {
    file.close();
  }
}
