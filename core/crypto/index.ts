/**
 * crypto — the primitives Tim uses, behind names that say what they are for:
 * Ed25519 signatures (Node's native implementation, byte-identical to tweetnacl's but
 * ~400× faster), nacl.box with precomputed per-pair keys, nacl.secretbox, scrypt key
 * derivation (Node's native scrypt) and SHA-256. Pure functions over bytes: no I/O, no key storage, no encoding.
 */

import { createPrivateKey, createPublicKey, createHash, scryptSync, sign as nodeSign, verify as nodeVerify, webcrypto, type KeyObject } from 'node:crypto'
import nacl from 'tweetnacl'

export const SIGNING_PUBLIC_KEY_BYTES = 32
export const SIGNING_SEED_BYTES = 32
export const SIGNATURE_BYTES = 64
export const BOX_PUBLIC_KEY_BYTES = nacl.box.publicKeyLength
export const BOX_NONCE_BYTES = nacl.box.nonceLength
export const SECRETBOX_KEY_BYTES = nacl.secretbox.keyLength
export const SECRETBOX_NONCE_BYTES = nacl.secretbox.nonceLength

/** Bytes backed by a plain ArrayBuffer (what protobuf codecs and Node's crypto produce). */
export type Bytes = Uint8Array<ArrayBuffer>

export interface SigningKeyPair {
  publicKey: Bytes
  /** the 32-byte Ed25519 seed */
  seed: Uint8Array
}

export interface BoxKeyPair {
  publicKey: Bytes
  secretKey: Bytes
}

const PKCS8_ED25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20])
const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])

const RANDOM_POOL_BYTES = 64 * 1024
let randomPool = new Uint8Array(0)
let randomPoolOffset = 0

/**
 * Cryptographically secure random bytes. Small requests (nonces, ids) are served from a pool
 * refilled by the OS generator, so each does not cost a system call.
 */
export function randomBytes (length: number): Bytes {
  if (length > RANDOM_POOL_BYTES / 16) {
    return nodeRandomBytes(length)
  }
  if (randomPoolOffset + length > randomPool.byteLength) {
    randomPool = nodeRandomBytes(RANDOM_POOL_BYTES)
    randomPoolOffset = 0
  }
  const bytes = randomPool.slice(randomPoolOffset, randomPoolOffset + length)
  // never hand out the same bytes twice
  randomPool.fill(0, randomPoolOffset, randomPoolOffset + length)
  randomPoolOffset += length
  return bytes
}

function nodeRandomBytes (length: number): Bytes {
  return new Uint8Array(webcrypto.getRandomValues(new Uint8Array(length)).buffer)
}

export function generateSigningKeyPair (): SigningKeyPair {
  const pair = nacl.sign.keyPair()
  return { publicKey: pair.publicKey as Bytes, seed: pair.secretKey.slice(0, SIGNING_SEED_BYTES) }
}

export function signingKeyPairFromSeed (seed: Uint8Array): SigningKeyPair {
  if (seed.byteLength !== SIGNING_SEED_BYTES) {
    throw new RangeError(`an Ed25519 seed is ${SIGNING_SEED_BYTES} bytes, got ${seed.byteLength}`)
  }
  const pair = nacl.sign.keyPair.fromSeed(seed)
  return { publicKey: pair.publicKey as Bytes, seed: seed.slice() }
}

/** A signer holds the parsed private key so that repeated signatures do not re-parse it. */
export interface Signer {
  publicKey: Bytes
  sign: (data: Uint8Array) => Bytes
}

export function createSigner (pair: SigningKeyPair): Signer {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, pair.seed]), format: 'der', type: 'pkcs8' })
  return {
    publicKey: pair.publicKey,
    sign: (data) => new Uint8Array(nodeSign(null, data, key))
  }
}

const publicKeyCache = new Map<string, KeyObject>()
const PUBLIC_KEY_CACHE_LIMIT = 4096

function publicKeyObject (publicKey: Uint8Array): KeyObject {
  const cacheKey = Buffer.from(publicKey).toString('base64')
  let key = publicKeyCache.get(cacheKey)
  if (key == null) {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) {
      publicKeyCache.clear()
    }
    publicKeyCache.set(cacheKey, key)
  }
  return key
}

/** True when `signature` is `publicKey`'s Ed25519 signature of `data`; false on any malformed input. */
export function verifySignature (publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.byteLength !== SIGNING_PUBLIC_KEY_BYTES || signature.byteLength !== SIGNATURE_BYTES) {
    return false
  }
  try {
    return nodeVerify(null, data, publicKeyObject(publicKey), signature)
  } catch {
    return false
  }
}

export function generateBoxKeyPair (): BoxKeyPair {
  return nacl.box.keyPair() as BoxKeyPair
}

export function boxKeyPairFromSecretKey (secretKey: Uint8Array): BoxKeyPair {
  return nacl.box.keyPair.fromSecretKey(secretKey) as BoxKeyPair
}

/**
 * The shared key of one (our box secret, their box public) pair. Computing it costs a
 * scalar multiplication, so callers keep it: see `createPairKeyCache`.
 */
