/**
 * Token buckets per peer, bounded in memory: a key's bucket refills at `rate` tokens a second
 * up to `burst`, and at most `maxKeys` buckets are remembered, the least recently used
 * forgotten first (a forgotten key starts full again, as an idle one would have refilled).
 * The rate limits of /tim/msg (per device) and /tim/mailbox deposits (per peer) both use it.
 */

export interface TokenBuckets {
  /** takes `count` tokens from `key`'s bucket: how long, ms, the caller must wait for them (0: none) */
  take: (key: string, count: number, rate: number, burst: number) => number
  /** gives back tokens taken for a request that was then refused */
  refund: (key: string, count: number) => void
}

export function createTokenBuckets (maxKeys: number): TokenBuckets {
  /** by key, least recently used first (a Map keeps insertion order) */
  const buckets = new Map<string, { tokens: number, updated: number }>()
  return {
    take: (key, count, rate, burst) => {
      const now = Date.now()
      let bucket = buckets.get(key)
      if (bucket != null) {
        buckets.delete(key)
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) * rate / 1000)
        bucket.updated = now
      } else {
        bucket = { tokens: burst, updated: now }
        if (buckets.size >= maxKeys) {
          buckets.delete(buckets.keys().next().value as string)
        }
      }
      buckets.set(key, bucket)
      bucket.tokens -= count
      return bucket.tokens >= 0 ? 0 : Math.ceil(-bucket.tokens * 1000 / rate)
    },
    refund: (key, count) => {
      const bucket = buckets.get(key)
      if (bucket != null) {
        bucket.tokens += count
      }
    }
  }
}
