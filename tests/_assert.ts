/**
 * Small assertions for the tests (JSR's `@std/assert` is not reachable here),
 * built on `node:assert/strict`.
 *
 * @module
 */
import nodeAssert from "node:assert/strict";
import { KitError } from "../lib/errors.ts";

/** Asserts deep, strict equality. */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Asserts a truthy value. */
export function assert(value: unknown, message?: string): asserts value {
  nodeAssert.ok(value, message);
}

/** Asserts a string matches a pattern. */
export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.match(actual, pattern, message);
}

type ErrorCheck = (new (...args: never[]) => Error) | ((error: unknown) => boolean);

/** Asserts that `fn` rejects, with an error of a class or passing a predicate. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  check: ErrorCheck,
  message?: string,
): Promise<unknown> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  nodeAssert.ok(thrown !== undefined, `expected a rejection${message ? `: ${message}` : ""}`);
  checkError(thrown, check, message);
  return thrown;
}

/** Asserts that `fn` throws, with an error of a class or passing a predicate. */
export function assertThrows(fn: () => unknown, check: ErrorCheck, message?: string): unknown {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  nodeAssert.ok(thrown !== undefined, `expected a throw${message ? `: ${message}` : ""}`);
  checkError(thrown, check, message);
  return thrown;
}

/** Asserts that `fn` rejects with a {@linkcode KitError} of the given code; returns it. */
export async function assertKitError(
  fn: () => Promise<unknown>,
  code: string,
  message?: string,
): Promise<KitError> {
  const error = await assertRejects(fn, KitError, message);
  nodeAssert.equal((error as KitError).code, code, message);
  return error as KitError;
}

function checkError(thrown: unknown, check: ErrorCheck, message?: string): void {
  if (check.prototype instanceof Error || check === Error) {
    nodeAssert.ok(
      thrown instanceof (check as new () => Error),
      `expected ${(check as { name: string }).name}, got ${String(thrown)}${
        message ? ` (${message})` : ""
      }`,
    );
  } else {
    nodeAssert.ok(
      (check as (e: unknown) => boolean)(thrown),
      `unexpected error: ${String(thrown)}${message ? ` (${message})` : ""}`,
    );
  }
}
