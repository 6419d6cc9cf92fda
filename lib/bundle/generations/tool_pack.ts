/**
 * `TOOL_PACK` (generations.md §7): the MBML lint/quality pipeline — a `mbml`
 * launcher and `mbml_core/`, with build manifests `{files{<path>: {sha256}}}`
 * and `_manifest.json` files. Not an OS bundle: named; its manifests' hashes checked.
 *
 * @module
 */
import { isObject } from "../generation.ts";
import { Report } from "./_helpers.ts";
import { hashClaims } from "./claims.ts";
import type { BundleLayout, GenerationProfile } from "./profile.ts";

function hit(l: BundleLayout): boolean {
  return l.fileSet.has(`${l.root}mbml`) && [...l.rel].some((n) => n.startsWith("mbml_core/"));
}

/** TOOL_PACK. */
export const TOOL_PACK: GenerationProfile = {
  id: "TOOL_PACK",
  generation: "NOT_A_BUNDLE",
  kind: "TOOL_PACK",
  label: "Tool pack (the MBML pipeline: mbml launcher, mbml_core/)",
  detection: {
    rule: 11,
    byNames: hit,
    decide: (l) =>
      hit(l) ? { root: l.root, reason: `${l.root}mbml and ${l.root}mbml_core/` } : undefined,
  },
  wants: (name) => /(manifest[^/]*\.json)$/i.test(name),
  check(ctx) {
    const rep = new Report(ctx, "MBML tool pack");
    for (const name of ctx.layout.files.filter((f) => /manifest[^/]*\.json$/i.test(f))) {
      const value = ctx.content.json(name);
      if (!isObject(value)) continue;
      const folder = name.slice(0, name.lastIndexOf("/") + 1);
      rep.claim(name, "files{}: hashes of the pipeline files", hashClaims(value.files ?? value), {
        bases: [folder, ctx.root],
      });
    }
    rep.selfHashes();
    return rep.result();
  },
};
