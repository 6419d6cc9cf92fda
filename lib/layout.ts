/**
 * The one owner of the kit's on-disk layout: every path under the data
 * directory and under the LTM git repo is named here, once, and every
 * capability asks this module instead of joining strings.
 *
 * Data directory (`MB_DATA_DIR`, default `./.metablooms/`):
 *
 * ```
 * metablooms.db                     the store (SQLite, WAL) unless MB_DB says otherwise
 * ltm/                              the LTM git repo unless MB_LTM_DIR says otherwise
 * bundles/<sha256>.zip              bundles held by a boot slot (content-addressed)
 * boots/<boot_id>/                  one folder per boot (boot_report.json = the receipt, …)
 * staging/<boot_id>/                extraction and --exec scratch (removed after the boot)
 * slots/state.json                  the authoritative slot pointers (atomic rename)
 * slots/journal.json                the slot change in progress (crash recovery)
 * slots/slots.lock                  the slots' cross-process lock
 * slots/{ACTIVE,ROLLBACK,CANDIDATE}.json   per-slot views derived from state.json
 * audit/boot_events.ndjson          hash-chained boot and slot events (lib/ledger, event kind)
 * audit/metacognition.jsonl         the living image's cycle log (13 fields a line) …
 * audit/metacognition.jsonl.chain   … and its sidecar hash chain (lib/ledger, sidecar kind)
 * image/                            the living image's files beside the store
 * catalog/                          the knowledge catalog's files beside the store
 * finetune/                         fine-tuning exports (`export_finetune`, one JSONL per run)
 * state/watcher.lock                the downloads watcher's single-instance lock
 * state/watcher_heartbeat.json      the watcher's heartbeat
 * ```
 *
 * LTM repo (`MB_LTM_DIR`, default `<data>/ltm`), paths relative to its root, `/`-separated:
 *
 * ```
 * deltas/YYYY-MM/<name>             ingested deltas and notes (UTC month at ingest)
 * bundles/YYYY-MM/<name>            ingested bundles
 * manifests/ledger.ndjson           the ingest ledger (one chained line per accepted file)
 * manifests/latest.json             the snapshot pointer (mips.md §5 shape (b))
 * manifests/recent.json             the rolling feed (shape (a), last 25 ledger lines)
 * manifests/bootstrap.json          the session bootstrap
 * ledger/ledger.ndjson              the hash-chained event ledger
 * snapshots/                        snapshot_NNNN.json
 * <git dir>/metablooms-ingest.lock  one writer at a time for ledger, commit, pull, push
 * <git dir>/metablooms-staging/     ingest copies before they are filed
 * <git dir>/metablooms-ingest.journal  a commit batch's record until it is committed
 * ```
 *
 * @module
 */
import { join } from "node:path";

/** Absolute paths under one data directory. */
export interface DataLayout {
  /** The data directory itself. */
  root: string;
  /** The default SQLite store. */
  db: string;
  /** The default LTM git repo. */
  ltm: string;
  /** Content-addressed bundles held by slots. */
  bundles: string;
  /** One folder per boot. */
  boots: string;
  /** Scratch folders of boots in progress. */
  staging: string;
  /** The slots folder. */
  slots: string;
  /** `slots/state.json`. */
  slots_state: string;
  /** `slots/journal.json`. */
  slots_journal: string;
  /** `slots/slots.lock`. */
  slots_lock: string;
  /** The audit folder. */
  audit: string;
  /** `audit/boot_events.ndjson`. */
  boot_events: string;
  /** `audit/metacognition.jsonl` (its chain is `<this>.chain`). */
  metacognition: string;
  /** The living image's folder. */
  image: string;
  /** The knowledge catalog's folder. */
  catalog: string;
  /** Fine-tuning exports. */
  finetune: string;
  /** The folder of small process state files. */
  state: string;
  /** `state/watcher.lock`. */
  watcher_lock: string;
  /** `state/watcher_heartbeat.json`. */
  watcher_heartbeat: string;
}

