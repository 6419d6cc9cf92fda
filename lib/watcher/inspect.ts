/**
 * Decides by content what a recognized file is and whether it may enter the
 * LTM: MIPS candidates go through the MIPS parser (header format, self-hash
 * verdict recorded but never fatal; unparseable or binary → rejected; no
 * header → a `note`), `.zip` candidates through the bundle validator (a Git
 * LFS pointer is its own rejection). Both checks are injectable.
 *
 * @module
 */
import { basename } from "node:path";
import type { IngestKind } from "../../schemas/watcher.ts";
import { parseMipsBytes } from "../mips/mod.ts";
import { VERSION } from "../version.ts";
import type { Config } from "../config.ts";
import { validateBundle } from "../bundle/mod.ts";

/** The verdict on one file. */
export interface ContentCheck {
  /** Whether the file may be ingested. */
  ok: boolean;
  /** What it is. */
  kind: IngestKind;
  /** Which check decided, with the kit version (`parseMips@0.1.0`). */
  validator: string;
  /** MIPS self-hash verdict (`VERIFIED(R2)`, `MISMATCH`, `UNVERIFIABLE`, `ABSENT`). */
  hash_status?: string | undefined;
  /** Rejection code (`MIPS_UNPARSEABLE`, `MIPS_BINARY`, `BUNDLE_LFS_POINTER`, `BUNDLE_INVALID`, …). */
  code?: string | undefined;
  /** Rejection reason. */
  reason?: string | undefined;
  /** The validator's findings. */
  findings?: unknown[] | undefined;
}

/** A check of one candidate kind. */
export type Inspector = (
  path: string,
  name: string,
  context?: InspectContext,
) => Promise<ContentCheck>;

/** What a check may need besides the file. */
export interface InspectContext {
  /** Aborts the check. */
  signal?: AbortSignal | undefined;
  /** Zip-bomb limits for bundles (`config.bundleLimits`). */
  bundleLimits?: Config["bundleLimits"] | undefined;
}

/** Replaceable checks (tests, or callers with their own validator). */
export interface Inspectors {
  /** Checks `mips` candidates. @default {inspectMipsFile} */
  mips?: Inspector;
  /** Checks `bundle` candidates. @default {inspectBundleFile} */
  bundle?: Inspector;
}

/** MIPS files larger than this are rejected unread (`MIPS_TOO_LARGE`). */
export const MAX_MIPS_BYTES = 64 * 1024 * 1024;

/**
 * Checks a MIPS candidate with the kit's MIPS parser.
 *
 * @param path The file.
 * @param name Its base name (tells a broken `.json` from a note).
 * @returns The inspection.
 * @throws {Deno.errors.NotFound} When the file is gone.
 *
 * @example A file without a MIPS header is a note
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectMipsFile } from "./inspect.ts";
 * const f = await Deno.makeTempFile({ suffix: ".txt" });
 * await Deno.writeTextFile(f, "ACTIVE SET: a, b\n");
 * const r = await inspectMipsFile(f, "MB__00_SENTINEL__ACTIVE_STATE.txt");
 * assert(r.ok && r.kind === "note");
 * await Deno.remove(f);
 * ```
 */
export async function inspectMipsFile(path: string, name: string): Promise<ContentCheck> {
  const validator = `parseMips@${VERSION}`;
  const size = (await Deno.stat(path)).size;
  if (size > MAX_MIPS_BYTES) {
    return {
      ok: false,
      kind: "mips",
      validator,
      code: "MIPS_TOO_LARGE",
      reason: `${name} is ${size} bytes, over the ${MAX_MIPS_BYTES}-byte limit for a MIPS file`,
    };
  }
  const { record } = parseMipsBytes(await Deno.readFile(path), name);
  if (record.format === "invalid") {
    return {
      ok: false,
      kind: "mips",
      validator,
      code: "MIPS_UNPARSEABLE",
      reason: `${name} cannot be parsed as a MIPS file: ${record.problem ?? "unknown problem"}`,
    };
  }
  if (record.format === "binary") {
    return {
      ok: false,
      kind: "mips",
      validator,
      code: "MIPS_BINARY",
      reason: `${name} holds binary data, neither a MIPS file nor a text note`,
    };
  }
  if (record.format === "text") return { ok: true, kind: "note", validator, hash_status: "ABSENT" };
  const hash_status = record.hash_status === "VERIFIED"
    ? `VERIFIED(${record.hash_recipe ?? "?"})`
    : record.hash_status;
  return { ok: true, kind: "mips", validator, hash_status };
}

