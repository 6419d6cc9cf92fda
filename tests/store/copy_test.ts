import { sqliteBackend } from "./_backends.ts";
import { copyCases } from "./_copy_cases.ts";

for (const c of copyCases) {
  Deno.test(`sqlite → sqlite: ${c.name}`, () => c.fn(sqliteBackend, sqliteBackend));
}
