/**
 * What must hold in an LTM repo after any command ran, however the one before
 * it ended: the ledger verifies (files included), HEAD's ledger is the work
 * tree's and names only files HEAD has, no file is in the ledger twice,
 * `git fsck` finds no damage, and nothing the kit creates is left in `.git/`.
 *
 * @module
 */
import { join } from "node:path";
import { verifyLedger } from "../../lib/ledger/verify.ts";
import { readIngestLedger } from "../../lib/watcher/ledger.ts";
import { git, runGit } from "../../lib/git/run.ts";

/**
 * The problems found (empty when the repo is sound).
 *
 * @param ltm The LTM repo.
 * @param env Git's environment.
 * @returns One line per problem.
 */
export async function ltmProblems(ltm: string, env: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const ledgerPath = join(ltm, "manifests/ledger.ndjson");
  const text = await Deno.readTextFile(ledgerPath).catch(() => null);
  if (text !== null) {
    const verdict = await verifyLedger(ledgerPath, { checkFiles: true });
    if (!verdict.ok || verdict.torn_tail) {
      problems.push(`ledger-verify: ${JSON.stringify(verdict.first_broken ?? verdict.torn_tail)}`);
    }
    const head = await runGit(ltm, ["show", "HEAD:manifests/ledger.ndjson"], { env });
    if (head.code !== 0 || head.stdout !== text) {
      problems.push("HEAD's ledger is not the work tree's");
    }
    const tracked = new Set(
      (await git(ltm, ["ls-tree", "-r", "--name-only", "HEAD"], { env })).split("\n"),
    );
    const ledger = await readIngestLedger(ledgerPath);
    for (const line of ledger.lines) {
      if (!tracked.has(line.path)) problems.push(`HEAD lacks ${line.path}`);
    }
    const shas = ledger.lines.map((l) => l.sha256);
    if (new Set(shas).size !== shas.length) problems.push("a file is in the ledger twice");
  }
  const fsck = await runGit(ltm, ["fsck", "--no-progress"], { env });
  if (fsck.code !== 0 || /^(error|missing|broken|bad)/im.test(fsck.stdout + fsck.stderr)) {
    problems.push(`git fsck: ${(fsck.stdout + fsck.stderr).trim().slice(0, 300)}`);
  }
  // The top of .git/ and refs/ (where a killed git leaves `<ref>.lock`).
  const walk = async (dir: string, rel: string): Promise<void> => {
    for await (const entry of Deno.readDir(dir)) {
      const name = `${rel}${entry.name}`;
      if (/^metablooms-|^\.metablooms-|\.lock$/.test(entry.name)) problems.push(`${name} is left`);
      else if (entry.isDirectory && (rel !== ".git/" || entry.name === "refs")) {
        await walk(join(dir, entry.name), `${name}/`);
      }
    }
  };
  await walk(join(ltm, ".git"), ".git/");
  return problems;
}
