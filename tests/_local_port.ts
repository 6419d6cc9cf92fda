/**
 * A TCP port on 127.0.0.1 that accepts and closes every connection, for tests
 * that check whether a child process can reach the network.
 *
 * @module
 */

/** Runs `fn` with a listening local port, closing it afterwards. */
export async function withLocalPort<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepting = (async () => {
    try {
      for await (const conn of listener) conn.close();
    } catch { /* closed */ }
  })();
  try {
    return await fn((listener.addr as Deno.NetAddr).port);
  } finally {
    listener.close();
    await accepting;
  }
}
