import { join } from "node:path";
import { assert, assertEquals } from "../_assert.ts";
import { testEnv } from "../mcp/_helpers.ts";
import { exportFinetuneOp } from "../../ops/export_finetune.ts";
import { runOperation } from "../../ops/run.ts";
import { createContext } from "../../ops/context.ts";
import { ingestAuditLog } from "../../lib/catalog/ingest.ts";
import { appendRecords } from "../../lib/ledger/record_log.ts";
import { sha256Hex } from "../../lib/fs/sha256.ts";
import { personaSeedObjects, personaSystemPrompt } from "../../lib/cycle/personas.ts";
import type { FinetuneExport } from "../../schemas/audit.ts";
import type { ExportFinetuneInput } from "../../schemas/audit_input.ts";
import { runScenario, WAVE, writeLog } from "./_scenario.ts";
import { GOOD_GREETING, startLivingImage } from "../fixtures/living_image.ts";
import { loadConfig } from "../../lib/config.ts";
import { delay } from "../../lib/delay.ts";
import type { JsonValue } from "../../lib/image/object.ts";

const { records, cycles } = await runScenario();

/** The SYNTHESIZING exchange of each COMPLETE cycle, in the order the cycles ended. */
const completeExchanges = records
  .filter((r) => r.event_type === "FINAL_OUTCOME" && r.final_outcome === "COMPLETE")
  .map((end) => {
    const synth = records.filter((r) =>
      r.cycle_id === end.cycle_id && r.event_type === "ARTIFACT_GENERATED" &&
      r.current_state === "SYNTHESIZING"
    );
    assertEquals(synth.length, 1);
    return {
      cycle_id: end.cycle_id,
      prompt: synth[0]!.llm_prompt!,
      answer: synth[0]!.llm_response_raw!,
    };
  });

async function exportWith(
  input: ExportFinetuneInput,
  env: Awaited<ReturnType<typeof testEnv>>,
): Promise<{ result: FinetuneExport; text: string; lines: unknown[] }> {
  await using ctx = createContext(env.config, { door: "cli", cwd: env.dir, store: env.store });
  const result = await runOperation(exportFinetuneOp, input, ctx);
  const text = await Deno.readTextFile(result.path);
  return { result, text, lines: text.split("\n").filter(Boolean).map((l) => JSON.parse(l)) };
}

Deno.test("export: one chat example per COMPLETE cycle's synthesis, checked line by line, with the file's sha256", async () => {
  await using env = await testEnv();
  const log = await writeLog(env.dir, records);
  const { result, text, lines } = await exportWith({ log }, env);
  // The scenario completed two cycles: greet_architect's correction and wave.
  assertEquals(
    completeExchanges.map((e) => cycles.find((c) => c.cycle_id === e.cycle_id)?.selector),
    ["greet_architect", "wave"],
  );
  assertEquals(completeExchanges.map((e) => e.answer), [GOOD_GREETING, WAVE]);
  const system = personaSystemPrompt(
    "ROBIN",
    personaSeedObjects().robin_prototype_obj!.slots.codex,
  );
  assertEquals(
    lines,
    completeExchanges.map((e) => ({
      messages: [
        { role: "system", content: system },
        { role: "user", content: e.prompt },
        { role: "assistant", content: e.answer },
      ],
    })),
  );
  const answers = (lines as { messages: { role: string; content: string }[] }[]).map((l) =>
    l.messages[2]!.content
  );
  // The FAILED cycle's method only appears inside the corrective cycle's prompt, never as an answer.
  assert(!answers.some((a) => a.includes("eval(")), "a FAILED cycle's method is not exported");
  assert(!text.includes("My plan"), "no DECOMPOSING exchange is exported");
  const bytes = await Deno.readFile(result.path);
  assertEquals([result.sha256, result.bytes, result.count], [sha256Hex(bytes), bytes.length, 2]);
  assert(text.endsWith("}\n") && text.split("\n").length === 3);
  assertEquals(
    [result.complete_cycles, result.duplicates, result.filtered_out, result.missing_artifact],
    [2, 0, 0, 0],
  );
  // The default file is under <data>/finetune, and nothing else was left there.
  assertEquals(result.path.startsWith(join(env.config.dataDir, "finetune", "messages_")), true);
  const left = [];
  for await (const e of Deno.readDir(join(env.config.dataDir, "finetune"))) left.push(e.name);
  assertEquals(left, [result.path.slice(result.path.lastIndexOf("/") + 1)]);
});

