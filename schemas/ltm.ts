/**
 * Schemas of the LTM capability: reindex report, index query and results,
 * delta lookup, dependency graph, the exported MIPS_INDEX_CORE /
 * MIPS_GRAPH_CORE files, and the two ledgers.
 *
 * @module
 */
import { z } from "zod";
import {
  type HashStatus,
  HashStatusSchema,
  type MipsBody,
  MipsBodySchema,
  type MipsFormat,
  MipsFormatSchema,
  type MipsRecord,
  MipsRecordSchema,
} from "./mips.ts";

/** A module's runtime posture (mips.md §4). */
export type RuntimePosture = "ACTIVE" | "OPTIONAL" | "HISTORICAL" | "QUARANTINED";

/** Schema of {@linkcode RuntimePosture}. */
export const RuntimePostureSchema: z.ZodType<RuntimePosture> = z.enum([
  "ACTIVE",
  "OPTIONAL",
  "HISTORICAL",
  "QUARANTINED",
]);

/** A file indexed as QUARANTINED because it could not be parsed. */
export interface QuarantinedFile {
  /** Path relative to the LTM folder. */
  path: string;
  /** Why it could not be indexed. */
  reason: string;
}

/** Schema of {@linkcode QuarantinedFile}. */
export const QuarantinedFileSchema: z.ZodType<QuarantinedFile> = z.object({
  path: z.string(),
  reason: z.string(),
});

/** What one reindex run did. */
export interface ReindexReport {
  /** The LTM folder (absolute). */
  ltm_dir: string;
  /** `full` (every file stat-checked) or `quick` (directory listings only). */
  mode: "full" | "quick";
  /** Files found. */
  scanned: number;
  /** Files new to the index. */
  added: number;
  /** Files whose content changed. */
  updated: number;
  /** Files gone from the folder, dropped from the index. */
  removed: number;
  /** Files left as they were (same mtime and size, or same sha256). */
  unchanged: number;
  /** Files read and hashed in this run. */
  reread: number;
  /** Every file currently indexed as QUARANTINED for being unparseable, with the reason. */
  quarantined: QuarantinedFile[];
  /** Modules in the index after the run. */
  modules: number;
  /** Wall time. */
  duration_ms: number;
}

const reindexShape = {
  ltm_dir: z.string(),
  mode: z.enum(["full", "quick"]),
  scanned: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  reread: z.number().int(),
  quarantined: z.array(QuarantinedFileSchema),
  modules: z.number().int(),
  duration_ms: z.number(),
};

/** Schema of {@linkcode ReindexReport}. */
export const ReindexReportSchema: z.ZodType<ReindexReport> = z.object(reindexShape);

/** A query of the MIPS index. */
export interface MipsQuery {
  /** Full-text words (all must match; `word*` for a prefix). */
  text?: string | undefined;
  /** Exact module id, or a glob with `*`. */
  module_id?: string | undefined;
  /** Only this posture. */
  posture?: RuntimePosture | undefined;
  /** Timestamp at or after (ISO date or date-time). */
  from?: string | undefined;
  /** Timestamp at or before (a date includes that whole day). */
  to?: string | undefined;
  /** Only this header format. */
  format?: MipsFormat | undefined;
  /** `VERIFIED`, `VERIFIED(R2)`, `R2`, `MISMATCH`, `UNVERIFIABLE` or `ABSENT`. */
  hash_status?: string | undefined;
  /** Page size. @default {20} */
  limit?: number | undefined;
  /** Results to skip. @default {0} */
  offset?: number | undefined;
}

/** Schema of {@linkcode MipsQuery}. */
export const MipsQuerySchema: z.ZodType<MipsQuery> = z.object({
  text: z.string().optional().describe(
    "Words to search for in ids, titles, headers and bodies; all must match; `word*` matches a prefix. Omit to list by filters, newest first.",
  ),
  module_id: z.string().optional().describe(
    "Exact module id, or a glob with * (e.g. MB__03_DELTA__*).",
  ),
  posture: RuntimePostureSchema.optional().describe("Only deltas with this runtime posture."),
  from: z.string().optional().describe(
    "Only deltas timestamped at or after this ISO date or date-time (UTC).",
  ),
  to: z.string().optional().describe(
    "Only deltas timestamped at or before this; a bare date includes the whole day.",
  ),
  format: MipsFormatSchema.optional().describe(
    "Only this header format (J-mips, J-flat, M-yaml, text, invalid, …).",
  ),
  hash_status: z.string().optional().describe(
    "Only this self-hash verdict: VERIFIED, VERIFIED(R2) or R2, MISMATCH, UNVERIFIABLE, ABSENT.",
  ),
  limit: z.number().int().min(1).max(500).optional().describe("Page size. Default 20."),
  offset: z.number().int().min(0).optional().describe(
    "Results to skip, for the next page. Default 0.",
  ),
});

