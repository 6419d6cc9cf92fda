/**
 * `metablooms migrate-store`: copies the kit's data from one store to another
 * (the embedded SQLite file to a shared PostgreSQL server, or back), verified
 * table by table and resumable after a kill.
 *
 * @example
 * ```sh
 * metablooms migrate-store --from sqlite:.metablooms/metablooms.db --to postgres://kit@db.internal/kit
 * ```
 *
 * @module
 */
import { type Command, runCommand } from "./_command.ts";
import { operationCommand } from "./_op_command.ts";
import { migrateStoreOp } from "../ops/migrate_store.ts";
import type { StoreCopyReport } from "../schemas/store.ts";

/** `metablooms migrate-store`: the `migrate_store` operation. */
export const command: Command<StoreCopyReport> = operationCommand(migrateStoreOp);

if (import.meta.main) Deno.exit(await runCommand(command, Deno.args));
