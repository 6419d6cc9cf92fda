/**
 * Resolves the rebase conflicts two watchers create when both append to the
 * LTM manifests (say, a phone and a laptop ingesting at once): the remote's
 * ledger lines are kept and ours are re-appended and re-chained (a line whose
 * file the remote already has is dropped), `recent.json` is rebuilt from the
 * merged ledger, and our new `latest.json` deltas are added to the remote's
 * file. Any other conflicted file makes the resolver give up.
 *
 * @module
 */
import { git, type GitOptions, runGit } from "../git/run.ts";
import { writeFileAtomic, writeJsonAtomic } from "../fs/atomic_write.ts";
import { chainLedgerLine, type NewLedgerLine, parseIngestLedger } from "./ledger.ts";
import { buildRecentFeed, readLatestShape, updateLatestManifest } from "./feed.ts";
import type { LatestDelta } from "../../schemas/watcher.ts";
import { nowUtc } from "../clock.ts";
import { ledgerLine } from "../ledger/append.ts";
import { LTM_PATHS, ltmPath } from "../layout.ts";

const LEDGER_PATH = LTM_PATHS.ingest_ledger;
const RECENT_PATH = LTM_PATHS.recent;
const LATEST_PATH = LTM_PATHS.latest;

/**
 * Merges the ledger texts of a conflicted rebase step.
 *
 * @param base The common ancestor's ledger (stage 1).
 * @param upstream The remote side (stage 2, "ours" while rebasing).
 * @param local The commit being replayed (stage 3).
 * @returns The merged NDJSON text.
 *
 * @example Both sides appended one line
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeLedgerTexts } from "./merge.ts";
 * import { chainLedgerLine, parseIngestLedger } from "./ledger.ts";
 * const line = (p: string, h: string, prev: string | null) => chainLedgerLine({ ts: "t", path: p, sha256: h.repeat(64), bytes: 1 }, prev);
 * const a = line("a", "a", null);
 * const base = JSON.stringify(a) + "\n";
 * const up = base + JSON.stringify(line("b", "b", a.chain_sha256!)) + "\n";
 * const local = base + JSON.stringify(line("c", "c", a.chain_sha256!)) + "\n";
 * const merged = mergeLedgerTexts(base, up, local);
 * const lines = parseIngestLedger(merged).lines;
 * assert(lines.length === 3 && lines[2]?.prev_sha256 === lines[1]?.chain_sha256);
 * ```
 */
export function mergeLedgerTexts(base: string, upstream: string, local: string): string {
  const baseLines = new Set(base.split("\n").map((l) => l.trim()).filter(Boolean));
  const up = parseIngestLedger(upstream);
  const upShas = new Set(up.shas);
  let prev = up.nextPrev;
  let text = upstream === "" || upstream.endsWith("\n") ? upstream : upstream + "\n";
  for (const raw of local.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (baseLines.has(raw)) continue;
    const parsed = parseIngestLedger(raw).lines[0];
    if (!parsed || upShas.has(parsed.sha256)) continue;
    const { prev_sha256: _p, chain_sha256: _l, ...fields } = parsed;
    const line = chainLedgerLine(fields as NewLedgerLine, prev);
    prev = line.chain_sha256!;
    upShas.add(line.sha256);
    text += ledgerLine(line);
  }
  return text;
}

/**
 * A {@linkcode ConflictResolver} for the LTM manifests (see the module doc).
 *
 * @param dir The repository, stopped in a rebase.
 * @param files The conflicted paths.
 * @param options Git options.
 * @returns True when every conflict was resolved (files written and staged).
 *
 * @example
 * ```ts ignore
 * await pushPending(ltmDir, { resolveConflicts: resolveManifestConflicts });
 * ```
 */
export async function resolveManifestConflicts(
  dir: string,
  files: string[],
  options: GitOptions = {},
): Promise<boolean> {
  const known = new Set<string>([LEDGER_PATH, RECENT_PATH, LATEST_PATH]);
  if (files.some((f) => !known.has(f))) return false;
  const stage = async (n: 1 | 2 | 3, path: string): Promise<string | null> => {
    const r = await runGit(dir, ["show", `:${n}:${path}`], options);
    return r.code === 0 ? r.stdout : null;
  };
  const now = nowUtc();
  const ledgerConflicted = files.includes(LEDGER_PATH);
  if (ledgerConflicted) {
    const merged = mergeLedgerTexts(
      (await stage(1, LEDGER_PATH)) ?? "",
      (await stage(2, LEDGER_PATH)) ?? "",
      (await stage(3, LEDGER_PATH)) ?? "",
    );
    await writeFileAtomic(ltmPath(dir, LEDGER_PATH), merged);
  }
  if (ledgerConflicted || files.includes(RECENT_PATH)) {
    const ledger = parseIngestLedger(await Deno.readTextFile(ltmPath(dir, LEDGER_PATH)));
    await writeJsonAtomic(ltmPath(dir, RECENT_PATH), buildRecentFeed(ledger.lines, now));
    await git(dir, ["add", "--", LEDGER_PATH, RECENT_PATH], options);
  }
  if (files.includes(LATEST_PATH)) {
    const base = readLatestShape(await stage(1, LATEST_PATH));
    const local = readLatestShape(await stage(3, LATEST_PATH));
    const upstream = await stage(2, LATEST_PATH);
    const baseKeys = new Set(
      base.shape === "snapshot"
        ? (base.value!.deltas as LatestDelta[]).map((d) => `${d.path}\0${d.sha256}`)
        : [],
    );
    const added = local.shape === "snapshot"
      ? (local.value!.deltas as LatestDelta[]).filter((d) =>
        !baseKeys.has(`${d.path}\0${d.sha256}`)
      )
      : [];
    const path = ltmPath(dir, LATEST_PATH);
    if (upstream === null) await Deno.remove(path).catch(() => {});
    else await writeFileAtomic(path, upstream);
    await updateLatestManifest(path, { add: added, asOfUtc: now });
    await git(dir, ["add", "--", LATEST_PATH], options);
  }
  return true;
}
