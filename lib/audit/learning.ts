/**
 * The learning-loop measure: after session 1's cycle log and documents are in
 * the catalog, does session 2 find session 1's facts and methods when it asks?
 * Each question names what would answer it (an id, a text, or both); the
 * catalog is searched with the question and the first result that matches
 * gives the rank. recall@k = questions answered within the top k.
 *
 * Questions file (JSON array, `{"questions": [...]}`, or JSONL, one per line):
 *
 * ```json
 * {"id": "q1", "question": "how does the image greet the architect?",
 *  "expect_id": "c-3f2a", "expect_text": "Hello, "}
 * ```
 *
 * `question` is required, and at least one of `expect_id` (a result's catalog
 * id, cycle id, document metadata value, or source path — a path with a `/`
 * also matches the end of one) and
 * `expect_text` (text the result must contain, case- and
 * whitespace-insensitive); either matching is a hit. `id` defaults to the
 * question's 1-based position.
 *
 * @module
 */
import { z } from "zod";
import { KitError } from "../errors.ts";
import type { LearningCheck, LearningItem } from "../../schemas/audit.ts";

/** One question of session 2. */
export interface LearningQuestion {
  /** Its id (default: its 1-based position). */
  id?: string | undefined;
  /** What session 2 asks. */
  question: string;
  /** An id a result must carry. */
  expect_id?: string | undefined;
  /** A text a result must contain. */
  expect_text?: string | undefined;
}

/** Schema of {@linkcode LearningQuestion}. */
export const LearningQuestionSchema: z.ZodType<LearningQuestion> = z.object({
  id: z.union([z.string(), z.number().transform(String)]).optional(),
  question: z.string().min(1),
  expect_id: z.string().min(1).optional(),
  expect_text: z.string().min(1).optional(),
}).refine((q) => q.expect_id !== undefined || q.expect_text !== undefined, {
  message: "needs expect_id or expect_text",
});

/** A search result as the measure sees it. */
export interface RetrievedChunk {
  /** The result's document id. */
  document_id: string;
  /** Every id that names it (chunk id, cycle id, artifact oid, source path, …). */
  ids: string[];
  /** Its full text. */
  text: string;
  /** The snippet shown for it. */
  snippet: string;
}

/** Searches the catalog: the top `k` results for a question, best first. */
export type Searcher = (
  question: string,
  k: number,
) => Promise<{ results: RetrievedChunk[]; mode: string }>;

/**
 * Parses a questions file's text (JSON array, `{questions: [...]}`, or JSONL).
 *
 * @param text The file's text.
 * @param path The file, for error messages.
 * @returns The questions.
 * @throws {KitError} `LEARNING_QUESTIONS_INVALID` naming the file and the bad entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseQuestions } from "./learning.ts";
 * const qs = parseQuestions('{"question":"a?","expect_text":"x"}\n{"question":"b?","expect_id":"c-1"}', "q.jsonl");
 * assert.deepEqual(qs.map((q) => q.id), ["1", "2"]);
 * assert.throws(() => parseQuestions('[{"question":"a?"}]', "q.json"), { code: "LEARNING_QUESTIONS_INVALID" });
 * ```
 */
export function parseQuestions(text: string, path: string): LearningQuestion[] {
  let entries: unknown[];
  const bad = (why: string) =>
    new KitError("LEARNING_QUESTIONS_INVALID", `${path}: ${why}`, { path, exitCode: 2 });
  try {
    const whole = JSON.parse(text);
    entries = Array.isArray(whole)
      ? whole
      : Array.isArray(whole?.questions)
      ? whole.questions
      : [whole];
  } catch {
    entries = [];
    for (const [i, line] of text.split("\n").entries()) {
      if (!line.trim()) continue;
      try {
        entries.push(JSON.parse(line));
      } catch {
        throw bad(`line ${i + 1} is not JSON`);
      }
    }
  }
  return entries.map((entry, i) => {
    const parsed = LearningQuestionSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw bad(`question ${i + 1}: ${issue?.path.join(".") || "entry"}: ${issue?.message}`);
    }
    return { ...parsed.data, id: parsed.data.id ?? String(i + 1) };
  });
}

function norm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Whether a result answers a question. */
function matches(q: LearningQuestion, r: RetrievedChunk): boolean {
  const id = q.expect_id;
  if (
    id !== undefined &&
    [r.document_id, ...r.ids].some((x) => x === id || (id.includes("/") && x.endsWith(`/${id}`)))
  ) {
    return true;
  }
  return q.expect_text !== undefined && norm(r.text).includes(norm(q.expect_text));
}

/**
 * Asks every question and scores the answers.
 *
 * @param questions Session 2's questions.
 * @param search The catalog's search.
 * @param k How many results count.
 * @param ingested What was ingested (copied into the result).
 * @returns recall@k, MRR and the evidence per question.
 *
 * @example One hit at rank 2, one miss
 * ```ts
 * import assert from "node:assert/strict";
 * import { scoreQuestions } from "./learning.ts";
 * const docs = [{ document_id: "a", ids: [], text: "alpha", snippet: "alpha" },
 *   { document_id: "b", ids: ["c-1"], text: "beta", snippet: "beta" }];
 * const check = await scoreQuestions(
 *   [{ id: "1", question: "?", expect_id: "c-1" }, { id: "2", question: "?", expect_text: "gamma" }],
 *   (_q, k) => Promise.resolve({ results: docs.slice(0, k), mode: "bm25" }), 5,
 *   { log_records: 0, documents: 2, catalog: "fresh" },
 * );
 * assert.deepEqual([check.recall_at_k, check.mrr, check.items[0]?.rank], [0.5, 0.25, 2]);
 * ```
 */
export async function scoreQuestions(
  questions: LearningQuestion[],
  search: Searcher,
  k: number,
  ingested: LearningCheck["ingested"],
): Promise<LearningCheck> {
  const items: LearningItem[] = [];
  const modes = new Set<string>();
  for (const [i, q] of questions.entries()) {
    const { results, mode } = await search(q.question, k);
    modes.add(mode);
    const top = results.slice(0, k);
    const at = top.findIndex((r) => matches(q, r));
    const shown = at >= 0 ? top[at] : top[0];
    items.push({
      id: q.id ?? String(i + 1),
      question: q.question,
      expected: { id: q.expect_id ?? null, text: q.expect_text ?? null },
      hit: at >= 0,
      rank: at >= 0 ? at + 1 : null,
      document_id: at >= 0 ? top[at]!.document_id : null,
      snippet: shown?.snippet ?? null,
      results: top.length,
    });
  }
  const hits = items.filter((x) => x.hit).length;
  return {
    k,
    questions: items.length,
    hits,
    recall_at_k: items.length ? hits / items.length : null,
    mrr: items.length
      ? items.reduce((a, x) => a + (x.rank ? 1 / x.rank : 0), 0) / items.length
      : null,
    ingested,
    search_mode: [...modes].join(", ") || "none",
    items,
  };
}
