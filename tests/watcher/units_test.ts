import { assertEquals } from "../_assert.ts";
import { ignoredNameReason, recognizeName } from "../../lib/watcher/recognize.ts";
import { collisionName, splitName } from "../../lib/watcher/filing.ts";
import { backoffDelay, recordAttempt } from "../../lib/git/backoff.ts";
import { chainLedgerLine, parseIngestLedger } from "../../lib/watcher/ledger.ts";
import { mergeLedgerTexts } from "../../lib/watcher/merge.ts";
import { latestDeltaHash, latestDeltaHashFile, readLatestShape } from "../../lib/watcher/feed.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";

Deno.test("recognizeName() accepts the kit recognizer's names and rejects the rest", () => {
  const cases: Array<[string, "mips" | "bundle" | null]> = [
    ["MetaBlooms_DeltaBacklog_2025-12-15.mips.json", "mips"],
    ["README_boot.mips.md", "mips"],
    ["BOOT_PROMPT.mips.txt", "mips"],
    ["MB__00_SENTINEL__ACTIVE_STATE.txt", "mips"],
    ["MB__99_INDEX__deltas.md", "mips"],
    ["MB__P0_DELTA__x.json", "mips"],
    ["2025-12-14__DELTA__loop.json", "mips"],
    ["notes__DELTA__today.yaml", "mips"],
    ["MetaBlooms_OS_v7_20251230.zip", "bundle"],
    ["MB__x.ZIP", null],
    ["MB__x.pdf", null],
    ["report.json", null],
    ["x.mips.json.crdownload", null],
  ];
  assertEquals(cases.map(([n]) => recognizeName(n)), cases.map(([, k]) => k));
});

Deno.test("ignoredNameReason() knows every partial-download suffix and lock-file prefix", () => {
  const partial = [
    ".crdownload",
    ".part",
    ".partial",
    ".download",
    ".tmp",
    ".temp",
    ".opdownload",
    ".!ut",
  ];
  for (const s of partial) {
    assertEquals(ignoredNameReason(`MB__a.mips.json${s}`), "partial-download", s);
    assertEquals(ignoredNameReason(`MB__a.mips.json${s.toUpperCase()}`), "partial-download", s);
  }
  assertEquals(ignoredNameReason(".~lock.MB__a.md#"), "lock-file");
  assertEquals(ignoredNameReason("~$MB__a.md"), "lock-file");
  assertEquals(ignoredNameReason("MB__a.mips.md"), null);
});

Deno.test("collisionName() keeps compound MIPS extensions", () => {
  const sha = "89abcdef" + "0".repeat(56);
  assertEquals(splitName("MB__a.mips.md"), ["MB__a", ".mips.md"]);
  assertEquals(collisionName("MB__a.mips.md", sha), "MB__a__89abcdef.mips.md");
  assertEquals(collisionName("MB__notes.txt", sha), "MB__notes__89abcdef.txt");
  assertEquals(collisionName("noext", sha), "noext__89abcdef");
});

Deno.test("backoffDelay() doubles from 5 s and caps at 5 min; a success resets the schedule", () => {
  assertEquals([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n)), [
    5000,
    10000,
    20000,
    40000,
    80000,
    160000,
    300000,
    300000,
  ]);
  assertEquals(backoffDelay(3, { initialMs: 100, maxMs: 250 }), 250);
  const s = { failures: 0, nextAt: 0 };
  recordAttempt(s, false, 0);
  recordAttempt(s, false, 5000);
  assertEquals(s, { failures: 2, nextAt: 15000 });
  recordAttempt(s, true, 16000);
  assertEquals(s, { failures: 0, nextAt: 16000 });
});

Deno.test("mergeLedgerTexts() keeps the remote's lines, re-chains ours and drops a file the remote already has", () => {
  const line = (p: string, h: string, prev: string | null) =>
    chainLedgerLine({ ts: "t", path: p, sha256: h.repeat(64), bytes: 1 }, prev);
  const a = line("a", "a", null);
  const base = JSON.stringify(a) + "\n";
  const b = line("b", "b", a.chain_sha256!);
  const upstream = base + JSON.stringify(b) + "\n";
  const c = line("c", "c", a.chain_sha256!);
  const sameAsB = line("b2", "b", c.chain_sha256!);
  const local = base + JSON.stringify(c) + "\n" + JSON.stringify(sameAsB) + "\n";
  const merged = parseIngestLedger(mergeLedgerTexts(base, upstream, local));
  assertEquals(merged.lines.map((l) => l.path), ["a", "b", "c"]);
  assertEquals(merged.lines[2]!.prev_sha256, b.chain_sha256);
  assertEquals(merged.bad, []);
});

Deno.test("readLatestShape() tells the two historical shapes apart", () => {
  assertEquals(readLatestShape(null).shape, "missing");
  assertEquals(readLatestShape("{broken").shape, "unknown");
  assertEquals(readLatestShape('{"generated_utc":null,"items":[]}').shape, "feed");
  assertEquals(
    readLatestShape('{"schema_version":"1.0","as_of_utc":"t","state":{"type":"empty"},"deltas":[]}')
      .shape,
    "snapshot",
  );
});

Deno.test("latestDeltaHash() hashes text after newline translation and binary as raw bytes", () => {
  const enc = new TextEncoder();
  assertEquals(latestDeltaHash(enc.encode("a\rb\r\nc\n")), sha256Hex("a\nb\nc\n"));
  const binary = new Uint8Array([0xff, 0x0d, 0x0a]);
  assertEquals(latestDeltaHash(binary), sha256Hex(binary));
});

Deno.test("latestDeltaHashFile() streams to the same hash as latestDeltaHash(), CR LF split across chunks included", async () => {
  const enc = new TextEncoder();
  const chunk = 1 << 20;
  const cases: Uint8Array[] = [
    enc.encode("a\rb\r\nc\n"),
    enc.encode("\ufeffbom\r\nline\r"),
    enc.encode("\ufeffbom without CR\n"),
    enc.encode("x".repeat(chunk - 1) + "\r\n" + "y".repeat(10) + "\r"),
    enc.encode("é".repeat(chunk / 2 + 3) + "\r\nend"), // a 2-byte character across the chunk edge
    new Uint8Array([0x61, 0x0d, 0x0a, 0xff, 0x0d]),
  ];
  const file = await Deno.makeTempFile();
  try {
    for (const bytes of cases) {
      await Deno.writeFile(file, bytes);
      assertEquals(await latestDeltaHashFile(file), latestDeltaHash(bytes));
    }
  } finally {
    await Deno.remove(file);
  }
});
