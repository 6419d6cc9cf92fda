import { assertEquals, assertKitError, assertMatch } from "../_assert.ts";
import { diagnoseLlm, DoctorReportSchema } from "../../lib/llm/mod.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { closedPort, startSilentServer } from "../fixtures/silent_server.ts";
import { ollamaConfig } from "./_config.ts";

Deno.test("diagnoseLlm() reports version, installed and loaded models with VRAM, and a round trip", async () => {
  await using ollama = await startFakeOllama({
    version: "0.12.3",
    models: [
      { name: "llama3.2:latest", size: 2_019_393_189 },
      { name: "nomic-embed-text:latest", size: 274_302_450 },
      { name: "qwen2.5-coder:7b", parameterSize: "7.6B" },
    ],
    running: [{ name: "llama3.2:latest", size: 4_000_000_000, sizeVram: 3_000_000_000 }],
  });
  const ollamaCfg = ollamaConfig(ollama.url, {
    personas: { BRICK: "qwen2.5-coder:7b", ROBIN: "llama3.2" },
  });
  const report = await diagnoseLlm({ ollama: ollamaCfg });
  DoctorReportSchema.parse(report);
  assertEquals(report.ok, true);
  assertEquals(report.reachable, true);
  assertEquals(report.version, "0.12.3");
  assertEquals(report.host, ollama.url);
  assertEquals(report.installed.map((m) => m.name), [
    "llama3.2:latest",
    "nomic-embed-text:latest",
    "qwen2.5-coder:7b",
  ]);
  assertEquals(report.installed[2]!.parameter_size, "7.6B");
  assertEquals(report.loaded, [{
    name: "llama3.2:latest",
    size_bytes: 4_000_000_000,
    vram_bytes: 3_000_000_000,
    expires_at: report.loaded[0]!.expires_at,
  }]);
  assertEquals(report.configured.map((c) => [c.use, c.persona, c.model, c.present, c.fix]), [
    ["default", null, "llama3.2", true, null],
    ["embed", null, "nomic-embed-text", true, null],
    ["persona", "BRICK", "qwen2.5-coder:7b", true, null],
    ["persona", "ROBIN", "llama3.2", true, null],
  ]);
  assertEquals(report.round_trip?.ok, true);
  assertEquals(report.round_trip?.model, "llama3.2");
  assertEquals(report.problems, []);
  const trip = ollama.requests.find((r) => r.path === "/api/generate")!;
  assertEquals(trip.body!.options, { num_predict: 1 });
  assertEquals(trip.body!.stream, false);
});

Deno.test("diagnoseLlm() names `ollama pull` for missing models; a missing default means not ok", async () => {
  await using ollama = await startFakeOllama({ models: [{ name: "llama3.2:1b" }] });
  const report = await diagnoseLlm({
    ollama: ollamaConfig(ollama.url, { personas: { BABS: "mistral" } }),
  });
  assertEquals(report.ok, false);
  assertEquals(report.reachable, true);
  assertEquals(report.round_trip, null);
  assertEquals(report.configured.map((c) => [c.model, c.present, c.fix]), [
    ["llama3.2", false, "ollama pull llama3.2"],
    ["nomic-embed-text", false, "ollama pull nomic-embed-text"],
    ["mistral", false, "ollama pull mistral"],
  ]);
  assertEquals(report.problems.map((p) => [p.severity, p.code, p.fix]), [
    ["error", "LLM_MODEL_MISSING", "ollama pull llama3.2"],
    ["warning", "LLM_MODEL_MISSING", "ollama pull nomic-embed-text"],
    ["warning", "LLM_MODEL_MISSING", "ollama pull mistral"],
  ]);
  assertMatch(report.problems[2]!.message, /Persona BABS's model "mistral" is not installed/);
  assertEquals(ollama.requests.some((r) => r.path === "/api/generate"), false);
});

Deno.test("diagnoseLlm() is ok with only a persona model missing (a warning)", async () => {
  await using ollama = await startFakeOllama();
  const report = await diagnoseLlm(
    { ollama: ollamaConfig(ollama.url, { personas: { BRICK: "codellama" } }) },
    { roundTrip: false },
  );
  assertEquals(report.ok, true);
  assertEquals(report.round_trip, null);
  assertEquals(report.problems.map((p) => p.severity), ["warning"]);
  assertEquals(ollama.requests.some((r) => r.path === "/api/generate"), false);
});

Deno.test("diagnoseLlm() reports an unreachable host as not ok, with the fix", async () => {
  const host = `http://127.0.0.1:${closedPort()}`;
  const report = await diagnoseLlm({ ollama: ollamaConfig(host) }, { retries: 0 });
  DoctorReportSchema.parse(report);
  assertEquals(report.ok, false);
  assertEquals(report.reachable, false);
  assertEquals(report.version, null);
  assertEquals(report.problems[0]!.code, "LLM_UNREACHABLE");
  assertMatch(report.problems[0]!.fix!, /ollama serve/);
  assertEquals(report.configured.map((c) => c.present), [null, null]);
});

Deno.test("diagnoseLlm() reports a failing round trip as not ok", async () => {
  await using ollama = await startFakeOllama({
    httpError: { status: 500, error: "out of memory", paths: ["/api/generate"] },
  });
  const report = await diagnoseLlm({ ollama: ollamaConfig(ollama.url) });
  assertEquals(report.ok, false);
  assertEquals(report.round_trip?.ok, false);
  assertEquals(report.round_trip?.error?.code, "LLM_HTTP_ERROR");
  assertEquals(report.problems[0]!.code, "LLM_HTTP_ERROR");
});

Deno.test("diagnoseLlm() throws CANCELLED when its signal fires", async () => {
  await using silent = startSilentServer();
  const controller = new AbortController();
  const pending = diagnoseLlm({ ollama: ollamaConfig(silent.url) }, {
    signal: controller.signal,
  });
  const closed = silent.clientClosed();
  while (silent.accepted === 0) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  await assertKitError(() => pending, "CANCELLED");
  await closed;
});

Deno.test("diagnoseLlm() reports progress through each step", async () => {
  await using ollama = await startFakeOllama();
  const notes: string[] = [];
  await diagnoseLlm({ ollama: ollamaConfig(ollama.url) }, {
    progress: (_done, _total, note) => notes.push(note ?? ""),
  });
  assertEquals(notes, ["version", "models", "round trip", "done"]);
});
