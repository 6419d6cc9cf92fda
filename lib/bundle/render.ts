/**
 * Short text renderings of the bundle results, shared by the CLI and the MCP
 * tools so both doors say the same thing.
 *
 * @module
 */
import type {
  BuildResult,
  ExtractResult,
  Inspection,
  SigningKeyInfo,
  Verdict,
} from "../../schemas/bundle.ts";
import { CATEGORIES } from "./findings.ts";
import { formatBytes } from "./sniff.ts";

/**
 * Renders a verdict: headline, identity, per-check status, findings (info
 * findings only up to `maxInfo`).
 *
 * @param verdict The verdict.
 * @param maxFindings Most findings listed. @default {60}
 * @returns Text.
 *
 * @example
 * ```ts ignore
 * console.log(renderVerdict(await validateBundle("os.zip")));
 * ```
 */
export function renderVerdict(verdict: Verdict, maxFindings = 60): string {
  const id = verdict.identity;
  const head = verdict.ok ? "VALID" : verdict.readable ? "INVALID" : "UNREADABLE";
  const lines = [
    `${head}: ${id.name} — generation ${id.generation}${
      id.kind !== "OS_BUNDLE" && id.kind !== "unknown" ? ` (${id.kind})` : ""
    }${id.root ? ` (wrapped in ${id.root}/)` : ""}${id.version ? `, ${id.version}` : ""}${
      verdict.strict ? ", strict" : ""
    }`,
    `  sha256 ${id.sha256}  ${
      formatBytes(id.size)
    }  ${id.entry_count} entries  layout: ${verdict.layout_source}`,
    `  checks: ${CATEGORIES.map((c) => `${c} ${verdict.checks[c]}`).join(", ")}`,
    `  ${verdict.counts.error} errors, ${verdict.counts.warning} warnings, ${verdict.counts.info} notes`,
    ...verdict.claims.map((c) =>
      `  claims ${c.source} (${
        c.what.split(":")[0]
      }): ${c.verified} verified, ${c.stale} stale, ${c.absent} absent${
        c.weight === "info" ? " (drift expected)" : ""
      }`
    ),
  ];
  for (const f of verdict.findings.slice(0, maxFindings)) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.code}: ${f.message}`);
  }
  if (verdict.findings.length > maxFindings) {
    lines.push(`  … ${verdict.findings.length - maxFindings} more (use --json for all)`);
  }
  return lines.join("\n");
}

/**
 * Renders an inspection: summary, manifests, entry table, and the requested content.
 *
 * @param inspection The inspection.
 * @returns Text.
 *
 * @example
 * ```ts ignore
 * console.log(renderInspection(await inspectBundle("os.zip")));
 * ```
 */
export function renderInspection(inspection: Inspection): string {
  if (inspection.content) {
    const c = inspection.content;
    const note = c.truncated ? `\n[… truncated at ${c.bytes} of ${c.size} bytes]` : "";
    return c.encoding === "utf-8"
      ? c.content + note
      : `[${c.size} bytes of binary data, base64]\n${c.content}${note}`;
  }
  const lines = [
    `${inspection.name}: generation ${inspection.generation}${
      inspection.root ? ` (wrapped in ${inspection.root}/)` : ""
    }, ${inspection.entry_count} entries, ${formatBytes(inspection.total_size)} uncompressed, ${
      formatBytes(inspection.size)
    } on disk${inspection.zip64 ? ", zip64" : ""}`,
  ];
  for (const [key, value] of Object.entries(inspection.manifests)) {
    lines.push(`  ${key}: ${JSON.stringify(value).slice(0, 300)}`);
  }
  if (inspection.meep) {
    const m = inspection.meep;
    lines.push(
      `  MEEP (${m.standard}${
        m.date ? `, ${m.date}` : ""
      }): ${m.listed} listed, ${m.missing} missing, ${m.unlisted} unlisted`,
    );
  }
  lines.push(
    "",
    `${"size".padStart(12)} ${"packed".padStart(12)} ${"method".padEnd(8)} ${"crc32".padEnd(8)} ${
      "mtime".padEnd(20)
    } name`,
  );
  for (const e of inspection.entries) {
    const flags = `${e.is_symlink ? " [symlink]" : ""}${e.encrypted ? " [encrypted]" : ""}`;
    lines.push(
      `${String(e.size).padStart(12)} ${String(e.compressed_size).padStart(12)} ${
        e.method.padEnd(8)
      } ${e.crc32} ${(e.mtime ?? "-").padEnd(20)} ${e.name}${flags}`,
    );
  }
  return lines.join("\n");
}

/**
 * Renders a build result.
 *
 * @param result The build result.
 * @returns Text.
 *
 * @example
 * ```ts ignore
 * console.log(renderBuild(await buildBundle("src", { version: "v1.0.0" })));
 * ```
 */
export function renderBuild(result: BuildResult): string {
  return [
    `${result.verdict.ok ? "BUILT" : "BUILT BUT INVALID"}: ${result.bundle_path}`,
    `  sha256 ${result.sha256}  ${
      formatBytes(result.size)
    }  ${result.file_count} files  generation ${result.verdict.identity.generation}`,
    `  receipt ${result.receipt_path}${result.signed ? " (signed)" : ""}`,
    `  sidecar ${result.sidecar_path}`,
    ...(result.verdict.ok ? [] : [renderVerdict(result.verdict)]),
  ].join("\n");
}

/**
 * Renders an extraction result.
 *
 * @param result The extraction result.
 * @returns Text.
 *
 * @example
 * ```ts ignore
 * console.log(renderExtract(await extractBundle("os.zip", "out")));
 * ```
 */
export function renderExtract(result: ExtractResult): string {
  const warnings = result.verdict.counts.warning;
  return `EXTRACTED: ${result.verdict.identity.name} → ${result.dest} (${result.files} files, ${
    formatBytes(result.bytes)
  }${warnings ? `, ${warnings} warnings` : ""})`;
}

/**
 * Renders a generated key.
 *
 * @param key The key info.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderKey } from "./render.ts";
 * assert(renderKey({ path: "k.jwk", public_key: "abc", key_id: "0123" }).includes("k.jwk"));
 * ```
 */
export function renderKey(key: SigningKeyInfo): string {
  return `KEY: wrote Ed25519 private key ${key.path} (key id ${key.key_id}, public key ${key.public_key}); keep it secret`;
}
