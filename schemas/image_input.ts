/**
 * Zod schemas of the living image operations' inputs (`image_send`,
 * `image_objects`, `image_get`, `image_history`, `image_undo`).
 *
 * @module
 */
import { z } from "zod";
import { type JsonValue, JsonValueSchema } from "./image.ts";

const objectField = z.string().min(1).describe(
  "The object id (e.g. genesis_obj; `image_objects` lists them).",
);

/** Input of `image_send`. */
export interface ImageSendInput {
  /** The receiver. */
  object: string;
  /** The message (a slot or method name). */
  selector: string;
  /** The arguments (JSON values). */
  args?: JsonValue[] | undefined;
}

/** Schema of {@linkcode ImageSendInput}. */
export const ImageSendInputSchema: z.ZodType<ImageSendInput> = z.object({
  object: objectField,
  selector: z.string().min(1).describe(
    "The message: a method or data slot name (a JavaScript identifier, e.g. greet_architect).",
  ),
  args: z.array(JsonValueSchema).optional().describe(
    "The arguments, a JSON array (default []). On the command line each argument is parsed as JSON, else taken as a string.",
  ),
});

/** Input of `image_objects`. */
export interface ImageObjectsInput {
  /** Only objects whose id starts with this. */
  prefix?: string | undefined;
}

/** Schema of {@linkcode ImageObjectsInput}. */
export const ImageObjectsInputSchema: z.ZodType<ImageObjectsInput> = z.object({
  prefix: z.string().optional().describe("Only objects whose id starts with this."),
});

/** Input of `image_get`. */
export interface ImageGetInput {
  /** The object. */
  object: string;
  /** A committed version to read instead of the current one. */
  version?: number | undefined;
  /** Read the version current at this time (ISO 8601) instead. */
  at?: string | undefined;
}

/** Schema of {@linkcode ImageGetInput}. */
export const ImageGetInputSchema: z.ZodType<ImageGetInput> = z.object({
  object: objectField,
  version: z.number().int().positive().optional().describe(
    "Read this committed version instead of the current one.",
  ),
  at: z.string().optional().describe(
    "Read the version that was current at this ISO 8601 time (whole seconds).",
  ),
});

/** Input of `image_history`. */
export interface ImageHistoryInput {
  /** The object. */
  object: string;
}

/** Schema of {@linkcode ImageHistoryInput}. */
export const ImageHistoryInputSchema: z.ZodType<ImageHistoryInput> = z.object({
  object: objectField,
});

/** Input of `image_undo`. */
export interface ImageUndoInput {
  /** The object. */
  object: string;
  /** The version to restore (default: the one before the current). */
  version?: number | undefined;
}

/** Schema of {@linkcode ImageUndoInput}. */
export const ImageUndoInputSchema: z.ZodType<ImageUndoInput> = z.object({
  object: objectField,
  version: z.number().int().positive().optional().describe(
    "The version to restore; default: the version before the current one. The undo is itself a new version.",
  ),
});
