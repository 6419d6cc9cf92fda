/**
 * The benchmarks' generated long-term memory: N deltas in the header formats
 * found in the wild (J-mips with a verified body hash, J-flat, M-yaml,
 * J-MIPS_HEADER, M-mips1, M-html, plain notes), deterministic (a seeded
 * generator), with a rare and a common word to search for and a
 * `supersedes` chain every 100 deltas.
 *
 * @module
 */
import { join } from "node:path";
import { sha256Hex } from "../lib/fs/sha256.ts";
import { pythonJsonDumps } from "../lib/json/py_json.ts";

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const SYL = [
  "ka",
  "lo",
  "mi",
  "ne",
  "ru",
  "sa",
  "ti",
  "vo",
  "ze",
  "qu",
  "bra",
  "del",
  "fin",
  "gor",
  "hul",
  "jex",
];
export const VOCAB: string[] = Array.from(
  { length: 3000 },
  () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => pick(SYL)).join(""),
);
export const RARE = "zephyrquill"; // in ~0.5% of the files
export const COMMON: string = VOCAB[7]!;

function words(n: number): string {
  return Array.from({ length: n }, () => pick(VOCAB)).join(" ");
}

/** The delta number `i` (relative path and text). */
export function delta(i: number): { path: string; text: string } {
  const month = `2025-${String(1 + (i % 12)).padStart(2, "0")}`;
  const id = `MB__03_DELTA__Bench_${String(i).padStart(6, "0")}_v1`;
  const ts = `${month}-${String(1 + (i % 28)).padStart(2, "0")}T${
    String(i % 24).padStart(2, "0")
  }:00:00Z`;
  const text = words(40) + (i % 200 === 0 ? ` ${RARE}` : "") + (i % 3 === 0 ? ` ${COMMON}` : "");
  const status = pick(["ACTIVE", "PROMOTED", "STAGED", "proposed_ready"]);
  const supersedes = i > 0 && i % 100 === 0
    ? `MB__03_DELTA__Bench_${String(i - 1).padStart(6, "0")}_v1`
    : undefined;
  const parent = i % 10 === 0 ? "MB__02_OS__Bench_Core.mips.json" : "ACTIVE_PROJECT_FILES";
  const dir = `deltas/${month}`;
  switch (i % 7) {
    case 0: { // J-mips with a verified sha256_body (R2)
      const body = { kind: "rule", rule: text, status, ...(supersedes ? {} : {}) };
      const mips = {
        artifact_id: id,
        parent_bundle: parent,
        version: "v1",
        timestamp_utc: ts,
        councils: ["Auditor"],
        ...(supersedes ? { links: { supersedes } } : {}),
        sha256_body: sha256Hex(pythonJsonDumps(body, { indent: 2 })),
      };
      return { path: `${dir}/${id}.mips.json`, text: JSON.stringify({ mips, body }) };
    }
    case 1: // J-flat
      return {
        path: `${dir}/${id}.mips.json`,
        text: JSON.stringify({
          delta_id: id,
          type: "governance",
          status,
          description: text,
          timestamp_utc: ts,
        }),
      };
    case 2: { // M-yaml with R10
      const head =
        `MIPS_HEADER:\n  artifact_id: ${id}\n  version: v1\n  councils: [Auditor, Recorder]\n  sha256: `;
      const rest = `\n  timestamp_utc: ${ts}\nBODY:\n\n# Note ${i}\n${text}\n`;
      return { path: `${dir}/${id}.mips.md`, text: head + sha256Hex(head + rest) + rest };
    }
    case 3: // J-MIPS_HEADER
      return {
        path: `${dir}/${id}.mips.json`,
        text: JSON.stringify({
          MIPS_HEADER: { artifact_id: id, version: "v1", timestamp_utc: ts },
          BODY: { terms: text, status },
        }),
      };
    case 4: // M-mips1
      return {
        path: `${dir}/${id}.mips.md`,
        text:
          `MIPS/1.0\nartifact_id: ${id}\nversion: 1.0\ntimestamp_utc: ${ts}\ncouncils: Facilitator,Auditor\n\n---\n# BIOS ${i}\n${text}\n`,
      };
    case 5: // M-html with R11
    {
      const body = `# Doc ${i}\n\n${text}\n`;
      return {
        path: `${dir}/${id}.mips.md`,
        text: `<!--MIPS_HEADER\n${
          JSON.stringify({ artifact_id: id, version: "v1", sha256: sha256Hex(body) })
        }\nMIPS_HEADER-->\n\n${body}`,
      };
    }
    default: // plain note
      return {
        path: `${dir}/MB__00_NOTE__${String(i).padStart(6, "0")}.txt`,
        text: `NOTE ${i}\n${text}\n`,
      };
  }
}

/**
 * Writes deltas 0…n-1 under `ltmDir`, then waits until their mtimes settle
 * (the index re-checks files changed in the last 2 s).
 *
 * @param ltmDir The LTM folder to fill.
 * @param n How many deltas.
 */
export async function writeLtmCorpus(ltmDir: string, n: number): Promise<void> {
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    const d = delta(i);
    const dir = d.path.slice(0, d.path.lastIndexOf("/"));
    if (!made.has(dir)) {
      Deno.mkdirSync(join(ltmDir, dir), { recursive: true });
      made.add(dir);
    }
    Deno.writeTextFileSync(join(ltmDir, d.path), d.text);
  }
  await new Promise((r) => setTimeout(r, 2100));
}
