/**
 * Integrity claims, in every hash-map shape the real bundles use
 * (generations.md §8: `[{path, sha256}]`, `{path: hex}`, `{path: "sha256:hex"}`,
 * `{path: {sha256}}`, `{name: {path, sha256}}`), with keys given as paths
 * relative to some folder, as basenames, or as absolute `/mnt/data/…` /
 * `/mnt/user-data/…` paths, resolved against the zip's entries and checked
 * against the hashes of the one streaming pass.
 *
 * @module
 */
import type { ClaimItem, ClaimSource, Finding } from "../../../schemas/bundle.ts";
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";

/** One claim as a file states it. */
export interface RawClaim {
  /** The key or path as written. */
  key: string;
  /** Claimed SHA-256 (lowercase hex); absent for a listing-only claim. */
  sha256?: string;
  /** Claimed size in bytes. */
  bytes?: number;
}

/** What claim resolution checks against. */
export interface ClaimFacts {
  /** Every file entry name. */
  files: readonly string[];
  /** SHA-256 by entry name. */
  hashes: ReadonlyMap<string, string>;
  /** Uncompressed size by entry name. */
  sizes: ReadonlyMap<string, number>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * A claimed digest in any of the written forms (`hex`, `sha256:hex`, upper case), or undefined.
 *
 * @param value A JSON value.
 * @returns 64 lowercase hex characters, or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { digestOf } from "./claims.ts";
 * assert.equal(digestOf("sha256:" + "AB".repeat(32)), "ab".repeat(32));
 * assert.equal(digestOf("nope"), undefined);
 * ```
 */
export function digestOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const hex = value.trim().replace(/^sha-?256:/i, "").toLowerCase();
  return HEX64.test(hex) ? hex : undefined;
}

/**
 * Reads hash claims from a JSON value in any of the five shapes; values that
 * hold no digest are skipped.
 *
 * @param value An array of `{path|file|name, sha256|hash|sha}` objects, or an
 * object mapping a path or name to a digest, `sha256:`-digest, `{sha256}` or `{path, sha256}`.
 * @returns The claims, in the order written.
 *
 * @example All five shapes
 * ```ts
 * import assert from "node:assert/strict";
 * import { hashClaims } from "./claims.ts";
 * const h = "a".repeat(64);
 * assert.equal(hashClaims([{ path: "x", sha256: h }])[0]?.key, "x");
 * assert.equal(hashClaims({ x: h })[0]?.sha256, h);
 * assert.equal(hashClaims({ x: `sha256:${h}` })[0]?.sha256, h);
 * assert.equal(hashClaims({ x: { sha256: h } })[0]?.key, "x");
 * assert.equal(hashClaims({ engine: { path: "/mnt/data/OS/e.py", sha256: h } })[0]?.key, "/mnt/data/OS/e.py");
 * ```
 */
export function hashClaims(value: unknown): RawClaim[] {
  const out: RawClaim[] = [];
  const fromObject = (fallbackKey: string | undefined, o: Record<string, unknown>) => {
    const sha256 = digestOf(o.sha256 ?? o.hash ?? o.sha256_hex ?? o.sha);
    const key = [o.path, o.file, o.relpath, fallbackKey, o.name].find((k) =>
      typeof k === "string" && k !== ""
    ) as string | undefined;
    if (sha256 === undefined || key === undefined) return;
    const bytes = typeof o.bytes === "number"
      ? o.bytes
      : typeof o.size_bytes === "number"
      ? o.size_bytes
      : typeof o.size === "number"
      ? o.size
      : undefined;
    out.push({ key, sha256, ...(bytes === undefined ? {} : { bytes }) });
  };
  if (Array.isArray(value)) {
    for (const item of value) if (isObject(item)) fromObject(undefined, item);
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const sha256 = digestOf(v);
      if (sha256 !== undefined) out.push({ key, sha256 });
      else if (isObject(v)) fromObject(key, v);
    }
  }
  return out;
}

/**
 * Listing-only claims: the paths of an array of strings or of `{path}` objects.
 *
 * @param value The list.
 * @returns One claim per path.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listedClaims } from "./claims.ts";
 * assert.deepEqual(listedClaims(["a", { path: "b" }, 3]).map((c) => c.key), ["a", "b"]);
 * ```
 */
export function listedClaims(value: unknown): RawClaim[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const key = typeof v === "string" ? v : isObject(v) && typeof v.path === "string" ? v.path : "";
    return key ? [{ key }] : [];
  });
}

const ABSOLUTE_PREFIXES = [
  /^\/mnt\/user-data\/(?:outputs|uploads)\//,
  /^\/mnt\/user-data\//,
  /^\/mnt\/data\//,
];

/**
 * The entries a claim key can mean, best first: the key under one of `bases`;
 * else the entries ending with the longest tail of the key (an absolute
 * `/mnt/data/…` path, or a path relative to a folder the claim does not name);
 * else the entries with the key's basename.
 *
 * @param key The key as written.
 * @param files Every file entry name.
 * @param bases Folders to try first (with trailing slash, "" = the zip root).
 * @returns Candidate entry names (empty when none).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { claimCandidates } from "./claims.ts";
 * const files = ["OS/governance/gate.py", "OS/engines/e.py", "OS/_bts/e.py"];
 * assert.deepEqual(claimCandidates("/mnt/data/OS/governance/gate.py", files, ["OS/"]), ["OS/governance/gate.py"]);
 * assert.deepEqual(claimCandidates("governance/gate.py", files, ["OS/"]), ["OS/governance/gate.py"]);
 * assert.deepEqual(claimCandidates("e.py", files, []), ["OS/engines/e.py", "OS/_bts/e.py"]);
 * ```
 */
