import { assert, assertEquals } from "../_assert.ts";
import { join } from "node:path";
import type { CallToolResult } from "../_mcp_client.ts";
import { connectInMemory, testEnv } from "./_helpers.ts";

function errorCode(result: CallToolResult): string | undefined {
  const meta = result._meta?.["metablooms/error"] as { code?: string } | undefined;
  return result.isError ? meta?.code : undefined;
}

Deno.test("every tool that takes a `path` refuses `..`, absolute and symlink escapes with PATH_OUTSIDE_ROOTS", async () => {
  await using env = await testEnv();
  const outside = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_outside_" }));
  try {
    await Deno.writeTextFile(join(outside, "secret.mips.json"), '{"id":"secret"}');
    await Deno.symlink(join(outside, "secret.mips.json"), join(env.dir, "link.mips.json"));
    await Deno.symlink(outside, join(env.dir, "linked_dir"));
    const escapes = [
      `../${outside.split("/").at(-1)}/secret.mips.json`,
      join(env.dir, "..", outside.split("/").at(-1)!, "secret.mips.json"),
      join(outside, "secret.mips.json"),
      "/etc/passwd",
      join(env.dir, "link.mips.json"),
      join(env.dir, "linked_dir", "secret.mips.json"),
    ];
    await using pair = await connectInMemory(env.deps);
    const { tools } = await pair.client.listTools();
    const pathTools = tools.filter((t) => {
      const required = (t.inputSchema.required ?? []) as string[];
      return required.length === 1 && required[0] === "path";
    });
    assert(pathTools.length > 0, "no tool takes a single required `path`");
    for (const tool of pathTools) {
      for (const path of escapes) {
        const result = await pair.client.callTool({
          name: tool.name,
          arguments: { path },
        }) as CallToolResult;
        assertEquals(errorCode(result), "PATH_OUTSIDE_ROOTS", `${tool.name} ${path}`);
      }
    }
    assertEquals(await Deno.readTextFile(join(outside, "secret.mips.json")), '{"id":"secret"}');
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});
