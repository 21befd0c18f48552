/**
 * The outgoing state machine (core/messaging/outgoing.ts) over a real store in a temp directory,
 * with a fake delivery that only records what it is asked to carry and a mailbox port stub
 * (scene.ts): a
 * message is written pending and queued once per device of the contact; what delivery reports
 * (sent, acked, rejected, undeliverable) moves its state forward only, each persisted state
 * announced after its write; and a restarted node seals the outbox's messages again from the history.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation } from '../../../core/api/index.ts'
import type { OutboundEnvelope } from '../../../core/messaging/delivery.ts'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import type { StoredMessage } from '../../../core/messaging/message-store.ts'
import { createOutbox } from '../../../core/messaging/outbox.ts'
import { decodeEnvelope, messageIdFromString, messageIdToString } from '../../../core/wire/index.ts'
import { newIdentity, type TestIdentity } from './helpers.ts'
import { aliceAndBob, openOnBob, openScene, ticket, until, writes, type Scene } from './scene.ts'

/** a new outgoing message from Alice to Bob, as the facade hands it over */
function newMessage (scene: Scene, alice: TestIdentity, fields: Partial<StoredMessage> = {}): StoredMessage {
  const timestamp = 1_700_000_000_000
  return {
    id: messageIdToString(scene.outgoing.nextId(timestamp)),
    conversation: dmConversation(scene.bob.record.accountId),
    from: alice.identity.accountId,
    direction: 'out',
    kind: 'text',
    text: 'hello Bob',
    timestamp,
    state: 'pending',
    path: null,
    ...fields
  }
}

test('queueMessage writes the message pending and enqueues one envelope per device of the contact, each opening to the text', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t)
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)

  assert.deepEqual(await scene.history.get(message.id), message)
  assert.equal(message.state, 'pending')
  assert.equal(scene.enqueued.length, 1, 'one enqueue call')
  const [items] = scene.enqueued
  assert.deepEqual(items.map(item => [item.id, item.deviceId, item.kind]), bobDevices.map(device => [message.id, device.deviceId, 'message']))
  assert.deepEqual(items.map(item => decodeEnvelope(item.encoded, 'batch').recipientDevice), bobDevices.map(device => device.certificate.device))
  assert.deepEqual(openOnBob(bob, alice, items[0]), { kind: 'text', text: 'hello Bob', burnSeconds: 0 })
  // persisted before enqueue: a restart would find both
  const outboxed = (await createOutbox(scene.store).load()).map(entry => `${entry.kind} ${entry.deviceId}`)
  assert.deepEqual(outboxed.sort(), bobDevices.map(device => `message ${device.deviceId}`).sort())
  assert.deepEqual(scene.changes, [], 'pending is what send() answers; no state event yet')
})

test('sent, then acked: the message is delivered, written before message:state announces it, and leaves the outbox', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t)
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)
  const [items] = scene.enqueued
  scene.order.length = 0

  scene.outgoing.deliveryEvents.sent(items, 'direct')
  assert.deepEqual(scene.changes, [{ id: message.id, conversation: message.conversation, state: 'sent', path: 'direct' }])
  assert.deepEqual(scene.order, ['event sent'], 'sent is announced at once: it lives in memory only')
  scene.order.length = 0
  const written = await scene.history.get(message.id)
  assert.equal(written.state, 'pending', 'sent is not written')
  assert.deepEqual(scene.outgoing.withState(written), { ...written, state: 'sent', path: 'direct' }, 'but what clients read of it says sent')

  scene.outgoing.deliveryEvents.acked([items[0]], 'relayed')
  await until(scene, () => scene.changes.length === 2, 'delivered')
  assert.deepEqual(scene.changes[1], { id: message.id, conversation: message.conversation, state: 'delivered', path: 'relayed' })
  assert.deepEqual(scene.order, ['write', 'event delivered'], 'the write is durable before clients hear of it')
  assert.equal((await scene.history.get(message.id)).state, 'delivered')
  assert.equal(scene.stats.delivered, 1)

  // the second device's ack settles the last envelope: nothing more to announce, the outbox is empty
  scene.outgoing.deliveryEvents.acked([items[1]], 'direct')
  await until(scene, () => writes(scene) === 2, 'the second ack written')
  assert.deepEqual(await createOutbox(scene.store).load(), [])
  assert.equal(scene.changes.length, 2)
  const stale = { ...written, text: 'as the caller read it' }
  assert.equal(scene.outgoing.withState(stale), stale, 'no longer in flight: the stored state is current')
  assert.deepEqual(await scene.history.get(message.id), { ...message, state: 'delivered', path: 'relayed' })
})

