/**
 * Zod schemas of the long-term memory operations' inputs (`reindex_ltm`,
 * `get_mips_delta`, `ltm_graph`, `verify_ledger`; `query_mips_index` takes a
 * {@linkcode MipsQuery}).
 *
 * @module
 */
import { z } from "zod";
export type { MipsQuery } from "./ltm.ts";

/** Input of `reindex_ltm`. */
export interface ReindexLtmInput {
  /** The LTM folder to index. */
  path?: string | undefined;
  /** Index unparseable files as QUARANTINED. */
  quarantine?: boolean | undefined;
  /** Rescan only folders whose mtime changed. */
  quick?: boolean | undefined;
  /** Also export the index files into this folder. */
  export_path?: string | undefined;
}

/** Schema of {@linkcode ReindexLtmInput}. */
export const ReindexLtmInputSchema: z.ZodType<ReindexLtmInput> = z.object({
  path: z.string().optional().describe(
    "The LTM folder to index; must lie inside the configured roots. Default: the configured LTM folder.",
  ),
  quarantine: z.boolean().optional().describe(
    "Index unparseable files as QUARANTINED instead of failing with INDEX_INCOMPLETE. Default false.",
  ),
  quick: z.boolean().optional().describe(
    "Rescan only folders whose mtime changed (finds new, removed and renamed files, not in-place edits). Default false.",
  ),
  export_path: z.string().optional().describe(
    "Also write MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into this folder (inside the roots).",
  ),
});

/** Input of `get_mips_delta`. */
export interface GetMipsDeltaInput {
  /** Module id, artifact id, file stem, or path relative to the LTM folder. */
  id: string;
}

/** Schema of {@linkcode GetMipsDeltaInput}. */
export const GetMipsDeltaInputSchema: z.ZodType<GetMipsDeltaInput> = z.object({
  id: z.string().min(1).describe(
    "Module id (as query_mips_index returns it), artifact id, file stem, or the path relative to the LTM folder (e.g. deltas/2026-01/X.mips.json).",
  ),
});

/** Input of `ltm_graph`. */
export interface LtmGraphInput {
  /** Also export the index files into this folder. */
  export_path?: string | undefined;
}

/** Schema of {@linkcode LtmGraphInput}. */
export const LtmGraphInputSchema: z.ZodType<LtmGraphInput> = z.object({
  export_path: z.string().optional().describe(
    "Also write MIPS_INDEX_CORE.mips.json and MIPS_GRAPH_CORE.mips.json into this folder (inside the roots); fails with INDEX_INCOMPLETE when the last reindex could not index every file.",
  ),
});

/** Input of `verify_ledger`. */
export interface VerifyLedgerInput {
  /** The ledger file. */
  path: string;
  /** Ledger kind; detected when omitted. */
  kind?: "event" | "ingest" | undefined;
  /** Ingest ledger only: also check each file's size and sha256. */
  check_files?: boolean | undefined;
}

/** Schema of {@linkcode VerifyLedgerInput}. */
export const VerifyLedgerInputSchema: z.ZodType<VerifyLedgerInput> = z.object({
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