/** One search hit. */
export interface MipsHit {
  /** Module id. */
  module_id: string;
  /** Path relative to the LTM folder. */
  path: string;
  /** Header format. */
  format: MipsFormat;
  /** Runtime posture. */
  posture: RuntimePosture;
  /** Self-hash status. */
  hash_status: HashStatus;
  /** Recipe when verified. */
  hash_recipe?: string | undefined;
  /** UTC timestamp, when the delta has one. */
  timestamp_utc?: string | undefined;
  /** Title, when known. */
  title?: string | undefined;
  /** Relevance (higher is better; `-bm25`), 0 without a text query. */
  score: number;
  /** Matching excerpt with `[` `]` around hits, or the summary without a text query. */
  snippet: string;
}

/** Schema of {@linkcode MipsHit}. */
export const MipsHitSchema: z.ZodType<MipsHit> = z.object({
  module_id: z.string(),
  path: z.string(),
  format: MipsFormatSchema,
  posture: RuntimePostureSchema,
  hash_status: HashStatusSchema,
  hash_recipe: z.string().optional(),
  timestamp_utc: z.string().optional(),
  title: z.string().optional(),
  score: z.number(),
  snippet: z.string(),
});

/** A page of search results. */
export interface MipsQueryResult {
  /** Matches in all. */
  total: number;
  /** Offset of the first result. */
  offset: number;
  /** Page size asked for. */
  limit: number;
  /** This page, best first (or newest first without a text query). */
  results: MipsHit[];
}

/** Schema of {@linkcode MipsQueryResult}. */
export const MipsQueryResultSchema: z.ZodType<MipsQueryResult> = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  results: z.array(MipsHitSchema),
});

/** The delta field a reference between modules comes from. */
export type RefKind = "parent_bundle" | "depends_on" | "supersedes";

/** Schema of {@linkcode RefKind}. */
export const RefKindSchema: z.ZodType<RefKind> = z.enum([
  "parent_bundle",
  "depends_on",
  "supersedes",
]);

/** A resolved dependency of a module. */
export interface MipsDependency {
  /** The module depended on. */
  module_id: string;
  /** Whether it is required (`parent_bundle`, `depends_on`) or not (`supersedes`). */
  required: boolean;
  /** Which field declared it. */
  kind: RefKind;
}

/** Schema of {@linkcode MipsDependency}. */
export const MipsDependencySchema: z.ZodType<MipsDependency> = z.object({
  module_id: z.string(),
  required: z.boolean(),
  kind: RefKindSchema,
});

/** One delta as the index holds it. */
export interface MipsDelta {
  /** Unique module id. */
  module_id: string;
  /** Path relative to the LTM folder. */
  path: string;
  /** Runtime posture. */
  posture: RuntimePosture;
  /** Why it is quarantined, when it could not be parsed. */
  quarantine_reason?: string | undefined;
  /** The normalised record. */
  record: MipsRecord;
  /** The header as written. */
  header: unknown;
  /** The body. */
  body: MipsBody;
  /** Resolved dependencies. */
  dependencies: MipsDependency[];
  /** References that resolve to no indexed delta. */
  dangling: string[];
  /** Modules that depend on this one. */
  dependents: string[];
}

/** Schema of {@linkcode MipsDelta}. */
export const MipsDeltaSchema: z.ZodType<MipsDelta> = z.object({
  module_id: z.string(),
  path: z.string(),
  posture: RuntimePostureSchema,
  quarantine_reason: z.string().optional(),
  record: MipsRecordSchema,
  header: z.unknown(),
  body: MipsBodySchema,
  dependencies: z.array(MipsDependencySchema),
  dangling: z.array(z.string()),
  dependents: z.array(z.string()),
});

/** A graph edge: `from` depends on `to`. */
export interface MipsEdge {
  /** The dependent module. */
  from: string;
  /** The module depended on. */
  to: string;
  /** Required dependency. */
  required: boolean;
  /** Declaring field. */
  kind: RefKind;
}

/** Schema of {@linkcode MipsEdge}. */
export const MipsEdgeSchema: z.ZodType<MipsEdge> = z.object({
  from: z.string(),
  to: z.string(),
  required: z.boolean(),
  kind: RefKindSchema,
});

/** A reference that resolves to no indexed delta. */
export interface DanglingRef {
  /** The module that declares it. */
  from: string;
  /** The value as written. */
  ref: string;
  /** Declaring field. */
  kind: RefKind;
}

/** Schema of {@linkcode DanglingRef}. */
export const DanglingRefSchema: z.ZodType<DanglingRef> = z.object({
  from: z.string(),
  ref: z.string(),
  kind: RefKindSchema,
});

/** The dependency graph (MIPS_GRAPH_CORE). */
export interface MipsGraph {
  /** Module ids, sorted. */
  nodes: string[];
  /** Resolved edges. */
  edges: MipsEdge[];
  /** Layers: every module's dependencies lie in earlier layers (a cycle shares one layer). */
  topo_layers: string[][];
  /** Modules with no edge at all. */
  orphans: string[];
  /** Strongly connected components of more than one module (or a self-loop). */
  cycles: string[][];
  /** Unresolved references (not edges, not failures). */
  dangling: DanglingRef[];
}

