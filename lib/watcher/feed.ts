/**
 * The two manifests the watcher maintains besides the ledger: the rolling
 * feed `manifests/recent.json` (`{generated_utc, items}`, the last 25 ledger
 * lines newest first — what the original wrote to `latest.json`) and
 * `manifests/latest.json` in the kit's one documented shape (the snapshot
 * pointer, see `LatestManifest` in `schemas/watcher.ts`), read in either
 * historical shape and never clobbered.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { sha256Hex } from "../fs/sha256.ts";
import { writeJsonAtomic } from "../fs/atomic_write.ts";
import type {
  IngestLedgerLine,
  LatestDelta,
  LatestManifest,
  RecentFeed,
} from "../../schemas/watcher.ts";

/** Items in the rolling feed. */
export const RECENT_FEED_SIZE = 25;

/**
 * Builds the rolling feed from ledger lines.
 *
 * @param lines Ledger lines, oldest first.
 * @param generatedUtc The feed's timestamp.
 * @param size Items to keep. @default {25}
 * @returns The feed, newest first (`{generated_utc: null, items: []}` for no lines).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildRecentFeed } from "./feed.ts";
 * const line = (path: string) => ({ ts: "t", path, sha256: "0".repeat(64), bytes: 1 });
 * const feed = buildRecentFeed([line("a"), line("b")], "2026-01-10T12:00:00Z");
 * assert(feed.items[0]?.path === "b");
 * ```
 */
export function buildRecentFeed(
  lines: readonly IngestLedgerLine[],
  generatedUtc: string,
  size: number = RECENT_FEED_SIZE,
): RecentFeed {
  if (lines.length === 0) return { generated_utc: null, items: [] };
  return { generated_utc: generatedUtc, items: lines.slice(-size).reverse() };
}

/** Which historical shape a `latest.json` has. */
export type LatestShape = "snapshot" | "feed" | "unknown" | "missing";

/** A `latest.json` as read. */
export interface LatestRead {
  /** Its shape. */
  shape: LatestShape;
  /** The parsed value (absent when missing or not JSON). */
  value?: Record<string, unknown>;
}

/**
 * Tells the shape of a `latest.json` text: `snapshot` (an object with a
 * `state` object and a `deltas` array), `feed` (`generated_utc` and an
 * `items` array, no `state`), `unknown` (anything else, including invalid
 * JSON) or `missing` (`null` text).
 *
 * @param text The file's text, or `null` when there is no file.
 * @returns The shape and the parsed value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLatestShape } from "./feed.ts";
 * assert(readLatestShape('{"generated_utc":null,"items":[]}').shape === "feed");
 * assert(readLatestShape('{"schema_version":"1.0","state":{"type":"empty"},"deltas":[]}').shape === "snapshot");
 * assert(readLatestShape("[1]").shape === "unknown");
 * ```
 */
export function readLatestShape(text: string | null): LatestRead {
  if (text === null) return { shape: "missing" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { shape: "unknown" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { shape: "unknown" };
  }
  const o = value as Record<string, unknown>;
  if (isObject(o.state) && Array.isArray(o.deltas)) return { shape: "snapshot", value: o };
  if ("generated_utc" in o && Array.isArray(o.items) && !("state" in o)) {
    return { shape: "feed", value: o };
  }
  return { shape: "unknown", value: o };
}

/**
 * The hash `validate_ltm.py` checks for a `latest.json` delta: SHA-256 of the
 * text with CRLF and CR turned into LF, as UTF-8; of the raw bytes when the
 * file is not UTF-8 text.
 *
 * @param bytes The file's bytes.
 * @returns 64 hex characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { latestDeltaHash } from "./feed.ts";
 * const enc = new TextEncoder();
 * assert(latestDeltaHash(enc.encode("a\r\nb\n")) === latestDeltaHash(enc.encode("a\nb\n")));
 * ```
 */
export function latestDeltaHash(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return sha256Hex(bytes);
  }
  return text.includes("\r") ? sha256Hex(text.replace(/\r\n?/g, "\n")) : sha256Hex(bytes);
}

/**
 * {@linkcode latestDeltaHash} of a file, streamed in 1 MiB chunks (constant
 * memory: a big delta is never read whole). CR LF and lone CR become LF on
 * the byte level (UTF-8 never uses 0x0D inside a character) and a leading
 * BOM is dropped, as decoding does; a file without CR, or not valid UTF-8,
 * gets its raw-bytes hash.
 *
 * @param path The file.
 * @param signal Aborts the read.
 * @returns 64 hex characters.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { latestDeltaHash, latestDeltaHashFile } from "./feed.ts";
 * const f = await Deno.makeTempFile();
 * await Deno.writeTextFile(f, "a\r\nb\rc\n");
 * assert.equal(await latestDeltaHashFile(f), latestDeltaHash(new TextEncoder().encode("a\nb\nc\n")));
 * await Deno.remove(f);
 * ```
 */
