/**
 * Boot of MetaBlooms OS bundles, fail closed: validate, extract into staging,
 * run the bundle as its own runtime would (its generation's launcher, python3,
 * scratch copy, no network, deadline; its real success signals are the compat
 * verdict), activate the ten Gen-A subsystems the way the original runtime does
 * (and report where it masks failures), write the receipts, and keep ACTIVE /
 * ROLLBACK / CANDIDATE slots with crash-safe promotion and rollback and a
 * hash-chained audit log.
 *
 * @example Simulate the boot of an extracted tree
 * ```ts
 * import assert from "node:assert/strict";
 * import { simulateBoot } from "./mod.ts";
 * const root = await Deno.makeTempDir();
 * const boot = await simulateBoot(root);
 * assert(boot.strict.signal === "BOOT_FAILED" && boot.strict.code === "NO_ENTRYPOINT");
 * await Deno.remove(root, { recursive: true });
 * ```
 *
 * @module
 */
export * from "./activate.ts";
export * from "./artifacts.ts";
export * from "./audit.ts";
export * from "./boot_image.ts";
export * from "./exec.ts";
export * from "./history.ts";
export * from "./manifest.ts";
export * from "./render.ts";
export * from "./simulate.ts";
export * from "./slots.ts";
export * from "./smc.ts";
export * from "./status.ts";
export * from "./subsystems.ts";
export * from "../../schemas/boot.ts";
