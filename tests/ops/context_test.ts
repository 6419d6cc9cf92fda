import { join } from "node:path";
import { assert, assertEquals, assertKitError, assertRejects } from "../_assert.ts";
import { loadConfig } from "../../lib/config.ts";
import { callContext, createContext } from "../../ops/context.ts";
import { validateBundleOp } from "../../ops/validate_bundle.ts";
import { tempDir } from "../bundle/_helpers.ts";

Deno.test("a context opens no store until an operation asks for one", async () => {
  await using tmp = await tempDir();
  // A database path under a regular file can never be opened.
  await Deno.writeTextFile(join(tmp.path, "file"), "");
  const config = await loadConfig({
    env: {},
    cwd: tmp.path,
    flags: { dbPath: join(tmp.path, "file", "kit.db"), roots: [tmp.path] },
  });
  await using ctx = createContext(config, { door: "cli", cwd: tmp.path });
  await assertKitError(() => validateBundleOp.run({ path: "none.zip" }, ctx), "BUNDLE_NOT_FOUND");
  await assertRejects(() => ctx.store(), Error);
});

Deno.test("the CLI resolves paths against the working directory; MCP and the web confine them to the roots", async () => {
  await using tmp = await tempDir();
  const dir = await Deno.realPath(tmp.path);
  const config = await loadConfig({ env: {}, cwd: dir, flags: { roots: [join(dir, "in")] } });
  await using cli = createContext(config, { door: "cli", cwd: dir });
  assertEquals(await cli.resolvePath("/etc/hostname"), "/etc/hostname");
  assertEquals(await cli.resolvePath("a.zip"), join(dir, "a.zip"));
  for (const door of ["mcp", "web"] as const) {
    await using confined = createContext(config, { door, cwd: dir });
    await assertKitError(() => confined.resolvePath("a.zip"), "PATH_OUTSIDE_ROOTS");
    assertEquals(await confined.resolvePath("in/a.zip"), join(dir, "in", "a.zip"));
  }
});

Deno.test("call contexts share their door context's stores, and closing the door closes them", async () => {
  await using tmp = await tempDir();
  const config = await loadConfig({ env: {}, cwd: tmp.path, flags: { dataDir: tmp.path } });
  const door = createContext(config, { door: "mcp" });
  const call = callContext(door, { signal: new AbortController().signal });
  const store = await door.store();
  assert(store === (await call.store()), "one store per door");
  await door.close();
  await assertRejects(() => store.read((tx) => tx.get("SELECT 1")), TypeError);
  await door.close(); // idempotent
});
