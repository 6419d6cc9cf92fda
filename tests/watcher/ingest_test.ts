import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { ingestDelta } from "../../lib/watcher/ingest.ts";
import { readIngestLedger } from "../../lib/watcher/ledger.ts";
import { queryMipsIndex } from "../../lib/ltm/mod.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { git } from "../../lib/git/run.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";
import { IngestResultSchema, QuarantineReasonSchema } from "../../schemas/watcher.ts";
import { ZipWriter } from "../../lib/bundle/zip/mod.ts";
import { genAFiles } from "../fixtures/os_tree.ts";
import { BLUE_WIDGETS, clockAt, delta, download, exists, LFS_POINTER, world } from "./_fixture.ts";

const opts = (w: Awaited<ReturnType<typeof world>>) => ({
  clock: clockAt(),
  hostTag: "test-host",
  reindex: false as const,
  git: w.gitOptions,
});

Deno.test("ingestDelta() files a delta under deltas/YYYY-MM, chains the ledger, updates the feeds, commits and pushes", async () => {
  await using w = await world();
  const before = await w.remoteHead();
  const src = await download(w, "MB__03_DELTA__BlueWidgets_v1.mips.json", BLUE_WIDGETS);
  // The real index refresh (lib/ltm reindexLtm) runs by default.
  const { reindex: _none, ...withReindex } = opts(w);
  const result = await ingestDelta(w.config, w.store, src, withReindex);
  IngestResultSchema.parse(result);
  assertEquals(result.status, "ingested");
  assertEquals(result.kind, "mips");
  assertEquals(result.hash_status, "VERIFIED(R2)");
  assertEquals(result.stored_path, "deltas/2031-03/MB__03_DELTA__BlueWidgets_v1.mips.json");
  assertEquals(result.sha256, sha256Hex(BLUE_WIDGETS));
  assertEquals(result.source_removed, true, "a file in the watch folder is moved");
  assertEquals(await exists(src), false);
  assertEquals(await Deno.readTextFile(join(w.ltm, result.stored_path!)), BLUE_WIDGETS);

  const ledgerText = await Deno.readTextFile(join(w.ltm, "manifests/ledger.ndjson"));
  const line = JSON.parse(ledgerText.trim());
  assertEquals(
    Object.keys(line),
    [
      "ts",
      "path",
      "sha256",
      "bytes",
      "host",
      "kind",
      "hash_status",
      "validator",
      "prev_sha256",
      "chain_sha256",
    ],
  );
  assertEquals(line.ts, "2031-03-15T12:00:00Z");
  assertEquals(line.host, "test-host");
  assertEquals(line.bytes, BLUE_WIDGETS.length);
  assertEquals(line.prev_sha256, null);
  assertMatch(line.validator, /^parseMips@/);
  const verdict = await verifyLedger(join(w.ltm, "manifests/ledger.ndjson"), { checkFiles: true });
  assertEquals([verdict.ok, verdict.kind, verdict.lines, verdict.chained], [true, "ingest", 1, 1]);

  const recent = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/recent.json")));
  assertEquals(recent.generated_utc, "2031-03-15T12:00:00Z");
  assertEquals(recent.items, [line]);
  const latest = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/latest.json")));
  assertEquals(latest.schema_version, "1.0");
  assertEquals(latest.state, { type: "empty", snapshot_path: null, snapshot_sha256: null });
  assertEquals(latest.deltas, [{ path: result.stored_path, sha256: result.sha256 }]);

  assertEquals(result.reindex, { ok: true });
  const hits = await queryMipsIndex(w.store, { text: "Widgets" });
  assertEquals(hits.results.map((h) => h.path), [result.stored_path]);

  assertEquals(result.git?.committed, true);
  assertEquals(result.git?.pushed, true);
  assertEquals(result.git?.push_status, "pushed");
  const after = await w.remoteHead();
  assert(after !== before, "the remote's main advanced");
  assertEquals(after, result.git?.commit);
  assertEquals((await w.remoteLog())[0], "ingest: MB__03_DELTA__BlueWidgets_v1.mips.json");
  const files = await git(w.ltm, ["show", "--name-only", "--format=", "HEAD"], w.gitOptions);
  assertEquals(files.split("\n").sort(), [
    "deltas/2031-03/MB__03_DELTA__BlueWidgets_v1.mips.json",
    "manifests/latest.json",
    "manifests/ledger.ndjson",
    "manifests/recent.json",
  ]);
  const author = await git(w.ltm, ["log", "-1", "--format=%an <%ae>"], w.gitOptions);
  assertEquals(author, "MetaBlooms watcher <watcher@metablooms.invalid>");
});

