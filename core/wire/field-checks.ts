/**
 * The field checks every codec of this room applies at decode time: a frame's size, a decode
 * that fails, a fixed-length field, a PeerId's length. Each throws the typed error that names
 * the field (FrameTooLargeError, MalformedFrameError).
 */

import type { Uint8ArrayList } from 'uint8arraylist'
import { FrameTooLargeError, MalformedFrameError } from '../api/index.ts'

export const ACCOUNT_KEY_BYTES = 32
/** An identity-multihash Ed25519 PeerId is 38 bytes; leave room for other key types. */
export const MAX_PEER_ID_BYTES = 64

export type Bytes = Uint8Array | Uint8ArrayList

export function checkSize (bytes: Bytes, max: number, what: string): void {
  if (bytes.byteLength > max) {
    throw new FrameTooLargeError(`${what} of ${bytes.byteLength} bytes is over the ${max}-byte limit`)
  }
}

export function decodeOrThrow<T> (what: string, decode: () => T): T {
  try {
    return decode()
  } catch (err) {
    throw new MalformedFrameError(`${what} does not decode: ${(err as Error).message}`)
  }
}

export function requireLength (value: Uint8Array, length: number, field: string): void {
  if (value.byteLength !== length) {
    throw new MalformedFrameError(`${field} must be ${length} bytes, got ${value.byteLength}`)
  }
}

export function requirePeerId (value: Uint8Array, field: string): void {
  if (value.byteLength === 0 || value.byteLength > MAX_PEER_ID_BYTES) {
    throw new MalformedFrameError(`${field} must be a PeerId of 1–${MAX_PEER_ID_BYTES} bytes, got ${value.byteLength}`)
  }
}
