/**
 * `metablooms://slots` (every slot, as `boot_status` reports them) and
 * `metablooms://slots/{slot}` (one of ACTIVE, ROLLBACK, CANDIDATE).
 *
 * @module
 */
import { KitError } from "../../lib/errors.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { registerKitResource } from "../_resource.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

const SLOTS = ["ACTIVE", "ROLLBACK", "CANDIDATE"] as const;

/**
 * Registers the slot resources.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerSlotResources } from "./slots.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerSlotResources(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerSlotResources(server: McpServer, deps: OpContext): void {
  registerKitResource(server, deps, {
    name: "slots",
    uri: "metablooms://slots",
    title: "Boot slots",
    description:
      "The ACTIVE, ROLLBACK and CANDIDATE slots of the data directory, the last failed boot and any unfinished change (the boot_status result).",
    read: (d: OpContext) => bootStatus(d.config),
  });
  registerKitResource(server, deps, {
    name: "slot",
    template: "metablooms://slots/{slot}",
    title: "One boot slot",
    description:
      "The bundle held in one slot (ACTIVE, ROLLBACK or CANDIDATE): name, sha256, generation, boot receipt and subsystem statuses; `empty: true` when the slot holds nothing.",
    list: async (d) => {
      const status = await bootStatus(d.config);
      return SLOTS.filter((slot) => status.slots[slot] !== undefined).map((slot) => ({
        vars: { slot },
        name: `${slot}: ${status.slots[slot]!.bundle_name}`,
        description: `Bundle in the ${slot} slot`,
      }));
    },
    complete: { slot: () => Promise.resolve(SLOTS) },
    read: async (vars, d) => {
      const slot = vars.slot?.toUpperCase() ?? "";
      if (!(SLOTS as readonly string[]).includes(slot)) {
        throw new KitError(
          "SLOT_NOT_FOUND",
          `No slot named "${vars.slot}" (one of ${SLOTS.join(", ")})`,
          { details: { slot: vars.slot } },
        );
      }
      const status = await bootStatus(d.config);
      const held = status.slots[slot as typeof SLOTS[number]];
      return held ? { slot, empty: false, ...held } : { slot, empty: true };
    },
  });
}
