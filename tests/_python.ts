// deno-lint-ignore-file no-console -- a skipped test says why
/**
 * Tests that run a bundle's own Python launcher: registered as ignored, with a
 * printed reason, where python3 is absent (it is present here and in CI).
 *
 * @module
 */

/** Whether `python3` runs here. */
export const HAS_PYTHON: boolean = await new Deno.Command("python3", {
  args: ["--version"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);

let told = false;

/** `Deno.test`, skipped (with a printed reason) when python3 is absent. */
export function pythonTest(name: string, fn: () => Promise<void>): void {
  if (!HAS_PYTHON && !told) {
    told = true;
    console.log("python3 not found: tests that run a bundle's own launcher are skipped");
  }
  Deno.test({ name, ignore: !HAS_PYTHON, fn });
}
