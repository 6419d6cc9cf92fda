/**
 * Generation profiles: one file per generation of MetaBlooms OS bundle
 * (A–G) and per kind of zip that is not one (`OS_DELTA`, `ENGINE_EXPORT`,
 * `RECEIPT_PACK`, `TOOL_PACK`), each with its detection rule, the files its
 * own launcher and docs require, the integrity claims it carries and how to
 * run it; the driver applies the rules in the spec's order.
 *
 * @example Name a zip from its entry names
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectGeneration } from "./mod.ts";
 * const names = ["MetaBlooms_OS/boot.py", "MetaBlooms_OS/mpp.py", "MetaBlooms_OS/validators/gates.py", "MetaBlooms_OS/engines/see_engine.py"];
 * assert.equal(detectGeneration(names).generation, "D");
 * ```
 *
 * @module
 */
export * from "./claims.ts";
export * from "./detect.ts";
export * from "./engine_export.ts";
export * from "./gen_a.ts";
export * from "./gen_b.ts";
export * from "./gen_c.ts";
export * from "./gen_d.ts";
export * from "./gen_e.ts";
export * from "./gen_f.ts";
export * from "./gen_g.ts";
export * from "./os_delta.ts";
export * from "./profile.ts";
export * from "./python_imports.ts";
export * from "./receipt_pack.ts";
export * from "./self_hash.ts";
export * from "./tool_pack.ts";