Deno.test("ingestDelta() skips a file whose sha256 is already in the ledger, without a commit", async () => {
  await using w = await world();
  await ingestDelta(w.config, w.store, await download(w, "MB__a.mips.json", delta("A")), opts(w));
  const head = await w.remoteHead();
  const again = await download(w, "MB__a (1).mips.json", delta("A"));
  const result = await ingestDelta(w.config, w.store, again, opts(w));
  assertEquals(result.status, "duplicate");
  assertEquals(result.git, undefined);
  assertEquals(await exists(again), false, "the duplicate download is removed");
  assertEquals(await w.remoteHead(), head);
  assertEquals((await readIngestLedger(join(w.ltm, "manifests/ledger.ndjson"))).lines.length, 1);
});

Deno.test("ingestDelta() quarantines an unparseable delta with a reason.json and makes no commit", async () => {
  await using w = await world();
  const head = await w.remoteHead();
  const src = await download(
    w,
    "MB__03_DELTA__Broken_v1.mips.json",
    '{"mips": {"artifact_id": "x"',
  );
  const result = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(result.status, "quarantined");
  assertEquals(result.rejection?.code, "MIPS_UNPARSEABLE");
  const q = join(w.downloads, "MB_QUARANTINE", "MB__03_DELTA__Broken_v1.mips.json");
  assertEquals(result.quarantine?.path, q);
  assertEquals(await exists(src), false);
  assertEquals(await exists(q), true);
  const reason = QuarantineReasonSchema.parse(
    JSON.parse(await Deno.readTextFile(`${q}.reason.json`)),
  );
  assertEquals(reason.code, "MIPS_UNPARSEABLE");
  assertEquals(reason.quarantined_path, q);
  assertMatch(reason.reason, /not valid JSON/);
  assertEquals(await w.remoteHead(), head);
  assertEquals(await git(w.ltm, ["rev-parse", "HEAD"], w.gitOptions), head, "no local commit");
  assertEquals(await exists(join(w.ltm, "manifests/ledger.ndjson")), false);
});

Deno.test("ingestDelta() quarantines a Git LFS pointer named .zip as BUNDLE_LFS_POINTER", async () => {
  await using w = await world();
  const head = await w.remoteHead();
  const src = await download(w, "MetaBlooms_OS_v7.zip", LFS_POINTER);
  const result = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(result.status, "quarantined");
  assertEquals(result.kind, "bundle");
  assertEquals(result.rejection?.code, "BUNDLE_LFS_POINTER");
  assertMatch(
    result.rejection!.reason,
    /^MetaBlooms_OS_v7\.zip failed bundle validation \(1 error\): Cannot read MetaBlooms_OS_v7\.zip .*Git LFS pointer \(oid sha256:(4d7a){16}, 2\.0 GB\)/,
  );
  const reason = JSON.parse(
    await Deno.readTextFile(join(w.downloads, "MB_QUARANTINE", "MetaBlooms_OS_v7.zip.reason.json")),
  );
  assertEquals(reason.code, "BUNDLE_LFS_POINTER");
  assertEquals(await w.remoteHead(), head);
});

Deno.test("ingestDelta() reports an invalid file outside the watch folder without moving it", async () => {
  await using w = await world();
  const src = join(w.base, "elsewhere.mips.json");
  await Deno.writeTextFile(src, "[1, 2]");
  const result = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(result.status, "invalid");
  assertEquals(result.source_removed, false);
  assertEquals(await exists(src), true);
  assertEquals(await exists(join(w.downloads, "MB_QUARANTINE")), false);
});

