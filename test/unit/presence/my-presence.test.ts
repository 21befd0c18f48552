import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createStore } from '../../../core/store/index.ts'
import { applyPresenceRequest, defaultPresence, loadMyPresence, saveMyPresence } from '../../../core/presence/my-presence.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

test('a new node is online and shares when it was last seen', () => {
  assert.deepEqual(defaultPresence, { status: 'online', shareLastSeen: true })
})

test('a change keeps the text and last-seen choice it does not mention, and an empty text clears the text', () => {
  const away = applyPresenceRequest(defaultPresence, { status: 'away', text: 'back at 3', shareLastSeen: false })
  assert.deepEqual(away, { status: 'away', text: 'back at 3', shareLastSeen: false })
  assert.deepEqual(applyPresenceRequest(away, { status: 'busy' }), { status: 'busy', text: 'back at 3', shareLastSeen: false })
  assert.deepEqual(applyPresenceRequest(away, { status: 'online', text: '' }), { status: 'online', shareLastSeen: false })
})

test('a request outside the contract is refused with InvalidArgumentError and what is wrong', () => {
  const refuse = (request: unknown, message: RegExp): void => {
    assert.throws(() => applyPresenceRequest(defaultPresence, request), (err: Error) => err.name === 'InvalidArgumentError' && message.test(err.message))
  }
  refuse(null, /needs \{ status: 'online' \| 'away' \| 'busy' \| 'invisible'/)
  refuse({ status: 'offline' }, /needs \{ status/)
  refuse({ status: 'away', text: 42 }, /must be a string/)
  refuse({ status: 'away', text: 'x'.repeat(141) }, /at most 140 characters/)
  refuse({ status: 'away', shareLastSeen: 'no' }, /true or false/)
  assert.equal(applyPresenceRequest(defaultPresence, { status: 'away', text: 'x'.repeat(140) }).text?.length, 140)
})

test('the presence kept in the store is the one read after the database is opened again', async (t) => {
  const path = join(await tempDir(t), 'db')
  const store = await createStore({ path })
  assert.deepEqual(await loadMyPresence(store.json('presence')), defaultPresence, 'nothing kept yet')
  await saveMyPresence(store.json('presence'), { status: 'invisible', text: 'gone fishing', shareLastSeen: false })
  await store.close()
  const reopened = await createStore({ path })
  t.after(async () => { await reopened.close() })
  assert.deepEqual(await loadMyPresence(reopened.json('presence')), { status: 'invisible', text: 'gone fishing', shareLastSeen: false })
})
