/**
 * What the API shows of stored messages and conversations (core/messaging/views.ts): a reply's
 * quote looked up when shown (so an erased message leaves no text in the replies to it), a
 * message in flight with its current state, and a conversation's name, unread count, first
 * unread message and last message.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation } from '../../../core/api/index.ts'
import type { StoredMessage } from '../../../core/messaging/message-store.ts'
import { messageIdToString } from '../../../core/wire/index.ts'
import { aliceAndBob, openScene, type Scene } from './scene.ts'

let clock = 1_700_000_000_000

/** a message of Alice's conversation with Bob, stored as the history holds it */
async function stored (scene: Scene, fields: Partial<StoredMessage>): Promise<StoredMessage> {
  clock += 1000
  const message: StoredMessage = {
    id: messageIdToString(scene.outgoing.nextId(clock)),
    conversation: dmConversation(scene.bob.record.accountId),
    from: scene.bob.record.accountId,
    direction: 'in',
    kind: 'text',
    text: 'hi',
    timestamp: clock,
    state: 'delivered',
    path: 'direct',
    ...fields
  }
  await scene.store.batch(scene.history.putOps(message))
  return message
}

test('a reply shows the start of the message it quotes, and nothing of it once that is erased or gone', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const quoted = await stored(scene, { text: 'q'.repeat(500) })
  const reply = await stored(scene, { text: 'answer', replyTo: quoted.id, lastEditId: quoted.id, reactionVersions: {} })

  const shown = await scene.views.message(reply)
  assert.deepEqual(shown.replyTo, { id: quoted.id, from: scene.bob.record.accountId, text: 'q'.repeat(200) })
  assert.equal('lastEditId' in shown || 'reactionVersions' in shown, false, 'bookkeeping stays inside')

  await scene.erasure.erase(quoted, 'recalled')
  assert.deepEqual((await scene.views.message(reply)).replyTo, { id: quoted.id, from: scene.bob.record.accountId, text: '' })
  await scene.erasure.remove([await scene.history.get(quoted.id)])
  assert.deepEqual((await scene.views.message(reply)).replyTo, { id: quoted.id, from: '', text: '' })
})

test('a message in flight shows its state from memory, ahead of the store', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const message: StoredMessage = {
    id: messageIdToString(scene.outgoing.nextId(Date.now())), conversation: dmConversation(scene.bob.record.accountId), from: alice.identity.accountId, direction: 'out', kind: 'text', text: 'on its way', timestamp: Date.now(), state: 'pending', path: null
  }
  await scene.outgoing.queueMessage(scene.bob, { ...message })
  scene.outgoing.deliveryEvents.sent(scene.enqueued[0], 'relayed')
  const fromDisk = await scene.history.get(message.id)
  assert.equal(fromDisk.state, 'pending')
  assert.deepEqual([(await scene.views.message(fromDisk)).state, (await scene.views.message(fromDisk)).path], ['sent', 'relayed'])
})

test('a conversation shows Bob\'s name, its unread count, its oldest unread incoming message and its last message', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const id = dmConversation(scene.bob.record.accountId)
  await stored(scene, { text: 'read long ago', state: 'read' })
  const firstUnread = await stored(scene, { text: 'unread 1' })
  await stored(scene, { text: 'mine', direction: 'out', from: alice.identity.accountId })
  const last = await stored(scene, { text: 'unread 2' })

  const conversation = await scene.views.conversation(id, 2)
  assert.deepEqual({ ...conversation, lastMessage: conversation.lastMessage?.text }, { id, kind: 'dm', name: 'Bob', unread: 2, firstUnread: firstUnread.id, lastMessage: last.text })
  assert.equal((await scene.views.conversation(id, 0)).firstUnread, undefined)
  const empty = await scene.views.conversation(dmConversation(alice.identity.accountId), 0)
  assert.deepEqual([empty.name, empty.lastMessage], [alice.identity.accountId, null], 'an account that is no contact is named by its id')
})
