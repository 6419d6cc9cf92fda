import { join } from "node:path";
import { assert, assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { ingestDelta } from "../../lib/watcher/ingest.ts";
import { readIngestLedger } from "../../lib/watcher/ledger.ts";
import { repairLtm } from "../../lib/watcher/repair.ts";
import { clearStaleGitLocks } from "../../lib/git/stale_locks.ts";
import { git } from "../../lib/git/run.ts";
import { pidAlive } from "../../lib/fs/lock.ts";
import { createContext } from "../../ops/context.ts";
import { reindexLtmOp } from "../../ops/reindex_ltm.ts";
import { runWatcher } from "../../lib/watcher/watch.ts";
import { runCliScript } from "../_cli.ts";
import { clockAt, delta, download, exists, type World, world } from "./_fixture.ts";
import { ltmProblems } from "./_ltm_check.ts";

const CHILD = new URL("../fixtures/ingest_child.ts", import.meta.url).pathname;

const opts = (w: World, warnings: string[] = []) => ({
  clock: clockAt(),
  hostTag: "test-host",
  reindex: false as const,
  push: false,
  git: w.gitOptions,
  warn: (m: string) => warnings.push(m),
});

const commitCount = async (w: World) =>
  Number(await git(w.ltm, ["rev-list", "--count", "HEAD"], w.gitOptions));

/** A git stand-in that, on `commit`, takes index.lock as git does, says so, and hangs. */
async function hangingGit(w: World): Promise<{ path: string; marker: string }> {
  const real = await new Deno.Command("sh", { args: ["-c", "command -v git"] }).output();
  const gitPath = new TextDecoder().decode(real.stdout).trim();
  const marker = join(w.base, "committing");
  const path = join(w.base, "hanging-git");
  await Deno.writeTextFile(
    path,
    `#!/bin/sh
for a in "$@"; do
  if [ "$a" = commit ]; then
    : > "$2/.git/index.lock"
    echo committing > "${marker}"
    exec sleep 600
  fi
done
exec "${gitPath}" "$@"
`,
  );
  await Deno.chmod(path, 0o755);
  return { path, marker };
}

/** Runs the ingest child on `files` and SIGKILLs its process group once it is committing. */
async function killWhileCommitting(w: World, files: string[]): Promise<void> {
  const { path, marker } = await hangingGit(w);
  const spec = join(w.base, "spec.json");
  await Deno.writeTextFile(
    spec,
    JSON.stringify({ ltm: w.ltm, watchDir: w.downloads, env: w.env, gitBinary: path }),
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CHILD, spec, ...files],
    detached: true,
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    for (let i = 0; i < 1200 && !(await exists(marker)); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    assert(await exists(marker), "the child reached the commit");
  } finally {
    Deno.kill(-child.pid, "SIGKILL");
    await child.status;
  }
}

Deno.test("a stale .git/index.lock left by a dead git: the next ingest removes it with a warning and succeeds", async () => {
  await using w = await world();
  await Deno.writeTextFile(join(w.ltm, ".git/index.lock"), "");
  const warnings: string[] = [];
  const src = await download(w, "MB__a.mips.json", delta("A"));
  const result = await ingestDelta(w.config, w.store, src, opts(w, warnings));
  assertEquals(result.status, "ingested");
  assertEquals(result.git?.committed, true);
  assert(warnings.some((m) => /index\.lock/.test(m)), warnings.join("\n"));
  assertEquals(await ltmProblems(w.ltm, w.env), []);
});

Deno.test("an index.lock that a live git process in the repo holds is left alone", async () => {
  await using w = await world();
  // A process named git whose working folder is the repo, as `git -C ltm …` has.
  const fake = join(w.base, "bin", "git");
  await Deno.mkdir(join(w.base, "bin"));
  const sleep = new TextDecoder().decode(
    (await new Deno.Command("sh", { args: ["-c", "command -v sleep"] }).output()).stdout,
  ).trim();
  await Deno.copyFile(sleep, fake);
  await Deno.chmod(fake, 0o755);
  // Started by a shell that exits at once: not a child of this process (whose own git
  // children are its readers), like a git that outlived a killed kit process.
  const started = await new Deno.Command("sh", {
    args: ["-c", `"$0" 600 >/dev/null 2>&1 & echo $!`, fake],
    cwd: w.ltm,
    stdout: "piped",
  }).output();
  const pid = Number(new TextDecoder().decode(started.stdout).trim());
  const lock = join(w.ltm, ".git/index.lock");
  await Deno.writeTextFile(lock, "");
  try {
    const held = await clearStaleGitLocks(w.ltm, join(w.ltm, ".git"), { waitLiveMs: 200 });
    assertEquals([held.removed, held.held], [[], [lock]]);
    assert(await exists(lock));
  } finally {
    Deno.kill(pid, "SIGKILL");
  }
  // Gone, or a zombie (no working folder any more) where nothing reaps it.
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  const after = await clearStaleGitLocks(w.ltm, join(w.ltm, ".git"), { waitLiveMs: 200 });
  assertEquals(after.removed, [lock]);
});

Deno.test("the state a kill between the ledger append and the commit leaves is repaired by the next ingest (not watch)", async () => {
  await using w = await world();
  await ingestDelta(w.config, w.store, await download(w, "MB__a.mips.json", delta("A")), opts(w));
  // What a batch leaves when killed after its ledger lines: journal, placed files, lines, feeds.
  const gitDir = join(w.ltm, ".git");
  const ledgerPath = join(w.ltm, "manifests/ledger.ndjson");
  const { writeIngestJournal } = await import("../../lib/watcher/journal.ts");
  await writeIngestJournal(gitDir, {
    version: 1,
    pid: 999_999,
    ledger_bytes: (await Deno.stat(ledgerPath)).size,
    recent_prior: await Deno.readTextFile(join(w.ltm, "manifests/recent.json")),
    latest_prior: await Deno.readTextFile(join(w.ltm, "manifests/latest.json")),
  });
  const { fileAndAppend, loadLedger, writeFeeds } = await import(
    "../../lib/watcher/_ingest_steps.ts"
  );
  const { stageCopy } = await import("../../lib/watcher/filing.ts");
  const { sha256File } = await import("../../lib/fs/sha256.ts");
  const ledger = await loadLedger(ledgerPath, undefined);
  const recorded = [];
  for (const id of ["B", "C"]) {
    const src = join(w.base, `MB__${id.toLowerCase()}.mips.json`);
    await Deno.writeTextFile(src, delta(id));
    const staged = await stageCopy(src, join(gitDir, "metablooms-staging-test"));
    recorded.push(
      await fileAndAppend(
        w.ltm,
        staged,
        {
          name: `MB__${id.toLowerCase()}.mips.json`,
          sha256: await sha256File(staged),
          bytes: (await Deno.stat(staged)).size,
          inspection: { ok: true, kind: "mips", validator: "test", hash_status: "ABSENT" },
          host: "h",
          nowMs: Date.UTC(2031, 2, 15, 12),
        },
        ledger,
        undefined,
      ),
    );
  }
  await Deno.remove(join(gitDir, "metablooms-staging-test"), { recursive: true });
  await writeFeeds(w.ltm, ledger, recorded, "2031-03-15T12:00:00Z");
  // C's file is lost as well: its line must go, B's is committed.
  await Deno.remove(join(w.ltm, recorded[1]!.placement.relPath));
  const problems = await ltmProblems(w.ltm, w.env);
  assert(problems.some((p) => /HEAD lacks .*MB__b/.test(p)), problems.join("\n"));
  // The retry of C must not be called a duplicate.
  const warnings: string[] = [];
  const retry = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__c.mips.json", delta("C")),
    opts(w, warnings),
  );
  assertEquals(retry.status, "ingested");
  assert(warnings.some((m) => /committed 1 ledger line/.test(m)), warnings.join("\n"));
  assert(warnings.some((m) => /dropped a ledger line .*MB__c/.test(m)), warnings.join("\n"));
  assertEquals(await ltmProblems(w.ltm, w.env), []);
  const ledgerAfter = await readIngestLedger(ledgerPath);
  assertEquals(ledgerAfter.lines.map((l) => l.path.split("/").pop()), [
    "MB__a.mips.json",
    "MB__b.mips.json",
    "MB__c.mips.json",
  ]);
  const latest = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/latest.json")));
  assertEquals(latest.deltas.length, 3);
  assertMatch(
    await git(w.ltm, ["log", "--format=%s"], w.gitOptions),
    /ingest: MB__c\.mips\.json\ningest: recover 1 file\ningest: MB__a\.mips\.json/,
  );
});

