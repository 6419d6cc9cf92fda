/**
 * Writes the index as the two files the LTM plan names (mips.md §4):
 * `MIPS_INDEX_CORE.mips.json` (`boot`, `runtime`, `posture`, `registry`,
 * `timestamps`, `index`) and `MIPS_GRAPH_CORE.mips.json` (nodes, edges,
 * layers, orphans, cycles, dangling). Fails closed with `INDEX_INCOMPLETE`.
 *
 * Where the answers come from: `boot.entrypoint` and `boot.fail_closed` from
 * `manifests/bootstrap.json` (`entrypoint`, `fail_closed`: true → STRICT,
 * false → PERMISSIVE; defaults `RUN_METABLOOMS.py` and STRICT); the posture
 * booleans from its optional `posture` object (default false: the kit records
 * hashes but never enforces them); `runtime.active_bundle` = the newest
 * ACTIVE (else OPTIONAL) OS module (J-flat `os_id`, or an id with an `OS`
 * segment); `runtime.mode` FULL when there is an active bundle and no
 * quarantined or hash-mismatched module, else DEGRADED.
 *
 * @module
 */
import { join } from "node:path";
import { KitError } from "../errors.ts";
import { nowUtc } from "../clock.ts";
import { writeFileAtomic } from "../fs/atomic_write.ts";
import type {
  ExportReport,
  IndexCore,
  MipsGraph,
  RegistryEntry,
  RuntimePosture,
} from "../../schemas/ltm.ts";
import type { MipsFormat } from "../../schemas/mips.ts";
import type { Store } from "../store/store.ts";
import { LTM_PATHS, ltmPath } from "../layout.ts";
import * as repo from "./_repository.ts";
import { migrateLtm } from "./_repository.ts";
import { buildMipsGraph } from "./graph.ts";
import { setOwn } from "../own.ts";

/** File name of the exported registry. */
export const INDEX_CORE_FILE = "MIPS_INDEX_CORE.mips.json";
/** File name of the exported graph. */
export const GRAPH_CORE_FILE = "MIPS_GRAPH_CORE.mips.json";

/**
 * Builds the MIPS_INDEX_CORE document and the graph from the index.
 *
 * @param store The store holding the index.
 * @returns The index document and the graph.
 * @throws {KitError} `INDEX_INCOMPLETE` when the index was never built or files could not be indexed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { buildIndexCore } from "./export.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await assert.rejects(buildIndexCore(store), { code: "INDEX_INCOMPLETE" });
 * ```
 */
export async function buildIndexCore(
  store: Store,
): Promise<{ index: IndexCore; graph: MipsGraph }> {
  await migrateLtm(store);
  const meta = await store.read(async (tx) => ({
    root: await repo.getMeta(tx, "ltm_dir"),
    incomplete: await repo.getMeta(tx, "incomplete"),
  }));
  const root = meta.root;
  if (!root) {
    throw new KitError(
      "INDEX_INCOMPLETE",
      "SYSTEM_INVALID: INDEX_INCOMPLETE: the LTM index has not been built (run reindex first)",
    );
  }
  const failures = JSON.parse(meta.incomplete ?? "[]") as Array<
    { path: string; reason: string }
  >;
  if (failures.length > 0) {
    throw new KitError(
      "INDEX_INCOMPLETE",
      `SYSTEM_INVALID: INDEX_INCOMPLETE: ${failures.length} file(s) could not be indexed, first ${
        failures[0]!.path
      }: ${failures[0]!.reason}`,
      { path: failures[0]!.path, details: { failures } },
    );
  }
  const graph = await buildMipsGraph(store);
  const bootstrap = await readBootstrap(ltmPath(root, LTM_PATHS.bootstrap));
  const deps = new Map<string, Array<{ module_id: string; required: boolean }>>();
  for (const e of graph.edges) {
    const list = deps.get(e.from) ?? [];
    list.push({ module_id: e.to, required: e.required });
    deps.set(e.from, list);
  }
  const registry: Record<string, RegistryEntry> = {};
  let quarantined = 0;
  let mismatch = 0;
  let active: { module_id: string; sha256: string; rank: number; ts: number } | undefined;
  const { rows, updated, verified } = await store.read(async (tx) => {
    const updated = (await repo.getMeta(tx, "last_updated_utc")) ?? "";
    const verified = (await repo.getMeta(tx, "last_verified_utc")) ?? updated;
    return { rows: await repo.registryRows(tx), updated, verified };
  });
  for (const r of rows) {
    const moduleId = String(r.module_id);
    const posture = String(r.posture) as RuntimePosture;
    const path = String(r.path);
    const entry: RegistryEntry = {
      filename: path.slice(path.lastIndexOf("/") + 1),
      path,
      sha256: String(r.sha256),
      runtime_posture: posture,
      deps: deps.get(moduleId) ?? [],
      format: String(r.format) as MipsFormat,
      hash_status: r.hash_recipe ? `VERIFIED(${r.hash_recipe})` : String(r.hash_status),
    };
    if (r.version !== null) entry.version = String(r.version);
    setOwn(registry, moduleId, entry);
    if (posture === "QUARANTINED") quarantined++;
    if (r.hash_status === "MISMATCH") mismatch++;
    const rank = posture === "ACTIVE" ? 2 : posture === "OPTIONAL" ? 1 : 0;
    if (rank > 0 && isOsModule(moduleId, r.shape === null ? undefined : String(r.shape))) {
      const ts = r.ts_ms === null ? 0 : Number(r.ts_ms);
      if (!active || rank > active.rank || (rank === active.rank && ts > active.ts)) {
        active = { module_id: moduleId, sha256: String(r.sha256), rank, ts };
      }
    }
  }
  const index: IndexCore = {
    boot: { entrypoint: bootstrap.entrypoint, fail_closed: bootstrap.failClosed },
    runtime: {
      mode: active && quarantined === 0 && mismatch === 0 ? "FULL" : "DEGRADED",
      active_bundle: { module_id: active?.module_id ?? null, sha256: active?.sha256 ?? null },
    },
    posture: bootstrap.posture,
    registry,
    timestamps: { last_updated_utc: updated, last_verified_utc: verified },
    index: {
      last_updated_utc: updated,
      last_verified_utc: verified,
      modules: rows.length,
      quarantined,
      hash_mismatch: mismatch,
    },
  };
  return { index, graph };
}

