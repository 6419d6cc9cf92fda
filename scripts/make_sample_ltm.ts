/**
 * Writes the sample LTM folder `samples/ltm/` (deterministic): one delta per
 * header format of mips.md §1 (the spec's synthetic examples, exact bytes), a
 * few deltas that link to each other (parent bundle, depends_on, supersedes),
 * two broken files (a truncated JSON, a plain-text note), both ledgers, and
 * the snapshot-shaped `manifests/latest.json`.
 *
 * Run: `./bin/deno run -A scripts/make_sample_ltm.ts [OUT_DIR]` (default `samples/ltm`).
 *
 * @module
 */
import { join } from "node:path";
import { sha256Hex } from "../lib/fs/sha256.ts";
import { chainHash, INGEST_CHAIN_FIELD } from "../lib/ledger/mod.ts";
import { parseJsonTree } from "../lib/json/json_tree.ts";
import { pythonJsonDumps, pythonJsonDumpsNode } from "../lib/json/py_json.ts";
import { LEDGER_VECTOR, MIPS_VECTORS } from "./mips_vectors.ts";

const MONTH = "deltas/2026-01";

/** One file of the sample, relative path and exact content. */
export interface SampleFile {
  /** Path relative to the LTM folder. */
  path: string;
  /** Exact content. */
  text: string;
}

/**
 * Every file of the sample LTM folder, in a fixed order.
 *
 * @returns The files.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sampleLtmFiles } from "./make_sample_ltm.ts";
 * assert(sampleLtmFiles().some((f) => f.path === "ledger/ledger.ndjson"));
 * ```
 */
export function sampleLtmFiles(): SampleFile[] {
  const deltas: SampleFile[] = MIPS_VECTORS.map((v) => ({
    path: `${MONTH}/${v.name}`,
    text: v.text,
  }));
  deltas.push(
    {
      path: `${MONTH}/MB__02_OS__Demo_Core.mips.json`,
      text: selfHashedR1({
        os_id: "MB__02_OS__Demo_Core",
        build_date_utc: "2026-01-09T08:00:00Z",
        principle: "files first, fail closed",
        integrated_deltas: ["MB__03_DELTA__TeaTimer_v1"],
        sha256: "",
      }),
    },
    {
      path: `${MONTH}/MB__03_DELTA__BlueWidgets_v2.mips.json`,
      text: selfHashedMipsBody({
        mips: {
          artifact_id: "MB__03_DELTA__BlueWidgets_v2",
          parent_bundle: "MB__02_OS__Demo_Core.mips.json",
          version: "v2",
          timestamp_utc: "2026-01-12T09:30:00-06:00",
          content_type: "application/json",
          councils: ["Auditor"],
          links: { supersedes: "MB__03_DELTA__BlueWidgets_v1" },
          sha256_body: "",
        },
        body: {
          kind: "example_rule",
          rule: "Widgets ship blue, with a teal option — café edition.",
          priority: "P1",
          status: "ACTIVE",
          depends_on: ["MB__03_DELTA__TeaTimer_v1", "MB__99_MISSING__Ghost_v1"],
        },
      }),
    },
    {
      path: `${MONTH}/MB__03_DELTA__Broken_v1.mips.json`,
      text:
        `{"mips":{"artifact_id":"MB__03_DELTA__Broken_v1","version":"v1","timestamp_utc":"2026-01-11T10:00:00Z"},"body":{"rule":"this file was cut off in the downl`,
    },
    {
      path: `${MONTH}/MB__00_SENTINEL__ACTIVE_STATE.txt`,
      text: "ACTIVE SET (free-text note, no MIPS header)\n- BlueWidgets v2\n- TeaTimer v1\n",
    },
  );
  deltas.sort((a, b) => a.path < b.path ? -1 : 1);

  const ingest: string[] = [];
  let prev: string | null = null;
  deltas.forEach((f, i) => {
    const line: Record<string, unknown> = {
      ts: new Date(Date.UTC(2026, 0, 10, 12, 0) + i * 7 * 60_000).toISOString().replace(
        ".000Z",
        "Z",
      ),
      path: f.path,
      sha256: sha256Hex(f.text),
      bytes: new TextEncoder().encode(f.text).length,
    };
    // The real ledger is unchained; the sample chains its last three lines (the kit's format).
    if (i >= deltas.length - 3) {
      line.host = "kit-sample";
      line.prev_sha256 = prev;
      line[INGEST_CHAIN_FIELD] = chainHash(line, INGEST_CHAIN_FIELD);
    }
    prev = (line[INGEST_CHAIN_FIELD] as string | undefined) ?? chainHash(line, INGEST_CHAIN_FIELD);
    ingest.push(pythonJsonDumps(line, { separators: [",", ":"] }));
  });

  const events = LEDGER_VECTOR.trimEnd().split("\n");
  let last = JSON.parse(events.at(-1)!).sha256 as string;
  const more: Array<[string, Record<string, unknown>]> = [
    ["ARTIFACT_CREATED", { path: `${MONTH}/MB__03_DELTA__BlueWidgets_v2.mips.json` }],
    ["INDEX_UPDATE", { modules: deltas.length - 1, quarantined: 1 }],
    ["VALIDATION", {
      target: `${MONTH}/MB__03_DELTA__BlueWidgets_v2.mips.json`,
      hash_status: "VERIFIED(R2)",
    }],
  ];
  more.forEach(([type, payload], i) => {
    const n = events.length + 1;
    const event: Record<string, unknown> = {
      event_id: `evt_${String(n).padStart(6, "0")}`,
      ts_utc: `2026-01-12T1${i}:00:00Z`,
      event_type: type,
      payload,
      prev_sha256: last,
    };
    const sha256 = chainHash(event);
    const { prev_sha256: _prev, ...head } = event;
    // Key order as in the spec's vector: sha256 before prev_sha256.
    events.push(
      pythonJsonDumps({ ...head, sha256, prev_sha256: last }, { separators: [",", ":"] }),
    );
    last = sha256;
  });

  const snapshot = JSON.stringify(
    {
      schema_version: "1.0",
      snapshot_id: "snapshot_0001",
      created_utc: "2026-01-12T12:00:00Z",
      source: { kind: "github", owner: "example", repo: "metablooms-ltm", branch: "main" },
      memory: {
        status: "active",
        notes: ["sample snapshot"],
        kv: { active_bundle: "MB__02_OS__Demo_Core" },
        indexes: {},
        pointers: { ledger_path: "ledger/ledger.ndjson" },
      },
    },
    null,
    2,
  ) + "\n";
  const latest = JSON.stringify(
    {
      schema_version: "1.0",
      as_of_utc: "2026-01-12T12:00:00Z",
      state: {
        type: "snapshot",
        snapshot_path: "snapshots/snapshot_0001.json",
        snapshot_sha256: sha256Hex(snapshot),
      },
      deltas: deltas.filter((f) => f.path.endsWith(".json")).slice(0, 3).map((f) => ({
        path: f.path,
        sha256: sha256Hex(f.text),
      })),
      governance: { approval: "owner", min_reviewers: 1, rules: ["append-only ledger"] },
    },
    null,
    2,
  ) + "\n";
  const bootstrap = JSON.stringify(
    {
      schema_version: "1.0",
      repo: "example/metablooms-ltm",
      branch: "main",
      latest_manifest_path: "manifests/latest.json",
      ledger_path: "ledger/ledger.ndjson",
      required_files: ["manifests/latest.json", "manifests/ledger.ndjson", "ledger/ledger.ndjson"],
      fail_closed: true,
    },
    null,
    2,
  ) + "\n";
  return [
    ...deltas,
    { path: "manifests/ledger.ndjson", text: ingest.join("\n") + "\n" },
    { path: "manifests/latest.json", text: latest },
    { path: "manifests/bootstrap.json", text: bootstrap },
    { path: "snapshots/snapshot_0001.json", text: snapshot },
    { path: "ledger/ledger.ndjson", text: events.join("\n") + "\n" },
  ];
}