Deno.test("a real SIGKILL of ingest and its git in the middle of the commit: the next `metablooms ingest` repairs", async () => {
  await using w = await world();
  const first = [join(w.base, "MB__x.mips.json")];
  await Deno.writeTextFile(first[0]!, delta("X"));
  const before = await commitCount(w);
  await killWhileCommitting(w, first);
  assert(await exists(join(w.ltm, ".git/index.lock")), "the killed commit left its index.lock");
  assert(await exists(join(w.ltm, ".git/metablooms-ingest.journal")));
  const other = join(w.base, "MB__z.mips.json");
  await Deno.writeTextFile(other, delta("Z"));
  const run = await runCliScript("cli/metablooms.ts", ["ingest", other, "--no-push"], {
    cwd: w.base,
    env: { MB_DATA_DIR: w.config.dataDir, MB_LTM_DIR: w.ltm, ...w.env },
  });
  assertEquals(run.code, 0, run.stderr);
  assertMatch(run.stderr, /warning: removed .*index\.lock/);
  assertMatch(run.stderr, /warning: committed 1 ledger line/);
  assertEquals(await ltmProblems(w.ltm, w.env), []);
  assertEquals((await readIngestLedger(join(w.ltm, "manifests/ledger.ndjson"))).lines.length, 2);
  assertEquals(await commitCount(w), before + 2, "one recovery commit, one for Z");
  // The sources are still there (removed only after a commit); a retry is a duplicate now.
  const again = await ingestDelta(w.config, w.store, first[0]!, opts(w));
  assertEquals(again.status, "duplicate");
});

