/**
 * The web tests' data: a temp data directory loaded the way `serve` loads it
 * on a first start (the shipped samples: the sample bundle booted into ACTIVE,
 * the sample LTM indexed), plus a failed boot (the masked-CHM sample) for the
 * history, a second boot of the sample staged as CANDIDATE, and a history for
 * the living image's `genesis_obj` (a method learned by a cycle, then a slot
 * changed: versions 1–3), and the cycle log of the audit tests' scenario
 * (three missions: a corrected one, a direct one, a failed one) ingested into
 * the knowledge catalog for memory search and the audit report; served over
 * HTTP on a free loopback port.
 *
 * @module
 */
import { join } from "node:path";
import { type ConfigInput, loadConfig } from "../../lib/config.ts";
import { bootImage } from "../../lib/boot/boot_image.ts";
import { initDataDir } from "../../lib/setup/first_run.ts";
import { Image } from "../../lib/image/image.ts";
import { methodSlot } from "../../lib/image/object.ts";
import { findOperation } from "../../ops/registry.ts";
import { runOperation } from "../../ops/run.ts";
import { runScenario, writeLog } from "../audit/_scenario.ts";
import { createContext, type OwnedContext } from "../../ops/context.ts";
import { type RunningHttpServer, serveHttp } from "../../mcp/http.ts";

/** The repository's shipped samples. */
export const SAMPLES: string = new URL("../../samples", import.meta.url).pathname;

/** The method the fixture's `genesis_obj` learns (version 2). */
export const GREET_SOURCE =
  'function greet_architect(self) { return "Hello, " + self.architect + "!"; }';

/** The cycle that "wrote" it. */
export const GREET_CYCLE = "cycle-web-fixture-0001";

/** A served data directory; dispose to stop the server and remove the folder. */
export interface WebEnv extends AsyncDisposable {
  /** The temp folder (a root, with the samples folder). */
  dir: string;
  /** The server's context (door `mcp`). */
  deps: OwnedContext;
  /** The running server. */
  server: RunningHttpServer;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

/**
 * Loads the samples into a temp data directory and serves it.
 *
 * @param flags Extra configuration (`mcp.token`, `mcp.readOnly`).
 * @returns The environment.
 */
export async function webEnv(flags: ConfigInput = {}): Promise<WebEnv> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "mb_web_" }));
  const config = await loadConfig({
    env: {},
    cwd: dir,
    flags: { dataDir: join(dir, "data"), roots: [dir, SAMPLES], ...flags },
  });
  const deps = createContext(config, { door: "mcp" });
  await initDataDir(config, { samplesDir: SAMPLES, store: await deps.store() });
  const image = await Image.open(await deps.store());
  await image.transaction((tx) =>
    tx.set(
      "genesis_obj",
      "greet_architect",
      methodSlot("greet_architect", GREET_SOURCE, {
        verdict: { guardian: "PersistenceGuardian", ok: true, checked_at: "2026-01-10T12:00:00Z" },
        cycle_id: GREET_CYCLE,
        persona: "BRICK",
      }),
    ), { kind: "cycle", cycle_id: GREET_CYCLE, note: "learn greet_architect" });
  await image.transaction((tx) => tx.set("genesis_obj", "architect", "the Second Architect"));
  const log = await writeLog(dir, (await runScenario()).records);
  await runOperation(findOperation("ingest_audit_log")!, { path: log }, deps);
  await bootImage(config, join(SAMPLES, "bundles", "broken", "masked_chm_contract.zip"));
  await bootImage(config, join(SAMPLES, "bundles", "metablooms_os_sample_v1.zip"));
  const server = await serveHttp(deps, { hostname: "127.0.0.1", port: 0 });
  return {
    dir,
    deps,
    server,
    base: server.url.replace(/\/mcp$/, ""),
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await deps.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
