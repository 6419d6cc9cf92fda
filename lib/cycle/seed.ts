/**
 * The objects a new living image starts with (spec §2 root names): `traits_obj`,
 * `pLLM_obj`, `genesis_obj`, `knowledge_catalog_obj`, the four persona
 * prototypes with their codex, `data_covenants`, the PSM state objects,
 * `orchestrator_obj` and `active_cycles`. Seeding creates only what is
 * missing, in one transaction, so it is safe to run on every start.
 *
 * @module
 */
import type { Image } from "../image/image.ts";
import type { ObjectState } from "../image/object.ts";
import { seedCovenants } from "./covenants.ts";
import { personaSeedObjects } from "./personas.ts";
import { psmSeedObjects } from "./psm.ts";

/** The object a first-time user sends a message to. */
export const GENESIS_OID = "genesis_obj";

/** The message the first-run printout suggests (answered by a cycle the first time). */
export const GENESIS_SELECTOR = "greet_architect";

/**
 * Every seed object.
 *
 * @returns Oid → content.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedObjects } from "./seed.ts";
 * const objects = seedObjects();
 * assert.deepEqual(objects.orchestrator_obj?.parents, ["pLLM_obj", "alfred_prototype_obj", "traits_obj"]);
 * assert(objects.data_covenants && objects.psm_idle_obj && objects.genesis_obj);
 * ```
 */
export function seedObjects(): Record<string, ObjectState> {
  return {
    traits_obj: {
      parents: [],
      slots: {
        description: "Shared behaviour of every object: what no object understands becomes a " +
          "cognitive cycle that writes the missing method",
        persona: "ROBIN",
      },
    },
    pLLM_obj: {
      parents: [],
      slots: {
        description: "Inference goes through the kit's Ollama client; each persona's model is " +
          "configuration (MB_MODEL, MB_PERSONA_MODELS), not image data",
      },
    },
    knowledge_catalog_obj: {
      parents: [],
      slots: { description: "The knowledge catalog the DELEGATING state retrieves from" },
    },
    active_cycles: {
      parents: [],
      slots: {
        description: "Cycles run in their own unit of work until they commit or abort; finished " +
          "cycles are listed in the image's cycle table and the metacognition log",
      },
    },
    data_covenants: { parents: [], slots: seedCovenants() },
    ...personaSeedObjects(),
    ...psmSeedObjects(),
    orchestrator_obj: {
      parents: ["pLLM_obj", "alfred_prototype_obj", "traits_obj"],
      slots: { name: "orchestrator" },
    },
    [GENESIS_OID]: {
      parents: ["traits_obj"],
      slots: {
        name: "genesis",
        description: "The first object. Send it a message it does not understand and it learns " +
          `a method for it (try ${GENESIS_SELECTOR}).`,
        architect: "the Architect",
      },
    },
  };
}

/**
 * Creates the seed objects a living image lacks (one transaction, kind `seed`).
 *
 * @param image The image.
 * @returns The oids created (empty when the image was already seeded).
 *
 * @example Seeding twice creates nothing the second time
 * ```ts
 * import assert from "node:assert/strict";
 * import { openStore } from "../store/open.ts";
 * import { Image } from "../image/image.ts";
 * import { seedLivingImage } from "./seed.ts";
 * await using store = await openStore({ sqlite_path: ":memory:" });
 * const image = await Image.open(store);
 * assert((await seedLivingImage(image)).includes("genesis_obj"));
 * assert.deepEqual(await seedLivingImage(image), []);
 * ```
 */
export function seedLivingImage(image: Image): Promise<string[]> {
  return image.ensure(seedObjects(), "seed the living image");
}
