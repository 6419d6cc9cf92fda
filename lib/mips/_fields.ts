/**
 * Reads the common fields (mips.md §2) out of whatever maps a format offers
 * (header first, then top-level siblings, then the body) into record fields.
 *
 * @module
 */
import type { IdSource, MipsRecord } from "../../schemas/mips.ts";
import { fileStem } from "./ids.ts";
import { normalizeTimestamp } from "./timestamps.ts";

/** What a format handler found, before the fields are normalised. */
export interface FieldSources {
  /** The header map (object headers, parsed text headers); undefined when none. */
  header?: Record<string, unknown> | undefined;
  /** Other maps to look in, by priority (top-level siblings, body). */
  others: Array<Record<string, unknown>>;
  /** J-meta: the header's `id` is `meta.id`. */
  metaHeader?: boolean;
}

/** The record fields derived from the maps. */
export type DerivedFields = Pick<
  MipsRecord,
  | "module_id"
  | "id_source"
  | "artifact_id"
  | "version"
  | "kind"
  | "timestamp_utc"
  | "timestamp_raw"
  | "timestamp_field"
  | "timestamp_flag"
  | "content_type"
  | "councils"
  | "parent_bundle"
  | "links"
  | "supersedes"
  | "depends_on"
  | "status"
  | "title"
  | "description"
>;

const TIMESTAMP_FIELDS = [
  "timestamp_utc",
  "timestamp",
  "ts",
  "ts_utc",
  "created_utc",
  "build_date_utc",
  "date_created",
  "created",
  "date",
  "timestamp_local_ct",
];

/**
 * Derives the normalised fields.
 *
 * @param src The maps.
 * @param filename The file name (for the fallback module id).
 * @param warnings Receives problems found on the way.
 * @returns The fields.
 */
export function deriveFields(
  src: FieldSources,
  filename: string,
  warnings: string[],
): DerivedFields {
  const maps = [...(src.header ? [src.header] : []), ...src.others];
  const pick = (...keys: string[]): unknown => {
    for (const m of maps) {
      for (const k of keys) {
        const v = m[k];
        if (v !== undefined && v !== null && v !== "") return v;
      }
    }
    return undefined;
  };
  const header = src.header ?? {};
  const top = src.others[0] ?? {};

  const [moduleId, idSource] = deriveId(header, top, !!src.metaHeader, filename);
  const out: DerivedFields = {
    module_id: moduleId,
    id_source: idSource,
    councils: stringList(pick("councils")),
    links: pick("links") ?? null,
    supersedes: [],
    depends_on: [],
  };
  setString(out, "artifact_id", header["artifact_id"] ?? top["artifact_id"]);
  setString(out, "version", pick("version"));
  setString(out, "kind", pick("kind", "delta_kind", "type", "artifact_type"));
  setString(out, "content_type", pick("content_type"));
  setString(out, "status", pick("status"));
  setString(out, "title", pick("title", "delta_name", "name"));
  setString(out, "description", pick("description", "purpose", "intent", "summary"));
  const parent = pick("parent_bundle");
  if (typeof parent === "string" && parent.trim() !== "") out.parent_bundle = parent.trim();

  for (const m of maps) {
    const field = TIMESTAMP_FIELDS.find((k) => m[k] !== undefined && m[k] !== null && m[k] !== "");
    if (!field) continue;
    const raw = m[field];
    out.timestamp_raw = String(raw);
    out.timestamp_field = field;
    const ts = normalizeTimestamp(raw, { localCentral: field === "timestamp_local_ct" });
    if (ts) {
      out.timestamp_utc = ts.utc;
      if (ts.flag) out.timestamp_flag = ts.flag;
    } else warnings.push(`${field} ${JSON.stringify(raw)} is not a recognisable timestamp`);
    break;
  }

  const links = out.links;
  const supersedes = [
    ...stringList(isRecord(links) ? links["supersedes"] : undefined),
    ...stringList(pick("supersedes")),
  ];
  out.supersedes = [...new Set(supersedes)];
  const deps: string[] = [];
  for (const key of ["depends_on", "dependencies"]) {
    const v = pick(key);
    if (Array.isArray(v)) {
      for (const d of v) {
        if (typeof d === "string") deps.push(d);
        else if (isRecord(d)) {
          const id = d["module_id"] ?? d["id"] ?? d["artifact_id"];
          if (typeof id === "string") deps.push(id);
        }
      }
    } else if (typeof v === "string") deps.push(...v.split(",").map((s) => s.trim()));
  }
  out.depends_on = [...new Set(deps.filter((d) => d !== ""))];
  return out;
}

function deriveId(
  header: Record<string, unknown>,
  top: Record<string, unknown>,
  meta: boolean,
  filename: string,
): [string, IdSource] {
  const candidates: Array<[unknown, IdSource]> = [
    [header["artifact_id"] ?? top["artifact_id"], "artifact_id"],
    [header["delta_id"] ?? top["delta_id"], "delta_id"],
    [meta ? header["id"] : undefined, "meta.id"],
    [header["os_id"] ?? top["os_id"], "os_id"],
    [header["module_id"] ?? header["id"] ?? top["module_id"], "id"],
  ];
  for (const [v, source] of candidates) {
    if (typeof v === "string" && v.trim() !== "") return [v.trim(), source];
    if (typeof v === "number") return [String(v), source];
  }
  return [fileStem(filename), "filename"];
}

function setString(
  out: DerivedFields,
  key: "artifact_id" | "version" | "kind" | "content_type" | "status" | "title" | "description",
  v: unknown,
): void {
  if (typeof v === "string" && v.trim() !== "") out[key] = v.trim();
  else if (typeof v === "number" || typeof v === "boolean") out[key] = String(v);
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) {
    return v.filter((x): x is string | number => typeof x === "string" || typeof x === "number")
      .map((x) => String(x).trim()).filter((x) => x !== "");
  }
  if (typeof v === "string") return v.split(",").map((s) => s.trim()).filter((s) => s !== "");
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
