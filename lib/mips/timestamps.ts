/**
 * Normalises the timestamp spellings found in MIPS headers to UTC ISO 8601:
 * `2025-12-13T22:42:41Z`, compact `20251213T185500Z`, offsets
 * `2025-12-15T17:40:27.18-06:00`, naive `2025-12-16T03:02:50` (taken as UTC,
 * flagged), date only (flagged), and US Central local time (`timestamp_local_ct`).
 *
 * @module
 */
import { isoUtc } from "../clock.ts";

/** How a timestamp had to be interpreted. */
export type TimestampFlag = "naive" | "date_only" | "local_ct";

/** A normalised timestamp. */
export interface NormalizedTimestamp {
  /** UTC ISO 8601 (`YYYY-MM-DDTHH:MM:SS[.sss]Z`). */
  utc: string;
  /** Milliseconds since the epoch. */
  ms: number;
  /** Set when the source had no zone (assumed UTC), no time, or was US Central local time. */
  flag?: TimestampFlag | undefined;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i;
const COMPACT =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses a timestamp spelling into UTC.
 *
 * @param raw The value as found (string, or epoch seconds/milliseconds as a number).
 * @param options `localCentral`: a zone-less time is US Central (America/Chicago), not UTC.
 * @returns The normalised timestamp, or undefined when the value is not a timestamp.
 *
 * @example Offsets, compact and naive forms
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeTimestamp } from "./timestamps.ts";
 * assert(normalizeTimestamp("2025-12-15T17:40:27.18-06:00")?.utc === "2025-12-15T23:40:27.180Z");
 * assert(normalizeTimestamp("20251213T185500Z")?.utc === "2025-12-13T18:55:00Z");
 * assert(normalizeTimestamp("2025-12-16T03:02:50")?.flag === "naive");
 * assert(normalizeTimestamp("2025-12-16")?.flag === "date_only");
 * ```
 */
export function normalizeTimestamp(
  raw: unknown,
  options: { localCentral?: boolean } = {},
): NormalizedTimestamp | undefined {
  if (typeof raw === "number" && Number.isFinite(raw) && raw > 0) {
    const ms = raw < 1e11 ? raw * 1000 : raw;
    return fromMs(ms);
  }
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  const m = ISO.exec(text) ?? COMPACT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (Number.isNaN(ms) || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    return undefined;
  }
  if (h === undefined) return { ...fromMs(ms), flag: "date_only" };
  if (zone && zone.toUpperCase() !== "Z" && zone.toUpperCase() !== "UTC") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    return fromMs(ms);
  }
  if (zone) return fromMs(ms);
  if (options.localCentral) return { ...fromMs(ms - centralOffsetMs(ms)), flag: "local_ct" };
  return { ...fromMs(ms), flag: "naive" };
}

/** A source's time keeps its milliseconds when it had any (the kit's own times never do). */
function fromMs(ms: number): NormalizedTimestamp {
  return { utc: ms % 1000 === 0 ? isoUtc(ms) : new Date(ms).toISOString(), ms };
}

let centralFormat: Intl.DateTimeFormat | undefined;

/** Offset of America/Chicago from UTC at (about) the given wall-clock instant, in ms. */
function centralOffsetMs(wallAsUtcMs: number): number {
  try {
    centralFormat ??= new Intl.DateTimeFormat("en-US", {
      timeZone: "America/Chicago",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    const parts = Object.fromEntries(
      centralFormat.formatToParts(new Date(wallAsUtcMs)).map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    );
    return asUtc - Math.floor(wallAsUtcMs / 1000) * 1000;
  } catch {
    return -6 * 3_600_000; // CST when the runtime has no time-zone data
  }
}
