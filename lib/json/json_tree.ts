/**
 * A small JSON parser that keeps what `JSON.parse` throws away and the
 * self-hash recipes need: key order, number lexemes (`1.0` stays `1.0`), and
 * Python's rule for duplicate keys (first position, last value). It also
 * parses a JSON value at the start of a longer text (T-jsontext files).
 *
 * @module
 */
import { setOwn } from "../own.ts";

/** A parsed JSON value that remembers key order and number lexemes. */
export type JsonNode =
  | JsonObjectNode
  | JsonArrayNode
  | { kind: "string"; value: string }
  | { kind: "number"; lexeme: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" };

/** A JSON object: entries in file order, duplicate keys merged as Python does. */
export interface JsonObjectNode {
  /** Discriminant. */
  kind: "object";
  /** `[key, value]` pairs in file order. */
  entries: Array<[string, JsonNode]>;
}

/** A JSON array. */
export interface JsonArrayNode {
  /** Discriminant. */
  kind: "array";
  /** Items in order. */
  items: JsonNode[];
}

/** Where a JSON text stopped being valid. */
export class JsonSyntaxError extends SyntaxError {
  /** 0-based character offset. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;

  /**
   * A syntax error at an offset of a text.
   *
   * @param message What was expected.
   * @param text The whole text (to compute line and column).
   * @param offset Where it went wrong.
   */
  constructor(message: string, text: string, offset: number) {
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    super(`${message} at line ${line} column ${column}`);
    this.name = "JsonSyntaxError";
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses a whole JSON text (surrounding whitespace allowed) into a {@linkcode JsonNode}.
 *
 * @param text The JSON text.
 * @returns The tree.
 * @throws {JsonSyntaxError} When the text is not valid JSON, naming line and column.
 *
 * @example Number lexemes and key order survive
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonTree } from "./json_tree.ts";
 * const tree = parseJsonTree('{"b": 1.0, "a": [true]}');
 * assert(tree.kind === "object" && tree.entries[0]![0] === "b");
 * assert(tree.kind === "object" && JSON.stringify(tree.entries[0]![1]) === '{"kind":"number","lexeme":"1.0"}');
 * ```
 */
export function parseJsonTree(text: string): JsonNode {
  const { node, end } = parseJsonPrefix(text);
  const rest = skipWs(text, end);
  if (rest < text.length) throw new JsonSyntaxError("Extra data after the JSON value", text, rest);
  return node;
}

/**
 * Parses one JSON value at the start of `text` (after optional whitespace) and
 * says where it ended, for texts where JSON is followed by something else.
 *
 * @param text The text.
 * @returns The tree and the offset just after it.
 * @throws {JsonSyntaxError} When no valid JSON value starts the text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonPrefix } from "./json_tree.ts";
 * const { end } = parseJsonPrefix('{"a":1}\n\n---\nbody');
 * assert(end === 7);
 * ```
 */
export function parseJsonPrefix(text: string): { node: JsonNode; end: number } {
  const parser = new Parser(text);
  parser.pos = skipWs(text, 0);
  const node = parser.value(0);
  return { node, end: parser.pos };
}

/**
 * Converts a tree to plain JavaScript values (numbers via `Number`, so `1.0` becomes `1`).
 *
 * @param node The tree.
 * @returns Plain objects, arrays and scalars.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonTree, toPlain } from "./json_tree.ts";
 * assert((toPlain(parseJsonTree('{"a":[1.5]}')) as { a: number[] }).a[0] === 1.5);
 * ```
 */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) setOwn(out, k, toPlain(v));
      return out;
    }
    case "array":
      return node.items.map(toPlain);
    case "string":
    case "boolean":
      return node.value;
    case "number": {
      const n = Number(node.lexeme);
      // NaN/Infinity are not JSON; keep the lexeme so the value stays JSON-able.
      return Number.isFinite(n) ? n : node.lexeme;
    }
    case "null":
      return null;
  }
}

/**
 * Builds a tree from a plain JavaScript value (numbers keep JavaScript's spelling).
 *
 * @param value A JSON-able value.
 * @returns The tree.
 * @throws {TypeError} For values JSON cannot hold (functions, symbols, bigint).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromPlain } from "./json_tree.ts";
 * assert(fromPlain({ a: 1 }).kind === "object");
 * ```
 */
export function fromPlain(value: unknown): JsonNode {
  if (value === null || value === undefined) return { kind: "null" };
  switch (typeof value) {
    case "string":
      return { kind: "string", value };
    case "boolean":
      return { kind: "boolean", value };
    case "number":
      return Number.isFinite(value) ? { kind: "number", lexeme: String(value) } : {
        kind: "number",
        lexeme: Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity",
      };
    case "object":
      if (Array.isArray(value)) return { kind: "array", items: value.map(fromPlain) };
      return {
        kind: "object",
        entries: Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, fromPlain(v)]),
      };
    default:
      throw new TypeError(`Cannot represent a ${typeof value} as JSON`);
  }
}