Deno.test("export: duplicates dropped, persona and mission-type filters, prompt-completion", async () => {
  await using env = await testEnv();
  // The same records twice (a log concatenated with its rotated copy): each example once.
  const log = join(env.dir, "twice.jsonl");
  await appendRecords(log, records);
  await appendRecords(log, records);
  const out = join(env.dir, "out.jsonl");
  const twice = await exportWith({ log, out }, env);
  assertEquals([twice.result.count, twice.result.duplicates, twice.result.complete_cycles], [
    2,
    2,
    4,
  ]);
  const brick = await exportWith({ log, out, persona: "BRICK" }, env);
  assertEquals([brick.result.count, brick.result.filtered_out, brick.text], [0, 4, ""]);
  assertEquals(brick.result.sha256, sha256Hex(""));
  const robin = await exportWith({ log, out, persona: "robin" }, env);
  assertEquals(robin.result.count, 2);
  const first = await exportWith({ log, out, mission_type: "unhandled_message" }, env);
  assertEquals([first.result.count, first.result.filtered_out], [1, 2]);
  assertEquals(
    (first.lines[0] as { messages: { content: string }[] }).messages[2]?.content,
    WAVE,
  );
  const pc = await exportWith({ log, out, format: "prompt-completion" }, env);
  assertEquals(
    pc.lines,
    completeExchanges.map((e) => ({ prompt: e.prompt, completion: e.answer })),
  );
  assertEquals(pc.result.sha256, sha256Hex(await Deno.readFile(out)));
});

Deno.test("export from the catalog equals the export from the log file it ingested", async () => {
  await using env = await testEnv();
  const log = await writeLog(env.dir, records);
  await ingestAuditLog(env.store, { file: log });
  const fromLog = await exportWith({ log, out: join(env.dir, "a.jsonl") }, env);
  const fromCatalog = await exportWith({ out: join(env.dir, "b.jsonl") }, env);
  assertEquals(fromCatalog.result.source.kind, "catalog");
  assertEquals(fromCatalog.text, fromLog.text);
  assertEquals(fromCatalog.result.sha256, fromLog.result.sha256);
});

Deno.test("export: the system message is the one the persona was sent, from its codex at the cycle's time", async () => {
  await using f = await startLivingImage();
  const codex = (await f.image.get("robin_prototype_obj")).slots.codex as Record<string, JsonValue>;
  await f.image.transaction((tx) =>
    tx.set("robin_prototype_obj", "codex", { ...codex, role: "Keeper of Greetings" })
  );
  await f.living.send("genesis_obj", "greet_architect", []);
  const sent = f.ollama.requests.filter((r) => r.body?.model === "robin").map((r) =>
    (r.body?.messages as { role: string; content: string }[])[0]!
  );
  assertEquals(sent.length, 1);
  assert(sent[0]!.content.startsWith("You are ROBIN, Keeper of Greetings."), sent[0]!.content);
  // A later edit of the codex (in a later second) does not change what the cycle was sent.
  await delay(1050 - (Date.now() % 1000));
  await f.image.transaction((tx) =>
    tx.set("robin_prototype_obj", "codex", { ...codex, role: "Changed Later" })
  );
  const log = await writeLog(f.dir, f.records, "copy.jsonl");
  const config = await loadConfig({ env: {}, cwd: f.dir, flags: { dataDir: f.dir } });
  await using ctx = createContext(config, { door: "cli", cwd: f.dir, store: f.store });
  const result = await runOperation(exportFinetuneOp, { log, out: join(f.dir, "ft.jsonl") }, ctx);
  const [line] = (await Deno.readTextFile(result.path)).trimEnd().split("\n").map((l) =>
    JSON.parse(l)
  );
  assertEquals(line.messages[0], sent[0]);
  assertEquals(result.count, 1);
});
