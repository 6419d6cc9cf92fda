import { assert, assertEquals, assertMatch, assertRejects } from "../_assert.ts";
import { DoctorReportSchema } from "../../schemas/llm_doctor.ts";
import { CallToolResultSchema } from "../_mcp_client.ts";
import { connectInMemory, testEnv } from "../mcp/_helpers.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { closedPort, startSilentServer } from "../fixtures/silent_server.ts";

Deno.test("llm_status is listed read-only and open-world, with an output schema", async () => {
  await using env = await testEnv();
  await using pair = await connectInMemory(env.deps);
  const { tools } = await pair.client.listTools();
  const tool = tools.find((t) => t.name === "llm_status");
  assert(tool, "llm_status is registered");
  assertEquals(tool.annotations?.readOnlyHint, true);
  assertEquals(tool.annotations?.destructiveHint, false);
  assertEquals(tool.annotations?.idempotentHint, true);
  assertEquals(tool.annotations?.openWorldHint, true);
  assertEquals(tool.outputSchema?.type, "object");
  assert(tool.inputSchema.properties?.round_trip, "round_trip input");
});

Deno.test("llm_status returns the doctor report as structuredContent", async () => {
  await using ollama = await startFakeOllama({
    running: [{ name: "llama3.2:latest", size: 4e9, sizeVram: 1e9 }],
  });
  await using env = await testEnv({ ollama: { host: ollama.url } });
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.callTool({ name: "llm_status", arguments: {} });
  assertEquals(result.isError, undefined);
  const report = DoctorReportSchema.parse(result.structuredContent);
  assertEquals(report.ok, true);
  assertEquals(report.loaded[0]!.vram_bytes, 1e9);
  assertEquals(report.round_trip?.ok, true);
  const text = (result.content as Array<{ text: string }>)[0]!.text;
  assertMatch(text, /^Ollama 0\.12\.3 at http:\/\/127\.0\.0\.1:\d+: inference can work/);
});

Deno.test("llm_status reports an unreachable endpoint as a diagnosis, not a tool error", async () => {
  await using env = await testEnv({
    ollama: { host: `http://127.0.0.1:${closedPort()}`, retries: 0 },
  });
  await using pair = await connectInMemory(env.deps);
  const result = await pair.client.callTool({
    name: "llm_status",
    arguments: { round_trip: false },
  });
  const report = DoctorReportSchema.parse(result.structuredContent);
  assertEquals(report.ok, false);
  assertEquals(report.problems[0]!.code, "LLM_UNREACHABLE");
  assertMatch((result.content as Array<{ text: string }>)[0]!.text, /is not reachable/);
});

Deno.test("an MCP cancel of llm_status aborts the HTTP request to Ollama", async () => {
  await using silent = startSilentServer();
  const closed = silent.clientClosed();
  await using env = await testEnv({ ollama: { host: silent.url } });
  await using pair = await connectInMemory(env.deps);
  const controller = new AbortController();
  const call = pair.client.callTool(
    { name: "llm_status", arguments: {} },
    CallToolResultSchema,
    { signal: controller.signal },
  );
  while (silent.accepted === 0) await new Promise((r) => setTimeout(r, 5));
  controller.abort();
  await assertRejects(() => call, (e) => e instanceof Error);
  // The server side's signal reached fetch: Ollama's end sees the connection close.
  await closed;
});
