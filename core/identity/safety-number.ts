/**
 * Safety numbers: what two people compare (read aloud, or one scans the other's QR code) to
 * know that nobody sits between them. Derived from both accounts' public keys only, so both
 * sides compute the same 60 digits: for each account, SHA-512 iterated 5,200 times over its
 * key (as Signal does, to make a collision costly to search for), of which 30 bytes become 30
 * digits (6 chunks of 5 bytes, each mod 100,000); the two halves are ordered by account key.
 */

import { createHash } from 'node:crypto'
import type { AccountId } from '../api/index.ts'
import { publicKeyFromAccountId } from './account-id.ts'

const ITERATIONS = 5200
const VERSION = Uint8Array.of(0, 1)

function half (accountKey: Uint8Array): string {
  let hash: Uint8Array = createHash('sha512').update(VERSION).update(accountKey).digest()
  for (let i = 0; i < ITERATIONS; i++) {
    hash = createHash('sha512').update(hash).update(accountKey).digest()
  }
  let digits = ''
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0
    for (let i = 0; i < 5; i++) {
      value = value * 256 + hash[chunk * 5 + i]
    }
    digits += String(value % 100_000).padStart(5, '0')
  }
  return digits
}

function compareBytes (a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i]
  }
  return a.length - b.length
}

/** 60 digits in 12 groups of 5, the same for (a, b) and (b, a). */
export function safetyNumber (a: AccountId, b: AccountId): string {
  const keys = [publicKeyFromAccountId(a), publicKeyFromAccountId(b)].sort(compareBytes)
  const digits = keys.map(half).join('')
  return digits.match(/.{5}/g)?.join(' ') ?? digits
}

/** What a QR code shows to compare: the number and the two accounts it was made for. */
export function safetyNumberQr (a: AccountId, b: AccountId): string {
  const [first, second] = [a, b].sort()
  return `tim://verify/${safetyNumber(a, b).replaceAll(' ', '')}?a=${first}&b=${second}`
}
