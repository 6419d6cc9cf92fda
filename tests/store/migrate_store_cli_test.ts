import { openSqliteStore } from "../../lib/store/sqlite_store.ts";
import { StoreCopyReportSchema } from "../../schemas/store.ts";
import { assert, assertEquals } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";

async function tempDir(): Promise<{ dir: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "mb_migrate_" });
  return { dir, [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }) };
}

Deno.test("migrate-store --json reports a component it cannot copy as skipped and exits 1", async () => {
  await using tmp = await tempDir();
  {
    await using source = await openSqliteStore(`${tmp.dir}/a.db`);
    await source.migrate("mystery", ["CREATE TABLE mystery (x TEXT)"]);
  }
  const run = await runCliScript(
    "cli/migrate_store.ts",
    ["--from", `sqlite:${tmp.dir}/a.db`, "--to", `sqlite:${tmp.dir}/b.db`, "--json"],
    { cwd: tmp.dir },
  );
  assertEquals(run.code, 1, run.stderr);
  const report = StoreCopyReportSchema.parse(JSON.parse(run.stdout));
  assertEquals(report.skipped.map((s) => s.component), ["mystery"]);
  assertEquals(report.ok, false);
});

Deno.test("migrate-store copies the configured store (MB_DB) and says OK", async () => {
  await using tmp = await tempDir();
  {
    await using _source = await openSqliteStore(`${tmp.dir}/kit.db`);
  }
  const run = await runCliScript("cli/migrate_store.ts", ["--to", `sqlite:${tmp.dir}/copy.db`], {
    cwd: tmp.dir,
    env: { MB_DB: `${tmp.dir}/kit.db` },
  });
  assertEquals(run.code, 0, run.stderr);
  assert(run.stdout.includes(`copy ${tmp.dir}/kit.db → ${tmp.dir}/copy.db`), run.stdout);
  assert(run.stdout.includes("OK: 0 rows copied"), run.stdout);
});

Deno.test("migrate-store without --to, or with a location it cannot read, is a usage error", async () => {
  await using tmp = await tempDir();
  const missing = await runCliScript("cli/migrate_store.ts", [], { cwd: tmp.dir });
  assertEquals(missing.code, 2);
  assert(missing.stderr.includes("--to"), missing.stderr);
  const bad = await runCliScript("cli/migrate_store.ts", ["--to", "mysql://db/kit", "--json"], {
    cwd: tmp.dir,
  });
  assertEquals(bad.code, 2);
  assertEquals(JSON.parse(bad.stdout).error.code, "STORE_LOCATION_INVALID");
});
