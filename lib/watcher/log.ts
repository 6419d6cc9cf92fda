/**
 * The watcher's log line format, kept from the original scripts:
 * `<UTC ISO> [OK]|[FAIL]|[SKIP] <message>`.
 *
 * @module
 */
import { isoUtc } from "../clock.ts";

/** Severity of a log line. */
export type LogLevel = "OK" | "FAIL" | "SKIP";

/**
 * Formats one log line.
 *
 * @param ms Time (ms since the epoch).
 * @param level `OK`, `FAIL` or `SKIP`.
 * @param message The message.
 * @returns The line, without a newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLogLine } from "./log.ts";
 * assert(formatLogLine(Date.UTC(2026, 0, 10, 12), "OK", "Ingested a") === "2026-01-10T12:00:00Z [OK] Ingested a");
 * ```
 */
export function formatLogLine(ms: number, level: LogLevel, message: string): string {
  return `${isoUtc(ms)} [${level}] ${message}`;
}