/**
 * The layout of a data directory.
 *
 * @param dataDir The data directory (absolute, as the configuration resolves it).
 * @returns Every path the kit uses under it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataLayout } from "./layout.ts";
 * const d = dataLayout("/d");
 * assert.equal(d.boot_events, "/d/audit/boot_events.ndjson");
 * assert.equal(d.metacognition, "/d/audit/metacognition.jsonl");
 * assert.equal(d.slots_lock, "/d/slots/slots.lock");
 * ```
 */
export function dataLayout(dataDir: string): DataLayout {
  const slots = join(dataDir, "slots");
  const audit = join(dataDir, "audit");
  const state = join(dataDir, "state");
  return {
    root: dataDir,
    db: join(dataDir, "metablooms.db"),
    ltm: join(dataDir, "ltm"),
    bundles: join(dataDir, "bundles"),
    boots: join(dataDir, "boots"),
    staging: join(dataDir, "staging"),
    slots,
    slots_state: join(slots, "state.json"),
    slots_journal: join(slots, "journal.json"),
    slots_lock: join(slots, "slots.lock"),
    audit,
    boot_events: join(audit, "boot_events.ndjson"),
    metacognition: join(audit, "metacognition.jsonl"),
    image: join(dataDir, "image"),
    catalog: join(dataDir, "catalog"),
    finetune: join(dataDir, "finetune"),
    state,
    watcher_lock: join(state, "watcher.lock"),
    watcher_heartbeat: join(state, "watcher_heartbeat.json"),
  };
}

/** Paths inside an LTM repo, relative to its root and `/`-separated (as ledgers and git name them). */
export const LTM_PATHS = {
  /** The ingest ledger. */
  ingest_ledger: "manifests/ledger.ndjson",
  /** The snapshot pointer. */
  latest: "manifests/latest.json",
  /** The rolling feed. */
  recent: "manifests/recent.json",
  /** The session bootstrap. */
  bootstrap: "manifests/bootstrap.json",
  /** The event ledger. */
  event_ledger: "ledger/ledger.ndjson",
  /** The snapshots folder. */
  snapshots: "snapshots",
  /** The folders an ingest writes to (committed together). */
  ingest_areas: ["deltas", "bundles", "manifests"],
} as const;

/** Names inside an LTM repo's git folder. */
export const LTM_GIT_PATHS = {
  /** The one-writer lock. */
  lock: "metablooms-ingest.lock",
  /** Ingest copies before they are filed (`<pid>-<uuid>/<name>`). */
  staging: "metablooms-staging",
  /** What a commit batch wrote until it is committed (crash repair). */
  journal: "metablooms-ingest.journal",
} as const;

/**
 * The LTM folder a file of a kind is filed under, for a UTC month.
 *
 * @param kind `bundle`, or anything else (deltas and notes).
 * @param month `YYYY-MM` (see `utcMonth` in `lib/clock.ts`).
 * @returns `deltas/YYYY-MM` or `bundles/YYYY-MM`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ltmFolderFor } from "./layout.ts";
 * assert.equal(ltmFolderFor("bundle", "2026-01"), "bundles/2026-01");
 * assert.equal(ltmFolderFor("mips", "2026-01"), "deltas/2026-01");
 * ```
 */
export function ltmFolderFor(kind: string, month: string): string {
  return `${kind === "bundle" ? "bundles" : "deltas"}/${month}`;
}

/**
 * An LTM-relative path made absolute.
 *
 * @param ltmDir The LTM repo.
 * @param rel A path from {@linkcode LTM_PATHS} (or any `/`-separated relative path).
 * @returns The absolute path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LTM_PATHS, ltmPath } from "./layout.ts";
 * assert.equal(ltmPath("/ltm", LTM_PATHS.event_ledger), "/ltm/ledger/ledger.ndjson");
 * ```
 */
export function ltmPath(ltmDir: string, rel: string): string {
  return join(ltmDir, ...rel.split("/"));
}
