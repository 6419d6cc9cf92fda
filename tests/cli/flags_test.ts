import { assertEquals, assertThrows } from "../_assert.ts";
import { UsageError } from "../../lib/errors.ts";
import { findOperation } from "../../ops/registry.ts";
import { deriveFlags, inputFromArgs } from "../../cli/_flags.ts";

const flagsOf = (name: string) => {
  const op = findOperation(name)!;
  return { op, flags: deriveFlags(op) };
};

Deno.test("deriveFlags() turns booleans, numbers, enums and arrays into flags, help from .describe()", () => {
  const { flags } = flagsOf("build_bundle");
  const changelog = flags.find((f) => f.field === "changelog")!;
  assertEquals([changelog.flag, changelog.multiple, changelog.option.multiple], [
    "changelog",
    true,
    true,
  ]);
  assertEquals(
    changelog.option.description,
    "Changelog lines for VERSION_MANIFEST.json and the receipt.",
  );
  const version = flags.find((f) => f.field === "version")!;
  assertEquals([version.required, version.option.valueName], [true, "V"]);
  const { flags: query } = flagsOf("query_mips_index");
  const posture = query.find((f) => f.field === "posture")!;
  assertEquals(posture.kind, "enum");
  assertEquals(
    posture.option.description,
    "Only deltas with this runtime posture. One of ACTIVE, OPTIONAL, HISTORICAL, QUARANTINED.",
  );
  assertEquals(query.find((f) => f.field === "limit")!.option.valueName, "N");
});

Deno.test("a negated flag sets its boolean to false, and absent flags leave fields unset", () => {
  const { op, flags } = flagsOf("boot_image");
  assertEquals(inputFromArgs(op, flags, { "no-stage": true, exec: true }, ["b.zip"]), {
    path: "b.zip",
    stage: false,
    exec: true,
  });
  const doctor = flagsOf("llm_status");
  assertEquals(inputFromArgs(doctor.op, doctor.flags, { "skip-round-trip": true }, []), {
    round_trip: false,
  });
  assertEquals(inputFromArgs(doctor.op, doctor.flags, {}, []), {});
});

Deno.test("enum values match case-insensitively, but an exact spelling wins over a folded one", () => {
  const { op, flags } = flagsOf("query_mips_index");
  assertEquals(inputFromArgs(op, flags, { posture: "historical" }, []), { posture: "HISTORICAL" });
  // J-mips and J-MIPS are two formats: each spelling keeps its meaning.
  assertEquals(inputFromArgs(op, flags, { format: "J-MIPS" }, []), { format: "J-MIPS" });
  assertEquals(inputFromArgs(op, flags, { format: "J-mips" }, []), { format: "J-mips" });
});

Deno.test("repeatable flags collect arrays; rest positionals join into free text; numbers parse", () => {
  const build = flagsOf("build_bundle");
  assertEquals(
    inputFromArgs(build.op, build.flags, { version: "v1", changelog: ["a", "b"] }, ["src"]),
    { path: "src", version: "v1", changelog: ["a", "b"] },
  );
  const query = flagsOf("query_mips_index");
  assertEquals(
    inputFromArgs(query.op, query.flags, { offset: "40" }, ["blue", "widgets"]),
    { text: "blue widgets", offset: 40 },
  );
});

Deno.test("missing arguments and flags, extra arguments and non-numbers are usage errors with plain messages", () => {
  const build = flagsOf("build_bundle");
  const cases: Array<[() => unknown, string]> = [
    [() => inputFromArgs(build.op, build.flags, {}, []), "Missing argument <source-dir>"],
    [
      () => inputFromArgs(build.op, build.flags, {}, ["src"]),
      "Missing --version (e.g. --version v7.5.0)",
    ],
    [
      () => inputFromArgs(build.op, build.flags, { version: "v1" }, ["src", "extra"]),
      'Unexpected argument "extra"',
    ],
    [
      () => {
        const q = flagsOf("query_mips_index");
        return inputFromArgs(q.op, q.flags, { limit: "ten" }, []);
      },
      '--limit must be a number, got "ten"',
    ],
  ];
  for (const [fn, message] of cases) {
    const error = assertThrows(fn, UsageError) as UsageError;
    assertEquals([error.code, error.message], ["USAGE", message]);
  }
});
