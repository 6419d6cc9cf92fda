// deno-lint-ignore-file no-console -- a benchmark reports on the terminal
/**
 * OS-bundle throughput and memory against baselines measured in the same run:
 * generates a Gen-A tree padded with mixed compressible (text) and
 * incompressible (random) files, then measures
 *
 * - build: `buildBundle` (hash pass + deflate + validation of the result) vs
 *   `zip -X -r -q` on the same tree (target ratio <= 1.5);
 * - validate: `validateBundle` in a child `deno run` vs `unzip -tq` on the same
 *   zip, both as whole processes (target throughput ratio >= 0.8), and the
 *   child's peak RSS from /proc/self/status VmHWM (target < 200 MB).
 *
 * Each timing is the best of `--runs` (machine is shared; the best is the least disturbed).
 *
 * Run: `./bin/deno run -A bench/bundle_bench.ts [--size-mb 100] [--runs 2]` (`--full` = 500 MB).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { buildBundle } from "../lib/bundle/build.ts";
import { writeGenATree } from "../tests/fixtures/os_tree.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    "size-mb": { type: "string" },
    runs: { type: "string" },
    full: { type: "boolean" },
    keep: { type: "boolean" },
  },
});
const sizeMb = Number(values["size-mb"] ?? (values.full ? 500 : 100));
const runs = Math.max(1, Number(values.runs ?? 2));
const MB = 1 << 20;

async function generate(dir: string): Promise<{ files: number; bytes: number }> {
  await writeGenATree(dir);
  // 1 MiB of word soup: deflates about 3:1, like source and prose.
  const words = Array.from(
    { length: 4000 },
    (_, i) => `w${(i * 2654435761 >>> 0).toString(36).slice(0, 2 + (i % 7))}`,
  );
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0);
  const soup = new TextEncoder().encode(
    Array.from({ length: 180_000 }, () => words[next() % words.length]).join(" "),
  );
  const text = (n: number) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += soup.length) {
      out.set(soup.subarray(0, Math.min(soup.length, n - at)), at);
    }
    out[0] = next() & 0x7f; // make files differ
    return out;
  };
  const random = (n: number) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 65536) {
      crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
    }
    return out;
  };
  const target = sizeMb * MB;
  let bytes = 0;
  let files = 0;
  const put = async (rel: string, data: Uint8Array) => {
    await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
    await Deno.writeFile(join(dir, rel), data);
    bytes += data.length;
    files++;
  };
  await put("learning/macroblooms/archive/big_text.txt", text(Math.floor(target * 0.15)));
  await put("learning/macroblooms/archive/big_blob.bin", random(Math.floor(target * 0.15)));
  for (let i = 0; bytes < target; i++) {
    const size = [16 << 10, 64 << 10, 256 << 10, 2 * MB][i % 4]!;
    const compressible = i % 5 < 3;
    await put(
      `learning/microblooms/m${Math.floor(i / 100)}/f${i}.${compressible ? "md" : "bin"}`,
      compressible ? text(size) : random(size),
    );
  }
  return { files, bytes };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

async function best<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let result: { ms: number; value: T } | undefined;
  for (let i = 0; i < runs; i++) {
    const r = await time(fn);
    if (!result || r.ms < result.ms) result = r;
  }
  return result!;
}

async function exec(cmd: string, args: string[], cwd?: string): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    ...(cwd ? { cwd } : {}),
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return new TextDecoder().decode(out.stdout);
}

const dir = await Deno.makeTempDir({ prefix: "mb_bundle_bench_" });
try {
  const src = join(dir, "src");
  console.log(
    `bundle bench: generating a ~${sizeMb} MB Gen-A tree (60% of padding files compressible) …`,
  );
  const tree = await generate(src);
  console.log(`  ${tree.files} extra files, ${(tree.bytes / MB).toFixed(0)} MiB`);

  const zipBaseline = await best(async () => {
    await Deno.remove(join(dir, "baseline.zip")).catch(() => {});
    await exec("zip", ["-X", "-r", "-q", join(dir, "baseline.zip"), "."], src);
  });
  const build = await best(() =>
    buildBundle(src, { version: "v9.9.9", output: join(dir, "out"), date: "2026-01-10" })
  );
  const zipPath = build.value.bundle_path;
  const zipSize = (await Deno.stat(zipPath)).size;
  const baselineSize = (await Deno.stat(join(dir, "baseline.zip"))).size;
  console.log(
    `\nbuild (${(zipSize / MB).toFixed(1)} MiB zip; zip -X: ${
      (baselineSize / MB).toFixed(1)
    } MiB):`,
  );
  console.log(
    `  buildBundle (hash + deflate + validate) ${(build.ms / 1000).toFixed(2)} s   zip -X -r ${
      (zipBaseline.ms / 1000).toFixed(2)
    } s`,
  );
  console.log(
    `  ratio build/zip = ${
      (build.ms / zipBaseline.ms).toFixed(2)
    }  (target <= 1.5)   valid: ${build.value.verdict.ok}`,
  );

  const unzip = await best(() => exec("unzip", ["-tq", zipPath]));
  const child = join(new URL(".", import.meta.url).pathname, "_validate_child.ts");
  let peakKb = 0;
  let inner = Infinity;
  const validate = await best(async () => {
    const line = await exec(Deno.execPath(), ["run", "-A", child, zipPath]);
    const r = JSON.parse(line.trim().split("\n").at(-1)!);
    peakKb = Math.max(peakKb, r.hwmKb);
    inner = Math.min(inner, r.ms);
    return r;
  });
  const mbps = (ms: number) => (tree.bytes / MB / (ms / 1000)).toFixed(0);
  console.log(`\nvalidate (${tree.bytes / MB | 0} MiB uncompressed):`);
  console.log(
    `  validateBundle process ${(validate.ms / 1000).toFixed(2)} s (${
      mbps(validate.ms)
    } MiB/s; in-process ${(inner / 1000).toFixed(2)} s)   unzip -tq ${
      (unzip.ms / 1000).toFixed(2)
    } s (${mbps(unzip.ms)} MiB/s)`,
  );
  console.log(
    `  throughput ratio validate/unzip = ${(unzip.ms / validate.ms).toFixed(2)} process, ${
      (unzip.ms / inner).toFixed(2)
    } in-process  (target >= 0.8)`,
  );
  console.log(
    `  peak RSS of the validate process = ${
      (peakKb / 1024).toFixed(0)
    } MB  (target < 200 MB)   ok: ${validate.value.ok}`,
  );
} finally {
  if (values.keep) console.log(`kept ${dir}`);
  else await Deno.remove(dir, { recursive: true });
}
