/**
 * Erasure (core/messaging/erasure.ts) over a real store: a recalled or burnt message becomes a
 * tombstone that keeps who sent what when and nothing of what it said, a message deleted for
 * this node is gone, the store is purged after either, and burn timers fire, after a restart too.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import type { Message } from '../../../core/api/index.ts'
import { generateSigningKeyPair } from '../../../core/crypto/index.ts'
import { accountIdFromPublicKey } from '../../../core/identity/index.ts'
import { createBatchWriter } from '../../../core/messaging/batch-writer.ts'
import { createErasure, type Erasure } from '../../../core/messaging/erasure.ts'
import { createEventHub } from '../../../core/messaging/events.ts'
import { createMessageStore, type MessageStore, type StoredMessage } from '../../../core/messaging/message-store.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { createMessageIdGenerator, messageIdToString } from '../../../core/wire/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { withTimeout } from '../../helpers/timeout.ts'

const nextId = createMessageIdGenerator()
const bob = accountIdFromPublicKey(generateSigningKeyPair().publicKey)

interface Scene {
  store: Store
  history: MessageStore
  erasure: Erasure
  /** every message:updated event, in order */
  updated: Message[]
  /** how many times the store was purged */
  purges: () => number
}

/** what clients see of a stored message, as far as these tests need (the quote is views.ts's part) */
async function view (message: StoredMessage): Promise<Message> {
  const { replyTo: _replyTo, lastEditId: _lastEditId, reactionVersions: _versions, ...shown } = message
  return shown
}

async function openScene (t: AfterHook, path: string): Promise<Scene> {
  const opened = await createStore({ path })
  let purged = 0
  const store: Store = { ...opened, purge: async () => { purged++; await opened.purge() } }
  const history = createMessageStore(store)
  const events = createEventHub()
  const updated: Message[] = []
  events.on('message:updated', message => { updated.push(message) })
  const erasure = createErasure({ store, history, writer: createBatchWriter(store), events, view, log: logger('test:erasure') }, { purgeDelayMs: 0 })
  await erasure.start(async id => (await history.getMany([id]))[0])
  t.after(async () => {
    await erasure.stop()
    await opened.close().catch(() => {})
  })
  return { store, history, erasure, updated, purges: () => purged }
}

function message (fields: Partial<StoredMessage> = {}): StoredMessage {
  const timestamp = 1_700_000_000_000
  return {
    id: messageIdToString(nextId(timestamp)),
    conversation: `dm:${bob}`,
    from: bob,
    direction: 'in',
    kind: 'text',
    text: 'the secret plan',
    timestamp,
    state: 'delivered',
    path: 'direct',
    ...fields
  }
}

async function stored (scene: Scene, list: StoredMessage[]): Promise<void> {
  await scene.store.batch(list.flatMap(m => scene.history.putOps(m)))
}

/** resolves once `done` holds; bounded, so a burn timer that never fires fails the test */
async function until (done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await withTimeout((async () => {
    while (!(await done())) await new Promise(resolve => setTimeout(resolve, 10))
  })(), 10_000, what)
}

test('a recalled message becomes a tombstone: sender, time and state kept, its text, quote, reactions and edits gone', async (t) => {
  const scene = await openScene(t, join(await tempDir(t), 'db'))
  const quoted = message({ text: 'quoted' })
  const recalled = message({
    replyTo: quoted.id,
    editedAt: 1_700_000_001_000,
    lastEditId: messageIdToString(nextId()),
    reactions: [{ emoji: '👍', from: [bob] }],
    reactionVersions: { [`${bob} 👍`]: messageIdToString(nextId()) }
  })
  await stored(scene, [quoted, recalled])

  const tombstone = await scene.erasure.erase(recalled, 'recalled', [scene.history.conversationOp(`dm:${bob}`, { unread: 7 })])
  const expected: StoredMessage = {
    id: recalled.id, conversation: recalled.conversation, from: bob, direction: 'in', kind: 'text', text: '', timestamp: recalled.timestamp, state: 'delivered', path: 'direct', erased: 'recalled'
  }
  assert.deepEqual(tombstone, expected)
  assert.deepEqual(await scene.history.get(recalled.id), expected)
  assert.deepEqual(scene.updated, [expected], 'clients are told')
  assert.deepEqual(await scene.history.conversation(`dm:${bob}`), { unread: 7 }, 'what came with it is written in the same batch')
  assert.equal((await scene.history.get(quoted.id)).text, 'quoted', 'the message it quoted is untouched')
  await until(() => scene.purges() > 0, 'the purge after the erasure')
})

