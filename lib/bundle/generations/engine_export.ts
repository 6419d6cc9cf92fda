/**
 * `ENGINE_EXPORT` (generations.md §7): loose MPP engine files flat at the zip
 * root (a `__pycache__/` aside) with an `EXTRACTION_RECEIPT.json`
 * `{artifact_type, source, target, files[], file_count, hash}`. Not an OS
 * bundle: named; the receipts' file lists and self-hashes checked.
 *
 * @module
 */
import { isObject } from "../generation.ts";
import { Report } from "./_helpers.ts";
import { hashClaims, listedClaims } from "./claims.ts";
import type { BundleLayout, GenerationProfile } from "./profile.ts";

function hit(l: BundleLayout): boolean {
  return l.root === "" && l.fileSet.has("EXTRACTION_RECEIPT.json") &&
    l.names.every((n) => !n.includes("/") || n.startsWith("__pycache__/"));
}

/** ENGINE_EXPORT. */
export const ENGINE_EXPORT: GenerationProfile = {
  id: "ENGINE_EXPORT",
  generation: "NOT_A_BUNDLE",
  kind: "ENGINE_EXPORT",
  label: "Engine export (loose engine files at the zip root with an EXTRACTION_RECEIPT.json)",
  detection: {
    rule: 9,
    byNames: hit,
    decide: (l) =>
      hit(l)
        ? { root: "", reason: "every entry at the zip root, with EXTRACTION_RECEIPT.json" }
        : undefined,
  },
  wants: (name) => name.endsWith(".json"),
  check(ctx) {
    const rep = new Report(ctx, "engine export receipt");
    for (const name of ctx.layout.files.filter((f) => /RECEIPT.*\.json$/i.test(f))) {
      const value = ctx.content.json(name);
      if (!isObject(value)) continue;
      const hashed = hashClaims(value.files);
      rep.claim(
        name,
        hashed.length ? "files[]: hashes of the exported files" : "files[]: the exported files",
        hashed.length ? hashed : listedClaims(value.files),
      );
    }
    rep.selfHashes();
    return rep.result();
  },
};
