/**
 * Finishing a ledger rotation that a crash interrupted (see `rotate.ts`):
 * every writer calls {@linkcode finishRotation} under the ledger's lock before
 * it touches the files, so a rotation, once journaled, always completes.
 *
 * @module
 */
import { dirname } from "node:path";
import { syncDir } from "../fs/sync_dir.ts";
import { RotationJournalSchema } from "../../schemas/state.ts";
import { chainPathOf } from "./sidecar.ts";

/**
 * The rotation journal of a ledger.
 *
 * @param path The ledger.
 * @returns `<path>.rotating`.
 */
export function rotationJournalOf(path: string): string {
  return `${path}.rotating`;
}

/**
 * Completes a journaled rotation of `path` (moving the log and its chain
 * where they have not moved yet), then removes the journal. Call under the lock.
 *
 * @param path The ledger.
 * @returns Resolves once no rotation is pending.
 */
export async function finishRotation(path: string): Promise<void> {
  const journalPath = rotationJournalOf(path);
  let text: string;
  try {
    text = await Deno.readTextFile(journalPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  let to: string | undefined;
  try {
    const parsed = RotationJournalSchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.from === path) to = parsed.data.to;
  } catch { /* a journal torn before its rename cannot exist: it is written atomically */ }
  if (to !== undefined) {
    await moveIfPending(path, to);
    await moveIfPending(chainPathOf(path), chainPathOf(to));
    await syncDir(dirname(to));
  }
  await Deno.remove(journalPath).catch(() => {});
  await syncDir(dirname(path));
}

async function moveIfPending(from: string, to: string): Promise<void> {
  if (!(await exists(from)) || (await exists(to))) return;
  await Deno.rename(from, to);
}

/**
 * Whether a path exists (without following a final symlink).
 *
 * @param path The path.
 * @returns True when it exists.
 */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
