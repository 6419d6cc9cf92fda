/**
 * What a cycle's DELEGATING state retrieves with (spec §4, VIII: each query of
 * the plan on the knowledge catalog, top 2, deduplicated). The knowledge
 * catalog plugs in here by implementing {@linkcode Retriever}; until then a
 * cycle runs with {@linkcode noRetrieval}.
 *
 * @module
 */

/** One piece of retrieved knowledge. */
export interface Snippet {
  /** A stable id (deduplication key), e.g. `<doc_id>::<chunk>`. */
  id: string;
  /** The text given to the model. */
  text: string;
}

/** A knowledge source a cycle can query. */
export interface Retriever {
  /**
   * The best `k` snippets for a query.
   *
   * @param query A search query from the plan.
   * @param k How many at most.
   * @param signal Aborts the search.
   * @returns The snippets, best first.
   */
  retrieve(query: string, k: number, signal?: AbortSignal): Promise<Snippet[]>;
}

/**
 * A retriever that knows nothing (the default until a catalog is plugged in).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { noRetrieval } from "./retrieval.ts";
 * assert.deepEqual(await noRetrieval.retrieve("anything", 2), []);
 * ```
 */
export const noRetrieval: Retriever = { retrieve: () => Promise.resolve([]) };

/**
 * Runs each query (top `k` each), deduplicating by id, in query order.
 *
 * @param retriever The knowledge source.
 * @param queries The plan's queries.
 * @param k Snippets per query. @default {2}
 * @param signal Aborts the searches.
 * @returns The snippets.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { retrieveAll } from "./retrieval.ts";
 * const retriever = { retrieve: (q: string) => Promise.resolve([{ id: "same", text: q }]) };
 * assert.equal((await retrieveAll(retriever, ["a", "b"])).length, 1);
 * ```
 */
export async function retrieveAll(
  retriever: Retriever,
  queries: readonly string[],
  k = 2,
  signal?: AbortSignal,
): Promise<Snippet[]> {
  const seen = new Map<string, Snippet>();
  for (const query of queries) {
    for (const snippet of await retriever.retrieve(query, k, signal)) {
      if (!seen.has(snippet.id)) seen.set(snippet.id, snippet);
    }
  }
  return [...seen.values()];
}
