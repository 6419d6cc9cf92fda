/**
 * The one wrapper every MCP resource is registered through: a fixed URI or a
 * URI template whose variables are listed and completed from the same
 * function, JSON contents, and the kit's error codes as JSON-RPC errors.
 *
 * @module
 */
import { toKitError } from "../lib/errors.ts";
import type { OpContext } from "../ops/context.ts";
import { addTemplateCompleters, type Completer } from "./_completion.ts";
import {
  ErrorCode,
  McpError,
  type McpServer,
  type ReadResourceResult,
  ResourceTemplate,
  type Variables,
} from "./sdk.ts";

/** JSON-RPC code the MCP spec gives "resource not found". */
export const RESOURCE_NOT_FOUND = -32002;

/** What every resource has. */
interface ResourceBase {
  /** snake_case name. */
  name: string;
  /** Human title. */
  title: string;
  /** What the resource holds. */
  description: string;
  /** MIME type of the contents. @default {"application/json"} */
  mimeType?: string;
}

/** A resource at one fixed URI. */
export interface FixedResourceSpec extends ResourceBase {
  /** The URI (`metablooms://config`). */
  uri: string;
  /** Reads it: a string is sent as is, anything else as pretty JSON. */
  read(deps: OpContext): Promise<unknown>;
}

/** One concrete resource of a template, as listed. */
export interface TemplateEntry {
  /** The template's variables filled in. */
  vars: Record<string, string>;
  /** Display name. */
  name: string;
  /** One line about it. */
  description?: string;
}

/** A family of resources under a URI template. */
export interface TemplateResourceSpec extends ResourceBase {
  /** RFC 6570 template with simple `{var}` expressions (`metablooms://slots/{slot}`). */
  template: string;
  /** Every resource that exists now; also feeds the completion of each variable. */
  list(deps: OpContext): Promise<TemplateEntry[]>;
  /** Values of a variable to suggest instead of those listed (e.g. every slot name). */
  complete?: Record<string, (deps: OpContext) => Promise<readonly string[]>>;
  /** Reads one: a string is sent as is, anything else as pretty JSON. */
  read(vars: Record<string, string>, deps: OpContext): Promise<unknown>;
}

/**
 * Registers a fixed or templated resource.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 * @param spec The resource.
 *
 * @example
 * ```ts
 * import { McpServer } from "./sdk.ts";
 * import { registerKitResource } from "./_resource.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerKitResource(server, {} as never, {
 *   name: "greeting",
 *   uri: "demo://greeting",
 *   title: "Greeting",
 *   description: "A fixed greeting",
 *   read: () => Promise.resolve({ hello: "world" }),
 * });
 * ```
 */
export function registerKitResource(
  server: McpServer,
  deps: OpContext,
  spec: FixedResourceSpec | TemplateResourceSpec,
): void {
  const mimeType = spec.mimeType ?? "application/json";
  const metadata = { title: spec.title, description: spec.description, mimeType };
  if ("uri" in spec) {
    server.registerResource(spec.name, spec.uri, metadata, async (uri) => {
      const value = await guarded(uri.href, () => spec.read(deps));
      return contents(uri.href, mimeType, value);
    });
    return;
  }
  const fill = (vars: Record<string, string>) =>
    spec.template.replace(/\{(\w+)\}/g, (_, v: string) => encodeURIComponent(vars[v] ?? ""));
  const variables = [...spec.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const completers: Record<string, Completer> = {};
  const sdkCompleters: Record<string, () => Promise<string[]>> = {};
  for (const variable of variables) {
    const own = spec.complete?.[variable];
    const values = async () =>
      own
        ? [...await own(deps)]
        : (await spec.list(deps)).map((entry) => entry.vars[variable] ?? "").filter(Boolean);
    completers[variable] = values;
    sdkCompleters[variable] = values;
  }
  addTemplateCompleters(server, spec.template, completers);
  const template = new ResourceTemplate(spec.template, {
    list: async () => ({
      resources: (await guarded(spec.template, () => spec.list(deps))).map((entry) => ({
        uri: fill(entry.vars),
        name: entry.name,
        ...(entry.description === undefined ? {} : { description: entry.description }),
        mimeType,
      })),
    }),
    complete: sdkCompleters,
  });
  server.registerResource(spec.name, template, metadata, async (uri, vars: Variables) => {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(vars)) {
      flat[k] = decodeURIComponent(Array.isArray(v) ? v[0] ?? "" : v);
    }
    const value = await guarded(uri.href, () => spec.read(flat, deps));
    return contents(uri.href, mimeType, value);
  });
}

function contents(uri: string, mimeType: string, value: unknown): ReadResourceResult {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return { contents: [{ uri, mimeType, text }] };
}

/** Runs a read and turns a failure into a JSON-RPC error carrying the kit's code. */
async function guarded<T>(uri: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof McpError) throw error;
    const kit = toKitError(error).toJSON();
    const notFound = kit.code.endsWith("NOT_FOUND");
    throw new McpError(
      notFound ? RESOURCE_NOT_FOUND : ErrorCode.InternalError,
      `${kit.code}: ${kit.message}`,
      { uri, ...kit },
    );
  }
}
