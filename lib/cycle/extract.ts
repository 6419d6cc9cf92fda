/**
 * The method extractor: turns what a model answered into method source the
 * PersistenceGuardian can judge. It accepts what models commonly return: a
 * fenced or bare `function <selector>(self, ...args) { … }` (with prose
 * around it), an arrow or function expression assigned to that name, and
 * `export default function` / `export function` forms, which it rewrites
 * into a plain definition. It does not judge: that is the guardian's job.
 *
 * Parsing uses `acorn` (ESTree; the same parser the guardian uses).
 *
 * @module
 */
import * as acorn from "acorn";
import { KitError } from "../errors.ts";
import { definesName, isFunctionExpression, PARSE_OPTIONS } from "./_ast.ts";

const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;
const CODE_LANGUAGES = ["", "js", "javascript", "mjs", "ts", "typescript", "jsx", "tsx"];

/**
 * Extracts the method's source text from a model's answer.
 *
 * @param answer The model's raw answer.
 * @param selector The method's expected name.
 * @returns Source with the method as a top-level definition (exports rewritten).
 * @throws {KitError} `EXTRACT_NO_CODE` when no parseable JavaScript defining
 *   `selector` (or anything at all) is found; the message says what was expected.
 *
 * @example Fenced code with prose around it
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractMethod } from "./extract.ts";
 * const fence = "`".repeat(3);
 * const answer = `Here you go:\n${fence}javascript\nfunction greet(self) { return 'hi'; }\n${fence}\nEnjoy!`;
 * assert.equal(extractMethod(answer, "greet"), "function greet(self) { return 'hi'; }");
 * ```
 *
 * @example `export default function` gets the expected name
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractMethod } from "./extract.ts";
 * assert.equal(
 *   extractMethod("export default function (self) { return 1; }", "one"),
 *   "const one = function (self) { return 1; };",
 * );
 * ```
 */
export function extractMethod(answer: string, selector: string): string {
  const candidates: string[] = [];
  for (const match of answer.matchAll(FENCE)) {
    if (CODE_LANGUAGES.includes(match[1]!.toLowerCase())) candidates.push(match[2]!);
  }
  candidates.push(answer);
  let fallback: string | undefined;
  for (const candidate of candidates) {
    const program = tryParse(candidate);
    if (program) {
      const source = canonical(candidate, program, selector);
      if (definesName(tryParse(source), selector)) return source;
      fallback ??= source;
    }
  }
  for (const candidate of candidates) {
    const cut = cutDefinition(candidate, selector);
    if (cut !== undefined) return cut;
  }
  if (fallback !== undefined) return fallback; // parseable, but without the method: the guardian says so
  throw new KitError(
    "EXTRACT_NO_CODE",
    `The answer holds no JavaScript that parses; expected a definition ` +
      `\`function ${selector}(self, ...args) { ... }\``,
    { details: { selector } },
  );
}

function tryParse(text: string): acorn.Program | undefined {
  try {
    return acorn.parse(text, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
}

/** Rewrites exports into plain definitions, naming an anonymous default export `selector`. */
function canonical(text: string, program: acorn.Program, selector: string): string {
  const parts: string[] = [];
  for (const node of program.body) {
    if (node.type === "ExportDefaultDeclaration") {
      const d = node.declaration;
      const body = text.slice(d.start, d.end);
      if (d.type === "FunctionDeclaration" && d.id?.name === selector) parts.push(body);
      else if (d.type === "FunctionDeclaration" || isFunctionExpression(d)) {
        parts.push(`const ${selector} = ${body};`);
      } else parts.push(text.slice(node.start, node.end));
    } else if (node.type === "ExportNamedDeclaration" && node.declaration) {
      parts.push(text.slice(node.declaration.start, node.declaration.end));
    } else parts.push(text.slice(node.start, node.end));
  }
  return parts.join("\n").trim();
}

/**
 * Finds `function <selector>(` or `const|let|var <selector> =` in prose and parses just
 * the definition (`parseExpressionAt` stops where the function ends).
 */
function cutDefinition(text: string, selector: string): string | undefined {
  const escaped = selector.replace(/\$/g, "\\$");
  const patterns = [
    new RegExp(`(?:async\\s+)?function\\s*\\*?\\s*${escaped}\\s*\\(`, "g"),
    new RegExp(`(?:const|let|var)\\s+${escaped}\\s*=\\s*`, "g"),
  ];
  for (const [kind, pattern] of patterns.entries()) {
    for (const match of text.matchAll(pattern)) {
      const start = kind === 0 ? match.index : match.index + match[0].length;
      try {
        const node = acorn.parseExpressionAt(text, start, PARSE_OPTIONS);
        if (!isFunctionExpression(node)) continue;
        const body = text.slice(node.start, node.end);
        return kind === 0 ? body : `const ${selector} = ${body};`;
      } catch {
        continue;
      }
    }
  }
  return undefined;
}
