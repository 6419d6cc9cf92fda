/**
 * The one wrapper every MCP prompt is registered through: string arguments
 * with descriptions and completers, and a single user message built from
 * what the kit knows now.
 *
 * @module
 */
import { z } from "zod";
import type { OpContext } from "../ops/context.ts";
import { addPromptCompleters, type Completer } from "./_completion.ts";
import { completable, type GetPromptResult, type McpServer } from "./sdk.ts";

/** One argument of a prompt (MCP prompt arguments are strings). */
export interface PromptArgSpec {
  /** What to give. */
  description: string;
  /** May be left out. @default {false} */
  optional?: boolean;
  /** Suggests values (`completion/complete`). */
  complete?: (deps: OpContext) => Promise<readonly string[]>;
}

/** Everything that defines a prompt. */
export interface PromptSpec {
  /** snake_case name. */
  name: string;
  /** Human title. */
  title: string;
  /** What the prompt is for. */
  description: string;
  /** Arguments by name. */
  args: Record<string, PromptArgSpec>;
  /** Builds the user message. */
  text(args: Record<string, string | undefined>, deps: OpContext): Promise<string>;
}

/**
 * Registers a prompt with completable arguments.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 * @param spec The prompt.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { registerKitPrompt } from "./_prompt.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerKitPrompt(server, {} as never, {
 *   name: "greet",
 *   title: "Greet",
 *   description: "Says hello",
 *   args: { who: { description: "Whom to greet", complete: () => Promise.resolve(["world"]) } },
 *   text: (args) => Promise.resolve(`Say hello to ${args.who}`),
 * });
 * ```
 */
export function registerKitPrompt(server: McpServer, deps: OpContext, spec: PromptSpec): void {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  const completers: Record<string, Completer> = {};
  for (const [name, arg] of Object.entries(spec.args)) {
    const base = z.string().describe(arg.description);
    const complete = arg.complete;
    let field: z.ZodType<string | undefined> = base;
    if (complete) {
      completers[name] = () => complete(deps);
      field = completable(base, async () => [...await complete(deps)]);
    }
    shape[name] = arg.optional ? field.optional() : field;
  }
  addPromptCompleters(server, spec.name, completers);
  server.registerPrompt(
    spec.name,
    { title: spec.title, description: spec.description, argsSchema: shape },
    async (args: Record<string, string | undefined>): Promise<GetPromptResult> => ({
      description: spec.description,
      messages: [{ role: "user", content: { type: "text", text: await spec.text(args, deps) } }],
    }),
  );
}
