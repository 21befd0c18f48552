/**
 * Account ids: `tim` + base58btc(Ed25519 public key ‖ 4-byte checksum). Self-certifying (the
 * id is the key), printable, and a mistyped id fails its checksum instead of naming someone
 * else.
 */

import { fromString, toString } from 'uint8arrays'
import { InvalidAccountIdError, type AccountId } from '../api/index.ts'
import { sha256, SIGNING_PUBLIC_KEY_BYTES } from '../crypto/index.ts'

const PREFIX = 'tim'
const CHECKSUM_BYTES = 4
const CHECKSUM_DOMAIN = new TextEncoder().encode('tim account id v1')

function checksum (publicKey: Uint8Array): Uint8Array {
  return sha256(CHECKSUM_DOMAIN, publicKey).subarray(0, CHECKSUM_BYTES)
}

export function accountIdFromPublicKey (publicKey: Uint8Array): AccountId {
  if (publicKey.byteLength !== SIGNING_PUBLIC_KEY_BYTES) {
    throw new InvalidAccountIdError(`an account key is ${SIGNING_PUBLIC_KEY_BYTES} bytes, got ${publicKey.byteLength}`)
  }
  const bytes = new Uint8Array(SIGNING_PUBLIC_KEY_BYTES + CHECKSUM_BYTES)
  bytes.set(publicKey)
  bytes.set(checksum(publicKey), SIGNING_PUBLIC_KEY_BYTES)
  return PREFIX + toString(bytes, 'base58btc')
}

/** The account public key inside an id; throws InvalidAccountIdError saying what is wrong. */
export function publicKeyFromAccountId (accountId: string): Uint8Array {
  if (typeof accountId !== 'string' || !accountId.startsWith(PREFIX)) {
    throw new InvalidAccountIdError(`${JSON.stringify(accountId)} is not a Tim account id: it must start with "${PREFIX}"`)
  }
  let bytes: Uint8Array
  try {
    bytes = fromString(accountId.slice(PREFIX.length), 'base58btc')
  } catch {
    throw new InvalidAccountIdError(`${accountId} is not a Tim account id: it has characters outside base58`)
  }
  if (bytes.byteLength !== SIGNING_PUBLIC_KEY_BYTES + CHECKSUM_BYTES) {
    throw new InvalidAccountIdError(`${accountId} is not a Tim account id: wrong length: it was probably mistyped (characters missing, extra or changed)`)
  }
  const publicKey = bytes.subarray(0, SIGNING_PUBLIC_KEY_BYTES)
  const expected = checksum(publicKey)
  if (!expected.every((byte, i) => byte === bytes[SIGNING_PUBLIC_KEY_BYTES + i])) {
    throw new InvalidAccountIdError(`${accountId} fails its checksum: it was probably mistyped`)
  }
  return publicKey.slice()
}

export function isAccountId (value: unknown): value is AccountId {
  if (typeof value !== 'string') {
    return false
  }
  try {
    publicKeyFromAccountId(value)
    return true
  } catch {
    return false
  }
}

/** `tim` + base58btc of 36 bytes is about 49 characters; anything shaped so is meant as an id. */
const ACCOUNT_ID_SHAPE = /^tim[1-9A-HJ-NP-Za-km-z]{30,}$/

/** True for text that is meant as an account id, valid or mistyped (names are free text). */
export function looksLikeAccountId (text: string): boolean {
  return ACCOUNT_ID_SHAPE.test(text)
}
