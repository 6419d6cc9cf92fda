/**
 * The synthetic examples of mips.md §1 as exact file contents, with the format
 * label and self-hash verdict each must give, plus the event-ledger and
 * DeltaPack test vectors. Used by `scripts/make_sample_ltm.ts` and the tests
 * (here, not under `tests/`, because the published sample script needs them).
 *
 * @module
 */

/** One example file. */
export interface MipsVector {
  /** File name inside `deltas/2026-01/`. */
  name: string;
  /** Exact content. */
  text: string;
  /** Expected format label. */
  format: string;
  /** Expected sub-shape, when pinned. */
  shape?: string;
  /** Expected module id. */
  moduleId: string;
  /** Expected hash label (`VERIFIED(R2)`, `ABSENT`, …). */
  hash: string;
}

/** Every header format of mips.md §1, one file each (JSON compact, text with a final newline). */
export const MIPS_VECTORS: readonly MipsVector[] = [
  {
    name: "MB__03_DELTA__BlueWidgets_v1.mips.json",
    text:
      `{"mips":{"artifact_id":"MB__03_DELTA__BlueWidgets_v1","parent_bundle":"MB__02_OS__Demo_Core.mips.json","version":"v1","timestamp_utc":"2026-01-10T12:00:00Z","content_type":"application/json","councils":["Auditor","Recorder"],"sha256_body":"a4e7fca7b8a580b18e3477eef1d6c0000f172e4fe885fb5ecc7e8e6ce6ae8ad7"},"body":{"kind":"example_rule","rule":"Widgets ship blue by default.","priority":"P2"}}`,
    format: "J-mips",
    shape: "body",
    moduleId: "MB__03_DELTA__BlueWidgets_v1",
    hash: "VERIFIED(R2)",
  },
  {
    name: "MB__03_DELTA__TeaTimer_v1.mips.json",
    text:
      `{"mips":{"artifact_id":"MB__03_DELTA__TeaTimer_v1","version":"v1","timestamp_utc":"2026-01-10T12:05:00Z","content_type":"application/json","councils":["SystemsEngineer"],"sha256":"f23a3b8a88fadf906139af6b2983e95811e139e82578aabce690bf4338a202f3"},"content":{"timer_minutes":4,"notes":["steep","pour"]}}`,
    format: "J-mips",
    shape: "content",
    moduleId: "MB__03_DELTA__TeaTimer_v1",
    hash: "VERIFIED(R1)",
  },
  {
    name: "MetaBlooms_DELTA_LampCheck_20260110T120000Z.mips.json",
    text:
      `{"mips_header":{"artifact_id":"MetaBlooms_DELTA_LampCheck_20260110T120000Z","version":"v1","timestamp_utc":"2026-01-10T12:10:00Z","content_type":"application/json","parent_bundle":"ACTIVE_PROJECT_FILES","sha256":"b6ce6786147905014db6379fa7073741432dc5bcde068030a6bc44e825495b10"},"delta_kind":"runtime_rule","delta_name":"LampCheck","changes":["check lamp before boot"],"rollback":"remove rule"}`,
    format: "J-mips_header",
    shape: "inline",
    moduleId: "MetaBlooms_DELTA_LampCheck_20260110T120000Z",
    hash: "VERIFIED(R3)",
  },
  {
    name: "MB__05_RULE__FilesFirst_Demo_v1.mips.json",
    text:
      `{"MIPS":{"artifact_id":"MB__05_RULE__FilesFirst_Demo_v1","version":"v1","timestamp_utc":"2026-01-10T12:15:00Z","content_type":"application/json","sha256":"e98e42075850527a4baedbca33374c39b4a52dce30e64f77f9e24a2fef3ffc58"},"body":{"rule":"Prefer files over chat text.","scope":["boot"]}}`,
    format: "J-MIPS",
    shape: "body",
    moduleId: "MB__05_RULE__FilesFirst_Demo_v1",
    hash: "VERIFIED(R4)",
  },
  {
    name: "MB__03_DELTA__Lexicon_Demo_v1.mips.json",
    text:
      `{"MIPS_HEADER":{"artifact_id":"MB__03_DELTA__Lexicon_Demo_v1","version":"v1","timestamp_utc":"2026-01-10T12:20:00Z","content_type":"application/json","sha256":"c1190386423a5cea0a6e55b62e5c5aac66383b1045a95e6488678e22ce05a70a"},"BODY":{"terms":{"delta":"a change record"}}}`,
    format: "J-MIPS_HEADER",
    shape: "BODY",
    moduleId: "MB__03_DELTA__Lexicon_Demo_v1",
    hash: "VERIFIED(R8)",
  },
  {
    name: "MB__WATCHER_PROBE__smoke.mips.json",
    text: `{"MIPS_HEADER":"smoke","BODY":{"kind":"delta","note":"watcher probe"}}`,
    format: "J-MIPS_HEADER",
    shape: "string/BODY",
    moduleId: "MB__WATCHER_PROBE__smoke",
    hash: "ABSENT",
  },
  {
    name: "MetaBlooms_DELTA_QuietMode_20260110T122500Z.mips.json",
    text:
      `{"mips_version":"1.0","header":{"artifact_id":"MetaBlooms_DELTA_QuietMode_20260110T122500Z","version":"v1","timestamp_utc":"2026-01-10T12:25:00Z"},"body":{"mode":"quiet"}}`,
    format: "J-header",
    shape: "body",
    moduleId: "MetaBlooms_DELTA_QuietMode_20260110T122500Z",
    hash: "ABSENT",
  },
  {
    name: "MB__P0_DELTA__Demo_v1.mips.json",
    text:
      `{"meta":{"id":"MB__P0_DELTA__Demo_v1","timestamp_local_ct":"2026-01-10","scope":["Demo"],"intent":"show meta format"},"deltas":[{"id":"d1","change":"x"}],"ops":[{"op":"add","target":"gate_x"}]}`,
    format: "J-meta",
    shape: "inline",
    moduleId: "MB__P0_DELTA__Demo_v1",
    hash: "ABSENT",
  },
  {
    name: "MB__03_DELTA__Checklist_Demo_v1.mips.json",
    text:
      `{"delta_id":"MB__03_DELTA__Checklist_Demo_v1","type":"governance","status":"PROMOTED","description":"Demo flat delta.","timestamp_utc":"2026-01-10T12:30:00Z","sha256":"13578d13ed38df7960e5d70b778a699b2a56d27fb9e954b2640643aec8093566"}`,
    format: "J-flat",
    shape: "delta-led",
    moduleId: "MB__03_DELTA__Checklist_Demo_v1",
    hash: "VERIFIED(R1)",
  },
  {
    name: "MB_DELTA_DEMO_v1.mips.json",
    text:
      `{"mips_version":"1.0","artifact_type":"MB_DELTA","delta_id":"MB.DELTA.DEMO.v1.0a1b2c3d","title":"Demo","date_created":"2026-01-10","status":"proposed_ready"}`,
    format: "J-flat",
    shape: "mips_version-led",
    moduleId: "MB.DELTA.DEMO.v1.0a1b2c3d",
    hash: "ABSENT",
  },
  {
    name: "MB__DEMO_NOTE__2026-01-10_v1.mips.md",
    text: `MIPS_HEADER:
  artifact_id: MB__DEMO_NOTE__2026-01-10_v1
  version: v1
  councils: [Auditor, Recorder]
  sha256: cd2a46ed7576e14a36e48efb9532569c19bf1fd68f98b26e8519bcb112db6d79
  timestamp_utc: 2026-01-10T12:35:00Z
  content_type: text/markdown
BODY:

# Demo note
Hello.
`,
    format: "M-yaml",
    moduleId: "MB__DEMO_NOTE__2026-01-10_v1",
    hash: "VERIFIED(R10)",
  },
  {
    name: "MB__00_DEMO_BIOS_v1.mips.md",
    text: `MIPS/1.0
artifact_id: MB__00_DEMO_BIOS_v1.mips.md
version: 1.0
timestamp_utc: 2026-01-10T12:40:00Z
content_type: text/markdown
councils: Facilitator,Auditor
sha256: f28d00fe50f0a6c31deee2ef3c377098f22f58092b7e9bf1bd187b9d74d02767

---
# Demo BIOS
`,
    format: "M-mips1",
    moduleId: "MB__00_DEMO_BIOS_v1.mips.md",
    hash: "VERIFIED(R10)",
  },
  {
    name: "MB__90_TOOL__Demo_v1.mips.md",
    text: `---
mips:
  artifact_id: "MB__90_TOOL__Demo_v1"
  version: "v1"
---
# Demo tool
`,
    format: "M-front",
    moduleId: "MB__90_TOOL__Demo_v1",
    hash: "ABSENT",
  },
  {
    name: "README_Demo.mips.md",
    text: `<!--MIPS_HEADER
{"artifact_id": "MB__DOC__Demo_v1", "version": "v1", "sha256": "5ca0494383a06062c147164382afd26dfe55c8eb53aa8acc15840e136a9eca7d"}
MIPS_HEADER-->

# Demo README

Some text.
`,
    format: "M-html",
    moduleId: "MB__DOC__Demo_v1",
    hash: "VERIFIED(R11)",
  },
  {
    name: "MB__BOOT_PROMPT__Demo_v1.mips.txt",
    text:
      `{"mips":{"artifact_id":"MB__BOOT_PROMPT__Demo_v1","content_type":"text/plain","sha256":"…"}}

---

DEMO BOOT TEXT
`,
    format: "T-jsontext",
    shape: "mips",
    moduleId: "MB__BOOT_PROMPT__Demo_v1",
    hash: "UNVERIFIABLE",
  },
];