export function precomputeSharedKey (theirPublicKey: Uint8Array, ourSecretKey: Uint8Array): Uint8Array {
  return nacl.box.before(theirPublicKey, ourSecretKey)
}

/** Remembers shared keys per peer box key, bounded. */
export function createPairKeyCache (ourSecretKey: Uint8Array, capacity = 1024): (theirPublicKey: Uint8Array) => Uint8Array {
  const cache = new Map<string, Uint8Array>()
  return (theirPublicKey) => {
    const cacheKey = Buffer.from(theirPublicKey).toString('base64')
    let shared = cache.get(cacheKey)
    if (shared == null) {
      shared = precomputeSharedKey(theirPublicKey, ourSecretKey)
      if (cache.size >= capacity) {
        cache.delete(cache.keys().next().value as string)
      }
      cache.set(cacheKey, shared)
    }
    return shared
  }
}

/**
 * tweetnacl's low-level secretbox calls (the ones `nacl.box.after` and `nacl.box.open.after`
 * wrap): they take the message behind 32 zero bytes and the box behind 16. Calling them with
 * scratch buffers saves the wrappers' two fresh buffers and byte-by-byte copy per message.
 */
interface NaclLowLevel {
  crypto_secretbox: (c: Uint8Array, m: Uint8Array, length: number, nonce: Uint8Array, key: Uint8Array) => number
  crypto_secretbox_open: (m: Uint8Array, c: Uint8Array, length: number, nonce: Uint8Array, key: Uint8Array) => number
}
const lowlevel = (nacl as unknown as { lowlevel: NaclLowLevel }).lowlevel
const MESSAGE_PADDING = 32
const BOX_PADDING = 16
const SHARED_KEY_BYTES = nacl.box.sharedKeyLength

/** A reused buffer: `padding` zero bytes, then the data, as the low-level calls take it. */
function createPaddedScratch (padding: number): (data: Uint8Array) => Uint8Array {
  let buffer = new Uint8Array(4096)
  return (data) => {
    const length = padding + data.byteLength
    if (buffer.byteLength < length) {
      buffer = new Uint8Array(length)
    }
    const padded = buffer.subarray(0, length)
    padded.fill(0, 0, padding)
    padded.set(data, padding)
    return padded
  }
}

const paddedMessage = createPaddedScratch(MESSAGE_PADDING)
const paddedBox = createPaddedScratch(BOX_PADDING)

function checkBoxArguments (nonce: Uint8Array, sharedKey: Uint8Array): void {
  if (nonce.byteLength !== BOX_NONCE_BYTES || sharedKey.byteLength !== SHARED_KEY_BYTES) {
    throw new RangeError(`nacl.box takes a ${BOX_NONCE_BYTES}-byte nonce and a ${SHARED_KEY_BYTES}-byte shared key`)
  }
}

export function sealWithSharedKey (plaintext: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Bytes {
  checkBoxArguments(nonce, sharedKey)
  const message = paddedMessage(plaintext)
  const box = new Uint8Array(message.byteLength)
  lowlevel.crypto_secretbox(box, message, message.byteLength, nonce, sharedKey)
  // no plaintext stays behind in a long-lived buffer
  message.fill(0)
  return box.subarray(BOX_PADDING)
}

/** The plaintext, or null when the ciphertext was not sealed for this pair or was altered. */
export function openWithSharedKey (ciphertext: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array | null {
  if (nonce.byteLength !== BOX_NONCE_BYTES || ciphertext.byteLength < BOX_PADDING) {
    return null
  }
  checkBoxArguments(nonce, sharedKey)
  const box = paddedBox(ciphertext)
  const message = new Uint8Array(box.byteLength)
  if (lowlevel.crypto_secretbox_open(message, box, box.byteLength, nonce, sharedKey) !== 0) {
    return null
  }
  return message.subarray(MESSAGE_PADDING)
}

export function secretboxSeal (plaintext: Uint8Array, nonce: Uint8Array, key: Uint8Array): Bytes {
  return nacl.secretbox(plaintext, nonce, key) as Bytes
}

export function secretboxOpen (ciphertext: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null {
  return nacl.secretbox.open(ciphertext, nonce, key)
}

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number
  r: number
  p: number
}

/** Interactive-login strength: about 64 MiB and well under a second here. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 16, r: 8, p: 1 }

export function deriveKeyFromPassphrase (passphrase: string, salt: Uint8Array, params: ScryptParams = defaultScryptParams): Bytes {
  return new Uint8Array(scryptSync(passphrase.normalize('NFKC'), salt, SECRETBOX_KEY_BYTES, { ...params, maxmem: 2 ** 28 }))
}

/** Whether two byte strings are equal. Not constant-time: for public values (keys, ids), never secrets. */
export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) {
    return false
  }
  for (let i = 0; i < a.byteLength; i++) {
    if (a[i] !== b[i]) {
      return false
    }
  }
  return true
}

export function sha256 (...parts: Uint8Array[]): Bytes {
  const hash = createHash('sha256')
  for (const part of parts) {
    hash.update(part)
  }
  return new Uint8Array(hash.digest())
}
