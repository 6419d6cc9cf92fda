/**
 * The text header formats (mips.md §1): M-yaml, M-mips1, M-front, M-html,
 * T-jsontext, and plain text with no header.
 *
 * @module
 */
import type { HashVerdict } from "../../schemas/mips.ts";
import { sha256Hex } from "../fs/sha256.ts";
import type { Extracted } from "./_json_formats.ts";
import { isDigest, pythonLstrip, verifyR10, verifyR11 } from "./_recipes.ts";
import { parseYamlish } from "./_yamlish.ts";
import { JsonSyntaxError, parseJsonTree, toPlain } from "../json/json_tree.ts";

/** Thrown when a text header is recognised but cannot be read. */
export class HeaderError extends Error {
  /** @param message What is wrong, with the line. */
  constructor(message: string) {
    super(message);
    this.name = "HeaderError";
  }
}

interface LineInfo {
  text: string;
  start: number;
  end: number;
  next: number;
}

function lines(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  const re = /([^\n]*)(\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const raw = m[1]!;
    const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    out.push({ text: body, start: m.index, end: m.index + body.length, next: re.lastIndex });
    if (m[2] === "") break;
  }
  return out;
}

/**
 * Detects and extracts a text header format.
 *
 * @param text The whole file text (BOM included, if any).
 * @param offset Where the content starts (1 after a BOM).
 * @returns What was found, or undefined when the text has no MIPS header.
 * @throws {HeaderError} When a header is recognised but unreadable.
 */
export function extractText(text: string, offset: number): Extracted | undefined {
  const all = lines(text.slice(offset)).map((l) => ({
    ...l,
    start: l.start + offset,
    end: l.end + offset,
    next: l.next + offset,
  }));
  const firstIdx = all.findIndex((l) => l.text.trim() !== "");
  const first = all[firstIdx];
  if (!first) return undefined;
  const head = first.text.trim();
  if (head.startsWith("<!--MIPS_HEADER")) return mHtml(text, first.start);
  if (head === "MIPS_HEADER:") return mYaml(text, all, firstIdx);
  if (/^MIPS\/\d+(?:\.\d+)*$/.test(head)) return mMips1(text, all, firstIdx);
  if (head === "---" && firstIdx === 0) return mFront(text, all);
  return undefined;
}

/**
 * A T-jsontext file: a JSON header object followed by `---` and a text body.
 *
 * @param text The whole file text.
 * @param header The parsed JSON header document.
 * @param end Where the JSON ended.
 * @returns What was found.
 */
export function extractJsonText(
  text: string,
  header: Record<string, unknown>,
  end: number,
): Extracted {
  const warnings: string[] = [];
  const rest = text.slice(end);
  const sep = /^\s*\n---[ \t]*\r?\n?/.exec(rest);
  let bodyText: string;
  if (sep) bodyText = rest.slice(sep[0].length).replace(/^(?:\r?\n)+/, "");
  else {
    warnings.push("text after the JSON header is not separated by a --- line");
    bodyText = pythonLstrip(rest);
  }
  const inner = pickHeader(header);
  const declared = inner["sha256"] ?? inner["sha256_body"];
  let hash: HashVerdict = { status: "ABSENT", label: "ABSENT" };
  if (typeof declared === "string") {
    const field = `${innerKey(header) ?? ""}${innerKey(header) ? "." : ""}${
      "sha256" in inner ? "sha256" : "sha256_body"
    }`;
    const at = text.indexOf(declared);
    if (!isDigest(declared)) hash = notDigest(field, declared);
    else if (at >= 0 && verifyR10(text, at, declared)) {
      hash = verifiedText("R10", field, declared);
    } else if (sha256Hex(bodyText) === declared.toLowerCase()) {
      hash = verifiedText("R9", field, declared);
    } else {
      hash = {
        status: "UNVERIFIABLE",
        label: "UNVERIFIABLE",
        field,
        declared,
        note: "no known recipe covers T-jsontext files",
      };
    }
  }
  return {
    format: "T-jsontext",
    shape: innerKey(header) ?? "flat",
    header,
    sources: { header: inner, others: [] },
    body: { kind: "text", text: bodyText },
    hash,
    probe: false,
    warnings,
  };
}

function innerKey(doc: Record<string, unknown>): string | undefined {
  return ["mips", "mips_header", "MIPS", "MIPS_HEADER", "header"].find((k) => isRecord(doc[k]));
}

function pickHeader(doc: Record<string, unknown>): Record<string, unknown> {
  const k = innerKey(doc);
  return k ? doc[k] as Record<string, unknown> : doc;
}

function mYaml(text: string, all: LineInfo[], firstIdx: number): Extracted {
  const warnings: string[] = [];
  let i = firstIdx + 1;
  const headerLines: LineInfo[] = [];
  let bodyStart: number | undefined;
  let inlineBody = "";
  for (; i < all.length; i++) {
    const l = all[i]!;
    const m = /^BODY:[ \t]*(.*)$/.exec(l.text);
    if (m) {
      bodyStart = l.next;
      inlineBody = m[1] ?? "";
      break;
    }
    if (l.text.trim() !== "" && !/^\s/.test(l.text)) {
      warnings.push(`line ${i + 1}: header ended without a BODY: line`);
      bodyStart = l.start;
      break;
    }
    headerLines.push(l);
  }
  if (bodyStart === undefined) warnings.push("no BODY: line; the file has only a header");
  const parsed = parseYamlish(headerLines.map((l) => l.text), firstIdx + 2);
  warnings.push(...parsed.warnings);
  const rawBody = bodyStart === undefined ? "" : text.slice(bodyStart);
  const bodyText = (inlineBody ? inlineBody + "\n" : "") + rawBody.replace(/^(?:\r?\n)+/, "");
  return finishText("M-yaml", text, parsed.value, headerLines, bodyText, warnings);
}

