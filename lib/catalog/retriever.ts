/**
 * The knowledge catalog as a cycle's {@linkcode Retriever}: DELEGATING asks
 * it each query of the plan (any word may match: a plan's query is a phrase,
 * not keywords) and gives the model the best snippets (document chunks whole,
 * records as their best-matching passage).
 *
 * @module
 */
import type { Retriever, Snippet } from "../cycle/retrieval.ts";
import type { Store } from "../store/store.ts";
import type { Embedder } from "./embedder.ts";
import { searchCatalog } from "./search.ts";

/** Options of {@linkcode catalogRetriever}. */
export interface CatalogRetrieverOptions {
  /** The vector half. @default {none: BM25 only} */
  embedder?: Embedder | undefined;
}

/**
 * A retriever over the catalog of a store.
 *
 * @param store The store holding the catalog.
 * @param options The embedder.
 * @returns The retriever.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { remember } from "./remember.ts";
 * import { catalogRetriever } from "./retriever.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/tea.md`, "# Tea\nSteep green tea for two minutes.");
 * await using store = await openSqliteStore(":memory:");
 * await remember(store, dir);
 * const [snippet] = await catalogRetriever(store).retrieve("green tea", 2);
 * assert.match(snippet!.text, /two minutes/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function catalogRetriever(store: Store, options: CatalogRetrieverOptions = {}): Retriever {
  return {
    async retrieve(query: string, k: number, signal?: AbortSignal): Promise<Snippet[]> {
      const { result, texts } = await searchCatalog(
        store,
        { text: query, limit: k, match: "any" },
        {
          embedder: options.embedder,
          signal,
        },
      );
      return result.hits.map((h, i) => ({ id: h.id, text: texts[i]! }));
    },
  };
}
