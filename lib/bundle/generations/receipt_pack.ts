/**
 * `RECEIPT_PACK` (generations.md §7): only top-level JSON files, at least one
 * `*_RECEIPT.json` — evidence for a snapshot, no code. Not an OS bundle:
 * named; each `<x>_sha256` a receipt binds to a file of the pack (through
 * `<x>_reference`/`<x>_path`, else by hash) is checked, and the paths the
 * receipts list (which point at an extracted snapshot elsewhere) are reported
 * as information.
 *
 * @module
 */
import { isObject } from "../generation.ts";
import { Report } from "./_helpers.ts";
import { digestOf, hashClaims, type RawClaim } from "./claims.ts";
import type { BundleLayout, GenerationProfile } from "./profile.ts";

function hit(l: BundleLayout): boolean {
  return l.root === "" && l.files.length > 0 &&
    l.files.every((f) => !f.includes("/") && f.endsWith(".json")) &&
    l.files.some((f) => f.endsWith("_RECEIPT.json"));
}

/** RECEIPT_PACK. */
export const RECEIPT_PACK: GenerationProfile = {
  id: "RECEIPT_PACK",
  generation: "NOT_A_BUNDLE",
  kind: "RECEIPT_PACK",
  label: "Receipt pack (receipts and the evidence files they bind, no code)",
  detection: {
    rule: 10,
    byNames: hit,
    decide: (l) =>
      hit(l)
        ? { root: "", reason: `${l.files.length} top-level JSON files with a *_RECEIPT.json` }
        : undefined,
  },
  wants: (name) => name.endsWith(".json"),
  check(ctx) {
    const rep = new Report(ctx, "receipt pack");
    for (const name of ctx.layout.files.filter((f) => f.endsWith("_RECEIPT.json"))) {
      const receipt = ctx.content.json(name);
      if (!isObject(receipt)) continue;
      const bound = boundFiles(receipt, ctx.layout.files, ctx.hashes);
      rep.claim(name, "<x>_sha256: the pack files it binds", bound);
      for (const field of ["files", "hashes", "artifact_hashes", "sha256"]) {
        rep.claim(
          name,
          `${field}: files of the snapshot it describes`,
          hashClaims(receipt[field]),
          {
            weight: "info",
          },
        );
      }
    }
    rep.selfHashes();
    return rep.result();
  },
};

/** `<x>_sha256` keys, resolved through `<x>_reference`/`<x>_path`/`<x>_file`, else by hash. */
function boundFiles(
  receipt: Record<string, unknown>,
  files: readonly string[],
  hashes: ReadonlyMap<string, string>,
): RawClaim[] {
  const out: RawClaim[] = [];
  for (const [key, value] of Object.entries(receipt)) {
    const sha256 = key.endsWith("_sha256") ? digestOf(value) : undefined;
    if (sha256 === undefined) continue;
    const stem = key.slice(0, -"_sha256".length);
    const named = [`${stem}_reference`, `${stem}_path`, `${stem}_file`, stem]
      .map((k) => receipt[k]).find((v): v is string => typeof v === "string" && v !== "");
    const byHash = files.find((f) => hashes.get(f) === sha256);
    const target = named ?? byHash;
    if (target !== undefined) out.push({ key: target, sha256 });
  }
  return out;
}