/** Schema of {@linkcode MipsGraph}. */
export const MipsGraphSchema: z.ZodType<MipsGraph> = z.object({
  nodes: z.array(z.string()),
  edges: z.array(MipsEdgeSchema),
  topo_layers: z.array(z.array(z.string())),
  orphans: z.array(z.string()),
  cycles: z.array(z.array(z.string())),
  dangling: z.array(DanglingRefSchema),
});

/** One registry entry of MIPS_INDEX_CORE. */
export interface RegistryEntry {
  /** File name. */
  filename: string;
  /** Path relative to the LTM folder. */
  path: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
  /** Runtime posture. */
  runtime_posture: RuntimePosture;
  /** Resolved dependencies. */
  deps: Array<{ module_id: string; required: boolean }>;
  /** Header format. */
  format: MipsFormat;
  /** Declared version. */
  version?: string | undefined;
  /** Self-hash status label (`VERIFIED(R2)`, …). */
  hash_status: string;
}

/** The MIPS_INDEX_CORE.mips.json document (mips.md §4). */
export interface IndexCore {
  /** Boot facts. */
  boot: { entrypoint: string; fail_closed: "STRICT" | "PARTIAL" | "PERMISSIVE" };
  /** Runtime facts. */
  runtime: {
    mode: "FULL" | "TRAINING_ONLY" | "DEGRADED";
    active_bundle: { module_id: string | null; sha256: string | null };
  };
  /** Posture booleans. */
  posture: {
    hash_enforced: boolean;
    validators_enforced: boolean;
    blindspot_gating: boolean;
    sandcrawler_required_for_full: boolean;
  };
  /** module_id → entry. */
  registry: Record<string, RegistryEntry>;
  /** Times (the LTM test's key). */
  timestamps: { last_updated_utc: string; last_verified_utc: string };
  /** Times and counts (the plan's key). */
  index: {
    last_updated_utc: string;
    last_verified_utc: string;
    modules: number;
    quarantined: number;
    hash_mismatch: number;
  };
}

/** Schema of {@linkcode IndexCore}. */
export const IndexCoreSchema: z.ZodType<IndexCore> = z.object({
  boot: z.object({
    entrypoint: z.string(),
    fail_closed: z.enum(["STRICT", "PARTIAL", "PERMISSIVE"]),
  }),
  runtime: z.object({
    mode: z.enum(["FULL", "TRAINING_ONLY", "DEGRADED"]),
    active_bundle: z.object({ module_id: z.string().nullable(), sha256: z.string().nullable() }),
  }),
  posture: z.object({
    hash_enforced: z.boolean(),
    validators_enforced: z.boolean(),
    blindspot_gating: z.boolean(),
    sandcrawler_required_for_full: z.boolean(),
  }),
  registry: z.record(
    z.string(),
    z.object({
      filename: z.string(),
      path: z.string(),
      sha256: z.string(),
      runtime_posture: RuntimePostureSchema,
      deps: z.array(z.object({ module_id: z.string(), required: z.boolean() })),
      format: MipsFormatSchema,
      version: z.string().optional(),
      hash_status: z.string(),
    }),
  ),
  timestamps: z.object({ last_updated_utc: z.string(), last_verified_utc: z.string() }),
  index: z.object({
    last_updated_utc: z.string(),
    last_verified_utc: z.string(),
    modules: z.number().int(),
    quarantined: z.number().int(),
    hash_mismatch: z.number().int(),
  }),
});

/** What {@linkcode IndexCore} export wrote. */
export interface ExportReport {
  /** Path of MIPS_INDEX_CORE.mips.json. */
  index_path: string;
  /** Path of MIPS_GRAPH_CORE.mips.json. */
  graph_path: string;
  /** Modules in the registry. */
  modules: number;
  /** Edges in the graph. */
  edges: number;
}

/** Schema of {@linkcode ExportReport}. */
export const ExportReportSchema: z.ZodType<ExportReport> = z.object({
  index_path: z.string(),
  graph_path: z.string(),
  modules: z.number().int(),
  edges: z.number().int(),
});

/** A reindex run, with the export when one was asked for (`metablooms index --export`, MCP `reindex_ltm`). */
export interface IndexRunResult extends ReindexReport {
  /** The export, when asked for. */
  export?: ExportReport | undefined;
}

/** Schema of {@linkcode IndexRunResult}. */
export const IndexRunResultSchema: z.ZodType<IndexRunResult> = z.object({
  ...reindexShape,
  export: ExportReportSchema.optional(),
});

/** The graph, with the export when one was asked for (`metablooms graph --export`, MCP `ltm_graph`). */
export interface GraphRunResult extends MipsGraph {
  /** The export, when asked for. */
  export?: ExportReport | undefined;
}

/** Schema of {@linkcode GraphRunResult}. */
export const GraphRunResultSchema: z.ZodType<GraphRunResult> = z.object({
  nodes: z.array(z.string()),
  edges: z.array(MipsEdgeSchema),
  topo_layers: z.array(z.array(z.string())),
  orphans: z.array(z.string()),
  cycles: z.array(z.array(z.string())),
  dangling: z.array(DanglingRefSchema),
  export: ExportReportSchema.optional(),
});
