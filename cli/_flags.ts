/**
 * CLI flags derived from an operation's input schema: booleans (negatable),
 * strings, numbers, enums (case-insensitive), arrays (repeatable); help text
 * from `.describe()`; positionals as the operation's CLI spec names them.
 *
 * @module
 */
import { z } from "zod";
import { UsageError } from "../lib/errors.ts";
import type { AnyOperation, PositionalSpec } from "../ops/operation.ts";
import type { OptionSpec } from "./_command.ts";

/** Enums with at most this many values list them in the help. */
const MAX_LISTED_VALUES = 6;

/** What a flag carries. */
type FlagKind = "boolean" | "string" | "number" | "enum";

/** One input field offered as a flag. */
export interface DerivedFlag {
  /** The input field. */
  field: string;
  /** The long flag name. */
  flag: string;
  /** The `parseArgs` option and its help. */
  option: OptionSpec;
  /** What the value is. */
  kind: FlagKind;
  /** Repeatable: the field is an array. */
  multiple: boolean;
  /** Giving the flag sets the field to `false`. */
  negate: boolean;
  /** Allowed values of an enum. */
  values: readonly string[];
  /** The field must be given. */
  required: boolean;
  /** An example value for the "missing" message. */
  example: string | undefined;
}

/**
 * The flags of an operation: every input field that is not a positional, in schema order.
 *
 * @param op The operation (with a CLI spec).
 * @returns The flags.
 * @throws {TypeError} When the input schema is not a `z.object`, or a field's type has no flag form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "../ops/registry.ts";
 * import { deriveFlags } from "./_flags.ts";
 * const flags = deriveFlags(findOperation("boot_image")!);
 * assert.deepEqual(flags.map((f) => f.flag).slice(0, 3), ["exec", "no-exec", "exec-timeout"]);
 * assert(flags.some((f) => f.flag === "no-stage" && f.negate));
 * ```
 */
export function deriveFlags(op: AnyOperation): DerivedFlag[] {
  const cli = op.cli === false ? undefined : op.cli;
  const positional = new Set((cli?.positionals ?? []).map((p) => p.field));
  const flags: DerivedFlag[] = [];
  for (const [field, schema] of Object.entries(shapeOf(op))) {
    if (positional.has(field)) continue;
    const spec = cli?.flags?.[field] ?? {};
    const base = unwrap(schema);
    const multiple = base instanceof z.ZodArray;
    const item = multiple ? unwrap((base as z.ZodArray).element as z.ZodType) : base;
    const kind = kindOf(item, `${op.name}.${field}`);
    const negate = spec.negate === true;
    const flag = spec.flag ?? (negate ? `no-${kebab(field)}` : kebab(field));
    const values = item instanceof z.ZodEnum ? (item.options as string[]).map(String) : [];
    const described = spec.description ?? describeOf(schema) ?? "";
    const description = values.length > 0 && values.length <= MAX_LISTED_VALUES
      ? `${described} One of ${values.join(", ")}.`.trim()
      : described;
    flags.push({
      field,
      flag,
      kind,
      multiple,
      negate,
      values,
      required: !schema.safeParse(undefined).success,
      example: spec.example,
      option: {
        type: kind === "boolean" ? "boolean" : "string",
        ...(spec.short === undefined ? {} : { short: spec.short }),
        ...(multiple ? { multiple: true } : {}),
        valueName: spec.valueName ?? (kind === "number" ? "N" : "VALUE"),
        description,
      },
    });
  }
  return flags;
}

/**
 * Builds an operation's raw input from parsed flags and positionals (the schema checks it next).
 *
 * @param op The operation.
 * @param flags Its derived flags.
 * @param values The parsed flag values, by long name.
 * @param positionals The positional arguments.
 * @returns The raw input.
 * @throws {UsageError} For a missing argument or flag, an extra argument, or a value that is not a
 * number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findOperation } from "../ops/registry.ts";
 * import { deriveFlags, inputFromArgs } from "./_flags.ts";
 * const op = findOperation("query_mips_index")!;
 * const input = inputFromArgs(op, deriveFlags(op), { posture: "active", limit: "5" }, ["blue", "widgets"]);
 * assert.deepEqual(input, { text: "blue widgets", posture: "ACTIVE", limit: 5 });
 * ```
 */
