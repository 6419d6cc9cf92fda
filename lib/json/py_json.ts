/**
 * An emulation of Python's `json.dumps` (the serialiser every MIPS self-hash
 * and ledger hash was computed with): separators, `indent`, `sort_keys`
 * (code-point order), `ensure_ascii` (`\uXXXX`, surrogate pairs, DEL
 * escaped), and numbers printed as Python prints them after `json.loads`
 * (`1.0` stays `1.0`, `1e5` becomes `100000.0`, `-0` becomes `0`).
 *
 * @module
 */
import { fromPlain, type JsonNode } from "./json_tree.ts";

/** Options of {@linkcode pythonJsonDumps}, named as in Python. */
export interface PythonDumpsOptions {
  /** Spaces per level; `undefined` = one line. @default {undefined} */
  indent?: number | undefined;
  /**
   * `[item, key]` separators. Python's default is `[", ", ": "]` without indent
   * and `[",", ": "]` with it.
   */
  separators?: readonly [string, string] | undefined;
  /** Sort object keys by code point. @default {false} */
  sortKeys?: boolean | undefined;
  /** Escape every non-ASCII character (and DEL) as `\uXXXX`. @default {true} */
  ensureAscii?: boolean | undefined;
}

/**
 * Serialises like Python's `json.dumps(value, indent=…, separators=…, sort_keys=…, ensure_ascii=…)`.
 *
 * @param value A plain JSON-able value (for parsed files use {@linkcode pythonJsonDumpsNode}).
 * @param options Python's options.
 * @returns The JSON text, byte-for-byte what Python would produce.
 *
 * @example Python's default spacing, sorted keys and ASCII escapes
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonJsonDumps } from "./py_json.ts";
 * const text = pythonJsonDumps({ b: "é", a: [1, 2] }, { sortKeys: true });
 * assert(text === '{"a": [1, 2], "b": "\\u00e9"}');
 * ```
 */
export function pythonJsonDumps(value: unknown, options: PythonDumpsOptions = {}): string {
  return pythonJsonDumpsNode(fromPlain(value), options);
}

/**
 * {@linkcode pythonJsonDumps} for a parsed {@linkcode JsonNode}, keeping the
 * source's key order and number lexemes.
 *
 * @param node The parsed tree.
 * @param options Python's options.
 * @returns The JSON text Python would produce for the same document.
 *
 * @example `8.0` stays a float
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonTree } from "./json_tree.ts";
 * import { pythonJsonDumpsNode } from "./py_json.ts";
 * assert(pythonJsonDumpsNode(parseJsonTree('{"x": 8.0}'), { separators: [",", ":"] }) === '{"x":8.0}');
 * ```
 */
export function pythonJsonDumpsNode(node: JsonNode, options: PythonDumpsOptions = {}): string {
  const indent = options.indent;
  const [itemSep, keySep] = options.separators ??
    (indent === undefined ? [", ", ": "] : [",", ": "]);
  const ascii = options.ensureAscii ?? true;
  const sortKeys = options.sortKeys ?? false;
  const out: string[] = [];
  const write = (n: JsonNode, level: number): void => {
    switch (n.kind) {
      case "null":
        out.push("null");
        return;
      case "boolean":
        out.push(n.value ? "true" : "false");
        return;
      case "number":
        out.push(pythonNumber(n.lexeme));
        return;
      case "string":
        out.push(ascii ? encodeAscii(n.value) : encodeRaw(n.value));
        return;
      case "array": {
        if (n.items.length === 0) {
          out.push("[]");
          return;
        }
        const [open, sep, close] = framing(indent, level, itemSep);
        out.push("[", open);
        n.items.forEach((item, i) => {
          if (i > 0) out.push(sep);
          write(item, level + 1);
        });
        out.push(close, "]");
        return;
      }
      case "object": {
        if (n.entries.length === 0) {
          out.push("{}");
          return;
        }
        const entries = sortKeys
          ? [...n.entries].sort(([a], [b]) => compareCodePoints(a, b))
          : n.entries;
        const [open, sep, close] = framing(indent, level, itemSep);
        out.push("{", open);
        entries.forEach(([k, v], i) => {
          if (i > 0) out.push(sep);
          out.push(ascii ? encodeAscii(k) : encodeRaw(k), keySep);
          write(v, level + 1);
        });
        out.push(close, "}");
        return;
      }
    }
  };
  write(node, 0);
  return out.join("");
}

/**
 * Python's spelling of a JSON number lexeme after `json.loads`: integers keep
 * their digits (arbitrary size), floats follow `repr(float)`.
 *
 * @param lexeme A JSON number lexeme, or `NaN`/`Infinity`/`-Infinity`.
 * @returns The text Python's `json.dumps` prints for it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pythonNumber } from "./py_json.ts";
 * assert(pythonNumber("8.0") === "8.0" && pythonNumber("1e5") === "100000.0" && pythonNumber("1e-5") === "1e-05");
 * ```
 */
export function pythonNumber(lexeme: string): string {
  if (lexeme === "NaN" || lexeme === "Infinity" || lexeme === "-Infinity") return lexeme;
  if (!/[.eE]/.test(lexeme)) return BigInt(lexeme).toString();
  const x = Number(lexeme);
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, expText] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  const decpt = exp + 1;
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/**
 * Compares two strings by Unicode code point, as Python sorts `str`.
 *
 * @param a First string.
 * @param b Second string.
 * @returns Negative, zero or positive.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareCodePoints } from "./py_json.ts";
 * assert(compareCodePoints("\u{1F600}", "\uFFFD") > 0);
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (U+D800–DFFF) stands for a code point above U+FFFF: it sorts after U+E000–FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys && (x >= 0xe000 || y >= 0xe000)) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function framing(
  indent: number | undefined,
  level: number,
  itemSep: string,
): [string, string, string] {
  if (indent === undefined) return ["", itemSep, ""];
  const inner = "\n" + " ".repeat(indent * (level + 1));
  return [inner, itemSep + inner, "\n" + " ".repeat(indent * level)];
}

const SHORT: Record<number, string> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x08: "\\b",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
};

function hex4(c: number): string {
  return "\\u" + c.toString(16).padStart(4, "0");
}

function encodeAscii(s: string): string {
  if (/^[ !#-[\]-~]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT[c];
    if (short) out += short;
    else if (c < 0x20 || c > 0x7e) out += hex4(c);
    else out += s[i];
  }
  return out + '"';
}

function encodeRaw(s: string): string {
  // deno-lint-ignore no-control-regex -- control characters are exactly what must be escaped
  if (!/["\\\u0000-\u001f]/.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const short = SHORT[c];
    if (short) out += short;
    else if (c < 0x20) out += hex4(c);
    else out += s[i];
  }
  return out + '"';
}
