import type { BuildManifest, BuildManifestFile } from "../../schemas/bundle.ts";

const boot = (path: string, purpose: string, required = true): BuildManifestFile => ({
  path,
  required,
  category: "boot",
  purpose,
});
const cp = (path: string, purpose: string, required = true): BuildManifestFile => ({
  path,
  required,
  category: "control_plane",
  purpose,
});

/**
 * The Gen-A `scripts/build_manifest.json` (v7 canonical), embedded so the
 * validator has a layout to check when neither the bundle nor the caller
 * provides one: 7 boot files (6 required), 10 control-plane files (9
 * required), 6 required directories.
 *
 * @example Count the required boot files
 * ```ts
 * import assert from "node:assert/strict";
 * import { GEN_A_BUILD_MANIFEST } from "./build_manifest.ts";
 * const required = GEN_A_BUILD_MANIFEST.required_boot_files.filter((f) => f.required);
 * assert(required.length === 6);
 * ```
 */
export const GEN_A_BUILD_MANIFEST: BuildManifest = {
  build_manifest_version: "1.0",
  purpose: "Canonical layout of a bootable MetaBlooms OS bundle (Gen A, v7)",
  last_updated: "2025-12-30",
  required_boot_files: [
    boot("BOOT.md", "Chat-side boot instructions"),
    boot("BOOT_METABLOOMS.py", "Immutable launcher: extract, resolve entry, run, judge"),
    boot("RUN_METABLOOMS.py", "Runtime entry: control plane, activation gate, receipts"),
    boot("boot_manifest.json", "Entrypoint and success signal for the launcher"),
    boot("boot_contract.json", "Boot contract: launcher hash and success markers"),
    boot("ENTRYPOINT.md", "Names the single boot entrypoint"),
    boot("README_BOOT_RULES.md", "Human-readable boot rules", false),
  ],
  required_control_plane_files: [
    cp("control_plane/__init__.py", "Control-plane package marker"),
    cp("control_plane/BOOT_STATE.json", "Control-plane state loaded at boot"),
    cp("control_plane/boot_activator.py", "Activates and gates the subsystems"),
    cp("control_plane/activation_registry.py", "Records subsystem activation status"),
    cp("control_plane/mandatory_chat_capture.py", "Writes the mandatory chat capture record"),
    cp("control_plane/shopping_mode_controller.py", "Shopping mode controller and its tests"),
    cp("control_plane/delta_enforcer_v1.py", "Enforces the delta ledger"),
    cp("control_plane/bridge_map.json", "Bridge map subsystem anchor"),
    cp("control_plane/heuristic_matrix.json", "Heuristic matrix subsystem anchor"),
    cp("control_plane/chm_contract.json", "Chat health monitor contract", false),
  ],
  required_directories: [
    "control_plane/state_hub",
    "learning/nanoblooms",
    "learning/microblooms",
    "learning/macroblooms",
    "governance",
    "ble",
  ],
  boot_validation_rules: {
    entrypoint_specified: "boot_manifest.json must name entrypoint RUN_METABLOOMS.py",
    success_signal_defined: "boot_manifest.json must define success_signal",
    required_subsystems: [
      "CONTROL_PLANE_CORE",
      "BRIDGE_MAP",
      "HEURISTIC_MATRIX",
      "CHM",
      "SHOPPING_MODE_CONTROLLER",
    ],
  },
};

/** The Gen-A boot manifest the launcher reads (spec bundle.md §3). */
export const GEN_A_BOOT_MANIFEST: Readonly<Record<string, string>> = {
  manifest_id: "MB_BOOT_MANIFEST_v1",
  entrypoint: "RUN_METABLOOMS.py",
  mode: "fail_closed",
  success_signal: "BOOT_OK",
  failure_signal: "BOOT_FAILED",
};