test('rejected: the message fails with the reason, persisted and announced; requeue sends it again, pending', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  const queued = structuredClone(message)
  await scene.outgoing.queueMessage(scene.bob, message)
  const [[item]] = scene.enqueued
  scene.order.length = 0

  scene.outgoing.deliveryEvents.rejected(item, 'ContactBlockedError', 'Bob blocked you')
  await until(scene, () => scene.changes.length === 1, 'failed')
  const failure = 'ContactBlockedError: Bob blocked you'
  assert.deepEqual(scene.changes, [{ id: message.id, conversation: message.conversation, state: 'failed', path: null, failure }])
  assert.deepEqual(scene.order, ['write', 'event failed'])
  assert.deepEqual(await scene.history.get(message.id), { ...queued, state: 'failed', failure })
  assert.deepEqual(await createOutbox(scene.store).load(), [], 'a rejected envelope is not sent again by itself')

  const retried = await scene.outgoing.requeue(scene.bob, await scene.history.get(message.id))
  assert.deepEqual(retried, queued)
  assert.deepEqual(await scene.history.get(message.id), queued)
  assert.equal(scene.enqueued.length, 2)
  assert.deepEqual(scene.enqueued[1].map(entry => [entry.id, entry.kind]), [[message.id, 'message']])
  assert.deepEqual(scene.changes.at(-1), { id: message.id, conversation: message.conversation, state: 'pending', path: null })
})

test('states never move backwards: a late sent or ack after a read receipt changes nothing and announces nothing', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t)
  const carol = await newIdentity(t, 'Carol')
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)
  const [items] = scene.enqueued

  scene.outgoing.deliveryEvents.acked([items[0]], 'direct')
  await until(scene, () => scene.changes.length === 1, 'delivered')
  // Bob read it on his first device
  const read = await scene.outgoing.receipt(bob.device, 'read', [message.id])
  assert.deepEqual(read.map(m => [m.id, m.state]), [[message.id, 'read']])
  assert.deepEqual(scene.changes.map(change => change.state), ['delivered', 'read'])

  // the second device's envelope is reported sent and acked only now; a delivered receipt comes late
  scene.order.length = 0
  scene.outgoing.deliveryEvents.sent([items[1]], 'relayed')
  scene.outgoing.deliveryEvents.acked([items[1]], 'relayed')
  await until(scene, () => writes(scene) === 1, 'the late ack written')
  assert.deepEqual(await scene.outgoing.receipt(bob.device, 'delivered', [message.id]), [])
  // Carol cannot move Bob's conversation
  assert.deepEqual(await scene.outgoing.receipt(carol.device, 'read', [message.id]), [])
  await scene.store.settled()

  assert.deepEqual(scene.changes.map(change => change.state), ['delivered', 'read'])
  assert.deepEqual(await scene.history.get(message.id), { ...message, state: 'read', path: 'direct' })
  assert.deepEqual(await createOutbox(scene.store).load(), [], 'the late ack still settles its envelope')
})

test('a receipt from another account leaves the message as it is', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const carol = await newIdentity(t, 'Carol')
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)
  assert.deepEqual(await scene.outgoing.receipt(carol.device, 'read', [message.id]), [])
  assert.equal((await scene.history.get(message.id)).state, 'pending')
  assert.deepEqual(scene.changes, [])
})

test('undeliverable with a mailbox: each envelope is deposited signed, with Bob\'s ticket, and the message is stored', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t)
  const scene = await openScene(t, { path, alice, bobDevices })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)
  const [items] = scene.enqueued
  scene.order.length = 0

  const held = await scene.outgoing.deliveryEvents.undeliverable(items)
  assert.deepEqual(held, items, 'delivery drops what the mailboxes hold')
  assert.deepEqual(scene.deposits.map(d => [d.recipient.deviceId, d.ticket]), bobDevices.map(device => [device.deviceId, ticket]))
  // signed by Alice's device: it travels alone, and opens on Bob's device as a mailbox copy does
  assert.deepEqual(createEnvelopeCodec(bob.identity).open(scene.deposits[0].envelope, alice.device), { kind: 'text', text: 'hello Bob', burnSeconds: 0 })

  assert.deepEqual(scene.changes, [{ id: message.id, conversation: message.conversation, state: 'stored', path: 'mailbox' }])
  assert.deepEqual(scene.order, ['write', 'event stored'], 'stored on disk, then announced')
  assert.deepEqual(await scene.history.get(message.id), { ...message, state: 'stored', path: 'mailbox' })
  assert.deepEqual(await createOutbox(scene.store).load(), [])

  // collected from the mailbox later: Bob's delivered receipt moves it on
  const delivered = await scene.outgoing.receipt(bob.device, 'delivered', [message.id])
  assert.deepEqual(delivered.map(m => [m.state, m.path]), [['delivered', 'mailbox']])
})

