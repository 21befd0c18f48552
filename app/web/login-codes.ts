/**
 * One-time login codes of the web host: `issue()` makes a fresh random code (32 bytes from
 * crypto.randomBytes, base64url) that `redeem()` accepts exactly once before it expires.
 * Failed redemptions are counted in a sliding window; past the limit every redemption is
 * refused until the window has moved on. Codes are kept only as SHA-256 digests, and a
 * candidate is looked up by its digest, so nothing compares secrets byte by byte.
 * Pure bookkeeping: no I/O, the clock is injectable for tests.
 */

import { createHash, randomBytes } from 'node:crypto'

export interface LoginCodesInit {
  /** how long an unused code stays valid (default 10 minutes) */
  ttlMs?: number
  /** failed redemptions allowed within `failureWindowMs` (default 10) */
  maxFailures?: number
  /** the sliding window of the failure count (default 60 s) */
  failureWindowMs?: number
  /** unused codes kept at most; issuing more forgets the oldest (default 100) */
  maxOutstanding?: number
  /** the clock (default Date.now) */
  now?: () => number
}

export type RedeemResult =
  | { ok: true }
  | { ok: false, reason: 'invalid' | 'rate-limited', retryAfterMs?: number }

export interface LoginCodes {
  /** a fresh one-time code */
  issue: () => string
  /** consumes `code` when it is valid; counts a failure otherwise */
  redeem: (code: string) => RedeemResult
  /** codes issued and not yet used or expired */
  readonly outstanding: number
}

/** Bytes of randomness in one code: 256 bits, 43 base64url characters. */
const CODE_BYTES = 32

function digest (code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('base64url')
}

export function createLoginCodes (init: LoginCodesInit = {}): LoginCodes {
  const ttlMs = init.ttlMs ?? 10 * 60_000
  const maxFailures = init.maxFailures ?? 10
  const failureWindowMs = init.failureWindowMs ?? 60_000
  const maxOutstanding = init.maxOutstanding ?? 100
  const now = init.now ?? Date.now
  /** digest → expiry (ms since epoch); a Map iterates in insertion order, oldest first */
  const codes = new Map<string, number>()
  /** times of recent failed redemptions, oldest first */
  let failures: number[] = []

  const prune = (at: number): void => {
    for (const [key, expires] of codes) {
      if (expires <= at) codes.delete(key)
    }
    failures = failures.filter(time => time > at - failureWindowMs)
  }

  return {
    issue () {
      const at = now()
      prune(at)
      const code = randomBytes(CODE_BYTES).toString('base64url')
      codes.set(digest(code), at + ttlMs)
      while (codes.size > maxOutstanding) {
        const oldest = codes.keys().next().value
        if (oldest === undefined) break
        codes.delete(oldest)
      }
      return code
    },

    redeem (code) {
      const at = now()
      prune(at)
      const oldestFailure = failures[0]
      if (failures.length >= maxFailures && oldestFailure !== undefined) {
        return { ok: false, reason: 'rate-limited', retryAfterMs: oldestFailure + failureWindowMs - at }
      }
      const key = digest(code)
      if (codes.delete(key)) return { ok: true }
      failures.push(at)
      return { ok: false, reason: 'invalid' }
    },

    get outstanding () {
      prune(now())
      return codes.size
    }
  }
}
