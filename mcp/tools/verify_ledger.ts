/**
 * MCP tool `verify_ledger`: checks a hash-chained LTM ledger; the same
 * {@linkcode LedgerVerifyResult} as `metablooms ledger-verify`.
 *
 * @module
 */
import { z } from "zod";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { renderLedger } from "../../lib/ltm/render.ts";
import { LedgerVerifyResultSchema } from "../../schemas/ltm.ts";
import { registerKitTool, type ServerDeps } from "../_tool.ts";
import type { McpServer, RegisteredTool } from "../sdk.ts";

/** Input of `verify_ledger`. */
export const VerifyLedgerInputSchema = z.object({
  path: z.string().min(1).describe(
    "The ledger: ledger/ledger.ndjson (event ledger) or manifests/ledger.ndjson (ingest ledger) of the LTM repo; inside the roots.",
  ),
  kind: z.enum(["event", "ingest"]).optional().describe(
    "Ledger kind; detected from the first line when omitted.",
  ),
  check_files: z.boolean().optional().describe(
    "Ingest ledger only: also compare each listed file's size and sha256 with the ledger. Default false.",
  ),
});

/**
 * Registers `verify_ledger` on a server.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies (path confinement).
 * @returns The registered tool.
 *
 * @example
 * ```ts ignore
 * registerVerifyLedgerTool(server, deps);
 * ```
 */
export function registerVerifyLedgerTool(server: McpServer, deps: ServerDeps): RegisteredTool {
  return registerKitTool(server, deps, {
    name: "verify_ledger",
    title: "Verify an LTM ledger",
    description:
      "Verifies a hash-chained NDJSON ledger of the LTM repo line by line: event ledger (sha256 of each event, prev_sha256 links, genesis exception) or ingest ledger ({ts, path, sha256, bytes} lines, chained with prev_sha256/chain_sha256). Returns ok, the number of lines and the first broken link {line, reason, expected, actual}. Read-only.",
    hints: {
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    input: VerifyLedgerInputSchema,
    output: LedgerVerifyResultSchema,
    run: async (args, { deps }) =>
      await verifyLedger(await deps.resolvePath(args.path), {
        ...(args.kind === undefined ? {} : { kind: args.kind }),
        checkFiles: args.check_files ?? false,
      }),
    render: renderLedger,
  });
}
