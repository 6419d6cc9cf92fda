import { assertEquals, assertRejects } from "../_assert.ts";
import { resolveInRoots } from "../../lib/fs/roots.ts";
import { writeFileAtomic } from "../../lib/fs/atomic_write.ts";
import { sha256File, sha256Hex } from "../../lib/fs/sha256.ts";
import { KitError } from "../../lib/errors.ts";

Deno.test("resolveInRoots() refuses .., absolute escapes and symlinks that leave the root", async () => {
  const base = await Deno.realPath(await Deno.makeTempDir());
  try {
    const root = `${base}/root`;
    await Deno.mkdir(`${root}/sub`, { recursive: true });
    await Deno.writeTextFile(`${base}/secret.txt`, "x");
    await Deno.symlink(`${base}/secret.txt`, `${root}/link.txt`);
    await Deno.symlink(base, `${root}/dirlink`);
    assertEquals(await resolveInRoots("sub/new.txt", [root], root), `${root}/sub/new.txt`);
    for (
      const bad of [
        "../secret.txt",
        `${base}/secret.txt`,
        "link.txt",
        "dirlink/secret.txt",
        "dirlink/none/x",
      ]
    ) {
      await assertRejects(
        () => resolveInRoots(bad, [root], root),
        (e: unknown) => e instanceof KitError && e.code === "PATH_OUTSIDE_ROOTS",
        bad,
      );
    }
    await assertRejects(
      () => resolveInRoots("a\0b", [root], root),
      (e: unknown) => e instanceof KitError && e.code === "PATH_INVALID",
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});

Deno.test("writeFileAtomic() replaces content and leaves no temp file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeFileAtomic(`${dir}/f`, "one");
    await writeFileAtomic(`${dir}/f`, "two");
    assertEquals(await Deno.readTextFile(`${dir}/f`), "two");
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["f"]);
    await assertRejects(() => writeFileAtomic(`${dir}/missing/f`, "x"), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sha256File() equals sha256Hex() of the same bytes", async () => {
  const f = await Deno.makeTempFile();
  try {
    const bytes = crypto.getRandomValues(new Uint8Array(3_000_000 % 65536));
    await Deno.writeFile(f, bytes);
    assertEquals(await sha256File(f), sha256Hex(bytes));
  } finally {
    await Deno.remove(f);
  }
});
