/**
 * Prompt `what_do_we_know_about`: what the long-term memory holds on a
 * topic, starting from the index's best matches.
 *
 * @module
 */
import { queryMipsIndexOp } from "../../ops/query_mips_index.ts";
import { registerKitPrompt } from "../_prompt.ts";
import type { OpContext } from "../../ops/context.ts";
import type { McpServer } from "../sdk.ts";

/** Matches quoted in the prompt. */
const TOP = 8;

/**
 * Topic suggestions: the words of the indexed module ids and titles
 * (`MB__03_DELTA__BlueWidgets_v1` gives `BlueWidgets`), most frequent first.
 *
 * @param deps The server's context.
 * @returns Up to 200 words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createContext } from "../../ops/context.ts";
 * import { reindexLtmOp } from "../../ops/reindex_ltm.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { topicSuggestions } from "./what_do_we_know_about.ts";
 * const dir = await Deno.realPath(await Deno.makeTempDir());
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/MB__03_DELTA__TeaTimer_v1.mips.json`, '{"delta_id":"MB__03_DELTA__TeaTimer_v1"}');
 * const config = await loadConfig({ env: {}, cwd: dir, flags: { roots: [dir], dbPath: ":memory:" } });
 * await using ctx = createContext(config, { door: "mcp" });
 * await reindexLtmOp.run({ path: dir }, ctx);
 * const topics = await topicSuggestions(ctx);
 * assert(topics.includes("TeaTimer"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function topicSuggestions(deps: OpContext): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const hit of (await queryMipsIndexOp.run({ limit: 500 }, deps)).results) {
    const words = `${hit.module_id} ${hit.title ?? ""}`.split(/[^A-Za-z0-9]+/);
    for (const word of words) {
      if (word.length < 3 || /^(v\d+|MB|DELTA|MIPS|\d+)$/i.test(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 200)
    .map(([w]) => w);
}

/**
 * Registers `what_do_we_know_about`.
 *
 * @param server The MCP server.
 * @param deps Shared dependencies.
 *
 * @example
 * ```ts
 * import { McpServer } from "../sdk.ts";
 * import { createContext } from "../../ops/context.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { registerWhatDoWeKnowAboutPrompt } from "./what_do_we_know_about.ts";
 * const server = new McpServer({ name: "x", version: "1" });
 * registerWhatDoWeKnowAboutPrompt(server, createContext(await loadConfig({ env: {} }), { door: "mcp" }));
 * ```
 */
export function registerWhatDoWeKnowAboutPrompt(server: McpServer, deps: OpContext): void {
  registerKitPrompt(server, deps, {
    name: "what_do_we_know_about",
    title: "What do we know about…",
    description:
      "Summarises what the long-term memory (the MIPS deltas) holds on a topic, starting from the index's best matches, with module ids as sources.",
    args: {
      topic: {
        description: "The topic: a few words, a module id or a name from the deltas",
        complete: topicSuggestions,
      },
    },
    async text(args, d) {
      const topic = (args.topic ?? "").trim();
      let matches: string[];
      try {
        const found = await queryMipsIndexOp.run({ text: topic, limit: TOP }, d);
        matches = found.results.map((hit) =>
          `- ${hit.module_id} (${hit.posture}, ${hit.timestamp_utc ?? "undated"}): ${hit.snippet}`
        );
        if (found.total > TOP) matches.push(`- … ${found.total - TOP} more matches`);
      } catch (error) {
        matches = [
          `(the index could not be searched: ${error instanceof Error ? error.message : error})`,
        ];
      }
      return [
        `What does our long-term memory know about ${JSON.stringify(topic)}?`,
        "",
        "Use the metablooms tools: `query_mips_index` with text set to the topic (and other words for it), then `get_mips_delta` on the relevant module ids to read their bodies and follow their dependencies; `ltm_graph` shows how they connect.",
        "Answer with what is known, what superseded what (HISTORICAL vs ACTIVE posture), and what is missing or contradictory, citing module ids.",
        "",
        matches.length
          ? `Best index matches now:\n${matches.join("\n")}`
          : "The index has no match for this topic yet (run `reindex_ltm` if deltas were added).",
      ].join("\n");
    },
  });
}
