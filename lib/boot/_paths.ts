/**
 * The boot capability's view of the data directory: the paths it uses, named
 * by `lib/layout.ts` (which documents the whole layout).
 *
 * @module
 */
import type { Config } from "../config.ts";
import { dataLayout } from "../layout.ts";

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
  const d = dataLayout(config.dataDir);
  return {
    dataDir: d.root,
    bundles: d.bundles,
    boots: d.boots,
    staging: d.staging,
    slots: d.slots,
    state: d.slots_state,
    journal: d.slots_journal,
    lock: d.slots_lock,
    audit: d.boot_events,
  };
}
