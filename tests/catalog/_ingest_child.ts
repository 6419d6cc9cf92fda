/**
 * The child the kill test SIGKILLs: ingests the live cycle log of a data
 * directory over and over (ingest, rotate, ingest the rotated file, archive),
 * printing a line after each run.
 *
 * @module
 */
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { dataLayout } from "../../lib/layout.ts";
import { openSqliteStore } from "../../lib/store/sqlite_store.ts";

const dir = Deno.args[0]!;
const layout = dataLayout(dir);
const store = await openSqliteStore(layout.db);
const say = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
say("ready");
for (;;) {
  const result = await ingestAuditLog(store, { live: layout.metacognition });
  say(`ingested ${result.added}`);
  await new Promise((r) => setTimeout(r, 1));
}
