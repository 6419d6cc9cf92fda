/**
 * What a generation profile is: how to recognise one family of zips from its
 * entry names (and a few small files), which files its own launcher and docs
 * require, which integrity claims it carries, and how to run it as its own
 * runtime would. One file per generation implements this; the detection driver
 * walks them in the spec's order (generations.md §2).
 *
 * @module
 */
import type {
  BuildManifest,
  BundleKind,
  ClaimSource,
  Finding,
  Generation,
} from "../../../schemas/bundle.ts";
import { findRoot } from "../generation.ts";

/** The profile ids, in detection order (generations.md §2 rules 1–11). */
export type ProfileId =
  | "C"
  | "B"
  | "A"
  | "G"
  | "F"
  | "E"
  | "D"
  | "OS_DELTA"
  | "ENGINE_EXPORT"
  | "RECEIPT_PACK"
  | "TOOL_PACK";

/** The entry names of a zip, arranged the way every rule reads them. */
export interface BundleLayout {
  /** Every central-directory name, `\` turned into `/`. */
  names: readonly string[];
  /** Names of files (not directory entries). */
  files: readonly string[];
  /** {@linkcode files} as a set. */
  fileSet: ReadonlySet<string>;
  /** R: the wrapper folder every entry shares (`Metablooms_OS/`), or "". */
  root: string;
  /** Top-level names outside the wrapper (Gen-C siblings aside). */
  strays: string[];
  /** Names under R with R stripped (files and directories). */
  rel: ReadonlySet<string>;
  /** R plus every further folder all of R's entries share (`Metablooms_OS/Metablooms_OS/`), or R. */
  innerRoot: string;
}

/** Reads the content captured during the streaming pass (small entries only). */
export interface ContentReader {
  /** The bytes of an entry, undefined when absent, not captured or unreadable. */
  bytes(name: string): Uint8Array | undefined;
  /** The text (UTF-8) of an entry. */
  text(name: string): string | undefined;
  /** The parsed JSON of an entry; undefined when absent or not JSON. */
  json(name: string): unknown;
}

/** A profile's detection rule. */
export interface DetectionRule {
  /** The rule's number in generations.md §2 (1–11). */
  rule: number;
  /** Whether the names alone allow the rule to hit (content decides later). */
  byNames(layout: BundleLayout): boolean;
  /** Entries whose content {@linkcode decide} reads (captured during the pass). */
  reads?(layout: BundleLayout): string[];
  /**
   * The final decision: the root the generation uses (with trailing slash, or "")
   * and why it hit, or undefined when it does not.
   */
  decide(
    layout: BundleLayout,
    content: ContentReader,
  ): { root: string; reason: string } | undefined;
}

/** Everything a profile's checks read. */
export interface ProfileCheckContext {
  /** The entry names. */
  layout: BundleLayout;
  /** The root the detection chose (with trailing slash, or ""). */
  root: string;
  /** SHA-256 of every entry read completely and consistently. */
  hashes: ReadonlyMap<string, string>;
  /** Uncompressed size of every entry. */
  sizes: ReadonlyMap<string, number>;
  /** Content captured during the pass (the profile's {@linkcode GenerationProfile.wants}). */
  content: ContentReader;
  /** The Gen-A layout to check (the bundle's own `scripts/build_manifest.json`, or the embedded one). */
  buildManifest: BuildManifest;
}

/** What a profile's checks found. */
export interface ProfileCheckResult {
  /** Findings. */
  findings: Finding[];
  /** The integrity claims the bundle carries, each checked. */
  claims: ClaimSource[];
  /** A version the bundle states about itself (`BOOT_INDEX.json os_version`, …). */
  version?: string;
}

/** What one launch step printed and returned. */
export interface StepOutput {
  /** Exit code; null when killed. */
  exit_code: number | null;
  /** Output lines (stdout and stderr merged, in order). */
  lines: string[];
  /** The whole output. */
  output: string;
}

/** A launch step's verdict, read from the generation's real success signals. */
export interface StepJudgement {
  /** The runtime says it booted. */
  ok: boolean;
  /** The failure code (absent on success). */
  code?: string;
  /** Why, quoting the output. */
  reason: string;
  /** The exit code says the opposite of the real signals (exit 0 on failure, or the reverse). */
  exit_code_misleading?: boolean;
}

/** Folders a launch step may name in its arguments and environment. */
export interface LaunchFolders {
  /** The scratch copy of the extracted tree. */
  tree: string;
  /** A scratch folder outside the tree for inputs and outputs. */
  io: string;
}

