/**
 * Remembering documents (`remember`, `metablooms remember <file|dir>`):
 * Markdown, text, JSON and MIPS deltas become chunks in the catalog, with
 * their source path and sha256. An unchanged file is skipped; a changed one
 * has its chunks replaced in one transaction. With an embedding model the
 * chunks are cut where the topic shifts and get vectors for the search's
 * vector half.
 *
 * @module
 */
import { extname, join } from "node:path";
import { type Clock, isoUtc, systemClock } from "../clock.ts";
import { KitError } from "../errors.ts";
import { sha256Hex } from "../fs/sha256.ts";
import { parseMipsBytes } from "../mips/parse.ts";
import { basePosture } from "../ltm/posture.ts";
import type { Store } from "../store/store.ts";
import type { EmbeddingUse, RememberedFile, RememberResult } from "../../schemas/catalog.ts";
import {
  type Chunk,
  jsonParagraphs,
  markdownParagraphs,
  packChunks,
  type Paragraph,
  semanticBreaks,
  textParagraphs,
} from "./chunk.ts";
import { type Embedder, embedFailure, toBlob } from "./embedder.ts";
import {
  type ChunkRow,
  documentKind,
  documentSha,
  migrateCatalog,
  replaceDocument,
} from "./repository.ts";

/** Options of {@linkcode remember}. */
export interface RememberOptions {
  /** Computes vectors (semantic chunking, vector search). @default {none: BM25 only} */
  embedder?: Embedder | undefined;
  /** Stamps `added_utc`. @default {systemClock} */
  clock?: Pick<Clock, "now"> | undefined;
  /** Aborts between files. */
  signal?: AbortSignal | undefined;
}

const EXTENSIONS = new Set([".md", ".markdown", ".txt", ".text", ".json"]);
const DECODER = new TextDecoder("utf-8", { fatal: true });

/**
 * Remembers a file, or every Markdown, text and JSON file under a folder.
 *
 * @param store The store.
 * @param path A file or a folder (absolute).
 * @param options Embedder, clock, abort.
 * @returns Per file: added, replaced, unchanged or skipped, with its chunk count.
 * @throws {KitError} `REMEMBER_NOT_FOUND` (exit 2) when `path` does not exist.
 *
 * @example Remember a note, then change it
 * ```ts
 * import assert from "node:assert/strict";
 * import { openSqliteStore } from "../store/sqlite_store.ts";
 * import { remember } from "./remember.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/tea.md`, "# Tea\nSteep green tea for two minutes.");
 * await using store = await openSqliteStore(":memory:");
 * assert.equal((await remember(store, `${dir}/tea.md`)).added, 1);
 * assert.equal((await remember(store, dir)).unchanged, 1);
 * await Deno.writeTextFile(`${dir}/tea.md`, "# Tea\nSteep black tea for four minutes.");
 * assert.equal((await remember(store, dir)).replaced, 1);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function remember(
  store: Store,
  path: string,
  options: RememberOptions = {},
): Promise<RememberResult> {
  await migrateCatalog(store);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    throw new KitError("REMEMBER_NOT_FOUND", `Cannot remember ${path}: no such file or folder`, {
      path,
      exitCode: 2,
    });
  }
  const paths = info.isDirectory ? await documentsUnder(path) : [path];
  const embeddings: EmbeddingUse = options.embedder
    ? { used: true, model: options.embedder.model }
    : { used: false, reason: "no embedding model configured (ollama.embedModel is off)" };
  let embedder = options.embedder;
  const files: RememberedFile[] = [];
  for (const file of paths) {
    options.signal?.throwIfAborted();
    const result = await rememberFile(store, file, embedder, options, (reason) => {
      // The first failure turns the half off for the rest of the run, and says why.
      embedder = undefined;
      embeddings.used = false;
      embeddings.reason = reason;
    });
    files.push(result);
  }
  const count = (s: RememberedFile["status"]) => files.filter((f) => f.status === s).length;
  return {
    files,
    added: count("added"),
    replaced: count("replaced"),
    unchanged: count("unchanged"),
    skipped: count("skipped"),
    chunks: files.reduce((n, f) => n + f.chunks, 0),
    embeddings,
  };
}

async function documentsUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory) out.push(...await documentsUnder(full));
    else if (entry.isFile && EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
  return out.sort();
}

/** A document read and cut into paragraphs. */
interface Parsed {
  kind: string;
  paragraphs: Paragraph[];
  metadata: Record<string, unknown>;
  ts_ms: number | null;
}

