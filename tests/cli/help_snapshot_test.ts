import { assertEquals } from "../_assert.ts";
import { COMMANDS, mainHelp } from "../../cli/metablooms.ts";
import { helpText } from "../../cli/_command.ts";

const SNAPSHOT = new URL("./__snapshots__/help.txt", import.meta.url);

function renderAll(): string {
  return [mainHelp(), ...COMMANDS.map((c) => `--- ${c.name}\n${helpText(c)}`)].join("\n");
}

Deno.test("--help of metablooms and every subcommand matches the snapshot (UPDATE_SNAPSHOTS=1 to refresh)", async () => {
  const actual = renderAll();
  if (Deno.env.get("UPDATE_SNAPSHOTS") === "1") await Deno.writeTextFile(SNAPSHOT, actual);
  assertEquals(actual, await Deno.readTextFile(SNAPSHOT));
});

Deno.test("every subcommand is also a single-file script that exports it", async () => {
  const mismatched: string[] = [];
  for (const command of COMMANDS) {
    const mod = await import(`../../cli/${command.script}`);
    if (mod.command?.name !== command.name) mismatched.push(command.script);
  }
  assertEquals(mismatched, []);
});

Deno.test("deno.json exports every single-file CLI script", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const exported = new Set(Object.values(denoJson.exports as Record<string, string>));
  assertEquals(COMMANDS.map((c) => `./cli/${c.script}`).filter((s) => !exported.has(s)), []);
});