/** One program to run, as the generation's own docs say. */
export interface LaunchStep {
  /** Step name (`launcher`, `boot_gate`, `run_py`, `integration_validation`). */
  name: string;
  /** Tree-relative Python script to run. */
  script?: string;
  /** Inline Python (`python3 -c`) instead of a script. */
  code?: string;
  /** Arguments after the script. */
  args?: (folders: LaunchFolders) => string[];
  /** Tree-relative working folder ("" = the extract folder). */
  cwd: string;
  /** Extra environment variables. */
  env?: (folders: LaunchFolders) => Record<string, string>;
  /** Files to write into the io folder first (io-relative path → content). */
  inputs?: Record<string, string>;
  /** What the step's success looks like, in words (`"Validation gates: PASS" and "BOOT COMPLETE", no "FATAL"`). */
  success_signal: string;
  /** Reads the real success signals (exit codes lie in several generations). */
  judge(output: StepOutput): StepJudgement;
}

/** How to run a bundle: its steps, or why it cannot be run. */
export type LaunchPlan = { steps: LaunchStep[] } | { error: string };

/** The extracted tree, as a launch planner sees it. */
export interface TreeView {
  /** The root the detection chose, relative to the extract folder (`Metablooms_OS/` or ""). */
  root: string;
  /** Whether a tree-relative file exists. */
  isFile(rel: string): Promise<boolean>;
  /** A tree-relative JSON file, undefined when absent or invalid. */
  readJson(rel: string): Promise<unknown>;
}

/** One generation (or non-bundle kind) of zip. */
export interface GenerationProfile {
  /** Profile id. */
  id: ProfileId;
  /** The generation a verdict names (`NOT_A_BUNDLE` for the non-bundle kinds). */
  generation: Generation;
  /** `OS_BUNDLE` or the non-bundle kind. */
  kind: BundleKind;
  /** One line: what it is and how it boots. */
  label: string;
  /** How to recognise it. */
  detection: DetectionRule;
  /** Entries whose content the checks read (captured during the one streaming pass). */
  wants(name: string, layout: BundleLayout): boolean;
  /** Checks the bundle against what this generation promises. */
  check(context: ProfileCheckContext): ProfileCheckResult | Promise<ProfileCheckResult>;
  /** How its own runtime is run (absent for non-bundle kinds). */
  launch?(tree: TreeView): Promise<LaunchPlan>;
}

/**
 * Arranges entry names for detection: `\` → `/`, the wrapper folder R, the
 * names under it, and any further single folder (double wrappers).
 *
 * @param names Central-directory names (directory entries end with `/`).
 * @returns The layout.
 *
 * @example A double wrapper
 * ```ts
 * import assert from "node:assert/strict";
 * import { bundleLayout } from "./profile.ts";
 * const l = bundleLayout(["Metablooms_OS/Metablooms_OS/run.py", "Metablooms_OS/Metablooms_OS/x/y.py"]);
 * assert.equal(l.root, "Metablooms_OS/");
 * assert.equal(l.innerRoot, "Metablooms_OS/Metablooms_OS/");
 * assert(l.rel.has("Metablooms_OS/run.py"));
 * ```
 */
export function bundleLayout(names: readonly string[]): BundleLayout {
  const normal = names.map((n) => n.replaceAll("\\", "/"));
  const files = normal.filter((n) => !n.endsWith("/"));
  const { root, strays } = findRoot(normal);
  const rel = new Set(normal.filter((n) => n.startsWith(root)).map((n) => n.slice(root.length)));
  let innerRoot = root;
  for (;;) {
    const under = normal.filter((n) => n.startsWith(innerRoot) && n !== innerRoot);
    const firsts = new Set(under.map((n) => n.slice(innerRoot.length).split("/")[0]));
    const only = [...firsts][0];
    const deeper = `${innerRoot}${only}/`;
    if (
      firsts.size !== 1 || !only || only === "." || only === ".." ||
      !under.some((n) => n.length > deeper.length && n.startsWith(deeper))
    ) break;
    innerRoot = deeper;
  }
  return { names: normal, files, fileSet: new Set(files), root, strays, rel, innerRoot };
}

/**
 * A {@linkcode ContentReader} over captured entries.
 *
 * @param captured Entry name → bytes.
 * @returns The reader (JSON is parsed once per entry).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentReader } from "./profile.ts";
 * const r = contentReader(new Map([["a.json", new TextEncoder().encode('{"x": 1}')]]));
 * assert.deepEqual(r.json("a.json"), { x: 1 });
 * assert.equal(r.json("b.json"), undefined);
 * ```
 */
export function contentReader(captured: ReadonlyMap<string, Uint8Array>): ContentReader {
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
  const parsed = new Map<string, unknown>();
  const text = (name: string) => {
    const bytes = captured.get(name);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  return {
    bytes: (name) => captured.get(name),
    text,
    json(name) {
      if (parsed.has(name)) return parsed.get(name);
      const t = text(name);
      let value: unknown;
      try {
        value = t === undefined ? undefined : JSON.parse(t);
      } catch {
        value = undefined;
      }
      parsed.set(name, value);
      return value;
    },
  };
}