Deno.test("ingestDelta() stores a same-name file with other bytes as <stem>__<sha8><ext>", async () => {
  await using w = await world();
  await ingestDelta(w.config, w.store, await download(w, "MB__notes.md", "first\n"), opts(w));
  const result = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__notes.md", "second\n"),
    opts(w),
  );
  assertEquals(result.status, "ingested");
  assertEquals(result.kind, "note");
  assertEquals(result.renamed, true);
  assertEquals(
    result.stored_path,
    `deltas/2031-03/MB__notes__${sha256Hex("second\n").slice(0, 8)}.md`,
  );
  assertEquals(await Deno.readTextFile(join(w.ltm, "deltas/2031-03/MB__notes.md")), "first\n");
  assertEquals(await Deno.readTextFile(join(w.ltm, result.stored_path!)), "second\n");
  const ledger = await readIngestLedger(join(w.ltm, "manifests/ledger.ndjson"));
  assertEquals(ledger.lines.map((l) => l.path), [
    "deltas/2031-03/MB__notes.md",
    result.stored_path,
  ]);
  assertEquals(ledger.lines[1]!.prev_sha256, ledger.lines[0]!.chain_sha256);
});

Deno.test("ingestDelta() adds to a snapshot-shaped latest.json without clobbering it", async () => {
  await using w = await world();
  const snapshot = {
    schema_version: "1.0",
    as_of_utc: "2025-12-30T00:00:00Z",
    state: {
      type: "snapshot",
      snapshot_path: "snapshots/snapshot_0001.json",
      snapshot_sha256: "ab".repeat(32),
    },
    deltas: [{ path: "deltas/2025-12/old.mips.json", sha256: "cd".repeat(32), applies_to: "core" }],
    governance: { approval: "owner", min_reviewers: 1, rules: ["no force push"] },
    notes: "kept as is",
  };
  await Deno.mkdir(join(w.ltm, "manifests"));
  await Deno.writeTextFile(join(w.ltm, "manifests/latest.json"), JSON.stringify(snapshot));
  await git(w.ltm, ["add", "."], w.gitOptions);
  await git(
    w.ltm,
    ["-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "snapshot"],
    w.gitOptions,
  );
  const crlf = "line one\r\nline two\r\n";
  const result = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__crlf.txt", crlf),
    opts(w),
  );
  assertEquals(result.latest, "updated");
  const latest = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/latest.json")));
  assertEquals(latest.state, snapshot.state);
  assertEquals(latest.governance, snapshot.governance);
  assertEquals(latest.notes, "kept as is");
  assertEquals(latest.as_of_utc, "2031-03-15T12:00:00Z");
  assertEquals(latest.deltas, [
    snapshot.deltas[0],
    // validate_ltm.py hashes text with newline translation, so the CRLF file gets the LF hash.
    { path: "deltas/2031-03/MB__crlf.txt", sha256: sha256Hex("line one\nline two\n") },
  ]);
  assertEquals(result.sha256, sha256Hex(crlf), "the ledger keeps the raw-bytes hash");
  const recent = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/recent.json")));
  assertEquals(recent.items.length, 1, "the feed goes to recent.json");
});

Deno.test("ingestDelta() converts a feed-shaped latest.json and leaves an unknown shape alone", async () => {
  await using w = await world();
  await Deno.mkdir(join(w.ltm, "manifests"));
  const feed = {
    generated_utc: "2025-12-16T00:00:00Z",
    items: [{ ts: "t", path: "deltas/2025-12/x.mips.json", sha256: "ef".repeat(32), bytes: 9 }],
  };
  await Deno.writeTextFile(join(w.ltm, "manifests/latest.json"), JSON.stringify(feed));
  const r1 = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__a.mips.json", delta("A")),
    opts(w),
  );
  assertEquals(r1.latest, "converted");
  const latest = JSON.parse(await Deno.readTextFile(join(w.ltm, "manifests/latest.json")));
  assertEquals(latest.deltas.map((d: { path: string }) => d.path), [
    "deltas/2025-12/x.mips.json",
    "deltas/2031-03/MB__a.mips.json",
  ]);
  await Deno.writeTextFile(join(w.ltm, "manifests/latest.json"), '{"something": "else"}\n');
  const r2 = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__b.mips.json", delta("B")),
    opts(w),
  );
  assertEquals(r2.latest, "skipped-unknown-shape");
  assertEquals(
    await Deno.readTextFile(join(w.ltm, "manifests/latest.json")),
    '{"something": "else"}\n',
  );
});

