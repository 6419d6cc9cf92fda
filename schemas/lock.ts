/**
 * Zod schema of the cross-process lock record (`lib/fs/lock.ts`).
 *
 * @module
 */
import { z } from "zod";

/** The content of a lock file: who holds the lock. */
export interface LockRecord {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder. */
  host: string;
  /** When the holder took the lock (UTC ISO, whole seconds). */
  started_utc: string;
  /** What the lock was taken for (shown to a waiter). */
  purpose?: string | undefined;
  /** A random id of this acquisition, so a holder never releases a lock it no longer holds. */
  token?: string | undefined;
}

/** Schema of {@linkcode LockRecord}. */
export const LockRecordSchema: z.ZodType<LockRecord> = z.object({
  pid: z.number().int(),
  host: z.string(),
  started_utc: z.string(),
  purpose: z.string().optional(),
  token: z.string().optional(),
});
