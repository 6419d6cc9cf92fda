/**
 * The prototypal state machine (spec §4): its states, the persona acting in
 * each and the allowed transitions, exactly the blueprint's table. A new image
 * holds them as data (`psm_prototypes_obj` and one child object per state);
 * the cycle reads the transitions from the image and refuses any other move.
 *
 * @module
 */
import { KitError } from "../errors.ts";
import type { PsmState } from "../../schemas/cycle_log.ts";
import type { JsonValue, ObjectState } from "../image/object.ts";

/** One state of the table. */
export interface PsmStateSpec {
  /** The work done in the state. */
  work: string;
  /** The persona acting (null: the orchestrator). */
  persona: string | null;
  /** The transaction event (`begin`, `mark changed`, `commit`, `abort`). */
  txn_event: string;
  /** The states it may move to. */
  next: PsmState[];
}

/** The blueprint's state table (spec §4). */
export const PSM_TABLE: Readonly<Record<PsmState, PsmStateSpec>> = {
  IDLE: {
    work: "init _tmp_synthesis_data, store mission",
    persona: null,
    txn_event: "begin",
    next: ["DECOMPOSING"],
  },
  DECOMPOSING: {
    work: "decomposition meta-prompt -> JSON plan",
    persona: "BRICK",
    txn_event: "mark changed",
    next: ["DELEGATING", "FAILED"],
  },
  DELEGATING: {
    work: "retrieve knowledge for the plan's queries, collect partials",
    persona: "BABS",
    txn_event: "mark changed",
    next: ["SYNTHESIZING", "FAILED"],
  },
  SYNTHESIZING: {
    work: "Cognitive Weaving meta-prompt -> method source",
    persona: "ROBIN",
    txn_event: "mark changed",
    next: ["VALIDATING", "FAILED"],
  },
  VALIDATING: {
    work: "guardians and data covenants on the artifact, trial run in the sandbox",
    persona: "ALFRED",
    txn_event: "mark changed",
    next: ["COMPLETE", "FAILED"],
  },
  COMPLETE: {
    work: "install the method, answer the message, clear temp slots",
    persona: null,
    txn_event: "commit",
    next: [],
  },
  FAILED: {
    work: "log context; self-correct after a validation error",
    persona: null,
    txn_event: "abort",
    next: [],
  },
};

/** The oid of the object that holds a state. */
export function psmStateOid(state: PsmState): string {
  return `psm_${state.toLowerCase()}_obj`;
}

/**
 * The PSM objects of a new image: `psm_prototypes_obj` and one child per state.
 *
 * @returns Oid → content.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { psmSeedObjects } from "./psm.ts";
 * const objects = psmSeedObjects();
 * assert.deepEqual(objects.psm_decomposing_obj?.slots.next, ["DELEGATING", "FAILED"]);
 * ```
 */
export function psmSeedObjects(): Record<string, ObjectState> {
  const objects: Record<string, ObjectState> = {
    psm_prototypes_obj: {
      parents: [],
      slots: {
        description: "The prototypal state machine: one child object per state",
        states: Object.keys(PSM_TABLE),
      },
    },
  };
  for (const [state, spec] of Object.entries(PSM_TABLE)) {
    objects[psmStateOid(state as PsmState)] = {
      parents: ["psm_prototypes_obj"],
      slots: { name: state, ...(spec as unknown as Record<string, JsonValue>) },
    };
  }
  return objects;
}

/**
 * Checks a transition against the allowed next states read from the image.
 *
 * @param from The current state.
 * @param to The requested next state.
 * @param allowed The state object's `next` slot.
 * @throws {KitError} `PSM_BAD_TRANSITION` for a move the table does not allow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertTransition } from "./psm.ts";
 * assertTransition("IDLE", "DECOMPOSING", ["DECOMPOSING"]);
 * assert.throws(() => assertTransition("IDLE", "COMPLETE", ["DECOMPOSING"]), { code: "PSM_BAD_TRANSITION" });
 * ```
 */
export function assertTransition(
  from: PsmState,
  to: PsmState,
  allowed: JsonValue | undefined,
): void {
  if (Array.isArray(allowed) && allowed.includes(to)) return;
  throw new KitError(
    "PSM_BAD_TRANSITION",
    `The state machine does not allow ${from} -> ${to} (allowed: ${JSON.stringify(allowed ?? [])})`,
    { details: { from, to } },
  );
}
