/**
 * @metablooms/kit: validate, build and boot MetaBlooms OS bundles, keep a
 * long-term memory of MIPS deltas, and serve both to LLM chat clients over MCP.
 *
 * @example Load the configuration
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadConfig } from "./mod.ts";
 * const config = await loadConfig({ env: {} });
 * assert(config.mcp.host === "127.0.0.1");
 * ```
 *
 * @module
 */
export * from "./lib/config.ts";
export * from "./lib/delay.ts";
export * from "./lib/errors.ts";
export * from "./lib/progress.ts";
export * from "./lib/version.ts";
export * from "./lib/clock.ts";
export * from "./lib/layout.ts";
export * from "./lib/fs/mod.ts";
export * from "./lib/process/mod.ts";
export * from "./lib/json/mod.ts";
export * from "./lib/ledger/mod.ts";
export * from "./lib/store/mod.ts";
export * from "./lib/image/mod.ts";
export * from "./lib/cycle/mod.ts";
export * from "./lib/bundle/mod.ts";
export * from "./lib/llm/mod.ts";
export * from "./lib/setup/mod.ts";
export * from "./lib/git/mod.ts";
export * from "./lib/watcher/mod.ts";
export * from "./lib/mips/mod.ts";
export * from "./lib/ltm/mod.ts";
export * from "./lib/boot/mod.ts";
