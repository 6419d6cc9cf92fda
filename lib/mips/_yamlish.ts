/**
 * The YAML subset MIPS text headers use (M-yaml, M-mips1, M-front): block
 * mappings by indentation, block lists (`- a`, `- key: v` items), inline
 * lists `[a, "b"]` and maps `{a: b}`, quoted scalars, `|`/`>` block scalars.
 * Scalars stay strings (`version: 1.0` is `"1.0"`), except `true`, `false`,
 * `null`/`~`. Not a YAML parser: anything else becomes a warning, never a throw.
 *
 * @module
 */
import { setOwn } from "../own.ts";

interface Line {
  indent: number;
  text: string;
  no: number;
}

/** The result of {@linkcode parseYamlish}. */
export interface YamlishResult {
  /** The mapping (empty when nothing parsed). */
  value: Record<string, unknown>;
  /** Lines that could not be understood. */
  warnings: string[];
}

/**
 * Parses YAML-ish lines into a mapping.
 *
 * @param lines The lines of the block (any common indentation).
 * @param firstLineNo 1-based line number of `lines[0]` in the file, for warnings.
 * @returns The mapping and warnings.
 */
export function parseYamlish(lines: readonly string[], firstLineNo = 1): YamlishResult {
  const items: Line[] = [];
  lines.forEach((raw, i) => {
    const text = raw.replace(/\s+$/, "");
    const trimmed = text.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    items.push({ indent: text.length - trimmed.length, text: trimmed, no: firstLineNo + i });
  });
  const state = { items, pos: 0, warnings: [] as string[] };
  const value: Record<string, unknown> = {};
  while (state.pos < items.length) {
    const block = parseBlock(state, items[state.pos]!.indent);
    if (isRecord(block)) { for (const [k, v] of Object.entries(block)) setOwn(value, k, v); }
    else if (state.pos < items.length) {
      state.warnings.push(`line ${items[state.pos]!.no}: not a "key: value" line`);
      state.pos++;
    }
  }
  return { value, warnings: state.warnings };
}

/**
 * Parses one scalar or inline collection (`[a, b]`, `{a: b}`, `"x"`, `'x'`, plain).
 *
 * @param text The value text after `key:`.
 * @returns The value.
 */
export function parseScalar(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("[") && t.endsWith("]")) return splitFlow(t.slice(1, -1)).map(parseScalar);
  if (t.startsWith("{") && t.endsWith("}")) {
    const out: Record<string, unknown> = {};
    for (const part of splitFlow(t.slice(1, -1))) {
      const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:]+?)\s*:\s*(.*)$/.exec(part);
      if (m) setOwn(out, String(parseScalar(m[1]!)), parseScalar(m[2]!));
    }
    return out;
  }
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t);
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) {
    return t.slice(1, -1).replaceAll("''", "'");
  }
  if (t === "" || t === "~" || t === "null" || t === "Null" || t === "NULL") return null;
  if (t === "true" || t === "True") return true;
  if (t === "false" || t === "False") return false;
  return t;
}

interface State {
  items: Line[];
  pos: number;
  warnings: string[];
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s"'#\-[{][^:]*?|-[^\s:][^:]*?)\s*:(?:\s+(.*)|)$/;

function parseBlock(state: State, indent: number): unknown {
  const first = state.items[state.pos];
  if (!first) return null;
  if (first.text === "-" || first.text.startsWith("- ")) return parseList(state, indent);
  if (!KEY.test(first.text)) return undefined;
  return parseMapping(state, indent);
}

function parseMapping(state: State, indent: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (state.pos < state.items.length) {
    const line = state.items[state.pos]!;
    if (line.indent < indent) break;
    if (line.indent > indent) {
      state.warnings.push(`line ${line.no}: unexpected indentation`);
      state.pos++;
      continue;
    }
    const m = KEY.exec(line.text);
    if (!m) {
      if (line.text === "-" || line.text.startsWith("- ")) break;
      state.warnings.push(`line ${line.no}: not a "key: value" line`);
      state.pos++;
      continue;
    }
    const key = String(parseScalar(m[1]!));
    const rest = (m[2] ?? "").trim();
    state.pos++;
    setOwn(out, key, rest === "" ? nested(state, indent) : blockScalar(state, indent, rest));
  }
  return out;
}

function nested(state: State, indent: number): unknown {
  const next = state.items[state.pos];
  if (!next) return null;
  if (next.indent > indent) return parseBlock(state, next.indent) ?? null;
  // "key:\n- item" at the key's own indentation is a list in YAML too.
  if (next.indent === indent && (next.text === "-" || next.text.startsWith("- "))) {
    return parseList(state, indent);
  }
  return null;
}

function blockScalar(state: State, indent: number, rest: string): unknown {
  if (rest !== "|" && rest !== ">" && rest !== "|-" && rest !== ">-") return parseScalar(rest);
  const parts: string[] = [];
  while (state.pos < state.items.length && state.items[state.pos]!.indent > indent) {
    parts.push(state.items[state.pos]!.text);
    state.pos++;
  }
  return parts.join(rest.startsWith("|") ? "\n" : " ");
}

function parseList(state: State, indent: number): unknown[] {
  const out: unknown[] = [];
  while (state.pos < state.items.length) {
    const line = state.items[state.pos]!;
    if (line.indent !== indent || !(line.text === "-" || line.text.startsWith("- "))) break;
    const itemText = line.text.slice(1).trimStart();
    if (itemText === "") {
      state.pos++;
      out.push(nested(state, indent));
      continue;
    }
    if (KEY.test(itemText) && !/^["'[{]/.test(itemText)) {
      // "- key: v" starts a mapping whose keys sit at the column of "key".
      const column = indent + line.text.length - itemText.length;
      state.items[state.pos] = { indent: column, text: itemText, no: line.no };
      out.push(parseMapping(state, column));
      continue;
    }
    state.pos++;
    out.push(parseScalar(itemText));
  }
  return out;
}

function splitFlow(inner: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
