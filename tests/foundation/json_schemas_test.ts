import { assertEquals } from "../_assert.ts";
import { renderJsonSchemas } from "../../scripts/gen_json_schemas.ts";

Deno.test("schemas/json/ holds an up-to-date JSON Schema for every zod schema in schemas/", async () => {
  const rendered = await renderJsonSchemas();
  const stale: string[] = [];
  for (const [file, text] of rendered) {
    const current = await Deno.readTextFile(new URL(`../../schemas/json/${file}`, import.meta.url))
      .catch(() => null);
    if (current !== text) stale.push(file);
  }
  assertEquals(stale, [], "run: deno task schemas");
});
