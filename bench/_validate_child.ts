// deno-lint-ignore-file no-console -- prints one JSON line for bundle_bench.ts
/**
 * Child process of `bundle_bench.ts`: validates one bundle and prints the
 * wall time and its own peak RSS (VmHWM) as one JSON line.
 *
 * @module
 */
import { validateBundle } from "../lib/bundle/validate.ts";

const started = performance.now();
const verdict = await validateBundle(Deno.args[0]!);
const ms = performance.now() - started;
const status = await Deno.readTextFile("/proc/self/status").catch(() => "");
const hwmKb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
console.log(
  JSON.stringify({
    ms,
    ok: verdict.ok,
    errors: verdict.counts.error,
    warnings: verdict.counts.warning,
    hwmKb,
  }),
);
