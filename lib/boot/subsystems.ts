/**
 * The ten Gen-A subsystems the boot activates, in activation order, with the
 * anchor files each one is checked by (boot.md §3), and the list the kit
 * enforces (all ten, per DECISIONS.md).
 *
 * @module
 */

/** What kind of subsystem a record describes (the `detail.kind` of its activation record). */
export type SubsystemKind = "control_plane" | "egg_juicer" | "ble" | "governance" | "microbloom";

/** One subsystem of the Gen-A runtime. */
export interface SubsystemSpec {
  /** Registry name (`CONTROL_PLANE_CORE`, …). */
  name: string;
  /** 1-based activation order. */
  order: number;
  /** Anchor files, bundle-relative, in the order they are tried. */
  anchors: readonly string[];
  /** `detail.kind` of its record. */
  kind: SubsystemKind;
  /** One line on how it is activated. */
  rule: string;
}

/**
 * The ten subsystems in activation order (boot.md §3). `anchors` lists every
 * file the original looks at; the exact rule (fallbacks, overrides) is
 * implemented by `activateSubsystems()`.
 *
 * @example List the names
 * ```ts
 * import assert from "node:assert/strict";
 * import { SUBSYSTEMS } from "./subsystems.ts";
 * assert(SUBSYSTEMS.length === 10 && SUBSYSTEMS[0]!.name === "CONTROL_PLANE_CORE");
 * ```
 */
export const SUBSYSTEMS: readonly SubsystemSpec[] = [
  {
    name: "CONTROL_PLANE_CORE",
    order: 1,
    anchors: ["control_plane/BOOT_STATE.json"],
    kind: "control_plane",
    rule: "presence + JSON parse of the boot state",
  },
  {
    name: "CHM",
    order: 2,
    anchors: ["control_plane/chm_contract.json"],
    kind: "control_plane",
    rule: "presence of the contract, then CHM activation rewrites ledgers/chat_health.ndjson " +
      "and sets ACTIVE (the original masks a missing contract)",
  },
  {
    name: "HEURISTIC_MATRIX",
    order: 3,
    anchors: [
      "control_plane/heuristic_matrix.json",
      "control_plane/heuristic_matrix_v1_1_delta.json",
    ],
    kind: "control_plane",
    rule: "the matrix; when the v1.1 delta exists its record replaces the first",
  },
  {
    name: "BRIDGE_MAP",
    order: 4,
    anchors: ["control_plane/bridge_map.json"],
    kind: "control_plane",
    rule: "presence + JSON parse",
  },
  {
    name: "SHOPPING_MODE_CONTROLLER",
    order: 5,
    anchors: [
      "control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json",
      "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json",
    ],
    kind: "control_plane",
    rule:
      "the bundle's Python (decide_next_mode) runs every test case; the original then sets ACTIVE unconditionally; the kit knows the outcome only by running it",
  },
  {
    name: "EGG_JUICER",
    order: 6,
    anchors: ["egg_juicer/EggJuicer.md", "egg_juicer/README.md"],
    kind: "egg_juicer",
    rule: "directory egg_juicer/, then the first existing anchor",
  },
  {
    name: "BLE",
    order: 7,
    anchors: ["ble/BLE_RULESET.md", "control_plane/MB_REASONING_ENGINE_INTERFACE_SPEC_v1.json"],
    kind: "ble",
    rule: "the ruleset, else the reasoning-engine interface spec",
  },
  {
    name: "GOVERNANCE_CORE",
    order: 8,
    anchors: [
      "governance/GOVERNANCE.md",
      "metablooms_governance/README.md",
      "control_plane/MB_GATE_REGISTRY_MANIFEST_v1.json",
    ],
    kind: "governance",
    rule: "the first existing of the three anchors",
  },
  {
    name: "DECISION_SPINE",
    order: 9,
    anchors: ["control_plane/decision_spine/DECISION_SPINE.md"],
    kind: "control_plane",
    rule: "presence",
  },
  {
    name: "SANDFIT_V0",
    order: 10,
    anchors: ["microblooms/sandfit_v0/src/sandfit_engine.py"],
    kind: "microbloom",
    rule: "presence",
  },
];

/**
 * The subsystems the kit requires ACTIVE before `BOOT_OK`: all ten, as the
 * original boot activator enforces (not the 5 of `build_manifest.json` /
 * `VERSION_MANIFEST.json`, nor the 3 of the trailing module constant).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REQUIRED_SUBSYSTEMS } from "./subsystems.ts";
 * assert(REQUIRED_SUBSYSTEMS.length === 10 && REQUIRED_SUBSYSTEMS.includes("SANDFIT_V0"));
 * ```
 */
export const REQUIRED_SUBSYSTEMS: readonly string[] = SUBSYSTEMS.map((s) => s.name);