function mMips1(text: string, all: LineInfo[], firstIdx: number): Extracted {
  const warnings: string[] = [];
  const headerLines: LineInfo[] = [];
  let bodyStart: number | undefined;
  for (let i = firstIdx + 1; i < all.length; i++) {
    const l = all[i]!;
    if (l.text.trim() === "---") {
      bodyStart = l.next;
      break;
    }
    headerLines.push(l);
  }
  if (bodyStart === undefined) warnings.push("no --- line after the MIPS/1.0 header");
  const parsed = parseYamlish(headerLines.map((l) => l.text), firstIdx + 2);
  warnings.push(...parsed.warnings);
  const bodyText = bodyStart === undefined ? "" : text.slice(bodyStart).replace(/^(?:\r?\n)+/, "");
  return finishText("M-mips1", text, parsed.value, headerLines, bodyText, warnings);
}

function mFront(text: string, all: LineInfo[]): Extracted | undefined {
  const close = all.findIndex((l, i) =>
    i > 0 && (l.text.trim() === "---" || l.text.trim() === "...")
  );
  if (close < 0) return undefined;
  const headerLines = all.slice(1, close);
  const parsed = parseYamlish(headerLines.map((l) => l.text), 2);
  const warnings = [...parsed.warnings];
  const mips = parsed.value["mips"] ?? parsed.value["MIPS"] ?? parsed.value["mips_header"];
  if (!isRecord(mips)) {
    if (!Object.keys(parsed.value).some((k) => /artifact_id|delta_id|sha256/.test(k))) {
      return undefined;
    }
    warnings.push("front matter has no mips: block; its top-level keys are read as the header");
  }
  const bodyText = text.slice(all[close]!.next).replace(/^(?:\r?\n)+/, "");
  const ex = finishText(
    "M-front",
    text,
    isRecord(mips) ? mips : parsed.value,
    headerLines,
    bodyText,
    warnings,
  );
  ex.header = parsed.value;
  return ex;
}

function mHtml(text: string, start: number): Extracted {
  const open = text.indexOf("<!--MIPS_HEADER", start) + "<!--MIPS_HEADER".length;
  const closeAt = text.indexOf("MIPS_HEADER-->", open);
  if (closeAt < 0) throw new HeaderError("M-html header has no closing MIPS_HEADER--> line");
  const jsonText = text.slice(open, closeAt);
  let header: Record<string, unknown>;
  try {
    const tree = parseJsonTree(jsonText);
    if (tree.kind !== "object") throw new HeaderError("M-html header is not a JSON object");
    header = toPlain(tree) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new HeaderError(`M-html header is not valid JSON: ${error.message}`);
    }
    throw error;
  }
  const after = text.slice(closeAt + "MIPS_HEADER-->".length);
  const bodyText = pythonLstrip(after);
  const declared = header["sha256"] ?? header["sha256_body"];
  const field = "sha256" in header ? "sha256" : "sha256_body";
  let hash: HashVerdict = { status: "ABSENT", label: "ABSENT" };
  if (typeof declared === "string") {
    if (!isDigest(declared)) hash = notDigest(field, declared);
    else if (verifyR11(after, declared)) hash = verifiedText("R11", field, declared);
    else if (verifyR10(text, text.indexOf(declared), declared)) {
      hash = verifiedText("R10", field, declared);
    } else hash = mismatch(field, declared, "R11/R10");
  }
  return {
    format: "M-html",
    header,
    sources: { header, others: [] },
    body: { kind: "text", text: bodyText },
    hash,
    probe: false,
    warnings: [],
  };
}

function finishText(
  format: "M-yaml" | "M-mips1" | "M-front",
  text: string,
  header: Record<string, unknown>,
  headerLines: LineInfo[],
  bodyText: string,
  warnings: string[],
): Extracted {
  let hash: HashVerdict = { status: "ABSENT", label: "ABSENT" };
  for (const key of ["sha256", "sha256_body"]) {
    const declared = header[key];
    if (declared === undefined || declared === null || declared === "") continue;
    const value = String(declared);
    if (!isDigest(value)) {
      hash = notDigest(key, value);
      break;
    }
    const line = headerLines.find((l) => new RegExp(`^\\s*${key}\\s*:`).test(l.text));
    const at = line ? text.indexOf(value, line.start) : -1;
    if (at >= 0 && at < (line?.end ?? 0) && verifyR10(text, at, value)) {
      hash = verifiedText("R10", key, value);
    } else if (format === "M-front") {
      hash = {
        status: "UNVERIFIABLE",
        label: "UNVERIFIABLE",
        field: key,
        declared: value,
        note: "no known recipe covers M-front files",
      };
    } else hash = mismatch(key, value, "R10");
    break;
  }
  return {
    format,
    header,
    sources: { header, others: [] },
    body: { kind: "text", text: bodyText },
    hash,
    probe: false,
    warnings,
  };
}

function verifiedText(recipe: "R9" | "R10" | "R11", field: string, declared: string): HashVerdict {
  return {
    status: "VERIFIED",
    label: `VERIFIED(${recipe})`,
    recipe,
    encoding: "utf8",
    field,
    declared,
  };
}

function mismatch(field: string, declared: string, recipes: string): HashVerdict {
  return {
    status: "MISMATCH",
    label: "MISMATCH",
    field,
    declared,
    note: `${recipes} does not reproduce ${field}`,
  };
}

function notDigest(field: string, declared: string): HashVerdict {
  return {
    status: "UNVERIFIABLE",
    label: "UNVERIFIABLE",
    field,
    declared,
    note: `${field} is not a SHA-256 digest`,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
