/**
 * Findings for a launcher whose imports the bundle does not provide (private).
 *
 * @module
 */
import type { Finding, Severity } from "../../../schemas/bundle.ts";
import { finding } from "../findings.ts";
import type { ProfileCheckContext } from "./profile.ts";
import { moduleProvided, pythonImports } from "./python_imports.ts";

/**
 * `IMPORT_UNRESOLVED` for every unguarded import of `entry` that neither the
 * bundle nor the standard library provides (nothing when `entry` was not read):
 * an error when the bundle ships the package but not the module, else
 * `unknownSeverity` (the module may be a third-party package the host has).
 */
export function unresolvedImportFindings(
  ctx: ProfileCheckContext,
  entry: string,
  unknownSeverity: Severity,
): Finding[] {
  const source = ctx.content.text(entry);
  if (source === undefined) return [];
  return pythonImports(source)
    .filter((i) => !i.guarded && !moduleProvided(i.module, entry, ctx.layout.names))
    .map((i) => {
      const top = i.module.replace(/^\.+/, "").split(".")[0]!;
      const shipsPackage = i.module.startsWith(".") ||
        moduleProvided(top, entry, ctx.layout.names);
      return finding(
        "IMPORT_UNRESOLVED",
        `${entry} line ${i.line} imports ${i.module}, which neither the bundle nor Python's standard library provides: ${
          shipsPackage
            ? "the file cannot be imported"
            : "it runs only where that package is installed"
        }`,
        entry,
        { module: i.module, line: i.line },
        shipsPackage ? "error" : unknownSeverity,
      );
    });
}