/** The event-ledger test vector of mips.md §5 (two lines, final newline). */
export const LEDGER_VECTOR: string =
  `{"event_id":"evt_000001","ts_utc":"2026-01-10T12:00:00Z","event_type":"SYSTEM_INIT","payload":{"kind":"system_init","detail":"demo ledger"},"sha256":"45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4","prev_sha256":null}
{"event_id":"evt_000002","ts_utc":"2026-01-10T12:01:00Z","event_type":"ARTIFACT_CREATED","payload":{"path":"deltas/2026-01/MB__03_DELTA__BlueWidgets_v1.mips.json"},"sha256":"b419bb3e570b6d3cbbf2195542ca806f46efa66ae75ea4ce927005709dac8239","prev_sha256":"45bfb3930d5e2e8112b774a1420e1dc24b561a23e35a039787e23ecc74e127f4"}
`;

/** The DeltaPack v1 test vector of bundle.md §6 and its hash. */
export const DELTAPACK_VECTOR: { text: string; hash: string } = {
  text:
    `{"schema":"MetaBlooms::DeltaPack::v1","delta_id":"delta_20260110T120000Z","created_utc":"2026-01-10T12:00:00Z","author":"kit_demo","scope":"governance","operations":[{"op":"add","path":"docs/DEMO.md","why":"demo"}],"activation_requirements":{"requires":["GOVERNANCE_CORE"],"verify":["DEMO.md exists"]},"links":{"chat_session_id":"chat_demo01","chat_turn_id":"t000001"},"tags":["demo"]}`,
  hash: "f27764ee450bc8cde1abf747c2fadc29e0c0e6f5bf89bec1e685733a2205ccdb",
};
