/**
 * Message ids: 16 bytes, time-ordered and unique (the ULID layout: 48-bit milliseconds, then
 * 80 random bits, incremented within one millisecond so ids from one node sort in creation
 * order). Printed as 26 Crockford base32 characters.
 */

import { randomBytes } from 'node:crypto'
import { InvalidArgumentError } from '../api/index.ts'

export const MESSAGE_ID_BYTES = 16
const TIME_BYTES = 6
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const TEXT_LENGTH = 26

/** Makes ids that strictly increase within this generator, even within one millisecond. */
export function createMessageIdGenerator (): (now?: number) => Uint8Array<ArrayBuffer> {
  let last = new Uint8Array(MESSAGE_ID_BYTES)
  return (now = Date.now()) => {
    const id = new Uint8Array(MESSAGE_ID_BYTES)
    writeTime(id, now)
    if (compareBytes(id.subarray(0, TIME_BYTES), last.subarray(0, TIME_BYTES)) <= 0) {
      id.set(last)
      incrementRandomPart(id)
    } else {
      id.set(randomBytes(MESSAGE_ID_BYTES - TIME_BYTES), TIME_BYTES)
    }
    last = id
    return id.slice()
  }
}

function writeTime (id: Uint8Array, ms: number): void {
  let value = Math.max(0, Math.floor(ms))
  for (let i = TIME_BYTES - 1; i >= 0; i--) {
    id[i] = value % 256
    value = Math.floor(value / 256)
  }
}

function incrementRandomPart (id: Uint8Array): void {
  for (let i = MESSAGE_ID_BYTES - 1; i >= TIME_BYTES; i--) {
    if (id[i] !== 255) {
      id[i]++
      return
    }
    id[i] = 0
  }
  throw new RangeError('message id space of this millisecond is exhausted')
}

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i]
    }
  }
  return a.length - b.length
}

export function messageIdTimestamp (id: Uint8Array): number {
  let value = 0
  for (let i = 0; i < TIME_BYTES; i++) {
    value = value * 256 + id[i]
  }
  return value
}

export function messageIdToString (id: Uint8Array): string {
  if (id.byteLength !== MESSAGE_ID_BYTES) {
    throw new InvalidArgumentError(`a message id is ${MESSAGE_ID_BYTES} bytes, got ${id.byteLength}`)
  }
  // 2 leading zero bits + 128 id bits = 26 groups of 5 bits
  let text = ''
  let accumulator = 0
  let pending = 2
  for (const byte of id) {
    accumulator = ((accumulator << 8) | byte) & 0x1fff
    pending += 8
    while (pending >= 5) {
      pending -= 5
      text += ALPHABET[(accumulator >> pending) & 31]
    }
  }
  return text
}

export function messageIdFromString (text: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || text.length !== TEXT_LENGTH) {
    throw new InvalidArgumentError(`a message id is ${TEXT_LENGTH} characters of Crockford base32, got ${JSON.stringify(text)}`)
  }
  const id = new Uint8Array(MESSAGE_ID_BYTES)
  let accumulator = 0
  let pending = -2
  let offset = 0
  // Upper-case one character at a time and only ASCII: 'ß'.toUpperCase() is 'SS' and 'ſ' is 'S',
  // which would otherwise read a non-id as some other id.
  for (const char of text) {
    const value = char.charCodeAt(0) < 128 ? ALPHABET.indexOf(char.toUpperCase()) : -1
    if (value < 0) {
      throw new InvalidArgumentError(`a message id has no character ${JSON.stringify(char)}`)
    }
    if (pending === -2 && value > 7) {
      throw new InvalidArgumentError(`message id ${text} is out of range`)
    }
    accumulator = ((accumulator << 5) | value) & 0x1fff
    pending += 5
    if (pending >= 8) {
      pending -= 8
      id[offset++] = (accumulator >> pending) & 255
    }
  }
  return id
}