Deno.test("ingestDelta() chains its first line to a legacy ledger written by the original watcher", async () => {
  await using w = await world();
  await Deno.mkdir(join(w.ltm, "manifests"));
  const legacy = [
    {
      ts: "2025-12-14T10:00:00Z",
      path: "deltas/2025-12/a.mips.json",
      sha256: "a".repeat(64),
      bytes: 10,
    },
    {
      ts: "2025-12-14T10:01:00Z",
      path: "deltas/2025-12/b.mips.json",
      sha256: "b".repeat(64),
      bytes: 11,
    },
  ];
  // The original ledger has no final newline on its last line.
  await Deno.writeTextFile(
    join(w.ltm, "manifests/ledger.ndjson"),
    legacy.map((l) => JSON.stringify(l)).join("\n"),
  );
  const result = await ingestDelta(
    w.config,
    w.store,
    await download(w, "MB__c.mips.json", delta("C")),
    opts(w),
  );
  const path = join(w.ltm, "manifests/ledger.ndjson");
  const verdict = await verifyLedger(path);
  assertEquals([verdict.ok, verdict.kind, verdict.lines, verdict.chained], [true, "ingest", 3, 1]);
  assert(result.ledger_line?.prev_sha256, "linked to the legacy tail");
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace('"bytes":11', '"bytes":12'));
  const tampered = await verifyLedger(path);
  assertEquals([tampered.ok, tampered.first_broken?.line, tampered.first_broken?.reason], [
    false,
    3,
    "PREV_MISMATCH",
  ]);
});

async function writeGenAZip(path: string, corrupt = false): Promise<void> {
  const zip = await ZipWriter.create(path);
  for (const [name, text] of Object.entries(genAFiles()).sort()) {
    await zip.addBytes(name, new TextEncoder().encode(text), { method: "store" });
  }
  await zip.finish();
  if (corrupt) {
    // Flip a byte inside the first stored entry's data: its CRC no longer matches.
    const bytes = await Deno.readFile(path);
    const nameLength = bytes[26]! | (bytes[27]! << 8);
    const extraLength = bytes[28]! | (bytes[29]! << 8);
    const at = 30 + nameLength + extraLength;
    bytes[at] = bytes[at]! ^ 0xff;
    await Deno.writeFile(path, bytes);
  }
}

Deno.test("ingestDelta() validates a .zip bundle and files it under bundles/YYYY-MM without touching latest.json", async () => {
  await using w = await world();
  const src = join(w.downloads, "MetaBlooms_OS_Demo_v1.zip");
  await writeGenAZip(src);
  const result = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(result.status, "ingested", JSON.stringify(result.rejection));
  assertEquals(result.kind, "bundle");
  assertMatch(result.validator!, /^validateBundle@/);
  assertEquals(result.stored_path, "bundles/2031-03/MetaBlooms_OS_Demo_v1.zip");
  assertEquals(result.latest, "unchanged");
  assertEquals(await exists(join(w.ltm, "manifests/latest.json")), false);
  assertEquals((await w.remoteLog())[0], "ingest: MetaBlooms_OS_Demo_v1.zip");
});

Deno.test("ingestDelta() quarantines a corrupted bundle with the validator's first error code", async () => {
  await using w = await world();
  const head = await w.remoteHead();
  const src = join(w.downloads, "MetaBlooms_OS_Broken.zip");
  await writeGenAZip(src, true);
  const result = await ingestDelta(w.config, w.store, src, opts(w));
  assertEquals(result.status, "quarantined");
  assertEquals(result.rejection?.code, "BUNDLE_CRC_MISMATCH");
  const reason = JSON.parse(
    await Deno.readTextFile(
      join(w.downloads, "MB_QUARANTINE", "MetaBlooms_OS_Broken.zip.reason.json"),
    ),
  );
  assertEquals(reason.findings[0].code, "CRC_MISMATCH");
  assertEquals(await w.remoteHead(), head);
});
