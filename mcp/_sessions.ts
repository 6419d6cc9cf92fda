/**
 * The open MCP sessions of the HTTP transport and who may hold how many: at
 * most `maxSessions` in all and `maxSessionsPerClient` per peer address.
 * Making room closes the least recently used session that has no request in
 * flight — the client's own first, then anyone's — so a flood of idle
 * sessions from one process costs the flooder its oldest sessions and never
 * locks a new client out.
 *
 * @module
 */

/** What the table needs to know about a session. */
export interface SessionEntry {
  /** The peer address that initialized it. */
  client: string;
  /** When it last received a request (ms since the epoch). */
  lastSeen: number;
  /** Requests whose answer is still being streamed. */
  inflight: number;
}

/** Caps of a {@linkcode SessionTable}. */
export interface SessionLimits {
  /** Most sessions in all. */
  maxSessions: number;
  /** Most sessions one peer address holds. */
  maxSessionsPerClient: number;
}

/**
 * Sessions by id, with least-recently-used eviction.
 *
 * @example Room is made by evicting the idle session used longest ago
 * ```ts
 * import assert from "node:assert/strict";
 * import { SessionTable } from "./_sessions.ts";
 * const table = new SessionTable({ maxSessions: 2, maxSessionsPerClient: 2 });
 * table.set("a", { client: "x", lastSeen: 1, inflight: 0 });
 * table.set("b", { client: "x", lastSeen: 2, inflight: 0 });
 * table.touch("a");
 * assert.deepEqual(table.makeRoom("y")?.map(([id]) => id), ["b"]);
 * ```
 */
export class SessionTable<T extends SessionEntry> {
  readonly #sessions = new Map<string, T>();
  readonly #limits: SessionLimits;

  /** @param limits The caps. */
  constructor(limits: SessionLimits) {
    this.#limits = limits;
  }

  /** Number of sessions. */
  get size(): number {
    return this.#sessions.size;
  }

  /**
   * The session with this id.
   *
   * @param id Session id.
   * @returns The session, if open.
   */
  get(id: string): T | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Marks a session used now: it becomes the most recently used.
   *
   * @param id Session id.
   * @param now The time (ms since the epoch). @default {Date.now()}
   * @returns The session, if open.
   */
  touch(id: string, now: number = Date.now()): T | undefined {
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    session.lastSeen = now;
    // The map's order is the order of use: oldest first.
    this.#sessions.delete(id);
    this.#sessions.set(id, session);
    return session;
  }

  /**
   * Adds or replaces a session (as the most recently used).
   *
   * @param id Session id.
   * @param session The session.
   */
  set(id: string, session: T): void {
    this.#sessions.delete(id);
    this.#sessions.set(id, session);
  }

  /**
   * Forgets a session.
   *
   * @param id Session id.
   * @returns The session it held, if any.
   */
  delete(id: string): T | undefined {
    const session = this.#sessions.get(id);
    this.#sessions.delete(id);
    return session;
  }

  /**
   * Every session id.
   *
   * @returns The ids, least recently used first.
   */
  ids(): string[] {
    return [...this.#sessions.keys()];
  }

  /**
   * Ids of the sessions idle for longer than `idleMs`.
   *
   * @param now The time now.
   * @param idleMs The idle limit.
   * @returns Their ids.
   */
  idleSince(now: number, idleMs: number): string[] {
    return [...this.#sessions].filter(([, s]) => now - s.lastSeen > idleMs).map(([id]) => id);
  }

  /**
   * Picks the sessions to close so that `client` may open `adding` more, and
   * forgets them (the caller closes them). Called before a new session is
   * built (to refuse early) and again just before it is added (concurrent
   * openings may all have found the same room).
   *
   * @param client The peer address of the new session.
   * @param adding Sessions about to be added. @default {1}
   * @returns The sessions to close, by id (often none), or `undefined` when
   * every candidate has a request in flight and no room can be made.
   */
  makeRoom(client: string, adding = 1): Array<[string, T]> | undefined {
    const all = [...this.#sessions];
    const victims = new Set<string>();
    const own = all.filter(([, s]) => s.client === client);
    while (own.length - victims.size + adding > this.#limits.maxSessionsPerClient) {
      const id = leastRecentlyUsed(own, victims);
      if (id === undefined) return undefined;
      victims.add(id);
    }
    while (all.length - victims.size + adding > this.#limits.maxSessions) {
      const id = leastRecentlyUsed(all, victims);
      if (id === undefined) return undefined;
      victims.add(id);
    }
    return [...victims].map((id) => [id, this.delete(id)!]);
  }
}

function leastRecentlyUsed<T extends SessionEntry>(
  entries: [string, T][],
  taken: ReadonlySet<string>,
): string | undefined {
  // Entries come in order of use, oldest first.
  return entries.find(([id, s]) => s.inflight === 0 && !taken.has(id))?.[0];
}
