import { assertEquals, assertRejects } from "../_assert.ts";
import { loadConfig } from "../../lib/config.ts";
import { ConfigError } from "../../lib/errors.ts";

Deno.test("loadConfig() applies defaults, then file, then env, then flags", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/metablooms.json`,
      JSON.stringify({
        dataDir: "from-file",
        mcp: { port: 9000 },
        ollama: { model: "file-model" },
      }),
    );
    const fileOnly = await loadConfig({ env: {}, cwd: dir });
    assertEquals(fileOnly.dataDir, `${dir}/from-file`);
    assertEquals(fileOnly.mcp.port, 9000);
    assertEquals(fileOnly.mcp.host, "127.0.0.1");
    assertEquals(fileOnly.roots, [dir, `${dir}/from-file`]);

    const withEnv = await loadConfig({
      env: { MB_DATA_DIR: "from-env", MB_PORT: "9100", OLLAMA_HOST: "gpu-box:11434" },
      cwd: dir,
    });
    assertEquals(withEnv.dataDir, `${dir}/from-env`);
    assertEquals(withEnv.mcp.port, 9100);
    assertEquals(withEnv.ollama.host, "http://gpu-box:11434");
    assertEquals(withEnv.ollama.model, "file-model");

    const withFlags = await loadConfig({
      env: { MB_DATA_DIR: "from-env" },
      flags: { dataDir: "from-flag" },
      cwd: dir,
    });
    assertEquals(withFlags.dataDir, `${dir}/from-flag`);
    assertEquals(withFlags.dbPath, `${dir}/from-flag/metablooms.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig() names the variable of a bad value", async () => {
  await assertRejects(
    () => loadConfig({ env: { MB_PORT: "99999" }, cwd: "/tmp" }),
    (e: unknown) => e instanceof ConfigError && /mcp\.port \(from MB_PORT\)/.test(e.message),
  );
  await assertRejects(
    () => loadConfig({ env: { MB_PORT: "eighty" }, cwd: "/tmp" }),
    (e: unknown) => e instanceof ConfigError && e.message.includes("MB_PORT must be a number"),
  );
  await assertRejects(
    () => loadConfig({ env: { MB_TOKEN: "short" }, cwd: "/tmp" }),
    (e: unknown) => e instanceof ConfigError && e.message.includes("mcp.token"),
  );
});

Deno.test("loadConfig() reports a config file that is not JSON, naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/bad.json`, "{ nope");
    await assertRejects(
      () => loadConfig({ env: {}, cwd: dir, file: "bad.json" }),
      (e: unknown) => e instanceof ConfigError && e.path === `${dir}/bad.json`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadConfig() parses persona model maps and rejects malformed ones", async () => {
  const c = await loadConfig({ env: { MB_PERSONA_MODELS: "alfred=llama3:8b, babs=qwen2" } });
  assertEquals(c.ollama.personas, { alfred: "llama3:8b", babs: "qwen2" });
  await assertRejects(() => loadConfig({ env: { MB_PERSONA_MODELS: "alfred" } }), ConfigError);
});

Deno.test("loadConfig() takes MB_DATABASE_URL for the shared store and refuses other schemes", async () => {
  const unset = await loadConfig({ env: {}, cwd: "/tmp" });
  assertEquals(unset.databaseUrl, undefined);
  const url = "postgresql://kit@db.internal:5432/kit?sslmode=verify-full";
  assertEquals((await loadConfig({ env: { MB_DATABASE_URL: url }, cwd: "/tmp" })).databaseUrl, url);
  const error = await assertRejects(
    () => loadConfig({ env: { MB_DATABASE_URL: "mysql://db/kit" }, cwd: "/tmp" }),
    ConfigError,
  );
  assertEquals((error as ConfigError).code, "CONFIG_INVALID");
  assertEquals((error as Error).message.includes("MB_DATABASE_URL"), true);
});
