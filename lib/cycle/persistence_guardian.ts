/**
 * The PersistenceGuardian (spec §5, [kit] form): parses generated method
 * source with `acorn` (a real ECMAScript parser producing an ESTree AST) and
 * rejects what a method must not do or be. Each problem is a structured error
 * `{ code, message, path: "line:column" }`, fed back to the next attempt.
 *
 * | code | rejected |
 * |---|---|
 * | `GUARDIAN_SYNTAX` | source that does not parse as JavaScript |
 * | `GUARDIAN_TOO_LARGE` | source over 64 KiB |
 * | `GUARDIAN_IMPORT` | `import`/`export` declarations, dynamic `import()`, `import.meta` |
 * | `GUARDIAN_FORBIDDEN` | `eval`, `Function`, `globalThis`, `Deno`, `process`, `fetch`, `require`, other host globals, `this`, `with` |
 * | `GUARDIAN_PROTOTYPE` | `__proto__`, `.constructor` (the `({}).constructor.constructor` escape), writes through `.prototype`, `setPrototypeOf`, `defineProperty`/`assign` on a prototype |
 * | `GUARDIAN_TOP_LEVEL` | top-level statements other than function and variable declarations |
 * | `GUARDIAN_NO_METHOD` | no top-level function named after the selector |
 * | `GUARDIAN_NOT_SYNC` | the method is `async` or a generator (methods are synchronous) |
 *
 * The sandbox is the real barrier (no permissions, no `eval`); the guardian
 * keeps code that tries such things out of the image, and says why.
 *
 * @module
 */
import * as acorn from "acorn";
import type { CodedError, GuardianReport } from "../../schemas/image.ts";
import { findDefinition, PARSE_OPTIONS } from "./_ast.ts";

/** Largest accepted method source, in characters. */
export const MAX_METHOD_SOURCE = 64 * 1024;

const FORBIDDEN_NAMES = new Set([
  "eval",
  "Function",
  "AsyncFunction",
  "GeneratorFunction",
  "globalThis",
  "global",
  "window",
  "Deno",
  "process",
  "fetch",
  "require",
  "module",
  "exports",
  "importScripts",
  "XMLHttpRequest",
  "WebSocket",
  "Worker",
  "SharedArrayBuffer",
  "WebAssembly",
]);
const PROTOTYPE_NAMES = new Set([
  "__proto__",
  "constructor",
  "__defineGetter__",
  "__defineSetter__",
]);

type AnyNode = acorn.Node & Record<string, unknown>;

/**
 * Judges method source for `selector`.
 *
 * @param source The extracted source.
 * @param selector The method name it must define.
 * @returns The report (`ok` with no errors when accepted).
 *
 * @example Accepts a plain method, rejects an escape attempt
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeMethodSource } from "./persistence_guardian.ts";
 * assert(judgeMethodSource("function greet(self) { return 'hi ' + self.name; }", "greet").ok);
 * const bad = judgeMethodSource("function greet(self) { return ({}).constructor.constructor('return Deno')(); }", "greet");
 * assert.equal(bad.ok, false);
 * assert.equal(bad.errors[0]?.code, "GUARDIAN_PROTOTYPE");
 * ```
 */
export function judgeMethodSource(source: string, selector: string): GuardianReport {
  const report = (errors: CodedError[]): GuardianReport => ({
    guardian: "PersistenceGuardian",
    ok: errors.length === 0,
    errors,
  });
  if (source.length > MAX_METHOD_SOURCE) {
    return report([{
      code: "GUARDIAN_TOO_LARGE",
      message: `The method source has ${source.length} characters; at most ${MAX_METHOD_SOURCE}`,
    }]);
  }
  let program: acorn.Program;
  try {
    program = acorn.parse(source, PARSE_OPTIONS);
  } catch (error) {
    const e = error as SyntaxError & { loc?: { line: number; column: number } };
    return report([{
      code: "GUARDIAN_SYNTAX",
      message: `The source is not valid JavaScript: ${e.message}`,
      ...(e.loc ? { path: `${e.loc.line}:${e.loc.column + 1}` } : {}),
    }]);
  }
  const errors: CodedError[] = [];
  const flag = (node: acorn.Node, code: string, message: string) => {
    const loc = node.loc?.start;
    errors.push({ code, message, ...(loc ? { path: `${loc.line}:${loc.column + 1}` } : {}) });
  };
  for (const node of program.body) {
    const isDirective = node.type === "ExpressionStatement" && "directive" in node;
    if (node.type === "FunctionDeclaration" || node.type === "VariableDeclaration" || isDirective) {
      continue;
    }
    if (node.type.startsWith("Import") || node.type.startsWith("Export")) continue; // flagged below
    flag(node, "GUARDIAN_TOP_LEVEL", `A ${node.type} at top level; only definitions are allowed`);
  }
  const method = findDefinition(program, selector);
  if (!method) {
    flag(
      program,
      "GUARDIAN_NO_METHOD",
      `The source does not define the method: expected \`function ${selector}(self, ...args) { ... }\``,
    );
  } else if (method.async || method.generator) {
    flag(method, "GUARDIAN_NOT_SYNC", `${selector} must be a plain synchronous function`);
  }
  walk(program as unknown as AnyNode, flag);
  return report(errors);
}

