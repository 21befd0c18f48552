import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TypingChange } from '../../../core/api/index.ts'
import { createIncomingTyping } from '../../../core/presence/typing.ts'
import { withTimeout } from '../../helpers/timeout.ts'

function watch (ttlMs: number): { typing: ReturnType<typeof createIncomingTyping>, events: TypingChange[], next: () => Promise<TypingChange> } {
  const events: TypingChange[] = []
  let waiting: ((change: TypingChange) => void) | null = null
  const typing = createIncomingTyping({
    ttlMs,
    emit: change => {
      events.push(change)
      waiting?.(change)
      waiting = null
    }
  })
  return { typing, events, next: async () => await new Promise(resolve => { waiting = resolve }) }
}

test('typing is one event when it starts and one when it stops, however often it is repeated', () => {
  const { typing, events } = watch(60_000)
  typing.heard('bob', true)
  typing.heard('bob', true)
  typing.heard('bob', false)
  typing.heard('bob', false)
  assert.deepEqual(events, [
    { conversation: 'dm:bob', from: 'bob', typing: true },
    { conversation: 'dm:bob', from: 'bob', typing: false }
  ])
  typing.clear()
})

test('typing that is not repeated lapses: it stops on its own', async () => {
  const { typing, events, next } = watch(50)
  const stopped = next().then(async () => await next())
  typing.heard('bob', true)
  assert.deepEqual(await withTimeout(stopped, 10_000, 'typing to lapse'), { conversation: 'dm:bob', from: 'bob', typing: false })
  assert.equal(events.length, 2)
})

test('a node that stops forgets who was typing without events', () => {
  const { typing, events } = watch(60_000)
  typing.heard('bob', true)
  typing.clear()
  typing.heard('bob', false)
  assert.equal(events.length, 1, 'only the start')
})
