/**
 * Small checks the profiles share (private): required files and folders
 * under the generation's root, JSON files that must parse, claims from one
 * field of one file, and the self-hashes of every captured JSON file.
 *
 * @module
 */
import type { ClaimSource, Finding, Severity } from "../../../schemas/bundle.ts";
import { finding } from "../findings.ts";
import { isObject } from "../generation.ts";
import { checkClaims, claimFindings, hashClaims, type RawClaim } from "./claims.ts";
import type { ProfileCheckContext, ProfileCheckResult } from "./profile.ts";
import { checkSelfHash } from "./self_hash.ts";

/** Collects findings and claims while a profile checks a bundle. */
export class Report {
  /** Findings so far. */
  readonly findings: Finding[] = [];
  /** Claims so far. */
  readonly claims: ClaimSource[] = [];
  /** A version the bundle states. */
  version: string | undefined;

  /**
   * @param ctx The check context.
   * @param label Who requires the files (`Gen-D boot.py`), used in messages.
   */
  constructor(readonly ctx: ProfileCheckContext, readonly label: string) {}

  /** The entry name of a root-relative path. */
  at(rel: string): string {
    return this.ctx.root + rel;
  }

  /** Whether a root-relative file is in the zip. */
  has(rel: string): boolean {
    return this.ctx.layout.fileSet.has(this.at(rel));
  }

  /** Whether a root-relative folder holds at least one entry (a directory entry alone does not count). */
  hasFolder(rel: string): boolean {
    const prefix = this.at(rel.replace(/\/+$/, "") + "/");
    return this.ctx.layout.files.some((f) => f.startsWith(prefix));
  }

  /** A root-relative path is a file, or a folder with content. */
  present(rel: string): boolean {
    return this.has(rel) || this.hasFolder(rel);
  }

  /** Parsed JSON of a root-relative file (undefined when absent or invalid). */
  json(rel: string): unknown {
    return this.ctx.content.json(this.at(rel));
  }

  /** Adds a finding. */
  add(f: Finding): void {
    this.findings.push(f);
  }

  /**
   * Requires root-relative files (or folders with content): each missing one
   * is a finding of `code` (`REQUIRED_FILE_MISSING` by default).
   */
  require(
    paths: readonly string[],
    why: string,
    options: { code?: string; severity?: Severity } = {},
  ): number {
    let missing = 0;
    for (const rel of paths) {
      if (this.present(rel)) continue;
      missing++;
      this.add(finding(
        options.code ?? "REQUIRED_FILE_MISSING",
        `${this.at(rel)} is missing: ${why}`,
        this.at(rel),
        { required_by: this.label },
        options.severity,
      ));
    }
    return missing;
  }

  /** Requires root-relative folders to hold at least one file. */
  requireFolders(dirs: readonly string[], why: string): void {
    for (const dir of dirs) {
      if (this.hasFolder(dir)) continue;
      this.add(finding(
        "REQUIRED_DIRECTORY_MISSING",
        `${this.at(dir)}/ is missing or empty: ${why}`,
        this.at(dir),
        { required_by: this.label },
      ));
    }
  }

  /** A root-relative file that is present must parse as JSON; returns the value. */
  requireJson(rel: string, why: string, severity?: Severity): unknown {
    if (!this.has(rel)) return undefined;
    const value = this.json(rel);
    if (value === undefined) {
      this.add(finding(
        "FILE_INVALID",
        `${this.at(rel)} is not valid JSON (or too large to read): ${why}`,
        this.at(rel),
        { required_by: this.label },
        severity,
      ));
    }
    return value;
  }

  /** Checks claims and adds their findings. */
  claim(
    source: string,
    what: string,
    claims: readonly RawClaim[],
    options: { bases?: readonly string[]; weight?: "strict" | "info" } = {},
  ): ClaimSource | undefined {
    if (!claims.length) return undefined;
    const checked = checkClaims(source, what, claims, {
      files: this.ctx.layout.files,
      hashes: this.ctx.hashes,
      sizes: this.ctx.sizes,
    }, {
      bases: options.bases ?? [this.ctx.root],
      ...(options.weight ? { weight: options.weight } : {}),
    });
    this.claims.push(checked);
    this.findings.push(...claimFindings(checked));
    return checked;
  }

  /** Checks the hash map at `field` of a root-relative JSON file, in whatever shape it has. */
  claimField(
    rel: string,
    field: string,
    what: string,
    options: { bases?: readonly string[]; weight?: "strict" | "info" } = {},
  ): ClaimSource | undefined {
    const value = this.json(rel);
    if (!isObject(value)) return undefined;
    return this.claim(this.at(rel), `${field}: ${what}`, hashClaims(value[field]), options);
  }

  /** Checks the self-hash of every captured JSON entry under the root that declares one. */
  selfHashes(filter: (name: string) => boolean = () => true): void {
    const items = this.ctx.layout.files
      .filter((n) => n.startsWith(this.ctx.root) && n.endsWith(".json") && filter(n))
      .flatMap((n) => {
        const text = this.ctx.content.text(n);
        const item = text === undefined ? undefined : checkSelfHash(n, text);
        return item ? [item] : [];
      });
    if (!items.length) return;
    const count = (s: string) => items.filter((i) => i.status === s).length;
    const source: ClaimSource = {
      source: this.ctx.root || "(zip root)",
      what:
        "self-hashes: receipts whose hash key is the sha256 of json.dumps(the rest, sort_keys=True)",
      weight: "strict",
      verified: count("verified"),
      stale: count("stale"),
      absent: 0,
      items,
    };
    this.claims.push(source);
    this.findings.push(...claimFindings(source));
  }

  /** The result. */
  result(): ProfileCheckResult {
    return {
      findings: this.findings,
      claims: this.claims,
      ...(this.version === undefined ? {} : { version: this.version }),
    };
  }
}

/** A string array, or [] for anything else. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Paths of a list of strings or `{path|file}` objects. */
export function pathList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    if (typeof v === "string") return [v];
    if (isObject(v)) {
      const p = v.path ?? v.file;
      return typeof p === "string" ? [p] : [];
    }
    return [];
  });
}

/**
 * A root-relative path from a path a bundle writes: strips `./`, a leading
 * `/mnt/data/` or `/mnt/user-data/`, and a first folder that names the wrapper
 * (`Metablooms_OS/x` in a bundle wrapped in `mb_os_v10_full/` means `x`).
 */
export function relPath(path: string, root: string): string {
  let p = path.replaceAll("\\", "/").replace(/^(\.\/)+/, "");
  for (const prefix of ["/mnt/data/", "/mnt/user-data/outputs/", "/mnt/user-data/"]) {
    if (p.startsWith(prefix)) p = p.slice(prefix.length);
  }
  const wrapper = root.replace(/\/$/, "").split("/").at(-1)?.toLowerCase() ?? "";
  const first = p.split("/")[0]!.toLowerCase();
  if (p.includes("/") && (first === wrapper || first === "metablooms_os")) {
    p = p.slice(p.indexOf("/") + 1);
  }
  return p.replace(/\/+$/, "");
}