Deno.test("a failed commit leaves nothing a retry takes for a duplicate", async () => {
  await using w = await world();
  const failing = join(w.base, "failing-git");
  const real = new TextDecoder().decode(
    (await new Deno.Command("sh", { args: ["-c", "command -v git"] }).output()).stdout,
  ).trim();
  await Deno.writeTextFile(
    failing,
    `#!/bin/sh\nfor a in "$@"; do [ "$a" = commit ] && { echo "fatal: disk full" >&2; exit 128; }; done\nexec "${real}" "$@"\n`,
  );
  await Deno.chmod(failing, 0o755);
  const src = await download(w, "MB__a.mips.json", delta("A"));
  const head = await git(w.ltm, ["rev-parse", "HEAD"], w.gitOptions);
  const bad = { ...opts(w), git: { ...w.gitOptions, gitBinary: failing } };
  await assertKitError(() => ingestDelta(w.config, w.store, src, bad), "GIT_FAILED");
  assert(await exists(src), "the source stays until its file is committed");
  assertEquals(
    await exists(join(w.ltm, "manifests/ledger.ndjson")),
    false,
    "the line is taken back",
  );
  assertEquals(await git(w.ltm, ["rev-parse", "HEAD"], w.gitOptions), head);
  const retry = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(retry.status, "ingested");
  assertEquals(await ltmProblems(w.ltm, w.env), []);
});

Deno.test("a delta over maxDeltaBytes fails with DELTA_TOO_LARGE naming the file and the limit, unread", async () => {
  await using w = await world();
  const config = { ...w.config, maxDeltaBytes: 1000 };
  const src = await download(w, "MB__big.mips.json", delta("B".repeat(2000)));
  const error = await assertKitError(
    () => ingestDelta(config, w.store, src, opts(w)),
    "DELTA_TOO_LARGE",
  );
  assertMatch(error.message, /MB__big\.mips\.json.* over the 1000-byte limit/);
  assertEquals(error.exitCode, 2);
  assert(await exists(src));
  assertEquals(await exists(join(w.ltm, ".git/metablooms-staging")), false, "nothing was staged");
});

