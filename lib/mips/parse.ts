/**
 * Parses a MIPS delta file of any header format (mips.md §1) into one
 * normalised {@linkcode MipsRecord} plus its body, verifying the self-hash.
 *
 * Bad input never throws: a file that cannot be parsed (truncated JSON, a
 * broken M-html header, a JSON top level that is not an object) gives a record
 * with format `invalid` and a `problem` naming the line and column. The LTM
 * index then fails with `INDEX_INCOMPLETE`, or quarantines the file.
 *
 * @module
 */
import { basename } from "node:path";
import type { HashVerdict, MipsBody, MipsParseResult, MipsRecord } from "../../schemas/mips.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { deriveFields } from "./_fields.ts";
import { type Extracted, extractJson } from "./_json_formats.ts";
import { extractJsonText, extractText, HeaderError } from "./_text_formats.ts";
import { JsonSyntaxError, parseJsonPrefix, parseJsonTree, toPlain } from "../json/json_tree.ts";
import { fileStem } from "./ids.ts";

const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });
const UTF8_STRICT = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
const ENCODER = new TextEncoder();

/**
 * Parses a delta file's text.
 *
 * @param text The file's text (exact, as decoded from UTF-8; a BOM is tolerated).
 * @param filename Its path or name: used for the fallback module id and to tell
 *   a broken `.json` file from a plain note.
 * @returns Record, header and body. Never throws for bad content.
 *
 * @example Parse a J-mips delta and check its self-hash
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMips } from "./parse.ts";
 * const text = '{"mips":{"artifact_id":"MB__05_RULE__FilesFirst_Demo_v1","version":"v1","timestamp_utc":"2026-01-10T12:15:00Z","content_type":"application/json","sha256":"e98e42075850527a4baedbca33374c39b4a52dce30e64f77f9e24a2fef3ffc58"},"body":{"rule":"Prefer files over chat text.","scope":["boot"]}}';
 * const { record } = parseMips(text, "MB__05_RULE__FilesFirst_Demo_v1.mips.json");
 * assert(record.format === "J-MIPS" || record.format === "J-mips");
 * ```
 */
export function parseMips(text: string, filename: string): MipsParseResult {
  const bytes = ENCODER.encode(text);
  return parseDecoded(text, filename, sha256Hex(bytes), bytes.length, []);
}

/**
 * Parses a delta file's raw bytes (binary files and invalid UTF-8 included).
 *
 * @param bytes The file's bytes.
 * @param filename Its path or name.
 * @returns Record, header and body. Never throws for bad content.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMipsBytes } from "./parse.ts";
 * const { record } = parseMipsBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]), "x.zip");
 * assert(record.format === "binary");
 * ```
 */
export function parseMipsBytes(bytes: Uint8Array, filename: string): MipsParseResult {
  const sha256 = sha256Hex(bytes);
  if (bytes.subarray(0, 8192).includes(0)) {
    return assemble(filename, sha256, bytes.length, {
      format: "binary",
      header: null,
      sources: { others: [] },
      body: { kind: "none" },
      hash: { status: "ABSENT", label: "ABSENT" },
      probe: false,
      warnings: [],
    });
  }
  const warnings: string[] = [];
  let text: string;
  try {
    text = UTF8_STRICT.decode(bytes);
  } catch {
    text = UTF8.decode(bytes);
    warnings.push("not valid UTF-8: undecodable bytes were replaced with U+FFFD");
  }
  return parseDecoded(text, filename, sha256, bytes.length, warnings);
}

/**
 * Reads and parses a delta file.
 *
 * @param path The file.
 * @returns Record (with `path` as given), header and body.
 * @throws {Deno.errors.NotFound} When the file does not exist (and other read errors).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseMipsFile } from "./parse.ts";
 * const f = await Deno.makeTempFile({ suffix: ".mips.json" });
 * await Deno.writeTextFile(f, '{"selftest": true}');
 * const { record } = await parseMipsFile(f);
 * assert(record.format === "J-flat" && record.probe);
 * await Deno.remove(f);
 * ```
 */
export async function parseMipsFile(path: string): Promise<MipsParseResult> {
  return parseMipsBytes(await Deno.readFile(path), path);
}

