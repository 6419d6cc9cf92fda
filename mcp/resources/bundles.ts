/**
 * `metablooms://bundles/{name}`: the OS bundles the kit holds (those in the
 * boot slots), each inspected without extracting: entries, manifests, MEEP
 * summary, and which slots hold it.
 *
 * @module
 */
import { KitError } from "../../lib/errors.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { inspectBundle } from "../../lib/bundle/inspect.ts";
import type { Config } from "../../lib/config.ts";
import { registerKitResource } from "../_resource.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/** A held bundle: its file and the slots holding it. */
interface HeldBundle {
  name: string;
  path: string;
  sha256: string;
  slots: string[];
}

/** The bundles in the slots, one per file name. */
async function heldBundles(config: Config): Promise<HeldBundle[]> {
  const status = await bootStatus(config);
  const byName = new Map<string, HeldBundle>();
  for (const slot of ["ACTIVE", "ROLLBACK", "CANDIDATE"] as const) {
    const held = status.slots[slot];
    if (!held) continue;
    const entry = byName.get(held.bundle_name) ??
      { name: held.bundle_name, path: held.bundle, sha256: held.sha256, slots: [] };
    entry.slots.push(slot);
    byName.set(held.bundle_name, entry);
  }
  return [...byName.values()];
}

/**
 * Registers the bundle resources.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerBundleResources } from "./bundles.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerBundleResources(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerBundleResources(server: McpServer, deps: OpContext): void {
  registerKitResource(server, deps, {
    name: "bundle",
    template: "metablooms://bundles/{name}",
    title: "OS bundle",
    description:
      "An OS bundle held in a boot slot, by file name, inspected without extracting: generation, entries, manifests, MEEP summary, sha256 and the slots holding it.",
    list: async (d) =>
      (await heldBundles(d.config)).map((b) => ({
        vars: { name: b.name },
        name: b.name,
        description: `In ${b.slots.join(", ")} (sha256 ${b.sha256.slice(0, 12)}…)`,
      })),
    read: async (vars, d) => {
      const held = (await heldBundles(d.config)).find((b) => b.name === vars.name);
      if (!held) {
        throw new KitError(
          "BUNDLE_NOT_FOUND",
          `No bundle named "${vars.name}" is held in a slot (boot one with boot_image)`,
          { details: { name: vars.name } },
        );
      }
      const inspection = await inspectBundle(held.path);
      return { sha256: held.sha256, slots: held.slots, ...inspection };
    },
  });
}
