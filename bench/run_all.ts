// deno-lint-ignore-file no-console -- a benchmark driver that reports on the terminal
/**
 * Runs every `bench/*_bench.ts` in turn at its default size and passes extra
 * arguments through (e.g. `deno task bench -- --full`). Each benchmark prints
 * its own figures and ratios against a baseline measured in the same run.
 *
 * @module
 */
const dir = new URL(".", import.meta.url);
const benches = [...Deno.readDirSync(dir)]
  .filter((e) => e.isFile && e.name.endsWith("_bench.ts"))
  .map((e) => e.name)
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(name, dir).pathname, ...Deno.args],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    failed++;
    console.log(`!! ${name} exited with ${code}`);
  }
}
Deno.exit(failed ? 1 : 0);
