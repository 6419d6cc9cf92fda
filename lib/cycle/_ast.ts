/**
 * The acorn settings and AST helpers the extractor and the PersistenceGuardian share.
 *
 * @module
 */
import type * as acorn from "acorn";

/** Options acorn parses method source with. */
export const PARSE_OPTIONS: acorn.Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  locations: true,
  allowHashBang: false,
};

/** Whether a node is a function or arrow expression. */
export function isFunctionExpression(node: acorn.Node): boolean {
  return node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

/**
 * Whether a parsed program defines `name` at top level as a function.
 *
 * @param program The parsed program (undefined counts as no).
 * @param name The name.
 * @returns True for `function name(…)` or `const|let|var name = <function or arrow>`.
 */
export function definesName(program: acorn.Program | undefined, name: string): boolean {
  return findDefinition(program, name) !== undefined;
}

/**
 * The top-level function node that defines `name`, if any.
 *
 * @param program The parsed program.
 * @param name The name.
 * @returns The function (declaration or expression) node.
 */
export function findDefinition(
  program: acorn.Program | undefined,
  name: string,
): acorn.Function | undefined {
  for (const node of program?.body ?? []) {
    if (node.type === "FunctionDeclaration" && node.id?.name === name) return node;
    if (node.type !== "VariableDeclaration") continue;
    for (const d of node.declarations) {
      if (
        d.id.type === "Identifier" && d.id.name === name && d.init && isFunctionExpression(d.init)
      ) {
        return d.init as acorn.Function;
      }
    }
  }
  return undefined;
}
