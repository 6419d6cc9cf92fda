/**
 * The activation engine: checks the ten subsystems of an extracted Gen-A tree
 * exactly as the original `boot_activator.activate_all` does (boot.md §3), and
 * reduces the sequence of registry writes twice — the original way (last write
 * wins, masking earlier errors) and the kit's strict way (an `ERROR` sticks).
 *
 * @module
 */
import { join, resolve } from "node:path";
import { pythonJsonDumps } from "../json/py_json.ts";
import type { SubsystemRecord } from "../../schemas/boot.ts";
import { isDir, isFile, messageOf, pyTimestamp, pyTimestampSeconds, readTextPy } from "./_py.ts";
import { type SmcSummary, summarizeSmc } from "./smc.ts";
import type { SubsystemKind } from "./subsystems.ts";
import { getOwn, setOwn } from "../own.ts";

/** Options of {@linkcode activateSubsystems}. */
export interface ActivateOptions {
  /** Clock (records carry its time). @default {() => new Date()} */
  now?: () => Date;
  /**
   * Folder that receives `ledgers/chat_health.ndjson` (the CHM activation's
   * side effect); without it the ledger is not written and CHM activation is simulated.
   */
  outDir?: string;
}

/** Where the original runtime would raise an uncaught exception. */
export interface ActivationCrash {
  /** Subsystem being activated. */
  subsystem: string;
  /** Bundle-relative file involved. */
  file: string;
  /** What went wrong (the exception's message). */
  message: string;
}

/** Every registry write of one activation run, and its two reductions. */
export interface ActivationOutcome {
  /** Every record written, in order (a name may appear more than once). */
  log: SubsystemRecord[];
  /** Final records as the original leaves them (last write wins), up to a crash. */
  compat: Record<string, SubsystemRecord>;
  /** Final records the kit judges by: the first `ERROR` of a name sticks. */
  strict: Record<string, SubsystemRecord>;
  /** The original would crash here; `compat` holds only what was written before. */
  crash?: ActivationCrash | undefined;
  /** What the shopping mode controller's files declare, when they loaded (its tests are bundle code: not run here). */
  smc?: SmcSummary | undefined;
  /** Absolute path of the chat-health ledger written, when `outDir` was given. */
  chatHealthLedger?: string | undefined;
}

const SMC_RULES = "control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json";
const SMC_TESTS = "control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json";
const HM_DELTA = "control_plane/heuristic_matrix_v1_1_delta.json";

