/**
 * The shopping mode controller (SMC) of a Gen-A bundle, in TypeScript: the
 * rule-table decision and the self-test run the boot performs for subsystem 5.
 *
 * The spec leaves the rules format open; the kit fixes it here (and the test
 * fixture's Python `control_plane/shopping_mode_controller.py` implements the
 * same contract, so `--exec` and the kit agree):
 *
 * - `control_plane/SHOPPING_MODE_CONTROLLER_RULES_v1.json`:
 *   `{version?, modes: [mode…], default_mode, rules: [{from, signal, to}…]}`
 * - `control_plane/SHOPPING_MODE_CONTROLLER_TESTS_v1.json`:
 *   `{version?, cases: [{id, mode, signal, expect}…]}`
 * - decision: the first rule with `from == mode` and `signal == signal` gives
 *   `to`; with no match the mode stays when it is one of `modes`, else
 *   `default_mode`.
 * - report: `{ok, tests_run, failures: [{id, expected, got}]}`.
 *
 * A file that does not have this shape makes the original runtime crash
 * (`KeyError`/`TypeError`); here it throws {@linkcode SmcFormatError}.
 *
 * @module
 */

/** One transition of the rule table. */
export interface SmcRule {
  /** Mode the rule applies in. */
  from: unknown;
  /** Signal that triggers it. */
  signal: unknown;
  /** Mode it moves to. */
  to: unknown;
}

/** `SHOPPING_MODE_CONTROLLER_RULES_v1.json`. */
export interface SmcRules {
  /** Known modes. */
  modes: unknown[];
  /** Mode used when the current mode is unknown and no rule matches. */
  default_mode: unknown;
  /** Transitions, first match wins. */
  rules: SmcRule[];
}

/** One failed test case. */
export interface SmcFailure {
  /** Case id. */
  id: unknown;
  /** Mode the case expects. */
  expected: unknown;
  /** Mode the rules gave. */
  got: unknown;
}

/** The self-test report merged into the SMC activation record's `detail`. */
export interface SmcReport {
  /** Every case passed. */
  ok: boolean;
  /** Number of cases run. */
  tests_run: number;
  /** Cases whose result differs from `expect`. */
  failures: SmcFailure[];
}

/** The rules or tests file does not have the shape the controller needs (the original crashes). */
export class SmcFormatError extends TypeError {
  /** @param message Which key or value is wrong. */
  constructor(message: string) {
    super(message);
    this.name = "SmcFormatError";
  }
}

/**
 * Decides the next mode from the rule table, like the fixture's Python `decide_next_mode`.
 *
 * @param rules The parsed rules file.
 * @param mode The current mode.
 * @param signal The incoming signal.
 * @returns The next mode.
 * @throws {SmcFormatError} When the rules lack `rules`, `modes` or `default_mode`, or a rule is
 * not an object with `from`, `signal`, `to`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decideNextMode } from "./smc.ts";
 * const rules = { modes: ["A", "B"], default_mode: "A", rules: [{ from: "A", signal: "go", to: "B" }] };
 * assert(decideNextMode(rules, "A", "go") === "B");
 * assert(decideNextMode(rules, "B", "go") === "B");
 * assert(decideNextMode(rules, "Z", "go") === "A");
 * ```
 */
export function decideNextMode(rules: unknown, mode: unknown, signal: unknown): unknown {
  const table = key(rules, "rules", "rules file");
  if (!Array.isArray(table)) throw new SmcFormatError(`"rules" must be a list`);
  for (const [i, rule] of table.entries()) {
    const where = `rules[${i}]`;
    if (
      jsonEquals(key(rule, "from", where), mode) && jsonEquals(key(rule, "signal", where), signal)
    ) {
      return key(rule, "to", where);
    }
  }
  const modes = key(rules, "modes", "rules file");
  if (!Array.isArray(modes)) throw new SmcFormatError(`"modes" must be a list`);
  return modes.some((m) => jsonEquals(m, mode)) ? mode : key(rules, "default_mode", "rules file");
}

/**
 * Runs every test case against the rules, like the fixture's Python `run_tests`.
 *
 * @param rules The parsed rules file.
 * @param tests The parsed tests file.
 * @returns The report (`ok` false when any case fails).
 * @throws {SmcFormatError} When either file lacks a needed key.
 *
 * @example One passing, one failing case
 * ```ts
 * import assert from "node:assert/strict";
 * import { runSmcTests } from "./smc.ts";
 * const rules = { modes: ["A", "B"], default_mode: "A", rules: [{ from: "A", signal: "go", to: "B" }] };
 * const tests = { cases: [{ id: "t1", mode: "A", signal: "go", expect: "B" }, { id: "t2", mode: "A", signal: "x", expect: "B" }] };
 * const report = runSmcTests(rules, tests);
 * assert(!report.ok && report.tests_run === 2 && report.failures[0]!.id === "t2");
 * ```
 */
export function runSmcTests(rules: unknown, tests: unknown): SmcReport {
  const cases = key(tests, "cases", "tests file");
  if (!Array.isArray(cases)) throw new SmcFormatError(`"cases" must be a list`);
  const failures: SmcFailure[] = [];
  for (const [i, c] of cases.entries()) {
    const where = `cases[${i}]`;
    const got = decideNextMode(rules, key(c, "mode", where), key(c, "signal", where));
    const expected = key(c, "expect", where);
    if (!jsonEquals(got, expected)) failures.push({ id: key(c, "id", where), expected, got });
  }
  return { ok: failures.length === 0, tests_run: cases.length, failures };
}

function key(value: unknown, name: string, where: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SmcFormatError(`${where} must be an object with "${name}"`);
  }
  if (!Object.hasOwn(value, name)) throw new SmcFormatError(`${where} has no "${name}"`);
  return (value as Record<string, unknown>)[name];
}

/** Python `==` on parsed JSON values (deep, order-sensitive for lists). */
function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEquals(v, b[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length &&
    ka.every((k) =>
      Object.hasOwn(b, k) &&
      jsonEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    );
}
