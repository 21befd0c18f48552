import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createTokenBuckets } from '../../../core/net/token-buckets.ts'

test('a bucket gives its burst at once, then asks to wait for what it has not refilled; a refund gives back', () => {
  const buckets = createTokenBuckets(10)
  assert.equal(buckets.take('a', 5, 1, 5), 0)
  const wait = buckets.take('a', 2, 1, 5)
  assert.ok(wait > 1000 && wait <= 2000, `waits about two tokens at 1/s, got ${wait} ms`)
  buckets.refund('a', 2)
  assert.ok(buckets.take('b', 5, 1, 5) === 0, 'another key has its own bucket')
})

test('at most maxKeys buckets are remembered: the least recently used is forgotten and starts full', () => {
  const buckets = createTokenBuckets(2)
  buckets.take('a', 3, 1, 3)
  buckets.take('b', 3, 1, 3)
  buckets.take('a', 0, 1, 3) // a is now the most recently used
  buckets.take('c', 3, 1, 3) // forgets b
  assert.equal(buckets.take('b', 3, 1, 3), 0, 'b starts full again')
  assert.ok(buckets.take('c', 1, 1, 3) > 0, 'c is still remembered, and empty')
})
