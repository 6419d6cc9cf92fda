/**
 * `completion/complete` for the kit's prompt arguments and resource-template
 * variables, from one table per server filled in by `registerKitPrompt` and
 * `registerKitResource`.
 *
 * @module
 */
import { CompleteRequestSchema, type McpServer } from "./sdk.ts";

/**
 * Suggests values for one argument or template variable.
 *
 * @param value What the user has typed so far.
 * @param context The other arguments already filled in.
 * @returns Candidates; the caller filters them by `value` and ranks them.
 */
export type Completer = (
  value: string,
  context: Record<string, string>,
) => Promise<readonly string[]> | readonly string[];

/** Completers by prompt name or template, then by argument name: maps, so no name reaches a prototype. */
interface CompletionTable {
  prompts: Map<string, ReadonlyMap<string, Completer>>;
  templates: Map<string, ReadonlyMap<string, Completer>>;
}

/** The most values one answer carries (the protocol's limit). */
const MAX_VALUES = 100;

const tables = new WeakMap<McpServer, CompletionTable>();

function tableOf(server: McpServer): CompletionTable {
  let table = tables.get(server);
  if (!table) {
    table = { prompts: new Map(), templates: new Map() };
    tables.set(server, table);
  }
  return table;
}

/**
 * Records the completers of a prompt's arguments.
 *
 * @param server The MCP server.
 * @param prompt The prompt name.
 * @param completers Argument name → completer.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { addPromptCompleters } from "./_completion.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * addPromptCompleters(server, "what_do_we_know_about", { topic: () => ["boot", "ltm"] });
 * ```
 */
export function addPromptCompleters(
  server: McpServer,
  prompt: string,
  completers: Record<string, Completer>,
): void {
  tableOf(server).prompts.set(prompt, new Map(Object.entries(completers)));
}

/**
 * Records the completers of a resource template's variables.
 *
 * @param server The MCP server.
 * @param uriTemplate The template as registered (`metablooms://slots/{slot}`).
 * @param completers Variable name → completer.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { addTemplateCompleters } from "./_completion.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * addTemplateCompleters(server, "metablooms://slots/{slot}", { slot: () => ["ACTIVE"] });
 * ```
 */
export function addTemplateCompleters(
  server: McpServer,
  uriTemplate: string,
  completers: Record<string, Completer>,
): void {
  tableOf(server).templates.set(uriTemplate, new Map(Object.entries(completers)));
}

/**
 * Answers `completion/complete` from the server's completer table and
 * declares the `completions` capability; call before connecting.
 *
 * A reference to a prompt or template the server does not have gets an empty
 * list rather than an `InvalidParams` error: the spec makes that error a SHOULD,
 * and an empty answer is what a client's autocomplete box can always show.
 *
 * @param server The MCP server.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { installCompletions } from "./_completion.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * installCompletions(server);
 * ```
 */
export function installCompletions(server: McpServer): void {
  server.server.registerCapabilities({ completions: {} });
  server.server.setRequestHandler(CompleteRequestSchema, async (request) => {
    const { ref, argument, context } = request.params;
    const table = tableOf(server);
    const completers = ref.type === "ref/prompt"
      ? table.prompts.get(ref.name)
      : table.templates.get(ref.uri);
    const completer = completers?.get(argument.name);
    if (!completer) return { completion: { values: [], hasMore: false } };
    const candidates = await completer(argument.value, context?.arguments ?? {});
    const values = rank(candidates, argument.value);
    return {
      completion: {
        values: values.slice(0, MAX_VALUES),
        total: values.length,
        hasMore: values.length > MAX_VALUES,
      },
    };
  });
}

/**
 * Keeps the candidates containing `typed` (case-insensitive), prefix matches
 * first, each group in alphabetical order, without duplicates.
 */
function rank(candidates: readonly string[], typed: string): string[] {
  const needle = typed.toLowerCase();
  const unique = [...new Set(candidates)].filter((c) => c.toLowerCase().includes(needle));
  const prefix = unique.filter((c) => c.toLowerCase().startsWith(needle)).sort();
  const rest = unique.filter((c) => !c.toLowerCase().startsWith(needle)).sort();
  return [...prefix, ...rest];
}