/**
 * The value under `key` in an object node.
 *
 * @param node Any node.
 * @param key The key.
 * @returns The value, or undefined when `node` is not an object or lacks the key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getKey, parseJsonTree } from "./json_tree.ts";
 * assert(getKey(parseJsonTree('{"a":null}'), "a")?.kind === "null");
 * ```
 */
export function getKey(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.kind !== "object") return undefined;
  for (const [k, v] of node.entries) if (k === key) return v;
  return undefined;
}

function skipWs(text: string, pos: number): number {
  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
    else break;
  }
  return pos;
}

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    throw new JsonSyntaxError(message, this.text, at);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`Nesting deeper than ${MAX_DEPTH}`);
    const t = this.text;
    const c = t[this.pos];
    switch (c) {
      case "{":
        return this.object(depth);
      case "[":
        return this.array(depth);
      case '"':
        return { kind: "string", value: this.string() };
      case "t":
        return this.word("true", { kind: "boolean", value: true });
      case "f":
        return this.word("false", { kind: "boolean", value: false });
      case "n":
        return this.word("null", { kind: "null" });
      case "N":
        return this.word("NaN", { kind: "number", lexeme: "NaN" });
      case "I":
        return this.word("Infinity", { kind: "number", lexeme: "Infinity" });
      case undefined:
        return this.fail("Expecting a value but the text ended");
      default: {
        if (c === "-" && t.startsWith("-Infinity", this.pos)) {
          this.pos += 9;
          return { kind: "number", lexeme: "-Infinity" };
        }
        NUMBER.lastIndex = this.pos;
        const m = NUMBER.exec(t);
        if (!m || m[0] === "-") return this.fail(`Expecting a value, found ${JSON.stringify(c)}`);
        this.pos += m[0].length;
        return { kind: "number", lexeme: m[0] };
      }
    }
  }

  word(word: string, node: JsonNode): JsonNode {
    if (!this.text.startsWith(word, this.pos)) {
      this.fail(
        `Expecting a value, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 8))}`,
      );
    }
    this.pos += word.length;
    return node;
  }

  object(depth: number): JsonObjectNode {
    const t = this.text;
    this.pos = skipWs(t, this.pos + 1);
    const entries: Array<[string, JsonNode]> = [];
    let index: Map<string, number> | undefined;
    if (t[this.pos] === "}") {
      this.pos++;
      return { kind: "object", entries };
    }
    for (;;) {
      if (t[this.pos] !== '"') this.fail("Expecting a property name in double quotes");
      const key = this.string();
      this.pos = skipWs(t, this.pos);
      if (t[this.pos] !== ":") this.fail("Expecting ':' delimiter");
      this.pos = skipWs(t, this.pos + 1);
      const value = this.value(depth + 1);
      // Python's dict(pairs): a repeated key keeps its first position and takes the last value.
      if (entries.length > 8 && !index) index = new Map(entries.map(([k], i) => [k, i]));
      const at = index ? index.get(key) : entries.findIndex(([k]) => k === key);
      if (at !== undefined && at >= 0) entries[at] = [key, value];
      else {
        index?.set(key, entries.length);
        entries.push([key, value]);
      }
      this.pos = skipWs(t, this.pos);
      const c = t[this.pos];
      if (c === ",") {
        this.pos = skipWs(t, this.pos + 1);
        continue;
      }
      if (c === "}") {
        this.pos++;
        return { kind: "object", entries };
      }
      this.fail(c === undefined ? "Unterminated object" : "Expecting ',' delimiter");
    }
  }

  array(depth: number): JsonArrayNode {
    const t = this.text;
    this.pos = skipWs(t, this.pos + 1);
    const items: JsonNode[] = [];
    if (t[this.pos] === "]") {
      this.pos++;
      return { kind: "array", items };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.pos = skipWs(t, this.pos);
      const c = t[this.pos];
      if (c === ",") {
        this.pos = skipWs(t, this.pos + 1);
        continue;
      }
      if (c === "]") {
        this.pos++;
        return { kind: "array", items };
      }
      this.fail(c === undefined ? "Unterminated array" : "Expecting ',' delimiter");
    }
  }

  string(): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    let out = "";
    let chunk = i;
    for (;;) {
      if (i >= t.length) this.fail("Unterminated string", start);
      const c = t.charCodeAt(i);
      if (c === 0x22) {
        out += t.slice(chunk, i);
        this.pos = i + 1;
        return out;
      }
      if (c < 0x20) this.fail("Invalid control character in string", i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(chunk, i);
      const e = t[i + 1];
      switch (e) {
        case '"':
        case "\\":
        case "/":
          out += e;
          i += 2;
          break;
        case "b":
          out += "\b";
          i += 2;
          break;
        case "f":
          out += "\f";
          i += 2;
          break;
        case "n":
          out += "\n";
          i += 2;
          break;
        case "r":
          out += "\r";
          i += 2;
          break;
        case "t":
          out += "\t";
          i += 2;
          break;
        case "u": {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\uXXXX escape", i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          break;
        }
        default:
          this.fail("Invalid \\escape", i);
      }
      chunk = i;
    }
  }
}
