/**
 * Where the boot capability keeps its state under the data directory.
 *
 * ```
 * <dataDir>/bundles/<sha256>.zip        bundles held by a slot (content-addressed)
 * <dataDir>/boots/<boot_id>/            one folder per boot: boot_report.json (the receipt),
 *                                        control_plane/state_hub/*, ledgers/chat_health.ndjson
 * <dataDir>/staging/<boot_id>/          extraction and --exec scratch (removed after the boot)
 * <dataDir>/slots/state.json            the one authoritative pointer file (atomic rename)
 * <dataDir>/slots/journal.json          the change in progress (crash recovery)
 * <dataDir>/slots/slots.lock            cross-process lock
 * <dataDir>/slots/{ACTIVE,ROLLBACK,CANDIDATE}.json   per-slot views, derived from state.json
 * <dataDir>/audit/boot_events.ndjson    hash-chained audit log
 * ```
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";

/** Paths of the boot state of one data directory. */
export interface BootPaths {
  dataDir: string;
  bundles: string;
  boots: string;
  staging: string;
  slots: string;
  state: string;
  journal: string;
  lock: string;
  audit: string;
}

/** The boot paths of a configuration. */
export function bootPaths(config: Pick<Config, "dataDir">): BootPaths {
  const slots = join(config.dataDir, "slots");
  return {
    dataDir: config.dataDir,
    bundles: join(config.dataDir, "bundles"),
    boots: join(config.dataDir, "boots"),
    staging: join(config.dataDir, "staging"),
    slots,
    state: join(slots, "state.json"),
    journal: join(slots, "journal.json"),
    lock: join(slots, "slots.lock"),
    audit: join(config.dataDir, "audit", "boot_events.ndjson"),
  };
}

/** fsync a directory so a rename inside it survives a power cut (best effort). */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch { /* not supported on this platform: the rename is still atomic */ }
}
