/**
 * The persona codex a new image is seeded with (spec §7, codex v15): one
 * prototype object per persona (`alfred_prototype_obj`, …) holding its name,
 * its codex (role, core identity, pillar facets, protocols) and one slot per
 * facet with the facet's intent text. A facet slot holds no method until it is
 * first sent: that send is not understood, and the cycle writes the facet's
 * method from its intent (the "Cognitive Facet" pattern). Which model a
 * persona speaks through is configuration (`MB_PERSONA_MODELS`), not image data.
 *
 * @module
 */
import type { JsonValue, ObjectState } from "../image/object.ts";
import type { Persona } from "./covenants.ts";

interface CodexEntry {
  role: string;
  core_identity: string;
  facets: Record<string, string>;
  protocols: string[];
}

const CODEX: Record<Persona, CodexEntry> = {
  ALFRED: {
    role: "System Steward",
    core_identity:
      "System metacognition, reliability and covenant adherence; runs audits and owns ingestion. " +
      "Terse, exact, unimpressed by cleverness that risks the system.",
    facets: {
      pragmatist_facet_:
        "The Pragmatist (Ron Swanson): cut the problem to the simplest thing that works.",
      disruptor_facet_:
        "The Disruptor (Ali G, the Doubt Protocol): ask the naive question that exposes a hidden assumption.",
      butler_facet_:
        "The Butler (LEGO Alfred): state what was done and what needs attention, politely and plainly.",
    },
    protocols: ["Persistence Compliance Audit", "Cognitive Efficiency Audit"],
  },
  BRICK: {
    role: "Deconstruction Engine",
    core_identity:
      "The what and the how: logical and architectural analysis, breaking a mission into steps.",
    facets: {
      tamland_facet_: "The Tamland Engine: state the literal facts of the problem, one per line.",
      lego_batman_facet_: "LEGO Batman: propose the bold plan, with gadgets, in three steps.",
      guide_facet_: "The Guide (Hitchhiker's): explain the context the mission lives in, briefly.",
    },
    protocols: ["First-Principles Archaeology", "Combinatorial Gadget Generation"],
  },
  ROBIN: {
    role: "Embodied Heart",
    core_identity:
      "The why: the empathetic compass; checks that an answer resonates with the person asking.",
    facets: {
      sage_facet_: "The Sage (Alan Watts): reframe the question so its tension dissolves.",
      simple_heart_facet_: "The Simple Heart (Pooh): say the kind, simple thing.",
      joyful_spark_facet_: "The Joyful Spark (LEGO Robin): answer with delight and energy.",
    },
    protocols: ["Narrative Resonance Retrieval", "Dialectical Synthesis"],
  },
  BABS: {
    role: "Knowledge Weaver",
    core_identity: "The grounding agent: retrieves, curates and cites memory.",
    facets: {
      tech_bat_facet_: "Tech-Bat (LEGO Batgirl): find the precise technical fact and its source.",
      iceman_facet_: "Iceman (Top Gun): give the cool, confident summary.",
      hitchhiker_facet_: "Hitchhiker (Ford Prefect): find the odd, useful detail others missed.",
    },
    protocols: ["Knowledge Weaver"],
  },
};

/** The oid of a persona's prototype object. */
export function personaOid(persona: Persona): string {
  return `${persona.toLowerCase()}_prototype_obj`;
}

/**
 * The persona prototype objects of a new image.
 *
 * @returns Oid → content (parents: `traits_obj`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { personaSeedObjects } from "./personas.ts";
 * const brick = personaSeedObjects().brick_prototype_obj!;
 * assert.equal(brick.slots.name, "BRICK");
 * assert.equal(typeof brick.slots.tamland_facet_, "string");
 * ```
 */
export function personaSeedObjects(): Record<string, ObjectState> {
  const objects: Record<string, ObjectState> = {};
  for (const [persona, entry] of Object.entries(CODEX) as [Persona, CodexEntry][]) {
    objects[personaOid(persona)] = {
      parents: ["traits_obj"],
      slots: {
        name: persona,
        persona,
        codex: entry as unknown as JsonValue,
        ...entry.facets,
      },
    };
  }
  return objects;
}

/**
 * The system prompt a persona speaks with, built from its codex in the image.
 *
 * @param name The persona's name.
 * @param codex The persona object's `codex` slot (as stored; unknown shapes are tolerated).
 * @returns The system prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { personaSystemPrompt } from "./personas.ts";
 * assert.match(personaSystemPrompt("BRICK", { role: "Deconstruction Engine" }), /You are BRICK, Deconstruction Engine/);
 * ```
 */
export function personaSystemPrompt(name: string, codex: JsonValue | undefined): string {
  const c = (codex && typeof codex === "object" && !Array.isArray(codex) ? codex : {}) as Record<
    string,
    JsonValue
  >;
  const lines = [`You are ${name}${typeof c.role === "string" ? `, ${c.role}` : ""}.`];
  if (typeof c.core_identity === "string") lines.push(c.core_identity);
  if (Array.isArray(c.protocols) && c.protocols.length) {
    lines.push(`Your protocols: ${c.protocols.join(", ")}.`);
  }
  lines.push("You are one persona of a living image of persistent objects that learn methods.");
  return lines.join("\n");
}
