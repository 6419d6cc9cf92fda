/**
 * The boot history: the newest events of the hash-chained boot audit log
 * (boots and slot changes), and the boot report (receipt) of one boot by its
 * id — what the dashboard's slots page and any other door show.
 *
 * @module
 */
import { join } from "node:path";
import type { Config } from "../config.ts";
import { KitError } from "../errors.ts";
import { type BootHistory, type BootReport, BootReportSchema } from "../../schemas/boot.ts";
import { readAuditLog } from "./audit.ts";
import { bootPaths } from "./_paths.ts";

/** Options of {@linkcode bootHistory}. */
export interface BootHistoryOptions {
  /** Most events returned (newest first). @default {50} */
  limit?: number;
}

/**
 * Reads the newest boot and slot events and verifies the log's chain.
 *
 * @param config The configuration (its data directory).
 * @param options How many events.
 * @returns The events, newest first, with the chain verdict; an empty history when no boot ran.
 * @throws {RangeError} When `limit` is not a positive integer.
 *
 * @example An empty data directory has no history
 * ```ts
 * import assert from "node:assert/strict";
 * import { bootHistory } from "./history.ts";
 * const dataDir = await Deno.makeTempDir();
 * const history = await bootHistory({ dataDir });
 * assert.equal(history.total, 0);
 * assert.equal(history.chain_ok, true);
 * await Deno.remove(dataDir, { recursive: true });
 * ```
 */
export async function bootHistory(
  config: Pick<Config, "dataDir">,
  options: BootHistoryOptions = {},
): Promise<BootHistory> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  const path = bootPaths(config).audit;
  const log = await readAuditLog(path);
  const events = log.events.slice(-limit).reverse().map((e) => {
    const bootId = e.payload?.boot_id;
    return {
      event_id: String(e.event_id),
      ts_utc: String(e.ts_utc),
      event_type: String(e.event_type),
      ...(typeof bootId === "string" ? { boot_id: bootId } : {}),
      payload: isRecord(e.payload) ? e.payload : {},
    };
  });
  return {
    path,
    total: log.events.length,
    chain_ok: log.ok,
    problems: log.problems,
    events,
  };
}

/**
 * Reads the boot report (receipt) of one boot of this data directory.
 *
 * @param config The configuration (its data directory).
 * @param bootId The boot id (`boot_<sid>_<sha12>_<rand>`).
 * @returns The report as the boot wrote it.
 * @throws {KitError} `BOOT_REPORT_NOT_FOUND` (exit code 1) when the id is malformed or no
 * receipt exists for it; `BOOT_REPORT_INVALID` when the receipt is not a boot report.
 *
 * @example An unknown boot id
 * ```ts
 * import assert from "node:assert/strict";
 * import { readBootReport } from "./history.ts";
 * await assert.rejects(readBootReport({ dataDir: "/nonexistent" }, "boot_x"), {
 *   code: "BOOT_REPORT_NOT_FOUND",
 * });
 * ```
 */
export async function readBootReport(
  config: Pick<Config, "dataDir">,
  bootId: string,
): Promise<BootReport> {
  const notFound = () =>
    new KitError("BOOT_REPORT_NOT_FOUND", `No boot report for boot id "${bootId}"`, {
      exitCode: 1,
      details: { boot_id: bootId },
    });
  if (!/^[A-Za-z0-9_.-]+$/.test(bootId) || bootId.startsWith(".")) throw notFound();
  const path = join(bootPaths(config).boots, bootId, "boot_report.json");
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw notFound();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new KitError("BOOT_REPORT_INVALID", `${path} is not JSON`, { exitCode: 1, cause });
  }
  const result = BootReportSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new KitError(
      "BOOT_REPORT_INVALID",
      `${path} is not a boot report: ${issue.path.join(".")}: ${issue.message}`,
      { exitCode: 1 },
    );
  }
  return result.data;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
