/**
 * `learning_check` (`metablooms learning-check <log> <questions>`): the
 * learning-loop measure — recall@k of session 1's memory for session 2's
 * questions, with the evidence per question.
 *
 * @module
 */
import { configuredEmbedder } from "../lib/catalog/embedder.ts";
import { parseQuestions } from "../lib/audit/learning.ts";
import { runLearningCheck } from "../lib/audit/learning_check.ts";
import { renderLearningCheck } from "../lib/audit/render.ts";
import { KitError } from "../lib/errors.ts";
import { openStore } from "../lib/store/open.ts";
import { type LearningCheck, LearningCheckSchema } from "../schemas/audit.ts";
import { type LearningCheckInput, LearningCheckInputSchema } from "../schemas/audit_input.ts";
import type { Operation } from "./operation.ts";

/** `learning_check`. */
export const learningCheckOp: Operation<LearningCheckInput, LearningCheck> = {
  name: "learning_check",
  title: "Learning-loop check",
  description:
    "Measures whether memory learns: ingests session 1's cycle log (and remembers its documents) into a fresh temporary catalog (or, with into_catalog, the configured one), then searches the catalog with each of session 2's questions and reports recall@k (questions whose expected id or text is among the top k results), the mean reciprocal rank, and per question the rank, document and snippet of the hit (or the top result on a miss). " +
    'Questions file: a JSON array, {"questions": [...]}, or JSONL, each {"id"?, "question", "expect_id"?, "expect_text"?} (at least one expect_*). Errors: LEARNING_QUESTIONS_INVALID, AUDIT_LOG_BROKEN, AUDIT_LOG_NOT_FOUND.',
  input: LearningCheckInputSchema,
  output: LearningCheckSchema,
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(input, ctx) {
    const log = await ctx.resolvePath(input.log);
    const questionsPath = await ctx.resolvePath(input.questions);
    const documents = [];
    for (const d of input.documents ?? []) documents.push(await ctx.resolvePath(d));
    let text: string;
    try {
      text = await Deno.readTextFile(questionsPath);
    } catch (error) {
      throw new KitError(
        "LEARNING_QUESTIONS_INVALID",
        `${questionsPath}: cannot read the questions file`,
        { path: questionsPath, exitCode: 2, cause: error },
      );
    }
    const options = {
      log,
      documents,
      questions: parseQuestions(text, questionsPath),
      k: input.k,
      embedder: configuredEmbedder(ctx.config.ollama),
      signal: ctx.signal,
    };
    if (input.into_catalog) {
      return await runLearningCheck(await ctx.store(), { ...options, catalog: "configured" });
    }
    await using fresh = await openStore({ sqlite_path: ":memory:" });
    return await runLearningCheck(fresh, { ...options, catalog: "fresh" });
  },
  render: renderLearningCheck,
  changesState: (input) => input.into_catalog === true,
  exitCode: (r) => r.questions > 0 && r.hits === 0 ? 1 : 0,
  mcp: {},
  cli: {
    name: "learning-check",
    script: "learning_check.ts",
    summary: "Measure recall@k of session 1's log and documents for session 2's questions",
    usage: "<session-1 log> <session-2 questions> [--document PATH]... [--k N] [--into-catalog]",
    description:
      "Ingests the log (its .chain sidecar verified when present) and the documents into a fresh temporary catalog " +
      "(--into-catalog: the configured one, kept), then searches it with each question (any word may " +
      "match; vectors too when the embedding model answers). Questions file: a JSON array, " +
      '{"questions": [...]}, or JSONL of {"id"?, "question", "expect_id"?, "expect_text"?}; a result ' +
      "whose catalog id, cycle id, document metadata or source path is expect_id, or whose text " +
      "contains expect_text, is a hit.",
    positionals: [
      { field: "log", name: "<session-1 log>" },
      { field: "questions", name: "<session-2 questions>" },
    ],
    flags: {
      documents: { flag: "document", valueName: "PATH" },
      k: { valueName: "N" },
    },
    exitCodes: {
      0: "measured (some question was answered, or there were none)",
      1: "no question was answered within the top k",
      2: "usage error, or the log or questions cannot be read",
    },
  },
};
