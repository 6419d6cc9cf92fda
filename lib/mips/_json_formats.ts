/**
 * The JSON header formats (mips.md §1): which top-level key holds the header,
 * where the body is, and the J-flat sub-shapes.
 *
 * @module
 */
import type { HashVerdict, MipsBody, MipsFormat } from "../../schemas/mips.ts";
import type { FieldSources } from "./_fields.ts";
import { verifyJsonLayout } from "./_recipes.ts";
import { getKey, type JsonNode, type JsonObjectNode, toPlain } from "../json/json_tree.ts";

/** What a format handler extracts from a file. */
export interface Extracted {
  /** Format label. */
  format: MipsFormat;
  /** Sub-shape. */
  shape?: string | undefined;
  /** The header as written. */
  header: unknown;
  /** Where the common fields are looked up. */
  sources: FieldSources;
  /** The body. */
  body: MipsBody;
  /** Self-hash verdict. */
  hash: HashVerdict;
  /** A watcher probe. */
  probe: boolean;
  /** Non-fatal problems. */
  warnings: string[];
}

const HEADER_KEYS: ReadonlyArray<[string, MipsFormat]> = [
  ["mips", "J-mips"],
  ["mips_header", "J-mips_header"],
  ["MIPS", "J-MIPS"],
  ["MIPS_HEADER", "J-MIPS_HEADER"],
];
const BODY_KEYS = ["body", "BODY", "content", "delta", "DELTA", "payload"];

/**
 * Classifies a parsed JSON object and extracts header, body and self-hash.
 *
 * @param tree The document.
 * @param mayNeedBothEncodings Whether the source may contain non-ASCII text or `\u` escapes.
 * @returns What was found.
 */
export function extractJson(tree: JsonObjectNode, mayNeedBothEncodings: boolean): Extracted {
  const warnings: string[] = [];
  for (const [key, format] of HEADER_KEYS) {
    const header = getKey(tree, key);
    if (!header) continue;
    if (header.kind === "object") return headerLed(tree, key, format, header, mayNeedBothEncodings);
    if (format === "J-MIPS_HEADER" && header.kind === "string") {
      return headerLed(tree, key, format, header, mayNeedBothEncodings);
    }
    warnings.push(`top-level "${key}" is a ${header.kind}, not an object; read as a flat delta`);
  }
  const header = getKey(tree, "header");
  if (header?.kind === "object") {
    return headerLed(tree, "header", "J-header", header, mayNeedBothEncodings);
  }
  const meta = getKey(tree, "meta");
  if (meta?.kind === "object") {
    const ex = headerLed(tree, "meta", "J-meta", meta, mayNeedBothEncodings);
    ex.sources.metaHeader = true;
    return ex;
  }
  const doc = toPlain(tree) as Record<string, unknown>;
  const probe = isProbe(tree);
  return {
    format: "J-flat",
    shape: flatShape(doc, probe),
    header: null,
    sources: { others: [doc] },
    body: { kind: "json", value: doc },
    hash: verifyJsonLayout({ tree, mayNeedBothEncodings }),
    probe,
    warnings,
  };
}

function headerLed(
  tree: JsonObjectNode,
  headerKey: string,
  format: MipsFormat,
  header: JsonNode,
  mayNeedBothEncodings: boolean,
): Extracted {
  const warnings: string[] = [];
  const bodyKey = BODY_KEYS.find((k) => getKey(tree, k) !== undefined);
  let bodyNode: JsonNode | undefined;
  let shape: string;
  const rest: JsonObjectNode = {
    kind: "object",
    entries: tree.entries.filter(([k]) => k !== headerKey && k !== bodyKey),
  };
  if (bodyKey) {
    bodyNode = getKey(tree, bodyKey);
    shape = bodyKey;
  } else if (rest.entries.length > 0) {
    bodyNode = rest;
    shape = "inline";
  } else {
    shape = "no-body";
    warnings.push(
      `no body: none of ${BODY_KEYS.join(", ")} and no payload keys beside "${headerKey}"`,
    );
  }
  const headerPlain = toPlain(header);
  const restPlain = toPlain(rest) as Record<string, unknown>;
  const bodyPlain = bodyNode === undefined ? undefined : toPlain(bodyNode);
  const others = [restPlain];
  if (isRecord(bodyPlain) && bodyPlain !== restPlain) others.push(bodyPlain);
  const stringHeader = header.kind === "string";
  return {
    format,
    shape: stringHeader ? `string/${shape}` : shape,
    header: headerPlain,
    sources: { header: isRecord(headerPlain) ? headerPlain : undefined, others },
    body: bodyNode === undefined ? { kind: "none" } : { kind: "json", value: bodyPlain },
    hash: verifyJsonLayout({
      tree,
      headerKey: stringHeader ? undefined : headerKey,
      body: bodyNode,
      mayNeedBothEncodings,
    }),
    // A bare-string MIPS_HEADER ("smoke") is what the watcher's self-tests drop.
    probe: stringHeader,
    warnings,
  };
}

function isProbe(tree: JsonObjectNode): boolean {
  return tree.entries.length > 0 && tree.entries.length <= 2 &&
    tree.entries.every(([k, v]) => /^selftest/i.test(k) && v.kind === "boolean");
}

function flatShape(doc: Record<string, unknown>, probe: boolean): string {
  if (probe) return "probe";
  if ("os_id" in doc) return "os-led";
  if ("mips_version" in doc) return "mips_version-led";
  if ("delta_id" in doc) return "delta-led";
  if ("schema" in doc && "hash_sha256" in doc) return "deltapack";
  return "other";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
