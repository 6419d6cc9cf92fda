/**
 * The kit's typed errors: every failure a user or a caller handles is a
 * {@linkcode KitError} with a stable `code`, a message that names the file or
 * field, and the exit code a CLI ends with.
 *
 * @module
 */

/** Exit codes shared by every CLI: 0 success, 1 invalid input, 2 unreadable input or usage. */
export const ExitCode = {
  /** The command did what was asked and the answer is "good". */
  OK: 0,
  /** The input was read and found invalid (a bundle that fails validation, a broken ledger). */
  INVALID: 1,
  /** The input could not be read, or the command was called wrongly. */
  USAGE: 2,
} as const;

/** Options of a {@linkcode KitError}. */
export interface KitErrorOptions {
  /** The file the error is about, when there is one. */
  path?: string;
  /** The exit code a CLI ends with. @default {1} */
  exitCode?: number;
  /** The underlying error. */
  cause?: unknown;
  /** Extra JSON-able facts for machine readers (sizes, ids, limits). */
  details?: Record<string, unknown>;
}

/**
 * An error the kit expects and a user can act on.
 *
 * @example Throw and recognise a kit error
 * ```ts
 * import assert from "node:assert/strict";
 * import { KitError } from "./errors.ts";
 * const err = new KitError("BUNDLE_NOT_A_ZIP", "Cannot read x.zip: not a zip archive", { path: "x.zip" });
 * assert(err.code === "BUNDLE_NOT_A_ZIP" && err.exitCode === 1);
 * ```
 */
export class KitError extends Error {
  /** Stable, upper-snake-case code (e.g. `BUNDLE_NOT_A_ZIP`). */
  readonly code: string;
  /** The exit code a CLI ends with. */
  readonly exitCode: number;
  /** The file the error is about, when there is one. */
  readonly path: string | undefined;
  /** Extra JSON-able facts. */
  readonly details: Record<string, unknown> | undefined;

  /**
   * Creates a kit error.
   *
   * @param code Stable error code.
   * @param message What could not be done, why, and the value.
   * @param options Path, exit code, cause and details.
   */
  constructor(code: string, message: string, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KitError";
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.INVALID;
    this.path = options.path;
    this.details = options.details;
  }

  /**
   * The JSON form the CLI prints with `--json` and the MCP layer returns.
   *
   * @returns `{ code, message, path?, details? }`
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { KitError } from "./errors.ts";
   * assert(new KitError("X", "y").toJSON().code === "X");
   * ```
   */
  toJSON(): { code: string; message: string; path?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/**
 * A command was called wrongly (bad flag, missing argument): exit code 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageError } from "./errors.ts";
 * assert(new UsageError("missing <path>").exitCode === 2);
 * ```
 */
export class UsageError extends KitError {
  /**
   * Creates a usage error (exit code 2).
   *
   * @param message What is wrong with the call.
   * @param options Path, cause and details.
   */
  constructor(message: string, options: Omit<KitErrorOptions, "exitCode"> = {}) {
    super("USAGE", message, { ...options, exitCode: ExitCode.USAGE });
    this.name = "UsageError";
  }
}

/**
 * A configuration value is invalid (config file, environment or flag).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigError } from "./errors.ts";
 * assert(new ConfigError("OLLAMA_HOST: not a URL").code === "CONFIG_INVALID");
 * ```
 */
export class ConfigError extends KitError {
  /**
   * Creates a configuration error (exit code 2).
   *
   * @param message Which setting, from where, and why it is wrong.
   * @param options Path, cause and details.
   */
  constructor(message: string, options: Omit<KitErrorOptions, "exitCode"> = {}) {
    super("CONFIG_INVALID", message, { ...options, exitCode: ExitCode.USAGE });
    this.name = "ConfigError";
  }
}

/**
 * Wraps anything thrown into a {@linkcode KitError}, once, at a shell's edge:
 * kit errors pass through, file-system errors get their own codes, the rest
 * becomes `INTERNAL` (whose message never carries a stack trace).
 *
 * @param error What was thrown.
 * @returns A kit error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toKitError } from "./errors.ts";
 * assert(toKitError(new Deno.errors.NotFound("no x")).code === "FILE_NOT_FOUND");
 * ```
 */
export function toKitError(error: unknown): KitError {
  if (error instanceof KitError) return error;
  if (error instanceof Deno.errors.NotFound) {
    return new KitError("FILE_NOT_FOUND", error.message, {
      exitCode: ExitCode.USAGE,
      cause: error,
    });
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new KitError("PERMISSION_DENIED", error.message, {
      exitCode: ExitCode.USAGE,
      cause: error,
    });
  }
  if (error instanceof DOMException && error.name === "AbortError") {
    return new KitError("CANCELLED", "The operation was cancelled", { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KitError("INTERNAL", `Unexpected error: ${message}`, { cause: error });
}
