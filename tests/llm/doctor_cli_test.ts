import { assertEquals, assertMatch } from "../_assert.ts";
import { DoctorReportSchema } from "../../schemas/llm_doctor.ts";
import { startFakeOllama } from "../fixtures/ollama_server.ts";
import { closedPort } from "../fixtures/silent_server.ts";
import { type CliRun, runCliScript } from "../_cli.ts";

/** Runs a CLI script in a clean environment pointing OLLAMA_HOST at `host`. */
async function run(script: string, args: string[], host: string): Promise<CliRun> {
  const dir = await Deno.makeTempDir({ prefix: "mb_doctor_" });
  try {
    return await runCliScript(script, args, {
      cwd: dir,
      env: { OLLAMA_HOST: host, MB_DATA_DIR: dir },
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("`doctor --json` exits 0 and prints the report when inference can work", async () => {
  await using ollama = await startFakeOllama({
    running: [{ name: "llama3.2:latest", size: 4e9, sizeVram: 4e9 }],
  });
  const { code, stdout } = await run("cli/doctor.ts", ["--json"], ollama.url);
  const report = DoctorReportSchema.parse(JSON.parse(stdout));
  assertEquals(code, 0);
  assertEquals(report.ok, true);
  assertEquals(report.loaded[0]!.vram_bytes, 4e9);
  assertEquals(report.round_trip?.ok, true);
});

Deno.test("`doctor` exits 1 and prints the `ollama pull` fix when the default model is missing", async () => {
  await using ollama = await startFakeOllama({ models: [{ name: "nomic-embed-text:latest" }] });
  const { code, stdout } = await run("cli/doctor.ts", [], ollama.url);
  assertEquals(code, 1);
  assertMatch(stdout, /default\s+-\s+llama3\.2\s+MISSING: ollama pull llama3\.2/);
  assertMatch(stdout, /Verdict: inference cannot work\./);
});

Deno.test("`doctor` exits 1 when OLLAMA_HOST points at a closed port", async () => {
  const host = `127.0.0.1:${closedPort()}`;
  const { code, stdout } = await run("cli/doctor.ts", ["--json"], host);
  const report = DoctorReportSchema.parse(JSON.parse(stdout));
  assertEquals(code, 1);
  assertEquals(report.reachable, false);
  assertEquals(report.host, `http://${host}`);
  assertEquals(report.problems[0]!.code, "LLM_UNREACHABLE");
});

Deno.test("`doctor` exits 2 on an unknown flag", async () => {
  const { code, stderr } = await run("cli/doctor.ts", ["--frobnicate"], "127.0.0.1:1");
  assertEquals(code, 2);
  assertMatch(stderr, /^USAGE: /);
});

Deno.test("`metablooms doctor --skip-round-trip` prints the tables without a generate", async () => {
  await using ollama = await startFakeOllama();
  const { code, stdout } = await run(
    "cli/metablooms.ts",
    ["doctor", "--skip-round-trip"],
    ollama.url,
  );
  assertEquals(code, 0);
  assertMatch(stdout, new RegExp(`^Ollama 0\\.12\\.3 at ${ollama.url}: inference can work`));
  assertMatch(stdout, /llama3\.2:latest\s+1\.9 GB\s+3\.2B\s+Q4_K_M\s+llama/);
  assertMatch(stdout, /Verdict: inference can work\./);
  assertEquals(ollama.requests.some((r) => r.path === "/api/generate"), false);
});