async function rememberFile(
  store: Store,
  path: string,
  embedder: Embedder | undefined,
  options: RememberOptions,
  embeddingsFailed: (reason: string) => void,
): Promise<RememberedFile> {
  const bytes = await Deno.readFile(path);
  const sha256 = sha256Hex(bytes);
  const previous = await store.read((tx) => documentSha(tx, path));
  if (previous === sha256) {
    const kind = await store.read((tx) => documentKind(tx, path));
    return { path, kind: kind ?? "unknown", status: "unchanged", chunks: 0, sha256 };
  }
  let parsed: Parsed;
  try {
    parsed = parseDocument(path, bytes, (await Deno.stat(path)).mtime?.getTime() ?? null);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { path, kind: "unknown", status: "skipped", chunks: 0, sha256, reason };
  }
  let chunks: Chunk[] = packChunks(parsed.paragraphs);
  let rows: ChunkRow[] = chunks;
  if (embedder && chunks.length > 0) {
    try {
      const units = await embedder.embed(parsed.paragraphs.map(embedText), options.signal);
      chunks = packChunks(parsed.paragraphs, semanticBreaks(units));
      const vectors = await embedder.embed(chunks.map(embedText), options.signal);
      rows = chunks.map((c, i) => ({
        ...c,
        embedding: { model: embedder.model, vector: toBlob(vectors[i]!), dims: vectors[i]!.length },
      }));
    } catch (error) {
      if ((error as { code?: unknown }).code === "CANCELLED") throw error;
      embeddingsFailed(embedFailure(embedder.model, error));
      chunks = packChunks(parsed.paragraphs);
      rows = chunks;
    }
  }
  await store.transaction((tx) =>
    replaceDocument(tx, {
      path,
      sha256,
      kind: parsed.kind,
      bytes: bytes.length,
      ts_ms: parsed.ts_ms,
      metadata: parsed.metadata,
      added_utc: isoUtc((options.clock ?? systemClock).now()),
    }, rows)
  );
  return {
    path,
    kind: parsed.kind,
    status: previous === undefined ? "added" : "replaced",
    chunks: rows.length,
    sha256,
  };
}

function embedText(c: Paragraph): string {
  return c.heading ? `${c.heading}\n${c.text}` : c.text;
}

const MIPS_PREFIXES = ["J-", "M-", "T-"];

/**
 * Reads a document's bytes as its kind: a MIPS delta (by its header, per the MIPS parser),
 * else Markdown, JSON or text by extension.
 */
function parseDocument(path: string, bytes: Uint8Array, mtime: number | null): Parsed {
  const ext = extname(path).toLowerCase();
  const { record, body } = parseMipsBytes(bytes, path);
  if (record.format === "binary") throw new TypeError("a binary file, not a document");
  const text = DECODER.decode(bytes);
  if (MIPS_PREFIXES.some((p) => record.format.startsWith(p)) && record.id_source !== "filename") {
    const heading = record.title ? `${record.module_id} — ${record.title}` : record.module_id;
    const paragraphs = body.kind === "json"
      ? jsonParagraphs(body.value, heading)
      : body.kind === "text"
      ? markdownParagraphs(body.text).map((p) => ({
        heading: p.heading ? `${heading} > ${p.heading}` : heading,
        text: p.text,
      }))
      : [];
    const ts = record.timestamp_utc ? Date.parse(record.timestamp_utc) : NaN;
    return {
      kind: "mips",
      paragraphs,
      ts_ms: Number.isFinite(ts) ? ts : mtime,
      metadata: {
        module_id: record.module_id,
        format: record.format,
        posture: basePosture(record, record.problem),
        hash_status: record.hash_status,
        ...(record.artifact_id ? { artifact_id: record.artifact_id } : {}),
        ...(record.version ? { version: record.version } : {}),
        ...(record.status ? { status: record.status } : {}),
        ...(record.timestamp_utc ? { timestamp_utc: record.timestamp_utc } : {}),
        ...(record.title ? { title: record.title } : {}),
      },
    };
  }
  if (ext === ".json") {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SyntaxError(`not JSON: ${(error as Error).message}`);
    }
    return { kind: "json", paragraphs: jsonParagraphs(value), ts_ms: mtime, metadata: {} };
  }
  if (ext === ".md" || ext === ".markdown") {
    return { kind: "markdown", paragraphs: markdownParagraphs(text), ts_ms: mtime, metadata: {} };
  }
  return { kind: "text", paragraphs: textParagraphs(text), ts_ms: mtime, metadata: {} };
}