type Flag = (node: acorn.Node, code: string, message: string) => void;

/** Visits every node, skipping names that are not references (non-computed keys and properties). */
function walk(node: AnyNode, flag: Flag): void {
  check(node, flag);
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || !value || typeof value !== "object") continue;
    if (!isReference(node, key)) continue;
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === "string") walk(child, flag);
    } else if (typeof (value as AnyNode).type === "string") walk(value as AnyNode, flag);
  }
}

function isReference(node: AnyNode, key: string): boolean {
  if (node.type === "MemberExpression" && key === "property") return Boolean(node.computed);
  if (
    (node.type === "Property" || node.type === "MethodDefinition" ||
      node.type === "PropertyDefinition") && key === "key"
  ) return Boolean(node.computed);
  if (node.type === "MetaProperty") return false;
  if ((node.type === "LabeledStatement" || node.type.endsWith("Statement")) && key === "label") {
    return false;
  }
  return true;
}

function check(node: AnyNode, flag: Flag): void {
  switch (node.type) {
    case "ImportDeclaration":
    case "ExportNamedDeclaration":
    case "ExportDefaultDeclaration":
    case "ExportAllDeclaration":
      return flag(node, "GUARDIAN_IMPORT", `${node.type}: a method imports and exports nothing`);
    case "ImportExpression":
      return flag(node, "GUARDIAN_IMPORT", "Dynamic import() is not allowed in a method");
    case "MetaProperty":
      return flag(node, "GUARDIAN_IMPORT", "import.meta / new.target is not allowed in a method");
    case "ThisExpression":
      return flag(node, "GUARDIAN_FORBIDDEN", "`this` is not allowed in a method: use `self`");
    case "WithStatement":
      return flag(node, "GUARDIAN_FORBIDDEN", "`with` is not allowed in a method");
    case "Identifier": {
      const name = String(node.name);
      if (FORBIDDEN_NAMES.has(name)) {
        flag(node, "GUARDIAN_FORBIDDEN", `\`${name}\` is not allowed in a method`);
      } else if (PROTOTYPE_NAMES.has(name)) {
        flag(node, "GUARDIAN_PROTOTYPE", `\`${name}\` is not allowed in a method`);
      }
      return;
    }
    case "MemberExpression": {
      const name = memberName(node);
      if (name !== undefined && PROTOTYPE_NAMES.has(name)) {
        flag(node, "GUARDIAN_PROTOTYPE", `Access to .${name} is not allowed (prototype tampering)`);
      }
      if (name === "setPrototypeOf") {
        flag(node, "GUARDIAN_PROTOTYPE", "setPrototypeOf is not allowed (prototype tampering)");
      }
      return;
    }
    case "Property":
      if (!node.computed && keyName(node.key as AnyNode) === "__proto__") {
        flag(node, "GUARDIAN_PROTOTYPE", "A __proto__ key is not allowed (prototype tampering)");
      }
      return;
    case "AssignmentExpression":
    case "UpdateExpression":
    case "UnaryExpression": {
      const target = (node.type === "AssignmentExpression" ? node.left : node.argument) as AnyNode;
      if (node.type === "UnaryExpression" && node.operator !== "delete") return;
      if (touchesPrototype(target)) {
        flag(node, "GUARDIAN_PROTOTYPE", "Writing through .prototype is not allowed");
      }
      return;
    }
    case "CallExpression": {
      const callee = node.callee as AnyNode;
      const name = callee.type === "MemberExpression" ? memberName(callee) : undefined;
      const first = (node.arguments as AnyNode[])[0];
      if (
        name && ["defineProperty", "defineProperties", "assign"].includes(name) && first &&
        touchesPrototype(first)
      ) {
        flag(node, "GUARDIAN_PROTOTYPE", `${name} on a prototype is not allowed`);
      }
      return;
    }
  }
}

function memberName(node: AnyNode): string | undefined {
  const property = node.property as AnyNode;
  if (!node.computed) return keyName(property);
  return property.type === "Literal" && typeof property.value === "string"
    ? property.value
    : undefined;
}

function keyName(node: AnyNode): string | undefined {
  if (node.type === "Identifier") return String(node.name);
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  return undefined;
}

/** Whether a member chain goes through `.prototype` or `.__proto__`. */
function touchesPrototype(node: AnyNode): boolean {
  let current: AnyNode | undefined = node;
  while (current?.type === "MemberExpression") {
    const name = memberName(current);
    if (name === "prototype" || name === "__proto__") return true;
    current = current.object as AnyNode;
  }
  return false;
}
