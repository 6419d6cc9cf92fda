import { join } from "node:path";
import { assert, assertEquals, assertMatch } from "../_assert.ts";
import { helpText } from "../../cli/_command.ts";
import { command as validateCommand } from "../../cli/validate_bundle.ts";
import { VerdictSchema } from "../../schemas/bundle.ts";
import { writeGenATree } from "../fixtures/os_tree.ts";
import { buildFixture, tempDir } from "./_helpers.ts";

const CLI = new URL("../../cli/", import.meta.url).pathname;
const DENO = new URL("../../bin/deno", import.meta.url).pathname;

async function run(script: string, args: string[], cwd: string) {
  const out = await new Deno.Command(DENO, {
    args: ["run", "-A", join(CLI, script), ...args, "--data-dir", join(cwd, "data")],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

Deno.test("validate_bundle.ts exits 0 for a valid bundle, 1 for an invalid one, 2 for a non-zip or a usage error", async () => {
  await using tmp = await tempDir();
  const good = await buildFixture(tmp.path);
  const bad = await buildFixture(tmp.path, "A", { omit: ["ENTRYPOINT.md"] }, { version: "v7.5.1" });
  const text = join(tmp.path, "notes.zip");
  await Deno.writeTextFile(text, "not a zip");
  const ok = await run("validate_bundle.ts", [good.bundle_path], tmp.path);
  assertEquals(ok.code, 0, ok.stderr);
  assertMatch(
    ok.stdout,
    /^VALID: MetaBlooms_OS_CANONICAL_v7_5_0_2026-01-10\.zip — generation A, v7\.5\.0/,
  );
  const invalid = await run("validate_bundle.ts", [bad.bundle_path, "--json"], tmp.path);
  assertEquals(invalid.code, 1);
  const verdict = VerdictSchema.parse(JSON.parse(invalid.stdout));
  assertEquals(verdict.findings[0]?.code, "MISSING_BOOT_FILE");
  const unreadable = await run("validate_bundle.ts", [text], tmp.path);
  assertEquals(unreadable.code, 2);
  assertMatch(unreadable.stdout, /^UNREADABLE: notes\.zip/);
  const usage = await run("validate_bundle.ts", [], tmp.path);
  assertEquals([usage.code, usage.stderr.trim()], [2, "USAGE: Missing argument <bundle.zip>"]);
  const missing = await run("validate_bundle.ts", [join(tmp.path, "none.zip")], tmp.path);
  assertEquals(missing.code, 2);
  assertMatch(missing.stderr, /^BUNDLE_NOT_FOUND: /);
});

Deno.test("generate_signing_key.ts makes a key, build_bundle.ts signs with it, and inspect/extract scripts use the bundle", async () => {
  await using tmp = await tempDir();
  const src = join(tmp.path, "src");
  await writeGenATree(src);
  const key = join(tmp.path, "k.jwk");
  const made = await run("generate_signing_key.ts", [key, "--json"], tmp.path);
  assertEquals(made.code, 0, made.stderr);
  const generated = JSON.parse(made.stdout);
  assertEquals([generated.path, generated.key_id.length], [key, 16]);
  const built = await run("build_bundle.ts", [
    src,
    "--version",
    "v7.6.0",
    "--output",
    join(tmp.path, "dist"),
    "--key",
    key,
    "--changelog",
    "a",
    "--changelog",
    "b",
    "--date",
    "2026-02-01",
    "--json",
  ], tmp.path);
  assertEquals(built.code, 0, built.stderr);
  const result = JSON.parse(built.stdout);
  assertEquals(result.signed, true);
  const zip = result.bundle_path as string;
  const inspected = await run(
    "inspect_bundle.ts",
    [zip, "--entry", "VERSION_MANIFEST.json"],
    tmp.path,
  );
  assertEquals(JSON.parse(inspected.stdout).changelog, ["a", "b"]);
  const validated = await run("validate_bundle.ts", [zip], tmp.path);
  assertMatch(validated.stdout, /RECEIPT_SIGNATURE_VALID/);
  const extracted = await run("extract_bundle.ts", [zip, join(tmp.path, "live")], tmp.path);
  assertEquals(extracted.code, 0, extracted.stderr);
  assertMatch(extracted.stdout, /^EXTRACTED: .* → .*live \(\d+ files/);
  const again = await run("extract_bundle.ts", [zip, join(tmp.path, "live")], tmp.path);
  assertEquals(again.code, 2);
  const noVersion = await run("build_bundle.ts", [src], tmp.path);
  assertEquals([noVersion.code, noVersion.stderr.trim()], [
    2,
    "USAGE: Missing --version (e.g. --version v7.5.0)",
  ]);
});

Deno.test("validate --help documents the flags and the three exit codes", () => {
  const help = helpText(validateCommand);
  assert(
    help.startsWith(
      "Validate an OS bundle zip without extracting it\n\nUsage: metablooms validate <bundle.zip> [--strict] [--receipt FILE] [--manifest FILE]\n",
    ),
  );
  for (
    const line of [
      "--strict",
      "--receipt FILE",
      "--manifest FILE",
      "  0  the bundle is valid",
      "  1  the bundle was read and has errors",
      "  2  the file is not a readable zip",
    ]
  ) {
    assert(help.includes(line), line);
  }
});
