/**
 * Human renderings of the living image's results (CLI output, MCP text).
 *
 * @module
 */
import type {
  ImageHistory,
  ImageObjectList,
  ImageObjectView,
  ImageUndoResult,
  SendResult,
} from "../../schemas/image.ts";

const json = (v: unknown) => JSON.stringify(v);

/**
 * A send's answer, with the cycles it ran.
 *
 * @param r The result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSend } from "./render.ts";
 * const text = renderSend({ object: "o", selector: "s", result: 3, found_in: "o", learned: false, changed_slots: [], tx_id: null, cycles: [] });
 * assert.equal(text, "o s -> 3");
 * ```
 */
export function renderSend(r: SendResult): string {
  const lines = [`${r.object} ${r.selector} -> ${json(r.result)}`];
  if (r.found_in !== r.object) lines.push(`  answered by ${r.found_in}`);
  if (r.changed_slots.length) lines.push(`  changed: ${r.changed_slots.join(", ")} (${r.tx_id})`);
  for (const c of r.cycles) {
    lines.push(
      `  cycle ${c.cycle_id} (attempt ${c.attempt}): ${c.outcome}` +
        (c.error ? ` at ${c.failed_state}: ${c.error.code}: ${c.error.message}` : ""),
    );
  }
  if (r.learned) lines.push(`  learned ${r.selector}: the method is now in ${r.found_in}`);
  return lines.join("\n");
}

/**
 * The object list.
 *
 * @param r The list.
 * @returns Text, one object per line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderObjects } from "./render.ts";
 * assert.match(renderObjects({ objects: [], total: 0 }), /0 objects/);
 * ```
 */
export function renderObjects(r: ImageObjectList): string {
  return [
    ...r.objects.map((o) =>
      `${o.oid} v${o.version}` +
      (o.parents.length ? ` < ${o.parents.join(", ")}` : "") +
      (o.method_names.length ? `  methods: ${o.method_names.join(", ")}` : "")
    ),
    `${r.total} objects`,
  ].join("\n");
}

/**
 * One object: slots (methods shown by their source's first line) and parents.
 *
 * @param r The object.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderObject } from "./render.ts";
 * const text = renderObject({ oid: "a", version: 2, parents: [], slots: { n: 1 }, methods: [], tx_id: "tx-1", committed_at: "t" });
 * assert.match(text, /n = 1/);
 * ```
 */
export function renderObject(r: ImageObjectView): string {
  const methods = new Set(r.methods.map((m) => m.selector));
  return [
    `${r.oid} version ${r.version} (${r.tx_id}, ${r.committed_at})`,
    `  parents: ${r.parents.length ? r.parents.join(", ") : "(none)"}`,
    ...Object.entries(r.slots).filter(([k]) => !methods.has(k)).map(([k, v]) =>
      `  ${k} = ${json(v).slice(0, 200)}`
    ),
    ...r.methods.map((m) =>
      `  ${m.selector}() method sha256 ${m.sha256.slice(0, 12)}` +
      (m.persona ? ` by ${m.persona}` : "") + (m.cycle_id ? ` in ${m.cycle_id}` : "")
    ),
  ].join("\n");
}

/**
 * An object's versions.
 *
 * @param r The history.
 * @returns Text, one version per line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderHistory } from "./render.ts";
 * assert.match(renderHistory({ oid: "a", versions: [] }), /^a: 0 versions/);
 * ```
 */
export function renderHistory(r: ImageHistory): string {
  return [
    `${r.oid}: ${r.versions.length} versions`,
    ...r.versions.map((v) =>
      `  v${v.version} ${v.committed_at} ${v.kind}${v.note ? ` (${v.note})` : ""}` +
      (v.cycle_id ? ` ${v.cycle_id}` : "") + `: ${v.changed.join(", ") || "(no change)"}`
    ),
  ].join("\n");
}

/**
 * An undo.
 *
 * @param r The undo result.
 * @returns Text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderUndo } from "./render.ts";
 * const text = renderUndo({ oid: "a", restored_version: 1, new_version: 3, tx_id: "tx-1", diff: { oid: "a", from_version: 2, to_version: 3, slots: [], parents: null } });
 * assert.match(text, /restored version 1 as version 3/);
 * ```
 */
export function renderUndo(r: ImageUndoResult): string {
  return [
    `${r.oid}: restored version ${r.restored_version} as version ${r.new_version} (${r.tx_id})`,
    ...r.diff.slots.map((s) => `  ${s.change} ${s.slot}: ${json(s.before)} -> ${json(s.after)}`),
    ...(r.diff.parents
      ? [`  parents: ${r.diff.parents.before.join(", ")} -> ${r.diff.parents.after.join(", ")}`]
      : []),
  ].join("\n");
}
