import { join } from "node:path";
import { assert, assertEquals, assertKitError } from "../_assert.ts";
import { runCliScript } from "../_cli.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { createContext } from "../../ops/context.ts";
import { learningCheckOp } from "../../ops/learning_check.ts";
import { runOperation } from "../../ops/run.ts";
import { iterateRecords } from "../../lib/catalog/records.ts";
import type { LearningCheck } from "../../schemas/audit.ts";
import { runScenario, writeLog } from "./_scenario.ts";

type ToolResult = { structuredContent?: unknown; content?: unknown; isError?: boolean };
const text = (r: ToolResult) => (r.content as Array<{ text: string }>)[0]!.text;

const { records, cycles } = await runScenario();
const waveCycle = cycles.find((c) => c.selector === "wave" && c.outcome === "COMPLETE")!.cycle_id;

/** Session 1 (the scenario's log and a note) and session 2's questions: two answerable, one not. */
async function sessions(dir: string): Promise<{ log: string; notes: string; questions: string }> {
  const log = await writeLog(dir, records);
  const notes = join(dir, "notes");
  await Deno.mkdir(notes);
  await Deno.writeTextFile(
    join(notes, "tea.md"),
    "# Tea\n\nThe architect steeps green tea for exactly three minutes.\n\n# Boats\n\nThe harbour closes at dusk.\n",
  );
  const questions = join(dir, "questions.jsonl");
  await Deno.writeTextFile(
    questions,
    [
      { id: "method", question: "how does genesis wave at someone?", expect_id: waveCycle },
      {
        id: "fact",
        question: "how long does the architect steep green tea?",
        expect_text: "three minutes",
      },
      { id: "unknown", question: "what is the capital of France?", expect_text: "Paris" },
    ].map((q) => JSON.stringify(q)).join("\n") + "\n",
  );
  return { log, notes, questions };
}

function checkEvidence(check: LearningCheck, notes: string): void {
  assertEquals([check.k, check.questions, check.hits], [5, 3, 2]);
  assertEquals(check.recall_at_k, 2 / 3);
  const [method, fact, unknown] = check.items;
  assertEquals([method?.id, method?.hit], ["method", true]);
  assert(method!.document_id!.startsWith("record:"), method!.document_id!);
  assert(method!.rank! >= 1 && method!.rank! <= 5);
  assertEquals([fact?.hit, fact?.rank, fact?.document_id], [
    true,
    1,
    `chunk:${join(notes, "tea.md")}#1`,
  ]);
  assert(fact!.snippet!.includes("[green] [tea]"), fact!.snippet!);
  assertEquals([unknown?.hit, unknown?.rank, unknown?.document_id], [false, null, null]);
  assertEquals(
    check.mrr,
    (1 / method!.rank! + 1) / 3,
  );
  assertEquals(check.ingested, { log_records: records.length, documents: 1, catalog: "fresh" });
}

Deno.test("learning check: session 2 finds session 1's method and fact, not what it never learnt; CLI and MCP agree", async () => {
  await using env = await testEnv({ ollama: { embedModel: "off" } });
  const s = await sessions(env.dir);
  const input = { log: s.log, questions: s.questions, documents: [s.notes] };
  await using ctx = createContext(env.config, { door: "cli", cwd: env.dir, store: env.store });
  const direct = await runOperation(learningCheckOp, input, ctx);
  checkEvidence(direct, s.notes);
  assertEquals(direct.search_mode, "bm25");
  // A fresh catalog: the configured one is untouched.
  for await (const _ of iterateRecords(env.store)) {
    assert(false, "the configured catalog got records");
  }
  await using pair = await connectInMemory(env.deps);
  const mcp = await pair.client.callTool({
    name: "learning_check",
    arguments: input,
  }) as ToolResult;
  assertEquals(mcp.isError, undefined, text(mcp));
  assertEquals(mcp.structuredContent, direct);
  assert(text(mcp).startsWith("recall@5: 66.7% (2 of 3)"), text(mcp));
  assert(text(mcp).includes("MISS unknown"), text(mcp));
  const cli = await runCliScript(
    "cli/learning_check.ts",
    [s.log, s.questions, "--document", s.notes, "--json"],
    { cwd: env.dir, env: { MB_DATA_DIR: env.config.dataDir, MB_EMBED_MODEL: "off" } },
  );
  assertEquals(cli.code, 0, cli.stderr);
  assertEquals(JSON.parse(cli.stdout), direct);
});

Deno.test("learning check with the embedding half (the fake Ollama serves vectors), into the configured catalog", async () => {
  await using ollama = await startFakeOllama({ models: [{ name: "nomic-embed-text" }] });
  await using env = await testEnv({ ollama: { host: ollama.url, embedModel: "nomic-embed-text" } });
  const s = await sessions(env.dir);
  await using ctx = createContext(env.config, { door: "cli", cwd: env.dir, store: env.store });
  const check = await runOperation(learningCheckOp, {
    log: s.log,
    questions: s.questions,
    documents: [s.notes],
    into_catalog: true,
  }, ctx);
  assertEquals(check.search_mode, "bm25+vector");
  assertEquals(check.ingested.catalog, "configured");
  assertEquals(check.items.map((i) => [i.id, i.hit]), [["method", true], ["fact", true], [
    "unknown",
    false,
  ]]);
  let kept = 0;
  for await (const _ of iterateRecords(env.store)) kept++;
  assertEquals(kept, records.length);
  assert(ollama.requests.some((r) => r.path === "/api/embed"));
});

Deno.test("learning check: a bad questions file is named with the entry at fault", async () => {
  await using env = await testEnv({ ollama: { embedModel: "off" } });
  const s = await sessions(env.dir);
  await Deno.writeTextFile(s.questions, '{"question":"a?","expect_text":"x"}\n{"question":"b?"}\n');
  await using ctx = createContext(env.config, { door: "cli", cwd: env.dir, store: env.store });
  const error = await assertKitError(
    () => runOperation(learningCheckOp, { log: s.log, questions: s.questions }, ctx),
    "LEARNING_QUESTIONS_INVALID",
  );
  assert(error.message.startsWith(`${s.questions}: question 2: `), error.message);
});