/** Findings kept in a rejection (the verdict's first ones, errors first). */
export const MAX_REJECTION_FINDINGS = 50;

/**
 * Checks a `.zip` candidate with the kit's bundle validator (no extraction).
 * A rejection's code is `BUNDLE_` + the first error finding's code
 * (`BUNDLE_LFS_POINTER`, `BUNDLE_NOT_A_ZIP`, `BUNDLE_CRC_MISMATCH`, …).
 *
 * @param path The file.
 * @param name Its base name.
 * @param context Abort signal and zip-bomb limits (`config.bundleLimits`).
 * @returns The inspection.
 * @throws {KitError} `BUNDLE_NOT_FOUND` when the file is gone.
 *
 * @example An LFS pointer named .zip is rejected with its own code
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectBundleFile } from "./inspect.ts";
 * const f = await Deno.makeTempFile({ suffix: ".zip" });
 * await Deno.writeTextFile(f, "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab".repeat(32) + "\nsize 123\n");
 * const r = await inspectBundleFile(f, "MetaBlooms_OS.zip");
 * assert(!r.ok && r.code === "BUNDLE_LFS_POINTER");
 * await Deno.remove(f);
 * ```
 */
export async function inspectBundleFile(
  path: string,
  name: string,
  context: InspectContext = {},
): Promise<ContentCheck> {
  const validator = `validateBundle@${VERSION}`;
  const verdict = await validateBundle(path, {
    ...(context.bundleLimits ? { limits: context.bundleLimits } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  });
  if (verdict.ok) return { ok: true, kind: "bundle", validator };
  const errors = verdict.findings.filter((f) => f.severity === "error");
  const first = errors[0];
  return {
    ok: false,
    kind: "bundle",
    validator,
    code: `BUNDLE_${first?.code ?? "INVALID"}`,
    reason: `${name} failed bundle validation (${errors.length} error${
      errors.length === 1 ? "" : "s"
    })${first ? `: ${first.message}` : ""}`,
    findings: verdict.findings.slice(0, MAX_REJECTION_FINDINGS),
  };
}

/** Options of {@linkcode inspectFile}. */
export interface InspectFileOptions extends InspectContext {
  /** What its name says it is. */
  kind: "mips" | "bundle";
  /** The name to judge by (a staged copy's path has another). @default {the path's base name} */
  name?: string;
  /** Replacement checks. */
  inspectors?: Inspectors;
}

/**
 * Inspects a candidate with the matching check.
 *
 * @param path The file.
 * @param options Kind, name, replacement checks, abort signal, bundle limits.
 * @returns The inspection.
 * @throws {Deno.errors.NotFound} When the file is gone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inspectFile } from "./inspect.ts";
 * const f = await Deno.makeTempFile({ suffix: ".mips.json" });
 * await Deno.writeTextFile(f, '{"mips": {"artifact_id": "x"}, "body": {}}');
 * assert((await inspectFile(f, { kind: "mips", name: "x.mips.json" })).kind === "mips");
 * await Deno.remove(f);
 * ```
 */
export function inspectFile(path: string, options: InspectFileOptions): Promise<ContentCheck> {
  const { kind, name = basename(path), inspectors = {}, ...context } = options;
  const check = kind === "bundle"
    ? inspectors.bundle ?? inspectBundleFile
    : inspectors.mips ?? inspectMipsFile;
  return check(path, name, context);
}