/**
 * Writes the sample into a folder, replacing what is there.
 *
 * @param dir The output folder.
 * @returns The number of files written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeSampleLtm } from "./make_sample_ltm.ts";
 * const dir = await Deno.makeTempDir();
 * assert(await makeSampleLtm(`${dir}/ltm`) > 15);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function makeSampleLtm(dir: string): Promise<number> {
  await Deno.remove(dir, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  const files = sampleLtmFiles();
  for (const f of files) {
    const path = join(dir, f.path);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, f.text);
  }
  return files.length;
}

/** A flat document whose `sha256` is recipe R1 (document minus the hash, indent 2). */
function selfHashedR1(doc: Record<string, unknown>): string {
  const { sha256: _omit, ...rest } = doc;
  const hash = sha256Hex(pythonJsonDumps(rest, { indent: 2 }));
  return JSON.stringify({ ...doc, sha256: hash }, null, 2) + "\n";
}

/** A J-mips document whose `sha256_body` is recipe R2 (body, indent 2, ASCII-escaped). */
function selfHashedMipsBody(doc: { mips: Record<string, unknown>; body: unknown }): string {
  const body = pythonJsonDumpsNode(parseJsonTree(JSON.stringify(doc.body)), { indent: 2 });
  const mips = { ...doc.mips, sha256_body: sha256Hex(body) };
  return JSON.stringify({ mips, body: doc.body }, null, 2) + "\n";
}

if (import.meta.main) {
  const out = Deno.args[0] ?? "samples/ltm";
  const n = await makeSampleLtm(out);
  // deno-lint-ignore no-console
  console.log(`wrote ${n} files to ${out}`);
}
