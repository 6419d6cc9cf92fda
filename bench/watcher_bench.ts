// deno-lint-ignore-file no-console -- a benchmark reports on the terminal
/**
 * How long does the watcher take per file, and what does it add on top of
 * git itself? Ingests N small MIPS deltas one by one through `ingestDelta`
 * (stage, hash, dedupe, parse, file, chained ledger line, recent/latest
 * manifests, reindex, commit, push to a local bare remote) and compares with
 * a baseline measured in the same run: the bare git work of the original
 * watcher (copy, append, `git add` + `git commit` + `git push`) for the same
 * files. Also times one scan + stability pass over a folder of M files and
 * loading the dedupe set from an L-line ledger.
 *
 * Run: `./bin/deno run -A bench/watcher_bench.ts [--files N] [--scan M] [--ledger L] [--full]`
 * (defaults 20 / 500 / 10 000; `--full` = 100 / 5 000 / 100 000).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { loadConfig } from "../lib/config.ts";
import { openStore } from "../lib/store/open.ts";
import { git } from "../lib/git/run.ts";
import { createManualClock } from "../lib/clock.ts";
import {
  chainLedgerLine,
  ingestDelta,
  readIngestLedger,
  scanWatchDir,
  waitForStable,
} from "../lib/watcher/mod.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    files: { type: "string" },
    scan: { type: "string" },
    ledger: { type: "string" },
    full: { type: "boolean" },
  },
});
const full = values.full === true;
const FILES = Number(values.files ?? (full ? 100 : 20));
const SCAN = Number(values.scan ?? (full ? 5000 : 500));
const LEDGER = Number(values.ledger ?? (full ? 100_000 : 10_000));

const base = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_watch_bench_" }));
await Deno.writeTextFile(join(base, "gitconfig"), "");
const env = { GIT_CONFIG_GLOBAL: join(base, "gitconfig"), GIT_CONFIG_NOSYSTEM: "1" };
const g = { env };
const id = ["-c", "user.name=b", "-c", "user.email=b@x"];

async function repoWithRemote(name: string): Promise<string> {
  const bare = join(base, `${name}.git`);
  await git(base, ["init", "-q", "--bare", "--initial-branch=main", bare], g);
  const dir = join(base, name);
  await git(base, ["clone", "-q", bare, dir], g);
  await git(dir, ["checkout", "-q", "-b", "main"], g);
  await Deno.writeTextFile(join(dir, "README.md"), "bench\n");
  await git(dir, ["add", "README.md"], g);
  await git(dir, [...id, "commit", "-qm", "seed"], g);
  await git(dir, ["push", "-q", "-u", "origin", "main"], g);
  return dir;
}

const delta = (i: number) =>
  JSON.stringify({
    mips: { artifact_id: `MB__BENCH_${i}`, version: "v1", timestamp_utc: "2026-01-10T12:00:00Z" },
    body: { rule: `rule ${i}`, text: "x".repeat(2000) },
  });

function stats(ms: number[]): { p50: number; p90: number; mean: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p90: at(0.9), mean: s.reduce((a, b) => a + b, 0) / s.length };
}
const fmt = (n: number) => n.toFixed(1).padStart(7);

try {
  // The three series are interleaved file by file, so machine load hits them alike.
  const plain = await repoWithRemote("plain");
  await Deno.mkdir(join(plain, "deltas/2026-01"), { recursive: true });
  const ltm = await repoWithRemote("ltm");
  const downloads = join(base, "downloads");
  await Deno.mkdir(downloads);
  const config = await loadConfig({
    env: {},
    cwd: base,
    flags: { dataDir: join(base, "data"), ltmDir: ltm, watchDir: downloads, roots: [base] },
  });
  await using store = await openStore({ sqlite_path: join(base, "data", "kit.db") });
  const baseline: number[] = [];
  const kit: number[] = [];
  const kitNoReindex: number[] = [];
  const state = {};
  const ingestOne = async (i: number, reindex: boolean) => {
    const path = join(downloads, `MB__BENCH_${i}.mips.json`);
    await Deno.writeTextFile(path, delta(i));
    const t = performance.now();
    const r = await ingestDelta(config, store, path, {
      git: g,
      state,
      hostTag: "bench",
      ...(reindex ? {} : { reindex: false as const }),
    });
    if (r.status !== "ingested" || !r.git?.pushed) throw new Error(`not ingested: ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < FILES; i++) {
    // Baseline: the original watcher's git work for one file.
    const t = performance.now();
    await Deno.writeTextFile(join(plain, `deltas/2026-01/MB__BENCH_${i}.mips.json`), delta(i));
    await Deno.writeTextFile(join(plain, "ledger.ndjson"), `{"i":${i}}\n`, { append: true });
    await git(plain, ["add", "-A"], g);
    await git(plain, [...id, "commit", "-qm", `ingest: ${i}`], g);
    await git(plain, ["push", "-q"], g);
    baseline.push(performance.now() - t);
    kit.push(await ingestOne(2 * i, true));
    kitNoReindex.push(await ingestOne(2 * i + 1, false));
  }
  const dupPath = join(downloads, "MB__BENCH_0 (1).mips.json");
  const dup: number[] = [];
  for (let i = 0; i < 10; i++) {
    await Deno.writeTextFile(dupPath, delta(0));
    const t = performance.now();
    await ingestDelta(config, store, dupPath, { git: g, state });
    dup.push(performance.now() - t);
  }

  // Scan + stability pass over a big downloads folder (manual clock: no real sleeping).
  const big = join(base, "big");
  await Deno.mkdir(big);
  const past = new Date(Date.now() - 60_000);
  for (let i = 0; i < SCAN; i++) {
    const name = i % 2 ? `MB__${i}.mips.json` : `photo_${i}.jpg`;
    await Deno.writeTextFile(join(big, name), "x");
    await Deno.utime(join(big, name), past, past);
  }
  const clock = createManualClock(Date.now());
  let t = performance.now();
  const scan = await scanWatchDir(big, { clock });
  const stable = await waitForStable(scan.candidates, { clock });
  const scanMs = performance.now() - t;

  // Dedupe set from a big ledger.
  const ledgerPath = join(base, "ledger.ndjson");
  let prev: string | null = null;
  const lines: string[] = [];
  for (let i = 0; i < LEDGER; i++) {
    const hex = i.toString(16).padStart(64, "0");
    const line = chainLedgerLine({
      ts: "2026-01-10T12:00:00Z",
      path: `deltas/2026-01/${i}`,
      sha256: hex,
      bytes: i,
    }, prev);
    prev = line.chain_sha256!;
    lines.push(JSON.stringify(line));
  }
  await Deno.writeTextFile(ledgerPath, lines.join("\n") + "\n");
  t = performance.now();
  const ledger = await readIngestLedger(ledgerPath);
  const ledgerMs = performance.now() - t;

  const b = stats(baseline);
  const k = stats(kit);
  const kn = stats(kitNoReindex);
  const d = stats(dup);
  console.log(
    `watcher bench: ${FILES} files per series, ${SCAN}-file scan, ${LEDGER}-line ledger\n`,
  );
  console.log("per-file latency (ms)              p50     p90    mean");
  console.log(`baseline: add+commit+push      ${fmt(b.p50)} ${fmt(b.p90)} ${fmt(b.mean)}`);
  console.log(
    `ingestDelta (reindex, push)    ${fmt(k.p50)} ${fmt(k.p90)} ${fmt(k.mean)}   x${
      (k.mean / b.mean).toFixed(2)
    } baseline`,
  );
  console.log(
    `ingestDelta (no reindex)       ${fmt(kn.p50)} ${fmt(kn.p90)} ${fmt(kn.mean)}   x${
      (kn.mean / b.mean).toFixed(2)
    } baseline`,
  );
  console.log(
    `duplicate (dedupe only)        ${fmt(d.p50)} ${fmt(d.p90)} ${fmt(d.mean)}   x${
      (d.mean / b.mean).toFixed(2)
    } baseline`,
  );
  console.log(
    `\nscan + stability of ${SCAN} files (${scan.candidates.length} candidates, ${stable.stable.length} stable): ${
      scanMs.toFixed(1)
    } ms`,
  );
  console.log(`dedupe set from ${ledger.lines.length} ledger lines: ${ledgerMs.toFixed(1)} ms`);
} finally {
  await Deno.remove(base, { recursive: true });
}
