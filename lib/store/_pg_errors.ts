/**
 * PostgreSQL driver failures as the seam's coded errors.
 *
 * @module
 */
import { ExitCode, KitError } from "../errors.ts";

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOENT", // a unix socket that is not there
  "28000", // invalid_authorization_specification
  "28P01", // invalid_password
  "3D000", // invalid_catalog_name: the database does not exist
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
]);
const CONFLICT_CODES = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected
const BUSY_CODES = new Set(["55P03", "53300"]); // lock_not_available, too_many_connections
const UNREACHABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|server closed the connection|Client was closed/i;

/**
 * The coded form of a driver error, or the error itself when it is a mistake in the SQL
 * (those keep the driver's message, as on SQLite).
 *
 * @param error What the driver threw.
 * @param location The store's URL without its password.
 * @returns `STORE_UNREACHABLE`, `STORE_CONFLICT` or `STORE_BUSY` as a {@linkcode KitError},
 *   else `error`.
 */
export function pgError(error: unknown, location: string): unknown {
  if (error instanceof KitError) return error;
  const code = String((error as { code?: unknown })?.code ?? "");
  const message = (error as Error)?.message ?? String(error);
  if (CONFLICT_CODES.has(code)) {
    return new KitError(
      "STORE_CONFLICT",
      `Cannot commit to the store ${location}: another transaction changed the same data ` +
        `(${message}); the transaction was rolled back and may be retried`,
      { path: location, cause: error, details: { sqlstate: code } },
    );
  }
  if (BUSY_CODES.has(code)) {
    return new KitError("STORE_BUSY", `The store ${location} is busy: ${message}`, {
      path: location,
      cause: error,
      details: { sqlstate: code },
    });
  }
  if (UNREACHABLE_CODES.has(code) || code.startsWith("08") || UNREACHABLE_MESSAGE.test(message)) {
    return unreachable(location, message, error);
  }
  return error;
}

/**
 * `STORE_UNREACHABLE` (exit 2) for a store that cannot be connected to.
 *
 * @param location The store's URL without its password.
 * @param reason Why.
 * @param cause The underlying error.
 * @returns The error.
 */
export function unreachable(location: string, reason: string, cause?: unknown): KitError {
  return new KitError("STORE_UNREACHABLE", `Cannot reach the store ${location}: ${reason}`, {
    path: location,
    exitCode: ExitCode.USAGE,
    cause,
  });
}
