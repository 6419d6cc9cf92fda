/**
 * Prompt `boot_and_report`: boot a bundle (or check the ACTIVE one) with the
 * kit's tools and report the verdict, subsystems and slot changes.
 *
 * @module
 */
import { join, relative } from "node:path";
import type { Config } from "../../lib/config.ts";
import { bootStatus } from "../../lib/boot/status.ts";
import { registerKitPrompt } from "../_prompt.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/** Most bundle files suggested. */
const MAX_SUGGESTIONS = 100;

/**
 * Bundle files (`*.zip`) in the roots, at most two folders deep, skipping
 * hidden folders and `node_modules`.
 *
 * @param config The configuration (roots).
 * @returns Absolute paths, sorted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleCandidates } from "./boot_and_report.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/os.zip`, "");
 * assert((await bundleCandidates({ roots: [dir] } as never))[0]?.endsWith("/os.zip"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function bundleCandidates(config: Pick<Config, "roots">): Promise<string[]> {
  const found = new Set<string>();
  const walk = async (dir: string, depth: number) => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.size >= MAX_SUGGESTIONS) return;
      const path = join(dir, entry.name);
      if (entry.isFile && entry.name.toLowerCase().endsWith(".zip")) found.add(path);
      else if (
        entry.isDirectory && depth < 2 && !entry.name.startsWith(".") &&
        entry.name !== "node_modules"
      ) await walk(path, depth + 1);
    }
  };
  for (const root of config.roots) await walk(root, 0);
  return [...found].sort();
}

/**
 * Registers `boot_and_report`.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerBootAndReportPrompt } from "./boot_and_report.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerBootAndReportPrompt(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerBootAndReportPrompt(server: McpServer, deps: OpContext): void {
  registerKitPrompt(server, deps, {
    name: "boot_and_report",
    title: "Boot a bundle and report",
    description:
      "Boots a MetaBlooms OS bundle with the kit's tools (validate, fail-closed boot, slots) and reports the verdict, the ten subsystems, findings and slot changes. Without a path, checks the bundle in the ACTIVE slot.",
    args: {
      path: {
        description:
          "The bundle (.zip) to boot, inside the roots; leave out to check the ACTIVE slot",
        optional: true,
        complete: (d) => bundleCandidates(d.config),
      },
    },
    async text(args, d) {
      const slots = await slotSummary(d.config);
      const path = args.path?.trim();
      const steps = path
        ? [
          `1. Call \`validate_bundle\` with path ${
            JSON.stringify(path)
          }. If it is not ok, stop and report its errors.`,
          `2. Call \`boot_image\` with path ${
            JSON.stringify(path)
          } (a fail-closed boot; a bundle that boots OK becomes CANDIDATE).`,
          "3. Call `boot_status` to see the slots afterwards.",
        ]
        : [
          "1. Call `boot_status` with verify: true (re-hashes the slots' bundles and boots them again in simulation).",
          "2. If ACTIVE fails its check, say which slot a boot would use instead.",
        ];
      return [
        path
          ? `Boot the MetaBlooms OS bundle ${relativeToRoot(path, d.config)} and report on it.`
          : "Check the MetaBlooms OS bundle in the ACTIVE slot and report on it.",
        "",
        "Use the metablooms tools:",
        ...steps,
        "",
        "Then report: the verdict (BOOT_OK, or BOOT_FAILED with its code and reason), each of the ten subsystems with its status, the findings and any failure the original runtime would have masked, and what changed in the slots. Suggest `promote_slot` only after a clean boot.",
        "",
        `Slots now: ${slots}`,
      ].join("\n");
    },
  });
}

async function slotSummary(config: Config): Promise<string> {
  try {
    const status = await bootStatus(config);
    const parts = (["ACTIVE", "ROLLBACK", "CANDIDATE"] as const).map((slot) => {
      const held = status.slots[slot];
      return `${slot} ${
        held ? `${held.bundle_name} (sha256 ${held.sha256.slice(0, 12)}…)` : "empty"
      }`;
    });
    return parts.join("; ");
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

function relativeToRoot(path: string, config: Config): string {
  for (const root of config.roots) {
    const rel = relative(root, path);
    if (rel !== "" && !rel.startsWith("..")) return rel;
  }
  return path;
}
