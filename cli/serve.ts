// deno-lint-ignore-file no-console -- prints the URL and client snippets while it runs
/**
 * `metablooms serve`: the MCP server over Streamable HTTP. Opens the store, on
 * the first start with an empty data directory loads the shipped samples
 * (validates and boots the sample bundle, indexes the sample LTM), prints the
 * URL and client configuration snippets, and serves until Ctrl-C or SIGTERM.
 *
 * @example Serve on another port
 * ```sh
 * deno run -A jsr:@metablooms/kit/metablooms serve --port 9000
 * ```
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type Command, numberFlag, runCommand, stringFlag } from "./_command.ts";
import { onTermination } from "./_signals.ts";
import { clientSnippets, renderSnippets, stdioLaunch } from "./_snippets.ts";
import type { Config } from "../lib/config.ts";
import { toKitError, UsageError } from "../lib/errors.ts";
import { repairLtm } from "../lib/watcher/repair.ts";
import { isDataDirEmpty } from "../lib/setup/first_run.ts";
import { initDataDirOp } from "../ops/init_data_dir.ts";
import { VERSION } from "../lib/version.ts";
import type { FirstRunReport } from "../schemas/setup.ts";
import { createContext } from "../ops/context.ts";
import { assertSafeBind, serveHttp } from "../mcp/http.ts";
import { runWithLease } from "../lib/store/run_with_lease.ts";

/** What `metablooms serve` reports, at start (`--json`: one line) and when it stops. */
export interface ServeResult {
  /** The MCP endpoint. */
  url: string;
  /** The health endpoint. */
  health: string;
  /** The data directory. */
  data_dir: string;
  /** What the first start loaded; `null` when the data directory was not new. */
  first_run: FirstRunReport | null;
  /** Whether clients must send a bearer token. */
  token_required: boolean;
  /** The web dashboard. */
  dashboard: string;
  /** State changes are refused. */
  read_only: boolean;
}

/** The lease replicas on one database take to load the samples once. */
const FIRST_START_LEASE = "metablooms.serve.first_start";

/** The samples shipped beside the CLI (`samples/` at the package root). */
const DEFAULT_SAMPLES = new URL("../samples", import.meta.url);

/** `metablooms serve`. */
export const command: Command<ServeResult> = {
  name: "serve",
  script: "serve.ts",
  summary: "Serve the MCP tools and the web dashboard (http://127.0.0.1:8787/)",
  usage: "[--port N] [--host ADDR] [--read-only]",
  description:
    "Serves MCP at /mcp, the web dashboard at / and a health check at /health until Ctrl-C or SIGTERM. Binds to loopback unless --host says otherwise, which needs mcp.token (MB_TOKEN). On the first start with an empty data directory, loads the shipped sample bundle and LTM.",
  options: {
    port: { type: "string", short: "p", valueName: "N", description: "Port (0 = any free port)" },
    host: { type: "string", valueName: "ADDR", description: "Listen address (default 127.0.0.1)" },
    samples: {
      type: "string",
      valueName: "DIR",
      description: "Sample data for the first start (default: the shipped samples/)",
    },
    "no-samples": { type: "boolean", description: "Start with an empty data directory" },
    "read-only": {
      type: "boolean",
      description:
        "Refuse state changes (promote, rollback, …) from the web and MCP doors (mcp.readOnly)",
    },
  },
  exitCodes: {
    0: "stopped by Ctrl-C or SIGTERM",
    2: "usage error, port in use, or a non-loopback address without a token",
  },
  async run(ctx) {
    const port = numberFlag(ctx, "port");
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new UsageError(`--port must be an integer from 0 to 65535, got ${port}`);
    }
    const config: Config = {
      ...ctx.config,
      mcp: {
        ...ctx.config.mcp,
        ...(port === undefined ? {} : { port }),
        ...(stringFlag(ctx, "host") === undefined ? {} : { host: stringFlag(ctx, "host")! }),
        ...(ctx.values["read-only"] === true ? { readOnly: true } : {}),
      },
    };
    assertSafeBind(config.mcp);
    using stop = onTermination(ctx.signal);
    await using mcp = createContext(config, { door: "mcp" });
    const firstStart = async (): Promise<FirstRunReport | null> => {
      if (ctx.values["no-samples"] === true || !(await isDataDirEmpty(config.dataDir))) return null;
      const samples = stringFlag(ctx, "samples");
      const samplesDir = samples ??
        (DEFAULT_SAMPLES.protocol === "file:" ? fileURLToPath(DEFAULT_SAMPLES) : undefined);
      if (samplesDir === undefined) return null;
      ctx.log(`First start: loading the samples from ${samplesDir} into ${config.dataDir}`);
      await using setup = createContext(config, { door: "cli", signal: stop.signal });
      return await initDataDirOp.run({ samples_dir: samplesDir }, setup);
    };
    // Replicas on one database may start together: one loads the samples, the others wait
    // for its lease and then find the data directory filled.
    const firstRun = config.databaseUrl === undefined
      ? await firstStart()
      : await runWithLease(await mcp.store(), FIRST_START_LEASE, firstStart, {
        ttl_ms: 60_000,
        poll_ms: 250,
        signal: stop.signal,
      });
    // The crash repair of the LTM repo; another writer holding it repairs it itself.
    await repairLtm(config.ltmDir, {
      lockWaitMs: 5000,
      warn: (message) => ctx.log(`warning: ${message}`),
    }).catch((error) => ctx.log(`warning: LTM repair skipped: ${toKitError(error).message}`));
    await mcp.store(); // fail now, with exit code 2, when the store cannot be opened
    const running = await serveHttp(mcp, {
      log: (line) => console.error(line),
      signal: stop.signal,
    });
    const result: ServeResult = {
      url: running.url,
      health: running.url.replace(/\/mcp$/, "/health"),
      data_dir: config.dataDir,
      first_run: firstRun,
      token_required: config.mcp.token !== undefined,
      dashboard: running.url.replace(/\/mcp$/, "/"),
      read_only: config.mcp.readOnly,
    };
    if (ctx.json) console.log(JSON.stringify(result));
    else console.log(await startupText(result));
    await running.finished;
    return result;
  },
  render: () => "metablooms serve: stopped",
};

async function startupText(result: ServeResult): Promise<string> {
  const launch = await stdioLaunch(new URL("./metablooms.ts", import.meta.url));
  const steps = result.first_run?.steps ?? [];
  return [
    `metablooms ${VERSION}: MCP server listening on ${result.url}`,
    `  data:   ${result.data_dir}`,
    `  web:    ${result.dashboard}${result.read_only ? " (read-only)" : ""}`,
    `  health: ${result.health}`,
    ...(result.token_required
      ? ["  auth:   clients must send Authorization: Bearer <mcp.token>"]
      : []),
    ...(result.first_run
      ? steps.length === 0
        ? [`First start: no samples found in ${result.first_run.samples_dir}`]
        : [
          "First start:",
          ...steps.map((s) => `  ${s.ok ? "ok  " : "FAIL"} ${s.step} ${s.target}: ${s.summary}`),
        ]
      : []),
    "",
    "Try the living image: `metablooms send genesis_obj greet_architect` (or the MCP tool " +
    "image_send): the first send runs a cognitive cycle that writes the method (needs Ollama).",
    "",
    renderSnippets(clientSnippets(result.url, launch, result.token_required)),
    "",
    "Press Ctrl-C to stop.",
  ].join("\n");
}

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
