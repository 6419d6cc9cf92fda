/**
 * Runs a kit CLI script as a user would: a child `deno run -A`, a clean
 * environment (only what Deno itself needs, plus `env`), output captured.
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url).pathname;
const KEEP = ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"];

/** What a CLI run printed and how it exited. */
export interface CliRun {
  /** Exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** Runs `cli/<script>` (path relative to the project root) with `args` in `cwd`. */
export async function runCliScript(
  script: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliRun> {
  const env: Record<string, string> = { NO_COLOR: "1", ...options.env };
  for (const name of KEEP) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}${script}`, ...args],
    cwd: options.cwd,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}
