// deno-lint-ignore-file no-console -- a benchmark that reports on the terminal
/**
 * Boot benchmark: on the Gen-A fixture bundle (and, with `--full`, on one
 * padded with 2 000 extra files), times validation alone (the baseline), the
 * kit's simulated boot, a boot with `--exec` (Python), a promote + rollback
 * pair, and `status --verify`; prints medians and ratios to the baseline.
 *
 * Run: `./bin/deno run -A bench/boot_bench.ts [--iterations N] [--full]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { validateBundle } from "../lib/bundle/validate.ts";
import { buildBundle } from "../lib/bundle/build.ts";
import { bootImage } from "../lib/boot/boot_image.ts";
import { rollbackSlot } from "../lib/boot/slots.ts";
import { bootStatus } from "../lib/boot/status.ts";
import { writeGenATree } from "../tests/fixtures/os_tree.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    iterations: { type: "string", default: "10" },
    full: { type: "boolean", default: false },
  },
});
const iterations = Number(values.iterations);
const limits = { maxTotalBytes: 1 << 30, maxEntries: 200_000, maxRatio: 1000 };

async function median(fn: () => Promise<unknown>, n = iterations): Promise<number> {
  const times: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function bundle(dir: string, name: string, extraFiles: number): Promise<string> {
  const overrides: Record<string, string> = { [`docs/${name}.md`]: `# ${name}\n` };
  for (let i = 0; i < extraFiles; i++) {
    overrides[`docs/pad/${i}.md`] = `# pad ${i}\n${"lorem ipsum ".repeat(40)}\n`;
  }
  await writeGenATree(`${dir}/src_${name}`, { overrides });
  return (await buildBundle(`${dir}/src_${name}`, {
    version: `v1.0.0-${name}`,
    output: `${dir}/out_${name}`,
    date: "2026-01-10",
  }))
    .bundle_path;
}

const dir = await Deno.makeTempDir({ prefix: "mb_boot_bench_" });
try {
  for (const extra of values.full ? [0, 2000] : [0]) {
    const a = await bundle(dir, `a${extra}`, extra);
    const b = await bundle(dir, `b${extra}`, extra);
    const size = (await Deno.stat(a)).size;
    console.log(
      `\nGen-A fixture bundle + ${extra} extra files (${
        (size / 1024).toFixed(0)
      } KiB), median of ${iterations}:`,
    );
    const config = { dataDir: `${dir}/data${extra}`, bundleLimits: limits };
    const base = await median(() => validateBundle(a, { limits }));
    const sim = await median(() => bootImage(config, a, { stage: false }));
    const exec = await median(
      () => bootImage(config, a, { stage: false, exec: true }),
      Math.min(iterations, 5),
    );
    await bootImage(config, a, { promote: true });
    await bootImage(config, b, { promote: true });
    const swap = await median(async () => {
      await rollbackSlot(config);
      await rollbackSlot(config);
    });
    const verify = await median(() => bootStatus(config, { verify: ["ACTIVE"] }));
    const row = (name: string, ms: number) =>
      console.log(
        `  ${name.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms   ${
          (ms / base).toFixed(2)
        }x validate`,
      );
    row("validateBundle (baseline)", base);
    row("bootImage (simulated, no stage)", sim);
    row("bootImage --exec (python3)", exec);
    row("2 x rollbackSlot (lock+journal+rename)", swap);
    row("bootStatus --verify ACTIVE", verify);
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