/**
 * Writes `MIPS_INDEX_CORE.mips.json` and `MIPS_GRAPH_CORE.mips.json` into a folder, each atomically.
 *
 * @param store The store holding the index.
 * @param dir The output folder (created if missing).
 * @returns The two paths and counts.
 * @throws {KitError} `INDEX_INCOMPLETE` (nothing is written).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { reindexLtm } from "./reindex.ts";
 * import { exportIndexFiles } from "./export.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/A_v1.mips.json`, '{"delta_id":"A_v1"}');
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await reindexLtm(store, dir);
 * const out = await exportIndexFiles(store, `${dir}/out`);
 * assert(out.modules === 1 && JSON.parse(await Deno.readTextFile(out.index_path)).registry.A_v1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function exportIndexFiles(store: Store, dir: string): Promise<ExportReport> {
  const { index, graph } = await buildIndexCore(store);
  await Deno.mkdir(dir, { recursive: true });
  const indexPath = join(dir, INDEX_CORE_FILE);
  const graphPath = join(dir, GRAPH_CORE_FILE);
  const generated = nowUtc();
  await writeFileAtomic(
    graphPath,
    JSON.stringify({ kind: "MIPS_GRAPH_CORE", generated_utc: generated, ...graph }, null, 2) + "\n",
  );
  await writeFileAtomic(indexPath, JSON.stringify(index, null, 2) + "\n");
  return {
    index_path: indexPath,
    graph_path: graphPath,
    modules: Object.keys(index.registry).length,
    edges: graph.edges.length,
  };
}

function isOsModule(moduleId: string, shape: string | undefined): boolean {
  return shape === "os-led" || /(?:^|_)OS(?:_|$)/.test(moduleId);
}

interface Bootstrap {
  entrypoint: string;
  failClosed: IndexCore["boot"]["fail_closed"];
  posture: IndexCore["posture"];
}

async function readBootstrap(path: string): Promise<Bootstrap> {
  let doc: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await Deno.readTextFile(path));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) doc = parsed;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound) && !(error instanceof SyntaxError)) throw error;
  }
  const boot = (doc["boot"] && typeof doc["boot"] === "object" ? doc["boot"] : {}) as Record<
    string,
    unknown
  >;
  const fc = boot["fail_closed"] ?? doc["fail_closed"];
  const failClosed = fc === false
    ? "PERMISSIVE"
    : typeof fc === "string" && ["STRICT", "PARTIAL", "PERMISSIVE"].includes(fc.toUpperCase())
    ? fc.toUpperCase() as Bootstrap["failClosed"]
    : "STRICT";
  const entry = boot["entrypoint"] ?? doc["entrypoint"];
  const p = (doc["posture"] && typeof doc["posture"] === "object" ? doc["posture"] : {}) as Record<
    string,
    unknown
  >;
  return {
    entrypoint: typeof entry === "string" && entry !== "" ? entry : "RUN_METABLOOMS.py",
    failClosed,
    posture: {
      hash_enforced: p["hash_enforced"] === true,
      validators_enforced: p["validators_enforced"] === true,
      blindspot_gating: p["blindspot_gating"] === true,
      sandcrawler_required_for_full: p["sandcrawler_required_for_full"] === true,
    },
  };
}