export async function latestDeltaHashFile(path: string, signal?: AbortSignal): Promise<string> {
  const raw = createHash("sha256");
  const text = createHash("sha256");
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let utf8 = true;
  let pendingCr = false;
  let sawCr = false;
  let first = true;
  using file = await Deno.open(path, { read: true });
  const buffer = new Uint8Array(1 << 20);
  for (;;) {
    signal?.throwIfAborted();
    const n = await file.read(buffer);
    if (n === null) break;
    const chunk = buffer.subarray(0, n);
    raw.update(chunk);
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
    }
    if (!utf8) continue;
    let start = 0;
    if (first) {
      first = false;
      // The decoder drops a BOM (a BOM cut across chunks cannot happen: chunks are 1 MiB).
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) start = 3;
    }
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (pendingCr) {
        pendingCr = false;
        text.update(LF);
        if (byte === 0x0a) {
          start = i + 1;
          continue;
        }
      }
      if (byte === 0x0d) {
        sawCr = true;
        text.update(chunk.subarray(start, i));
        pendingCr = true;
        start = i + 1;
      }
    }
    text.update(chunk.subarray(start));
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  if (!utf8 || !sawCr) return raw.digest("hex");
  if (pendingCr) text.update(LF);
  return text.digest("hex");
}

const LF = new Uint8Array([0x0a]);

/**
 * A fresh kit-shape `latest.json` with no snapshot.
 *
 * @param asOfUtc Its timestamp.
 * @param deltas Its deltas.
 * @returns The manifest.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emptyLatestManifest } from "./feed.ts";
 * assert(emptyLatestManifest("2026-01-10T12:00:00Z", []).state.type === "empty");
 * ```
 */
export function emptyLatestManifest(asOfUtc: string, deltas: LatestDelta[]): LatestManifest {
  return {
    schema_version: "1.0",
    as_of_utc: asOfUtc,
    state: { type: "empty", snapshot_path: null, snapshot_sha256: null },
    deltas,
    governance: { approval: "none", min_reviewers: 0, rules: [] },
  };
}

/** What {@linkcode updateLatestManifest} did. */
export type LatestUpdate =
  | "updated"
  | "created"
  | "converted"
  | "unchanged"
  | "skipped-unknown-shape";

/** What {@linkcode updateLatestManifest} adds. */
export interface LatestAddition {
  /** The deltas to add. */
  add: readonly LatestDelta[];
  /** The new `as_of_utc`. */
  asOfUtc: string;
  /** Hash of a feed item's file when converting (return `null` to keep the item's sha256). */
  hashOf?: (relPath: string) => Promise<string | null>;
}

/**
 * Adds deltas to `latest.json` in the kit shape: a snapshot-shaped file keeps
 * every key and gets the new deltas appended (by path; an entry with the
 * same path and hash is left alone) and `as_of_utc` bumped; a feed-shaped
 * file is converted (its items become deltas, oldest first); a missing file
 * is created; a file of unknown shape is not touched.
 *
 * @param path The `latest.json` file.
 * @param addition The deltas, the timestamp, and how to hash converted feed items.
 * @returns What was done.
 * @throws {Deno.errors.PermissionDenied} When the file cannot be read or written.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { updateLatestManifest } from "./feed.ts";
 * const dir = await Deno.makeTempDir();
 * const add = [{ path: "deltas/2026-01/a.mips.json", sha256: "0".repeat(64) }];
 * assert(await updateLatestManifest(`${dir}/latest.json`, { add, asOfUtc: "2026-01-10T12:00:00Z" }) === "created");
 * assert(await updateLatestManifest(`${dir}/latest.json`, { add, asOfUtc: "2026-01-10T12:00:00Z" }) === "unchanged");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function updateLatestManifest(
  path: string,
  addition: LatestAddition,
): Promise<LatestUpdate> {
  const { add, asOfUtc, hashOf } = addition;
  let text: string | null = null;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const read = readLatestShape(text);
  let manifest: Record<string, unknown>;
  let outcome: LatestUpdate;
  if (read.shape === "unknown") return "skipped-unknown-shape";
  if (read.shape === "missing") {
    manifest = emptyLatestManifest(asOfUtc, []) as unknown as Record<string, unknown>;
    outcome = "created";
  } else if (read.shape === "feed") {
    const items = (read.value!.items as unknown[]).filter(isObject).slice().reverse();
    const deltas: LatestDelta[] = [];
    for (const item of items) {
      if (typeof item.path !== "string" || typeof item.sha256 !== "string") continue;
      if (!item.path.startsWith("deltas/")) continue;
      deltas.push({ path: item.path, sha256: (await hashOf?.(item.path)) ?? item.sha256 });
    }
    manifest = emptyLatestManifest(asOfUtc, deltas) as unknown as Record<string, unknown>;
    outcome = "converted";
  } else {
    manifest = { ...read.value! };
    outcome = "unchanged";
  }
  const deltas = (manifest.deltas as unknown[]).slice();
  let changed = false;
  for (const d of add) {
    const i = deltas.findIndex((x) => isObject(x) && x.path === d.path);
    if (i >= 0) {
      const existing = deltas[i] as Record<string, unknown>;
      if (existing.sha256 === d.sha256) continue;
      deltas[i] = { ...existing, ...d };
    } else deltas.push({ ...d });
    changed = true;
  }
  if (!changed && outcome === "unchanged") return "unchanged";
  manifest.deltas = deltas;
  manifest.as_of_utc = asOfUtc;
  await writeJsonAtomic(path, manifest);
  return outcome === "unchanged" ? "updated" : outcome;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
