/**
 * `OS_DELTA` (generations.md §7): a partial overlay of 5–10 files meant to be
 * merged onto a Gen-F tree — wrapper `Metablooms_OS/` (any case, sometimes
 * doubled), at most 20 files, engines or `metablooms_runtime_entry.py`, and
 * none of the bundle rules. Not an OS bundle: named, its files listed, its
 * self-hashes checked; not booted.
 *
 * @module
 */
import { finding } from "../findings.ts";
import { Report } from "./_helpers.ts";
import type { BundleLayout, GenerationProfile } from "./profile.ts";

const CODE = /(^|\/)(engines\/[^/]+\.py|metablooms_runtime_entry\.py)$/;

function hit(l: BundleLayout): boolean {
  return /^metablooms_os\/$/i.test(l.root) && l.files.length <= 20 &&
    l.files.some((f) => CODE.test(f));
}

/** OS_DELTA. */
export const OS_DELTA: GenerationProfile = {
  id: "OS_DELTA",
  generation: "NOT_A_BUNDLE",
  kind: "OS_DELTA",
  label: "OS delta (a partial overlay of a few files, merged onto a Gen-F tree)",
  detection: {
    rule: 8,
    byNames: hit,
    decide: (l) =>
      hit(l)
        ? {
          root: l.root,
          reason:
            `${l.files.length} files under ${l.root} with engine or runtime-entry code, no boot index or launcher`,
        }
        : undefined,
  },
  wants: (name) => name.endsWith(".json"),
  check(ctx) {
    const rep = new Report(ctx, "OS delta");
    if (ctx.layout.innerRoot !== ctx.layout.root) {
      rep.add(finding(
        "DOUBLE_WRAPPER",
        `The files sit in ${ctx.layout.innerRoot}: merging the overlay at ${ctx.layout.root} would land them one folder too deep`,
        ctx.layout.innerRoot,
      ));
    }
    rep.selfHashes();
    return rep.result();
  },
};