test('undeliverable with no mailbox reachable: the envelope stays in the outbox and the message pending', async (t) => {
  const { alice, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices, mailboxCopies: 0 })
  const message = newMessage(scene, alice)
  await scene.outgoing.queueMessage(scene.bob, message)
  assert.deepEqual(await scene.outgoing.deliveryEvents.undeliverable(scene.enqueued[0]), [])
  assert.equal(scene.deposits.length, 1, 'it tried')
  assert.equal((await scene.history.get(message.id)).state, 'pending')
  assert.deepEqual(scene.changes, [])
  assert.equal((await createOutbox(scene.store).load()).length, 1)
})

test('load after a restart seals the outbox\'s messages again from the history (same id, fresh nonce), and sealed payloads come back as they were', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t)
  const before = await openScene(t, { path, alice, bobDevices })
  const text = newMessage(before, alice)
  const reply = newMessage(before, alice, { text: 'a reply that burns', replyTo: text.id, burn: { seconds: 30 } })
  const custom = newMessage(before, alice, { kind: 'custom', text: '', custom: { type: 'com.example/poll', data: Buffer.from('vote?').toString('base64') } })
  for (const message of [text, reply, custom]) {
    await before.outgoing.queueMessage(before.bob, message)
  }
  await before.outgoing.sendReceipts(before.bob, 'read', [messageIdToString(before.outgoing.nextId(Date.now()))])
  const sent = before.enqueued.flat()
  await before.store.close()

  const after = await openScene(t, { path, alice, bobDevices })
  const loaded = await after.outgoing.load()
  const key = (item: OutboundEnvelope): string => `${item.id} ${item.deviceId}`
  assert.deepEqual(loaded.map(key).sort(), sent.map(key).sort(), 'every envelope of the outbox, for every device')
  const bodies = new Map(loaded.filter(item => item.deviceId === bob.identity.deviceId).map(item => [item.id, openOnBob(bob, alice, item)]))
  assert.deepEqual(bodies.get(text.id), { kind: 'text', text: 'hello Bob', burnSeconds: 0 })
  assert.deepEqual(bodies.get(reply.id), { kind: 'text', text: 'a reply that burns', replyTo: messageIdFromString(text.id), burnSeconds: 30 })
  assert.deepEqual(bodies.get(custom.id), { kind: 'custom', type: 'com.example/poll', data: Uint8Array.from(Buffer.from('vote?')) })

  const messages = loaded.filter(item => item.kind === 'message')
  assert.equal(messages.length, 3 * bobDevices.length)
  for (const item of messages) {
    const original = sent.find(s => key(s) === key(item))
    assert.ok(original != null)
    assert.notDeepEqual(decodeEnvelope(item.encoded, 'batch').nonce, decodeEnvelope(original.encoded, 'batch').nonce, 'sealed again, not replayed')
  }
  const [receipt] = loaded.filter(item => item.kind === 'sealed' && item.deviceId === bob.identity.deviceId)
  assert.deepEqual(receipt.encoded, sent.find(s => key(s) === key(receipt))?.encoded, 'a sealed payload is sent as it was stored')

  // the reloaded messages are in flight again: acks move them on
  after.outgoing.deliveryEvents.acked(messages.filter(item => item.id === text.id), 'direct')
  await until(after, () => after.changes.length === 1, 'delivered')
  assert.deepEqual(after.changes, [{ id: text.id, conversation: text.conversation, state: 'delivered', path: 'direct' }])
})

test('receipts wait while invisible, across a restart, and go once visible: one receipt per device covering every id held', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t)
  const presence = { invisible: true }
  const before = await openScene(t, { path, alice, bobDevices, presence })
  const [first, second] = [before.outgoing.nextId(Date.now()), before.outgoing.nextId(Date.now())].map(messageIdToString)
  await before.outgoing.sendReceipts(before.bob, 'read', [first])
  await before.outgoing.sendReceipts(before.bob, 'read', [second])
  await before.outgoing.releaseHeld()
  assert.deepEqual(before.enqueued, [], 'nothing goes while invisible')
  await before.store.close()

  const after = await openScene(t, { path, alice, bobDevices, presence })
  assert.deepEqual(await after.outgoing.load(), [], 'held receipts are not in the outbox')
  presence.invisible = false
  await after.outgoing.releaseHeld()
  const items = after.enqueued.flat()
  assert.deepEqual(items.map(item => [item.deviceId, item.kind]), bobDevices.map(device => [device.deviceId, 'sealed']))
  const body = openOnBob(bob, alice, items[0])
  assert.ok(body.kind === 'receipt')
  assert.deepEqual([body.receipt, body.refs.map(messageIdToString)], ['read', [first, second]])

  // released once: forgotten on disk, and a second release sends nothing more
  await after.store.settled()
  assert.deepEqual(await after.store.json('held-receipts').keys().all(), [])
  await after.outgoing.releaseHeld()
  assert.equal(after.enqueued.flat().length, bobDevices.length)
})
