import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { join } from "node:path";
import { mainHelp } from "../../cli/metablooms.ts";
import { makeSampleLtm } from "../../scripts/make_sample_ltm.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function run(cwd: string, script: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      join(ROOT, "cli", script),
      ...args,
      "--data-dir",
      join(cwd, "data"),
    ],
    cwd,
    env: { NO_COLOR: "1" },
    clearEnv: false,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("LTM CLI scripts exit 1 on INDEX_INCOMPLETE, 0 with --quarantine, 1/2 for missing deltas and usage", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_ltm_cli_" }));
  try {
    const ltm = join(dir, "ltm");
    await makeSampleLtm(ltm);
    const failed = await run(dir, "reindex_ltm.ts", [ltm]);
    assertEquals(failed.code, 1, failed.stderr);
    assertMatch(failed.stderr, /^INDEX_INCOMPLETE: .*MB__03_DELTA__Broken_v1\.mips\.json/);

    const ok = await run(dir, "reindex_ltm.ts", [
      ltm,
      "--quarantine",
      "--export",
      join(dir, "out"),
      "--json",
    ]);
    assertEquals(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout);
    assertEquals([report.scanned, report.quarantined.length], [19, 1]);
    assert((await Deno.stat(join(dir, "out", "MIPS_INDEX_CORE.mips.json"))).isFile);

    const query = await run(dir, "query_mips_index.ts", [
      "widgets",
      "--posture",
      "active",
      "--json",
    ]);
    assertEquals(query.code, 0, query.stderr);
    assertEquals(JSON.parse(query.stdout).results.map((h: { module_id: string }) => h.module_id), [
      "MB__03_DELTA__BlueWidgets_v2",
    ]);

    const missing = await run(dir, "get_mips_delta.ts", ["MB__NOPE"]);
    assertEquals(missing.code, 1);
    assertMatch(missing.stderr, /^MIPS_NOT_FOUND/);

    const badFlag = await run(dir, "query_mips_index.ts", ["--hash-status", "R42"]);
    assertEquals(badFlag.code, 2);

    await Deno.writeTextFile(
      join(ltm, "ledger", "ledger.ndjson"),
      (await Deno.readTextFile(join(ltm, "ledger", "ledger.ndjson"))).replace(
        "INDEX_UPDATE",
        "INDEX_UPDATED",
      ),
    );
    const broken = await run(dir, "verify_ledger.ts", [join(ltm, "ledger", "ledger.ndjson")]);
    assertEquals(broken.code, 1);
    assertMatch(broken.stdout, /^BROKEN event ledger .*\n {2}line 4: HASH_MISMATCH/);
    const ingest = await run(dir, "verify_ledger.ts", [
      join(ltm, "manifests", "ledger.ndjson"),
      "--check-files",
    ]);
    assertEquals(ingest.code, 0, ingest.stdout);
    const unreadable = await run(dir, "verify_ledger.ts", [join(ltm, "nope.ndjson")]);
    assertEquals(unreadable.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("`metablooms --help` lists the LTM commands", () => {
  const help = mainHelp();
  for (const name of ["index", "query", "get", "graph", "ledger-verify"]) {
    assertMatch(help, new RegExp(`\\n {2}${name} +\\S`), name);
  }
});
