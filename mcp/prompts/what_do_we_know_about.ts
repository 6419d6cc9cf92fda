/**
 * Prompt `what_do_we_know_about`: what the long-term memory holds on a
 * topic, starting from the index's best matches.
 *
 * @module
 */
import { queryMipsIndex } from "../../lib/ltm/query.ts";
import { registerKitPrompt } from "../_prompt.ts";
import type { ServerDeps } from "../_tool.ts";
import type { McpServer } from "../sdk.ts";

/** Matches quoted in the prompt. */
const TOP = 8;

/**
 * Topic suggestions: the words of the indexed module ids and titles
 * (`MB__03_DELTA__BlueWidgets_v1` gives `BlueWidgets`), most frequent first.
 *
 * @param deps Shared dependencies (the store).
 * @returns Up to 200 words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { serverDeps } from "../_tool.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { reindexLtm } from "../../lib/ltm/reindex.ts";
 * import { openStore } from "../../lib/store/open.ts";
 * import { topicSuggestions } from "./what_do_we_know_about.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.mkdir(`${dir}/deltas/2026-01`, { recursive: true });
 * await Deno.writeTextFile(`${dir}/deltas/2026-01/MB__03_DELTA__TeaTimer_v1.mips.json`, '{"delta_id":"MB__03_DELTA__TeaTimer_v1"}');
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * await reindexLtm(store, dir);
 * const topics = await topicSuggestions(serverDeps(await loadConfig({ env: {} }), store));
 * assert(topics.includes("TeaTimer"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function topicSuggestions(deps: ServerDeps): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const hit of (await queryMipsIndex(deps.store, { limit: 500 })).results) {
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
 * import { serverDeps } from "../_tool.ts";
 * import { loadConfig } from "../../lib/config.ts";
 * import { openStore } from "../../lib/store/open.ts";
 * import { registerWhatDoWeKnowAboutPrompt } from "./what_do_we_know_about.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const server = new McpServer({ name: "x", version: "1" });
 * registerWhatDoWeKnowAboutPrompt(server, serverDeps(await loadConfig({ env: {} }), store));
 * ```
 */
export function registerWhatDoWeKnowAboutPrompt(server: McpServer, deps: ServerDeps): void {
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
        const found = await queryMipsIndex(d.store, { text: topic, limit: TOP });
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