export function inputFromArgs(
  op: AnyOperation,
  flags: readonly DerivedFlag[],
  values: Record<string, unknown>,
  positionals: readonly string[],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const specs: readonly PositionalSpec[] = op.cli === false ? [] : op.cli.positionals ?? [];
  const shape = shapeOf(op);
  let next = 0;
  for (const spec of specs) {
    const many = spec.rest === true || spec.list === true;
    const taken = many ? positionals.slice(next) : positionals.slice(next, next + 1);
    next += taken.length;
    const read = (text: string) => spec.json ? jsonOrText(text) : text;
    if (spec.list) {
      if (taken.length > 0) input[spec.field] = taken.map(read);
      continue;
    }
    const value = spec.rest ? taken.join(" ").trim() : taken[0];
    if (value !== undefined && value !== "") input[spec.field] = read(value);
    else if (!shape[spec.field]!.safeParse(undefined).success) {
      throw new UsageError(`Missing argument ${spec.name}`);
    }
  }
  if (next < positionals.length) {
    throw new UsageError(`Unexpected argument "${positionals[next]}"`);
  }
  for (const flag of flags) {
    const raw = values[flag.flag];
    if (raw === undefined) {
      if (flag.required) {
        const example = flag.example === undefined ? "" : ` (e.g. --${flag.flag} ${flag.example})`;
        throw new UsageError(`Missing --${flag.flag}${example}`);
      }
      continue;
    }
    if (flag.kind === "boolean") input[flag.field] = !flag.negate;
    else if (Array.isArray(raw)) input[flag.field] = raw.map((v) => convert(flag, String(v)));
    else input[flag.field] = convert(flag, String(raw));
  }
  return input;
}

/** A command-line value as JSON when it parses, else the text itself. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The shape of an operation's input schema. */
function shapeOf(op: AnyOperation): Record<string, z.ZodType> {
  if (!(op.input instanceof z.ZodObject)) {
    throw new TypeError(`Operation ${op.name}: the input schema must be a z.object`);
  }
  return op.input.shape as Record<string, z.ZodType>;
}

function convert(flag: DerivedFlag, raw: string): unknown {
  if (flag.kind === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) {
      throw new UsageError(`--${flag.flag} must be a number, got "${raw}"`);
    }
    return n;
  }
  if (flag.kind === "enum" && !flag.values.includes(raw)) {
    const folded = flag.values.filter((v) => v.toLowerCase() === raw.toLowerCase());
    return folded.length === 1 ? folded[0] : raw;
  }
  return raw;
}

/** Optional, nullable and default wrappers around a field's own type. */
type Wrapper = z.ZodOptional | z.ZodNullable | z.ZodDefault;

function isWrapper(s: z.ZodType): s is Wrapper {
  return s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (isWrapper(s)) s = s.unwrap() as z.ZodType;
  return s;
}

/** The first description found from the outer wrapper inwards. */
function describeOf(schema: z.ZodType): string | undefined {
  let s = schema;
  while (s.description === undefined && isWrapper(s)) s = s.unwrap() as z.ZodType;
  return s.description;
}

function kindOf(schema: z.ZodType, where: string): FlagKind {
  if (schema instanceof z.ZodBoolean) return "boolean";
  if (schema instanceof z.ZodNumber) return "number";
  if (schema instanceof z.ZodEnum) return "enum";
  if (schema instanceof z.ZodString) return "string";
  throw new TypeError(`${where}: no command-line form for a ${schema.constructor.name}`);
}

function kebab(field: string): string {
  return field.replaceAll("_", "-");
}
