/**
 * Boots an extracted tree (private): the kit's simulation where it has a
 * model (Gen A), the bundle's own runtime, and the judgement of both. Shared
 * by `bootImage` and `bootStatus --verify`.
 *
 * @module
 */
import { join } from "node:path";
import type {
  BootFinding,
  BootReport,
  BootVerdict,
  CompatVerdict,
  ExecVerdict,
  RuntimeStatus,
  SubsystemRow,
} from "../../schemas/boot.ts";
import { emptyRequiredReport } from "./manifest.ts";
import { simulateBoot } from "./simulate.ts";
import { judgeBoot } from "./_boot_judge.ts";
import { runRuntime, type RuntimeOptions } from "./_boot_runtime.ts";

/** Options of {@linkcode bootTree}. */
export interface TreeBootOptions extends Omit<RuntimeOptions, "scratchDir"> {
  /** Scratch folder for the runtime's copy of the tree. */
  scratchDir: string;
  /** Where the kit's simulation writes its receipts (Gen A); without it nothing is written. */
  outDir?: string | undefined;
  /** Clock. */
  now?: (() => Date) | undefined;
  /** Session id of the receipts. */
  sessionId?: string | undefined;
}

/** What booting a tree gave. */
export interface TreeOutcome {
  /** The kit's verdict. */
  strict: BootVerdict;
  /** The bundle's own runtime's verdict. */
  compat: CompatVerdict;
  /** The report's verdict. */
  final: BootVerdict;
  /** The run of the bundle's own launcher. */
  exec?: ExecVerdict;
  /** Whether it ran. */
  runtime: RuntimeStatus;
  /** Subsystem rows (Gen A). */
  subsystems: SubsystemRow[];
  /** Required-subsystem lists (Gen A). */
  required: BootReport["required"];
  /** Findings. */
  findings: BootFinding[];
  /** Receipts the kit wrote (Gen A, on success). */
  artifacts?: BootReport["artifacts"];
}

/**
 * Boots an extracted tree.
 *
 * @param tree The folder the bundle was extracted into.
 * @param options Generation, root, runtime mode, scratch and output folders, clock.
 * @returns The verdicts and what was found.
 */
export async function bootTree(tree: string, options: TreeBootOptions): Promise<TreeOutcome> {
  const sim = options.generation === "A"
    ? await simulateBoot(join(tree, options.root), {
      ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sessionId ? { sessionId: options.sessionId } : {}),
    })
    : undefined;
  options.signal?.throwIfAborted();
  const run = await runRuntime(tree, options);
  const judged = await judgeBoot(options.generation, sim, run);
  return {
    strict: judged.strict,
    compat: judged.compat,
    final: judged.final,
    ...(run.exec ? { exec: run.exec } : {}),
    runtime: run.runtime,
    subsystems: judged.subsystems,
    required: sim?.required ?? emptyRequiredReport(),
    findings: [...(sim?.findings ?? []), ...judged.findings],
    ...(sim?.artifacts && judged.final.ok ? { artifacts: sim.artifacts } : {}),
  };
}
