/**
 * The repository test files (LTM index, living image) once more on PostgreSQL:
 * a throwaway cluster, and a child `deno test` of those files with
 * `MB_TEST_DATABASE_URL` set, so every test there opens a fresh schema instead
 * of an in-memory SQLite store (tests/fixtures/test_store.ts).
 */
import { assert } from "../_assert.ts";
import { pgUnavailable, startPgCluster } from "../fixtures/pg_cluster.ts";
import { TEST_DATABASE_URL } from "../fixtures/test_store.ts";

/** The test files that reach their tables through the repository, by backend-neutral fixtures. */
const SUITES = [
  "tests/ltm/query_test.ts",
  "tests/ltm/graph_test.ts",
  "tests/ltm/reindex_test.ts",
  "tests/ltm/store_component_test.ts",
  "tests/image/store_test.ts",
  "tests/image/send_test.ts",
  "tests/image/store_component_test.ts",
];

const unavailable = await pgUnavailable();

Deno.test({
  name: "the LTM and image test files pass on PostgreSQL too",
  ignore: unavailable !== undefined,
  async fn() {
    await using cluster = await startPgCluster();
    const root = new URL("../../", import.meta.url);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "--no-check", ...SUITES],
      cwd: root,
      env: { [TEST_DATABASE_URL]: cluster.url, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    const report = text.decode(out.stdout) + text.decode(out.stderr);
    assert(out.success, `the suites failed on PostgreSQL:\n${report.slice(-6000)}`);
    assert(/ok \| \d+ passed \| 0 failed/.test(report), report.slice(-2000));
  },
});