export function claimCandidates(
  key: string,
  files: readonly string[],
  bases: readonly string[],
): string[] {
  let path = key.replaceAll("\\", "/").trim();
  const absolute = path.startsWith("/");
  for (const prefix of ABSOLUTE_PREFIXES) path = path.replace(prefix, "");
  path = path.replace(/^(\.\/)+/, "").replace(/^\/+/, "");
  if (!path) return [];
  const set = new Set(files);
  if (!absolute) {
    for (const base of bases) if (set.has(base + path)) return [base + path];
  }
  const segments = path.split("/").filter(Boolean);
  // A relative path with folders names those folders: never fall back to its bare basename.
  const shortest = absolute || segments.length === 1 ? 1 : 2;
  const inBase = (f: string) => bases.some((b) => f.startsWith(b));
  for (let i = 0; i <= segments.length - shortest; i++) {
    const tail = segments.slice(i).join("/");
    const hits = files.filter((f) => f === tail || f.endsWith(`/${tail}`));
    if (hits.length) return [...hits.filter(inBase), ...hits.filter((f) => !inBase(f))];
  }
  return [];
}

/**
 * Checks claims against the bundle: each is `verified` (a candidate entry has
 * the claimed hash and size, or, for a listing, exists), `stale` (it resolves
 * but differs) or `absent`.
 *
 * @param source The entry holding the claims.
 * @param what Which field and what it promises.
 * @param claims The claims.
 * @param facts Entries, hashes, sizes.
 * @param options `bases` to resolve relative keys against first; `weight` of drift.
 * @returns The checked source.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkClaims } from "./claims.ts";
 * const h = "a".repeat(64);
 * const facts = { files: ["OS/x.py"], hashes: new Map([["OS/x.py", h]]), sizes: new Map([["OS/x.py", 3]]) };
 * const s = checkClaims("OS/R.json", "sha256 map", [{ key: "x.py", sha256: h }, { key: "gone.py", sha256: h }], facts, { bases: ["OS/"] });
 * assert.deepEqual([s.verified, s.stale, s.absent], [1, 0, 1]);
 * ```
 */
export function checkClaims(
  source: string,
  what: string,
  claims: readonly RawClaim[],
  facts: ClaimFacts,
  options: { bases?: readonly string[]; weight?: "strict" | "info" } = {},
): ClaimSource {
  const items: ClaimItem[] = claims.map((claim) => {
    const candidates = claimCandidates(claim.key, facts.files, options.bases ?? []);
    const base = {
      key: claim.key,
      ...(claim.sha256 === undefined ? {} : { expected: claim.sha256 }),
    };
    if (candidates.length === 0) return { ...base, status: "absent" as const };
    const matches = (name: string) =>
      (claim.sha256 === undefined || facts.hashes.get(name) === claim.sha256) &&
      (claim.bytes === undefined || facts.sizes.get(name) === claim.bytes);
    const hit = candidates.find(matches);
    if (hit !== undefined) return { ...base, path: hit, status: "verified" as const };
    const path = candidates[0]!;
    const actual = facts.hashes.get(path);
    return {
      ...base,
      path,
      status: "stale" as const,
      ...(actual === undefined ? {} : { actual }),
    };
  });
  const count = (s: ClaimItem["status"]) => items.filter((i) => i.status === s).length;
  return {
    source,
    what,
    weight: options.weight ?? "strict",
    verified: count("verified"),
    stale: count("stale"),
    absent: count("absent"),
    items,
  };
}

/**
 * Findings for checked claims: `CLAIMS_VERIFIED` (info) when all hold, else
 * `CLAIM_STALE` / `CLAIM_ABSENT` naming the files — warnings (errors with
 * `strict`), or info for sources whose drift is expected.
 *
 * @param source A checked source.
 * @returns Findings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkClaims, claimFindings } from "./claims.ts";
 * const s = checkClaims("R.json", "map", [{ key: "x", sha256: "a".repeat(64) }], { files: [], hashes: new Map(), sizes: new Map() });
 * assert.equal(claimFindings(s)[0]?.code, "CLAIM_ABSENT");
 * ```
 */
export function claimFindings(source: ClaimSource): Finding[] {
  const total = source.items.length;
  if (total === 0) return [];
  const severity = source.weight === "info" ? "info" : undefined;
  const out: Finding[] = [];
  for (const [status, code] of [["stale", "CLAIM_STALE"], ["absent", "CLAIM_ABSENT"]] as const) {
    const items = source.items.filter((i) => i.status === status);
    if (!items.length) continue;
    const shown = items.slice(0, 8).map((i) => i.path ?? i.key);
    out.push(finding(
      code,
      `${source.source} (${source.what}): ${items.length} of ${total} claims ${
        status === "stale" ? "do not match the file" : "name a file the zip does not hold"
      }: ${shown.join(", ")}${items.length > shown.length ? ", …" : ""}${
        source.weight === "info" ? " (expected drift: superseded by later stages)" : ""
      }`,
      source.source,
      { [status]: items.length, total, paths: shown },
      severity,
    ));
  }
  if (out.length === 0) {
    out.push(finding(
      "CLAIMS_VERIFIED",
      `${source.source} (${source.what}): all ${total} claims verified`,
      source.source,
      { verified: total },
    ));
  }
  return out;
}
