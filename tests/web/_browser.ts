/**
 * Headless Chromium for the web tests: Debian's `chromium` driven by
 * `playwright-core` (pinned in deno.json), started with the flags this
 * machine needs (no sandbox as root, no background networking on a closed
 * network) and a fresh profile folder. A machine without either skips the
 * browser tests with a printed reason; CI (`CI=true`) never skips: it fails.
 *
 * @module
 */
// deno-lint-ignore-file no-console -- prints why the browser tests are skipped
import type { BrowserContext } from "playwright-core";

/** The Chromium binary (`MB_CHROMIUM` overrides). */
export const CHROMIUM: string = Deno.env.get("MB_CHROMIUM") ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Why the browser tests cannot run here, or `undefined` when they can.
 *
 * @returns The reason, printed once.
 * @throws {Error} On CI, instead of returning a reason.
 */
export async function browserUnavailable(): Promise<string | undefined> {
  let reason: string | undefined;
  if (!await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false)) {
    reason = `${CHROMIUM} is not installed (apt-get install chromium)`;
  } else {
    try {
      await import("playwright-core");
    } catch (error) {
      reason = `playwright-core cannot be loaded: ${error}`;
    }
  }
  if (reason === undefined) return undefined;
  if (Deno.env.get("CI") === "true") throw new Error(`CI must run the browser tests: ${reason}`);
  console.log(`skipping the browser tests: ${reason}`);
  return reason;
}

/**
 * Starts Chromium with a fresh profile in `dir`.
 *
 * @param dir An empty folder for the profile.
 * @returns The browser context; close it to stop Chromium.
 */
export async function launchBrowser(dir: string): Promise<BrowserContext> {
  const { chromium } = await import("playwright-core");
  return await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
  });
}
