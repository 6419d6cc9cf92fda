/**
 * The one test against a real Ollama: runs only when OLLAMA_HOST is set
 * (e.g. `OLLAMA_HOST=127.0.0.1:11434 ./bin/deno test -A tests/llm/live_test.ts`).
 * Every other inference test uses tests/fixtures/ollama_server.ts.
 */
import { assert, assertEquals } from "../_assert.ts";
import { loadConfig } from "../../lib/config.ts";
import { collectGenerate, diagnoseLlm, OllamaClient } from "../../lib/llm/mod.ts";

Deno.test({
  name: "a real Ollama at OLLAMA_HOST is diagnosed and answers a short stream",
  ignore: !Deno.env.get("OLLAMA_HOST"),
  async fn() {
    const config = await loadConfig();
    const report = await diagnoseLlm(config, { roundTrip: false });
    assert(report.reachable, JSON.stringify(report.problems));
    assert(report.version !== null && report.version.length > 0);
    const present = report.configured.find((c) => c.use === "default")?.present;
    if (!present) {
      assertEquals(report.ok, false);
      return; // the report names the `ollama pull` that would let the rest run
    }
    const client = new OllamaClient(config.ollama);
    const answer = await collectGenerate(
      client.generateStream({ prompt: "Say hi.", options: { num_predict: 8, temperature: 0 } }),
    );
    assertEquals(answer.done, true);
    assert(answer.response.length > 0);
  },
});