Deno.test("concurrent ingests in one process share commits: fewer commits than files, all in HEAD, the ledger verifies", async () => {
  await using w = await world();
  const before = await commitCount(w);
  const n = 12;
  const sources = await Promise.all(
    Array.from({ length: n }, (_, i) => download(w, `MB__c${i}.mips.json`, delta(`C${i}`))),
  );
  const results = await Promise.all(sources.map((s) => ingestDelta(w.config, w.store, s, opts(w))));
  assertEquals(results.map((r) => r.status), Array(n).fill("ingested"));
  const commits = (await commitCount(w)) - before;
  assert(commits < n, `${commits} commits for ${n} files`);
  assertEquals(new Set(results.map((r) => r.git?.commit)).size, commits);
  assertEquals(await ltmProblems(w.ltm, w.env), []);
  assertEquals((await readIngestLedger(join(w.ltm, "manifests/ledger.ndjson"))).lines.length, n);
  // The same bytes again, concurrently: every one a duplicate, no commit.
  const again = await Promise.all(
    Array.from({ length: 4 }, (_, i) => download(w, `MB__d${i}.mips.json`, delta("C0"))),
  );
  const dupes = await Promise.all(again.map((s) => ingestDelta(w.config, w.store, s, opts(w))));
  assertEquals(dupes.map((r) => r.status), Array(4).fill("duplicate"));
  assertEquals((await commitCount(w)) - before, commits);
});

Deno.test("staging folders and lock temp files of dead processes are removed; a live process's are kept", async () => {
  await using w = await world();
  const gitDir = join(w.ltm, ".git");
  let dead = 999_999;
  while (pidAlive(dead)) dead--;
  const staging = join(gitDir, "metablooms-staging");
  await Deno.mkdir(join(staging, `${dead}-0d0d`), { recursive: true });
  await Deno.writeTextFile(join(staging, `${dead}-0d0d`, "MB__x.mips.json"), "x");
  const mine = join(staging, `${Deno.pid}-live`);
  await Deno.mkdir(mine);
  const tmp = join(gitDir, `metablooms-ingest.lock.${crypto.randomUUID()}.tmp`);
  await Deno.writeTextFile(tmp, "{}");
  const old = new Date(Date.now() - 3_600_000);
  await Deno.utime(tmp, old, old);
  const report = await repairLtm(w.ltm, { git: w.gitOptions });
  assertEquals(report?.kit_files_removed.sort(), [join(staging, `${dead}-0d0d`), tmp].sort());
  assert(await exists(mine), "this process's staging folder is in use");
  await Deno.remove(mine);
});

Deno.test("`index` (reindex_ltm) and `watch --once` on the configured LTM run the same repair", async () => {
  await using w = await world();
  await Deno.writeTextFile(join(w.ltm, ".git/index.lock"), "");
  const logs: string[] = [];
  await using ctx = createContext(w.config, {
    door: "cli",
    store: w.store,
    log: (l) => logs.push(l),
  });
  await reindexLtmOp.run({ quarantine: true }, ctx);
  assertEquals(await exists(join(w.ltm, ".git/index.lock")), false);
  assert(logs.some((l) => /warning: removed .*index\.lock/.test(l)), logs.join("\n"));
  await Deno.writeTextFile(join(w.ltm, ".git/HEAD.lock"), "");
  const lines: string[] = [];
  await runWatcher(w.config, w.store, {
    once: true,
    reindex: false,
    pullAtStart: false,
    git: w.gitOptions,
    log: (l) => lines.push(l),
  });
  assertEquals(await exists(join(w.ltm, ".git/HEAD.lock")), false);
  assert(lines.some((l) => /Repaired: removed .*HEAD\.lock/.test(l)), lines.join("\n"));
});
