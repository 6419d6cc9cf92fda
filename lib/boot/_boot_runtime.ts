/**
 * Boot step "runtime" (private): run the bundle as its own runtime would —
 * whenever python3 is present, unless the caller said not to — and say
 * plainly, with a code, when it could not be run.
 *
 * @module
 */
import type { ExecVerdict, RuntimeStatus } from "../../schemas/boot.ts";
import { profileFor } from "../bundle/generations/detect.ts";
import { execEntrypoint } from "./exec.ts";
import { findInterpreter } from "./_interpreter.ts";

/** How to run the runtime. */
export interface RuntimeOptions {
  /** `true` must run (a missing interpreter fails the boot), `auto` runs when python3 is present, `false` never. */
  mode: boolean | "auto";
  /** The generation (`A`–`G`). */
  generation: string;
  /** The folder the generation's files sit in (`Metablooms_OS/`), or "". */
  root: string;
  /** Scratch folder for the copy of the tree. */
  scratchDir: string;
  /** Interpreter. @default {"python3"} */
  interpreter?: string | undefined;
  /** Deadline of each launch step. */
  timeoutMs?: number | undefined;
  /** Cancellation. */
  signal?: AbortSignal | undefined;
}

/** What the runtime step gave. */
export interface RuntimeOutcome {
  /** The run (absent when nothing was attempted). */
  exec?: ExecVerdict;
  /** Ran, or the coded reason it did not. */
  runtime: RuntimeStatus;
  /** The caller demanded the run (`mode: true`): its failure to start fails the boot. */
  forced: boolean;
}

/**
 * Runs the generation's launch on an extracted tree, or says why not.
 *
 * @param tree The extracted tree.
 * @param options Mode, generation, root, scratch, interpreter, deadline, signal.
 * @returns The run and its status.
 */
export async function runRuntime(tree: string, options: RuntimeOptions): Promise<RuntimeOutcome> {
  const forced = options.mode === true;
  if (options.mode === false) {
    return {
      forced,
      runtime: {
        status: "not_run",
        code: "EXEC_DISABLED",
        reason: "the bundle's own runtime was not run (exec disabled)",
      },
    };
  }
  if (!profileFor(options.generation)?.launch) {
    return {
      forced,
      runtime: {
        status: "not_run",
        code: "NO_LAUNCHER",
        reason: `no launcher is known for generation ${options.generation}`,
      },
    };
  }
  const name = options.interpreter ?? "python3";
  if (!forced && (await findInterpreter(name)) === undefined) {
    return {
      forced,
      runtime: {
        status: "not_run",
        code: "INTERPRETER_MISSING",
        reason:
          `the bundle's own runtime could not be run: ${JSON.stringify(name)} was not found; ` +
          "the kit does not guess what it would say",
      },
    };
  }
  const exec = await execEntrypoint(tree, {
    scratchDir: options.scratchDir,
    generation: options.generation,
    bundleRoot: options.root,
    interpreter: name,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const ran = exec.network !== "not_run";
  return {
    exec,
    forced,
    runtime: ran ? { status: "ran", reason: `ran ${exec.steps?.map((s) => s.name).join(", ")}` } : {
      status: "not_run",
      code: exec.code === "INTERPRETER_MISSING" ? "INTERPRETER_MISSING" : "NO_LAUNCHER",
      reason: `the bundle's own runtime could not be run: ${exec.reason}`,
    },
  };
}