test('custom data and the bytes of an unknown kind are dropped from a tombstone too', async (t) => {
  const scene = await openScene(t, join(await tempDir(t), 'db'))
  const custom = message({ kind: 'custom', text: '', custom: { type: 'com.example/poll', data: 'c2VjcmV0' } })
  const unsupported = message({ kind: 'unsupported', text: '', unsupported: { data: 'c2VjcmV0' } })
  await stored(scene, [custom, unsupported])
  for (const m of [custom, unsupported]) {
    const tombstone = await scene.erasure.erase(m, 'burnt')
    assert.equal(tombstone.erased, 'burnt')
    assert.equal(JSON.stringify(await scene.history.get(m.id)).includes('c2VjcmV0'), false, `${m.kind}: nothing of its content is left`)
  }
})

test('a message deleted for this node is gone, with what came with it, and the store is purged', async (t) => {
  const scene = await openScene(t, join(await tempDir(t), 'db'))
  const [first, second, kept] = [message({ text: 'one' }), message({ text: 'two' }), message({ text: 'kept' })]
  await stored(scene, [first, second, kept])
  await scene.store.batch([scene.history.conversationOp(`dm:${bob}`, { unread: 2 })])

  await scene.erasure.remove([first, second], [scene.history.conversationOp(`dm:${bob}`, { unread: 0 })])
  assert.deepEqual((await scene.history.getMany([first.id, second.id, kept.id])).map(m => m?.text), [undefined, undefined, 'kept'])
  assert.deepEqual(await scene.history.conversation(`dm:${bob}`), { unread: 0 }, 'what came with it in the same write')
  assert.deepEqual(scene.updated, [], 'a deletion for this node is no update of a message')
  await until(() => scene.purges() > 0, 'the purge after the deletion')
})

test('burnAt records when a burn message goes; the earliest time wins; it is burnt then, and at once when that has passed', async (t) => {
  const scene = await openScene(t, join(await tempDir(t), 'db'))
  const timers = scene.store.json<number>('burn-timers')
  const burning = message({ burn: { seconds: 30 } })
  const plain = message()
  const late = message({ burn: { seconds: 5 } })
  await stored(scene, [burning, plain, late])

  const far = Date.now() + 60 * 60_000
  const timed = await scene.erasure.burnAt(burning, far)
  assert.deepEqual(timed.burn, { seconds: 30, expiresAt: far })
  assert.deepEqual((await scene.history.get(burning.id)).burn, { seconds: 30, expiresAt: far })
  assert.equal(await timers.get(burning.id), far)
  assert.equal(await scene.erasure.burnAt(timed, far + 1000), timed, 'a later time does not move it')
  assert.equal(await scene.erasure.burnAt(plain, Date.now()), plain, 'a message without a burn timer is left alone')

  // another device showed it earlier: the earlier time wins, and it burns then
  const soon = await scene.erasure.burnAt(timed, Date.now() + 200)
  assert.ok(soon.burn?.expiresAt != null && soon.burn.expiresAt < far)
  await until(async () => (await scene.history.get(burning.id)).erased === 'burnt', 'the burn timer to fire')
  assert.equal((await scene.history.get(burning.id)).text, '')
  assert.equal(await timers.get(burning.id), undefined, 'its timer is forgotten')

  const burnt = await scene.erasure.burnAt(late, Date.now() - 1)
  assert.equal(burnt.erased, 'burnt', 'past its time: burnt at once')
  assert.deepEqual(scene.updated.map(m => [m.id, m.erased ?? 'timed']), [[burning.id, 'timed'], [burning.id, 'timed'], [burning.id, 'burnt'], [late.id, 'burnt']])
})

test('a burn timer set before a restart fires after it', async (t) => {
  const path = join(await tempDir(t), 'db')
  const before = await openScene(t, path)
  const burning = message({ burn: { seconds: 1 } })
  await stored(before, [burning])
  await before.erasure.burnAt(burning, Date.now() + 300)
  await before.erasure.stop()
  await before.store.close()

  const after = await openScene(t, path)
  await until(async () => (await after.history.get(burning.id)).erased === 'burnt', 'the burn timer to fire after the restart')
  assert.deepEqual(after.updated.map(m => m.erased), ['burnt'])
  assert.deepEqual(await after.store.json('burn-timers').keys().all(), [])
})
