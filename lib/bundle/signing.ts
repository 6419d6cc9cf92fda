/**
 * Ed25519 signing of build receipts via WebCrypto: key generation (private
 * JWK file), signing the canonical JSON of a receipt, and verification
 * against the public key embedded in the signature.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { BuildReceipt, ReceiptSignature, SigningKeyInfo } from "../../schemas/bundle.ts";
import { ExitCode, KitError } from "../errors.ts";
import { writeFileAtomic } from "../fs/atomic_write.ts";

/**
 * Serialises JSON with object keys sorted at every level and no whitespace:
 * the exact bytes a receipt signature covers.
 *
 * @param value A JSON value.
 * @returns Canonical JSON text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalJson } from "./signing.ts";
 * assert(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) === '{"a":[{"c":3,"d":2}],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(
          Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
        : v,
  );
}

/**
 * Generates an Ed25519 key pair and writes the private key as a JWK file (mode 0600).
 *
 * @param path Where to write the key; must not exist yet.
 * @returns The path, public key (base64url) and key id.
 * @throws {KitError} `KEY_EXISTS` when the file exists.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSigningKey } from "./signing.ts";
 * const dir = await Deno.makeTempDir();
 * const key = await generateSigningKey(`${dir}/receipt.jwk`);
 * assert(key.key_id.length === 16);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function generateSigningKey(path: string): Promise<SigningKeyInfo> {
  try {
    await Deno.lstat(path);
    throw new KitError("KEY_EXISTS", `Refusing to overwrite the existing key file ${path}`, {
      path,
      exitCode: ExitCode.USAGE,
    });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  await writeFileAtomic(path, JSON.stringify({ ...jwk, key_ops: ["sign"] }, null, 2) + "\n", {
    mode: 0o600,
  });
  const publicKey = jwk.x!;
  return { path, public_key: publicKey, key_id: keyIdOf(publicKey) };
}

/** A loaded private key and its public half. */
export interface SigningKey {
  /** The WebCrypto private key. */
  privateKey: CryptoKey;
  /** Public key, base64url. */
  publicKey: string;
  /** Key id (16 hex). */
  keyId: string;
}

/**
 * Loads an Ed25519 private key from a JWK file.
 *
 * @param path The key file.
 * @returns The key.
 * @throws {KitError} `SIGNING_KEY_INVALID` (exit 2) when the file is missing or not an Ed25519 private JWK.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateSigningKey, loadSigningKey } from "./signing.ts";
 * const dir = await Deno.makeTempDir();
 * const made = await generateSigningKey(`${dir}/k.jwk`);
 * assert((await loadSigningKey(`${dir}/k.jwk`)).keyId === made.key_id);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadSigningKey(path: string): Promise<SigningKey> {
  const bad = (why: string, cause?: unknown) =>
    new KitError("SIGNING_KEY_INVALID", `Cannot use signing key ${path}: ${why}`, {
      path,
      exitCode: ExitCode.USAGE,
      ...(cause === undefined ? {} : { cause }),
    });
  let jwk: JsonWebKey;
  try {
    jwk = JSON.parse(await Deno.readTextFile(path));
  } catch (error) {
    throw bad(
      error instanceof Deno.errors.NotFound ? "file not found" : "not a JSON Web Key",
      error,
    );
  }
  if (
    jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.d !== "string" ||
    typeof jwk.x !== "string"
  ) {
    throw bad("expected an Ed25519 private key (kty OKP, crv Ed25519, with d and x)");
  }
  try {
    const { key_ops: _ops, ext: _ext, ...clean } = jwk;
    const privateKey = await crypto.subtle.importKey("jwk", clean, { name: "Ed25519" }, false, [
      "sign",
    ]);
    return { privateKey, publicKey: jwk.x, keyId: keyIdOf(jwk.x) };
  } catch (error) {
    throw bad(`WebCrypto refused it (${(error as Error).message})`, error);
  }
}

/**
 * Signs a receipt: Ed25519 over the canonical JSON of the receipt without `signature`.
 *
 * @param receipt The receipt.
 * @param key The private key.
 * @returns The receipt with `signature` set.
 *
 * @example
 * ```ts ignore
 * const signed = await signReceipt(receipt, await loadSigningKey("receipt.jwk"));
 * ```
 */
export async function signReceipt(receipt: BuildReceipt, key: SigningKey): Promise<BuildReceipt> {
  const { signature: _old, ...body } = receipt;
  const bytes = new TextEncoder().encode(canonicalJson(body));
  const value = new Uint8Array(
    await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, bytes),
  );
  const signature: ReceiptSignature = {
    algorithm: "Ed25519",
    public_key: key.publicKey,
    key_id: key.keyId,
    value: toBase64Url(value),
  };
  return { ...body, signature };
}

/**
 * Verifies a receipt's signature against the public key it carries.
 *
 * @param receipt A receipt (with `signature`).
 * @returns True when the signature is valid for the receipt's content.
 *
 * @example
 * ```ts ignore
 * import assert from "node:assert/strict";
 * assert(await verifyReceiptSignature(signed));
 * ```
 */
export async function verifyReceiptSignature(receipt: BuildReceipt): Promise<boolean> {
  const { signature, ...body } = receipt;
  if (!signature || signature.algorithm !== "Ed25519") return false;
  try {
    const key = await crypto.subtle.importKey(
      "raw",
      fromBase64Url(signature.public_key),
      { name: "Ed25519" },
      false,
      ["verify"],
    );
    return await crypto.subtle.verify(
      { name: "Ed25519" },
      key,
      fromBase64Url(signature.value),
      new TextEncoder().encode(canonicalJson(body)),
    );
  } catch {
    return false;
  }
}

function keyIdOf(publicKey: string): string {
  return createHash("sha256").update(fromBase64Url(publicKey)).digest("hex").slice(0, 16);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