function parseDecoded(
  text: string,
  filename: string,
  sha256: string,
  size: number,
  warnings: string[],
): MipsParseResult {
  const offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (offset) warnings.push("starts with a UTF-8 byte-order mark");
  const jsonName = /\.json$/i.test(filename);
  const content = offset ? text.slice(offset) : text;
  const lead = content.trimStart()[0];
  // deno-lint-ignore no-control-regex -- "anything outside printable ASCII" is the point
  const mayNeedBoth = /[^\x00-\x7e]|\\u/.test(content);
  let extracted: Extracted | undefined;
  let problem: string | undefined;
  try {
    if (lead === "{" || lead === "[" || (jsonName && content.trim() !== "")) {
      try {
        const tree = parseJsonTree(content);
        if (tree.kind === "object") extracted = extractJson(tree, mayNeedBoth);
        else problem = `the top-level JSON value is ${article(tree.kind)}, not an object`;
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        const prefix = tryPrefix(content);
        if (prefix) extracted = extractJsonText(text, prefix.header, prefix.end + offset);
        else if (jsonName || (lead === "{" && /\.mips\./i.test(filename))) {
          problem = `not valid JSON: ${error.message}`;
        } else {warnings.push(
            `starts like JSON but is not valid JSON (${error.message}); read as text`,
          );}
      }
    }
    if (!extracted && !problem) extracted = extractText(text, offset);
  } catch (error) {
    if (!(error instanceof HeaderError)) throw error;
    problem = error.message;
  }
  if (!extracted && !problem && jsonName) problem = "empty file (expected a JSON object)";
  if (problem) {
    return assemble(filename, sha256, size, {
      format: "invalid",
      header: null,
      sources: { others: [] },
      body: content === "" ? { kind: "none" } : { kind: "text", text: content },
      hash: { status: "ABSENT", label: "ABSENT" },
      probe: false,
      warnings,
    }, problem);
  }
  const ex = extracted ?? {
    format: "text" as const,
    header: null,
    sources: { others: [] },
    body: content === "" ? { kind: "none" as const } : { kind: "text" as const, text: content },
    hash: { status: "ABSENT", label: "ABSENT" } satisfies HashVerdict,
    probe: false,
    warnings: content.trim() === "" ? ["empty file"] : [],
  };
  ex.warnings.unshift(...warnings);
  return assemble(filename, sha256, size, ex);
}

function tryPrefix(content: string): { header: Record<string, unknown>; end: number } | undefined {
  try {
    const { node, end } = parseJsonPrefix(content);
    if (node.kind !== "object" || content.slice(end).trim() === "") return undefined;
    return { header: toPlain(node) as Record<string, unknown>, end };
  } catch {
    return undefined;
  }
}

function assemble(
  path: string,
  sha256: string,
  bytes: number,
  ex: Extracted,
  problem?: string,
): MipsParseResult {
  const filename = basename(path);
  const warnings = [...ex.warnings];
  const fields = problem
    ? {
      module_id: fileStem(filename),
      id_source: "filename" as const,
      councils: [],
      links: null,
      supersedes: [],
      depends_on: [],
    }
    : deriveFields(ex.sources, filename, warnings);
  const record: MipsRecord = {
    path,
    filename,
    format: ex.format,
    ...(ex.shape === undefined ? {} : { shape: ex.shape }),
    ...fields,
    probe: ex.probe,
    hash_status: ex.hash.status,
    ...(ex.hash.recipe ? { hash_recipe: ex.hash.recipe } : {}),
    ...(ex.hash.encoding ? { hash_encoding: ex.hash.encoding } : {}),
    ...(ex.hash.field ? { hash_field: ex.hash.field } : {}),
    ...(ex.hash.declared ? { declared_hash: ex.hash.declared } : {}),
    sha256,
    bytes,
    ...(problem ? { problem } : {}),
    warnings,
  };
  if (ex.hash.note && ex.hash.status !== "VERIFIED") warnings.push(`self-hash: ${ex.hash.note}`);
  if (record.title === undefined) {
    const title = titleFromBody(ex.body);
    if (title) record.title = title;
  }
  return { record, header: ex.header, body: ex.body };
}

function titleFromBody(body: MipsBody): string | undefined {
  if (body.kind !== "text") return undefined;
  const line = body.text.split("\n").map((l) => l.trim()).find((l) => l !== "");
  if (!line) return undefined;
  const t = line.replace(/^#+\s*/, "");
  return t.length > 120 ? t.slice(0, 117) + "..." : t;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
