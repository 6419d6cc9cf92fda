/**
 * `export_finetune` (`metablooms export-finetune`): the fine-tuning dataset of
 * the cycle log — COMPLETE cycles' synthesis prompts and answers as JSONL.
 *
 * @module
 */
import { join } from "node:path";
import { finetuneLines, writeJsonl } from "../lib/audit/finetune.ts";
import { systemPromptsOf } from "../lib/audit/system_prompt.ts";
import { Image } from "../lib/image/image.ts";
import { renderFinetuneExport } from "../lib/audit/render.ts";
import { isoUtc } from "../lib/clock.ts";
import { dataLayout } from "../lib/layout.ts";
import { type FinetuneExport, FinetuneExportSchema } from "../schemas/audit.ts";
import { type ExportFinetuneInput, ExportFinetuneInputSchema } from "../schemas/audit_input.ts";
import { auditRecords } from "./_audit_source.ts";
import type { Operation } from "./operation.ts";

/** `export_finetune`. */
export const exportFinetuneOp: Operation<ExportFinetuneInput, FinetuneExport> = {
  name: "export_finetune",
  title: "Export fine-tuning data",
  description:
    'Writes a JSONL fine-tuning dataset from the cycle log (the catalog\'s records, or a log file): one example per COMPLETE cycle, its SYNTHESIZING step\'s prompt and raw answer (the exchange that produced the committed method), deduplicated, optionally only one persona or mission type. Format "messages" ({"messages":[system,user,assistant]}, the chat format Ollama and common SFT tools accept; the system message is rebuilt from the persona\'s codex in the image at the cycle\'s time, else the seed codex) or "prompt-completion". The file is written whole or not at all; the result gives its count and sha256.',
  input: ExportFinetuneInputSchema,
  output: FinetuneExportSchema,
  hints: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  async run(input, ctx) {
    const format = input.format ?? "messages";
    const out = input.out !== undefined ? await ctx.resolvePath(input.out) : join(
      dataLayout(ctx.config.dataDir).finetune,
      `${format}_${isoUtc(ctx.clock.now()).replace(/[-:]/g, "")}.jsonl`,
    );
    const source = await auditRecords(ctx, input.log, { outcome: "COMPLETE" });
    const found = await finetuneLines(source.records, {
      format,
      persona: input.persona,
      mission_type: input.mission_type,
      systemPrompt: systemPromptsOf(await Image.open(await ctx.store())),
      signal: ctx.signal,
    });
    const written = await writeJsonl(out, found.lines);
    const facts = source.facts();
    return {
      path: written.path,
      format,
      count: written.count,
      sha256: written.sha256,
      bytes: written.bytes,
      complete_cycles: found.complete_cycles,
      filtered_out: found.filtered_out,
      duplicates: found.duplicates,
      missing_artifact: found.missing_artifact,
      filters: { persona: input.persona ?? null, mission_type: input.mission_type ?? null },
      source: { ...facts, records: found.records, bad_timestamps: 0 },
    };
  },
  render: renderFinetuneExport,
  mcp: {},
  cli: {
    name: "export-finetune",
    script: "export_finetune.ts",
    summary: "Export COMPLETE cycles' synthesis prompts and answers as a JSONL fine-tuning dataset",
    usage: "[--format messages|prompt-completion] [--persona P] [--mission-type T] [--out FILE]",
    description:
      "Reads the catalog's ingested cycle-log records, or --log FILE directly. Only cycles that ended " +
      "COMPLETE count; each gives its SYNTHESIZING prompt and raw answer once (identical examples are " +
      "dropped). Without --out the file goes to <data-dir>/finetune/<format>_<time>.jsonl.",
    flags: {
      format: { valueName: "FORMAT" },
      persona: { valueName: "P" },
      mission_type: { valueName: "T" },
      out: { valueName: "FILE" },
      log: { valueName: "FILE" },
    },
    exitCodes: {
      0: "written",
      2: "usage error, the log cannot be read, or the file cannot be written",
    },
  },
};
