/**
 * `metablooms://audit/{log}`: the kit's hash-chained logs — `boot` (boot and
 * slot events), `ingest` (the LTM ingest ledger) and `events` (the LTM event
 * ledger) — their chain verdict and their newest entries.
 *
 * @module
 */
import { LTM_PATHS, ltmPath } from "../../lib/layout.ts";
import { KitError } from "../../lib/errors.ts";
import { getOwn } from "../../lib/own.ts";
import type { Config } from "../../lib/config.ts";
import { auditLogPath } from "../../lib/boot/audit.ts";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { registerKitResource } from "../_resource.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/** Newest entries shown. */
const TAIL = 200;

const LOGS: Readonly<Record<string, { title: string; path: (config: Config) => string }>> = {
  boot: { title: "Boot and slot events", path: auditLogPath },
  ingest: {
    title: "LTM ingest ledger",
    path: (c) => ltmPath(c.ltmDir, LTM_PATHS.ingest_ledger),
  },
  events: { title: "LTM event ledger", path: (c) => ltmPath(c.ltmDir, LTM_PATHS.event_ledger) },
};

/**
 * Registers the audit log resources.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerAuditResources } from "./audit.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerAuditResources(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerAuditResources(server: McpServer, deps: OpContext): void {
  registerKitResource(server, deps, {
    name: "audit_log",
    template: "metablooms://audit/{log}",
    title: "Audit log",
    description:
      `A hash-chained log: boot (boot and slot events), ingest (LTM ingest ledger) or events (LTM event ledger) — its chain verdict and newest ${TAIL} entries.`,
    list: async (d) => {
      const present = [];
      for (const [log, { title, path }] of Object.entries(LOGS)) {
        if (await Deno.stat(path(d.config)).then((s) => s.isFile, () => false)) {
          present.push({ vars: { log }, name: title, description: path(d.config) });
        }
      }
      return present;
    },
    complete: { log: () => Promise.resolve(Object.keys(LOGS)) },
    read: async (vars, d) => {
      const spec = getOwn(LOGS, vars.log ?? "");
      if (!spec) {
        throw new KitError(
          "AUDIT_LOG_NOT_FOUND",
          `No audit log named "${vars.log}" (one of ${Object.keys(LOGS).join(", ")})`,
        );
      }
      const path = spec.path(d.config);
      let text: string;
      try {
        text = await Deno.readTextFile(path);
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
        return { log: vars.log, path, exists: false, total: 0, entries: [] };
      }
      const lines = text.split("\n").filter((l) => l.trim() !== "");
      const entries = lines.slice(-TAIL).map((line) => {
        try {
          return JSON.parse(line) as unknown;
        } catch {
          return { unparseable: line.slice(0, 200) };
        }
      });
      return {
        log: vars.log,
        path,
        exists: true,
        total: lines.length,
        chain: await verifyLedger(path),
        entries,
      };
    },
  });
}