/**
 * Activates the ten subsystems of an extracted Gen-A tree.
 *
 * @param root The bundle root (the folder holding `control_plane/`).
 * @param options Clock and output folder.
 * @returns The write log, the compat and strict final records, and a crash if the original would raise.
 *
 * @example A tree with only a boot state: most subsystems are in ERROR
 * ```ts
 * import assert from "node:assert/strict";
 * import { activateSubsystems } from "./activate.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/control_plane`);
 * await Deno.writeTextFile(`${root}/control_plane/BOOT_STATE.json`, '{"state": {}}');
 * const out = await activateSubsystems(root);
 * assert(out.strict.CONTROL_PLANE_CORE!.status === "ACTIVE");
 * assert(out.strict.CHM!.status === "ERROR" && out.compat.CHM!.status === "ACTIVE");
 * assert(out.crash?.subsystem === "SHOPPING_MODE_CONTROLLER");
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function activateSubsystems(
  root: string,
  options: ActivateOptions = {},
): Promise<ActivationOutcome> {
  const base = resolve(root);
  const now = options.now ?? (() => new Date());
  const abs = (rel: string) => join(base, rel);
  const log: SubsystemRecord[] = [];
  let crashAt: number | undefined;
  let crash: ActivationCrash | undefined;
  let smc: SmcSummary | undefined;
  let chatHealthLedger: string | undefined;

  const set = (name: string, status: "ACTIVE" | "ERROR", detail: Record<string, unknown>) => {
    log.push({ name, status, detail, timestamp_utc: pyTimestamp(now()) });
  };
  const firstExisting = async (rels: readonly string[]) => {
    for (const rel of rels) if (await isFile(abs(rel))) return rel;
    return undefined;
  };
  const checkFile = async (name: string, rel: string, kind: SubsystemKind) => {
    const path = abs(rel);
    if (!(await isFile(path))) {
      return set(name, "ERROR", { error: "MISSING_REQUIRED_FILE", file: path });
    }
    let status: unknown = "present";
    if (rel.endsWith(".json")) {
      let data: unknown;
      try {
        data = JSON.parse(await readTextPy(path));
      } catch (error) {
        return set(name, "ERROR", {
          error: "FILE_CHECK_FAILED",
          file: path,
          exc: messageOf(error),
        });
      }
      if (typeof data === "object" && data !== null && !Array.isArray(data)) {
        const obj = data as Record<string, unknown>;
        status = Object.hasOwn(obj, "status")
          ? obj.status
          : Object.hasOwn(obj, "learning")
          ? obj.learning
          : "present";
      }
    }
    set(name, "ACTIVE", { file: path, status, kind });
  };

  await checkFile("CONTROL_PLANE_CORE", "control_plane/BOOT_STATE.json", "control_plane");
  await checkFile("CHM", "control_plane/chm_contract.json", "control_plane");
  try {
    chatHealthLedger = await activateChm(options.outDir, now());
    set("CHM", "ACTIVE", { status: "active", note: "chat health monitor active" });
  } catch (error) {
    set("CHM", "ERROR", { error: "ACTIVATION_FAILED", exc: messageOf(error) });
  }
  await checkFile("HEURISTIC_MATRIX", "control_plane/heuristic_matrix.json", "control_plane");
  if (await isFile(abs(HM_DELTA))) await checkFile("HEURISTIC_MATRIX", HM_DELTA, "control_plane");
  await checkFile("BRIDGE_MAP", "control_plane/bridge_map.json", "control_plane");

  // Subsystem 5: the original raises when a file is missing or not JSON (no record, no
  // BOOT_FAILED line); the kit records an ERROR, notes the crash and keeps checking. Its
  // self-tests are the bundle's own Python: their outcome comes from running it, not from here.
  const loaded = await loadSmcFiles(abs);
  if ("crash" in loaded) {
    crashAt = log.length;
    crash = loaded.crash;
    set("SHOPPING_MODE_CONTROLLER", "ERROR", loaded.detail);
  } else {
    smc = loaded.summary;
    set("SHOPPING_MODE_CONTROLLER", "ACTIVE", { ...smc, kind: "control_plane" });
  }

  if (!(await isDir(abs("egg_juicer")))) {
    set("EGG_JUICER", "ERROR", { error: "MISSING_DIRECTORY", path: abs("egg_juicer") });
  } else {
    const anchor = await firstExisting(["egg_juicer/EggJuicer.md", "egg_juicer/README.md"]);
    if (anchor === undefined) {
      set("EGG_JUICER", "ERROR", { error: "NO_ANCHOR_FILE_FOUND", path: abs("egg_juicer") });
    } else await checkFile("EGG_JUICER", anchor, "egg_juicer");
  }
  const ble = await firstExisting([
    "ble/BLE_RULESET.md",
    "control_plane/MB_REASONING_ENGINE_INTERFACE_SPEC_v1.json",
  ]);
  await checkFile("BLE", ble ?? "ble/BLE_RULESET.md", "ble");
  const governance = await firstExisting([
    "governance/GOVERNANCE.md",
    "metablooms_governance/README.md",
    "control_plane/MB_GATE_REGISTRY_MANIFEST_v1.json",
  ]);
  await checkFile("GOVERNANCE_CORE", governance ?? "governance/GOVERNANCE.md", "governance");
  await checkFile(
    "DECISION_SPINE",
    "control_plane/decision_spine/DECISION_SPINE.md",
    "control_plane",
  );
  await checkFile("SANDFIT_V0", "microblooms/sandfit_v0/src/sandfit_engine.py", "microbloom");

  return {
    log,
    compat: lastWriteWins(crashAt === undefined ? log : log.slice(0, crashAt)),
    strict: stickyError(log),
    crash,
    smc,
    chatHealthLedger,
  };
}

async function loadSmcFiles(
  abs: (rel: string) => string,
): Promise<
  { summary: SmcSummary } | { crash: ActivationCrash; detail: Record<string, unknown> }
> {
  const values: unknown[] = [];
  for (const rel of [SMC_RULES, SMC_TESTS]) {
    const path = abs(rel);
    if (!(await isFile(path))) {
      const message = `[Errno 2] No such file or directory: '${path}'`;
      return {
        crash: { subsystem: "SHOPPING_MODE_CONTROLLER", file: rel, message },
        detail: { error: "MISSING_REQUIRED_FILE", file: path },
      };
    }
    try {
      values.push(JSON.parse(await readTextPy(path)));
    } catch (error) {
      return {
        crash: { subsystem: "SHOPPING_MODE_CONTROLLER", file: rel, message: messageOf(error) },
        detail: { error: "FILE_CHECK_FAILED", file: path, exc: messageOf(error) },
      };
    }
  }
  return { summary: summarizeSmc(values[0], values[1]) };
}

/** CHM activation: rewrites `<outDir>/ledgers/chat_health.ndjson` with one GREEN record. */
async function activateChm(outDir: string | undefined, at: Date): Promise<string | undefined> {
  if (outDir === undefined) return undefined;
  const ledgers = join(outDir, "ledgers");
  await Deno.mkdir(ledgers, { recursive: true });
  const record = {
    ts: pyTimestampSeconds(at),
    health: "GREEN",
    signals: [],
    response: "NONE",
    affected_systems: ["CHM"],
    notes: "boot activation",
  };
  const path = join(ledgers, "chat_health.ndjson");
  await Deno.writeTextFile(path, pythonJsonDumps(record) + "\n");
  return path;
}

function lastWriteWins(log: readonly SubsystemRecord[]): Record<string, SubsystemRecord> {
  const out: Record<string, SubsystemRecord> = {};
  for (const record of log) setOwn(out, record.name, record);
  return out;
}

function stickyError(log: readonly SubsystemRecord[]): Record<string, SubsystemRecord> {
  const out: Record<string, SubsystemRecord> = {};
  for (const record of log) {
    if (getOwn(out, record.name)?.status === "ERROR") continue;
    setOwn(out, record.name, record);
  }
  return out;
}
