/**
 * What arrives at Alice's node (core/messaging/inbound.ts), kind by kind, over the real parts
 * of scene.ts: messages stored once and counted unread, a stranger's opening a request within
 * its limits, edits, reactions and erasures changing only what their sender may change (the
 * newest change winning in any order), receipts moving Alice's messages on, and a blocked
 * account's envelopes dropped.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation, type MessagePath } from '../../../core/api/index.ts'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import type { StoredMessage } from '../../../core/messaging/message-store.ts'
import { createMessageIdGenerator, messageIdFromString, messageIdToString, type Body, type Envelope } from '../../../core/wire/index.ts'
import { newIdentity, type TestIdentity } from './helpers.ts'
import { aliceAndBob, emitted, openOnBob, openScene, type Scene, type SceneInit } from './scene.ts'

const nextId = createMessageIdGenerator()

interface Arrivals {
  scene: Scene
  alice: TestIdentity
  bob: TestIdentity
  mallory: TestIdentity
  /** hands Alice's inbound an envelope `from` sealed with `body`; its id and time as given, or new */
  arrive: (from: TestIdentity, body: Body, options?: { id?: Uint8Array, timestamp?: number, path?: MessagePath }) => Promise<{ envelope: Envelope, refusal: Error | undefined }>
}

async function arrivals (t: Parameters<typeof aliceAndBob>[0], init: Partial<SceneInit> = {}): Promise<Arrivals> {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const mallory = await newIdentity(t, 'Mallory')
  const scene = await openScene(t, { path, alice, bobDevices, ...init })
  return {
    scene,
    alice,
    bob,
    mallory,
    arrive: async (from, body, options = {}) => {
      // inbound reads the envelope's id and time only: a body this code never seals (unsupported) goes in one sealing an empty text
      const sealed = body.kind === 'unsupported' ? text('') : body
      const envelope = createEnvelopeCodec(from.identity).seal(alice.device, options.id ?? nextId(), options.timestamp ?? Date.now(), sealed)
      return { envelope, refusal: await scene.inbound.accept(envelope, body, from.device, options.path ?? 'direct') }
    }
  }
}

const text = (words: string, fields: Partial<Extract<Body, { kind: 'text' }>> = {}): Body => ({ kind: 'text', text: words, burnSeconds: 0, ...fields })

/** the conversation's messages, oldest first */
async function conversation (scene: Scene, account: string): Promise<StoredMessage[]> {
  return await scene.history.page(dmConversation(account), 100)
}

test('a text from Bob is stored once however often it arrives, counted unread once, and announced once', async (t) => {
  const { scene, bob, arrive } = await arrivals(t)
  const id = nextId()
  const timestamp = Date.now() - 5000
  const copies = await Promise.all([arrive(bob, text('hi Alice'), { id, timestamp }), arrive(bob, text('hi Alice'), { id, timestamp, path: 'mailbox' })])
  assert.deepEqual(copies.map(copy => copy.refusal), [undefined, undefined], 'both copies are acked')
  assert.equal((await arrive(bob, text('hi Alice'), { id, timestamp })).refusal, undefined, 'and a later one')

  const stored = await conversation(scene, bob.identity.accountId)
  assert.deepEqual(stored, [{
    id: messageIdToString(id), conversation: dmConversation(bob.identity.accountId), from: bob.identity.accountId, direction: 'in', kind: 'text', text: 'hi Alice', timestamp, state: 'delivered', path: 'direct'
  }])
  assert.deepEqual(emitted(scene, 'message:received').map(m => m.id), [messageIdToString(id)])
  assert.equal((await scene.history.conversation(dmConversation(bob.identity.accountId))).unread, 1)
  assert.equal(scene.stats.received, 1)
  assert.equal(scene.stats.snapshot().rejected.ReplayedEnvelopeError, 2)
})

test('a reply keeps what it quotes, a burn time and custom and unknown kinds are kept, and a time far ahead is filed at arrival', async (t) => {
  const { scene, bob, arrive } = await arrivals(t)
  const first = await arrive(bob, text('first'))
  const unknownBytes = Uint8Array.from([0xba, 0x01, 0x01, 0x00])
  await arrive(bob, text('a reply that burns', { replyTo: first.envelope.id, burnSeconds: 60 }))
  await arrive(bob, { kind: 'custom', type: 'com.example/poll', data: Uint8Array.from(Buffer.from('vote?')) })
  await arrive(bob, { kind: 'unsupported', bytes: unknownBytes })
  const before = Date.now()
  await arrive(bob, text('from the future'), { timestamp: Date.now() + 24 * 60 * 60_000 })

  const [, reply, custom, unknown, future] = await conversation(scene, bob.identity.accountId)
  assert.equal(reply.replyTo, messageIdToString(first.envelope.id))
  assert.deepEqual(reply.burn, { seconds: 60 })
  assert.deepEqual((await scene.views.message(reply)).replyTo, { id: messageIdToString(first.envelope.id), from: bob.identity.accountId, text: 'first' })
  assert.deepEqual([custom.kind, custom.custom], ['custom', { type: 'com.example/poll', data: Buffer.from('vote?').toString('base64') }])
  assert.deepEqual([unknown.kind, unknown.unsupported], ['unsupported', { data: Buffer.from(unknownBytes).toString('base64') }])
  assert.ok(future.timestamp >= before && future.timestamp <= Date.now(), 'a sender cannot pin a message above all others')
  assert.equal((await scene.history.conversation(dmConversation(bob.identity.accountId))).unread, 5)
})

test('Bob edits his own message; the newest edit wins in whatever order edits arrive; nobody else\'s edit counts', async (t) => {
  const { scene, alice, bob, mallory, arrive } = await arrivals(t)
  const original = await arrive(bob, text('helo'))
  const [older, newer] = [nextId(), nextId()]
  await arrive(bob, { kind: 'edit', ref: original.envelope.id, text: 'hello (second edit)' }, { id: newer })
  await arrive(bob, { kind: 'edit', ref: original.envelope.id, text: 'hello (first edit, late)' }, { id: older })
  // Mallory names Bob's message id: in her own conversation it names nothing
  await arrive(mallory, { kind: 'edit', ref: original.envelope.id, text: 'Mallory was here' })

  const [message] = await conversation(scene, bob.identity.accountId)
  assert.equal(message.text, 'hello (second edit)')
  assert.ok(message.editedAt != null)
  assert.deepEqual(emitted(scene, 'message:updated').map(m => m.text), ['hello (second edit)'])

  // Bob cannot edit what Alice wrote
  const alices: StoredMessage = {
    id: messageIdToString(scene.outgoing.nextId(Date.now())), conversation: dmConversation(bob.identity.accountId), from: alice.identity.accountId, direction: 'out', kind: 'text', text: 'mine', timestamp: Date.now(), state: 'delivered', path: 'direct'
  }
  await scene.store.batch(scene.history.putOps(alices))
  await arrive(bob, { kind: 'edit', ref: messageIdFromString(alices.id), text: 'yours now' })
  assert.equal((await scene.history.get(alices.id)).text, 'mine')
})

test('reactions: each account\'s newest change per emoji wins in any order; on both sides\' messages of the conversation only', async (t) => {
  const { scene, alice, bob, mallory, arrive } = await arrivals(t)
  const message = await arrive(bob, text('lunch?'))
  const [add, remove, again] = [nextId(), nextId(), nextId()]
  await arrive(bob, { kind: 'reaction', ref: message.envelope.id, emoji: '👍', remove: false }, { id: add })
  await arrive(bob, { kind: 'reaction', ref: message.envelope.id, emoji: '🍕', remove: false })
  await arrive(bob, { kind: 'reaction', ref: message.envelope.id, emoji: '👍', remove: false }, { id: again })
  await arrive(bob, { kind: 'reaction', ref: message.envelope.id, emoji: '👍', remove: true }, { id: remove })
  await arrive(mallory, { kind: 'reaction', ref: message.envelope.id, emoji: '💩', remove: false })
  const [reacted] = await conversation(scene, bob.identity.accountId)
  assert.deepEqual(reacted.reactions, [{ emoji: '👍', from: [bob.identity.accountId] }, { emoji: '🍕', from: [bob.identity.accountId] }], 'the late removal is older than the last add')

  const alices: StoredMessage = {
    id: messageIdToString(scene.outgoing.nextId(Date.now())), conversation: dmConversation(bob.identity.accountId), from: alice.identity.accountId, direction: 'out', kind: 'text', text: 'mine', timestamp: Date.now(), state: 'delivered', path: 'direct'
  }
  await scene.store.batch(scene.history.putOps(alices))
  await arrive(bob, { kind: 'reaction', ref: messageIdFromString(alices.id), emoji: '❤️', remove: false })
  assert.deepEqual((await scene.history.get(alices.id)).reactions, [{ emoji: '❤️', from: [bob.identity.accountId] }])
})

test('Bob recalls his message: a tombstone is left, clients are told, and Bob hears that it was erased; Mallory cannot recall it', async (t) => {
  const { scene, alice, bob, mallory, arrive } = await arrivals(t)
  const message = await arrive(bob, text('I should not have said that'))
  const id = messageIdToString(message.envelope.id)
  await arrive(mallory, { kind: 'erase', ref: message.envelope.id, reason: 'recall', at: 0 })
  assert.equal((await scene.history.get(id)).erased, undefined)

  await arrive(bob, { kind: 'erase', ref: message.envelope.id, reason: 'recall', at: 0 })
  const tombstone = await scene.history.get(id)
  assert.deepEqual([tombstone.erased, tombstone.text], ['recalled', ''])
  assert.deepEqual(emitted(scene, 'message:updated').map(m => [m.id, m.erased]), [[id, 'recalled']])
  const [receipt] = scene.enqueued.flat()
  assert.equal(receipt.kind, 'sealed')
  const body = openOnBob(bob, alice, receipt)
  assert.ok(body.kind === 'receipt')
  assert.deepEqual([body.receipt, body.refs], ['erased', [message.envelope.id]])

  // an edit or reaction after the recall changes nothing
  await arrive(bob, { kind: 'edit', ref: message.envelope.id, text: 'back again' })
  await arrive(bob, { kind: 'reaction', ref: message.envelope.id, emoji: '👍', remove: false })
  assert.deepEqual(await scene.history.get(id), tombstone)
})

/** a message Alice sent Bob, as her history holds it once delivered */
async function alicesMessage (scene: Scene, alice: TestIdentity, fields: Partial<StoredMessage> = {}): Promise<StoredMessage> {
  const message: StoredMessage = {
    id: messageIdToString(scene.outgoing.nextId(Date.now())),
    conversation: dmConversation(scene.bob.record.accountId),
    from: alice.identity.accountId,
    direction: 'out',
    kind: 'text',
    text: 'mine',
    timestamp: Date.now(),
    state: 'delivered',
    path: 'direct',
    ...fields
  }
  await scene.store.batch([...scene.history.putOps(message), ...scene.history.updateOps(message)])
  return message
}

test('Bob\'s read receipt moves Alice\'s message to read and starts its burn timer from when he read it, on his devices too', async (t) => {
  const { scene, alice, bob, arrive } = await arrivals(t)
  const burning = await alicesMessage(scene, alice, { burn: { seconds: 3600 }, timestamp: Date.now() - 10_000 })
  const plain = await alicesMessage(scene, alice)
  const readAt = Date.now() - 1000
  await arrive(bob, { kind: 'receipt', receipt: 'read', refs: [burning.id, plain.id].map(messageIdFromString), at: readAt })

  assert.deepEqual(emitted(scene, 'message:state').map(change => [change.id, change.state]), [[burning.id, 'read'], [plain.id, 'read']])
  const expiresAt = readAt + 3600 * 1000
  assert.deepEqual((await scene.history.get(burning.id)).burn, { seconds: 3600, expiresAt })
  assert.equal((await scene.history.get(plain.id)).burn, undefined)
  // Bob's devices are told when it burns, so that one that has not shown it burns it too
  const [erase] = scene.enqueued.flat()
  assert.deepEqual(openOnBob(bob, alice, erase), { kind: 'erase', ref: messageIdFromString(burning.id), reason: 'burn', at: expiresAt })
})

test('a receipt from Bob for a message of another conversation moves nothing', async (t) => {
  const { scene, alice, bob, mallory, arrive } = await arrivals(t)
  const alices = await alicesMessage(scene, alice)
  await arrive(mallory, { kind: 'receipt', receipt: 'read', refs: [messageIdFromString(alices.id)], at: 0 })
  assert.equal((await scene.history.get(alices.id)).state, 'delivered')
  assert.deepEqual(emitted(scene, 'message:state'), [])
  await arrive(bob, { kind: 'receipt', receipt: 'read', refs: [messageIdFromString(alices.id)], at: 0 })
  assert.equal((await scene.history.get(alices.id)).state, 'read')
})

test('an erased receipt confirms Alice\'s recall for the device that sent it', async (t) => {
  const { scene, alice, bob, arrive } = await arrivals(t)
  const recalled = await alicesMessage(scene, alice, { text: '', erased: 'recalled', recall: { devices: [{ deviceId: bob.identity.deviceId, confirmed: false }, { deviceId: 'other-device', confirmed: false }] } })
  await arrive(bob, { kind: 'receipt', receipt: 'erased', refs: [messageIdFromString(recalled.id)], at: 0 })
  assert.deepEqual((await scene.history.get(recalled.id)).recall, { devices: [{ deviceId: bob.identity.deviceId, confirmed: true }, { deviceId: 'other-device', confirmed: false }] })
  assert.deepEqual(emitted(scene, 'message:updated').map(m => m.recall), [{ devices: [{ deviceId: bob.identity.deviceId, confirmed: true }, { deviceId: 'other-device', confirmed: false }] }])
})

test('a stranger\'s messages open a message request, up to its limit; then they are refused with RequestLimitError', async (t) => {
  const { scene, mallory, arrive } = await arrivals(t, { requestLimits: { maxRequestMessagesPerStranger: 2, maxRequestMessages: 10 } })
  assert.deepEqual([(await arrive(mallory, text('hi, remember me?'))).refusal, (await arrive(mallory, text('hello?'))).refusal], [undefined, undefined])
  const third = await arrive(mallory, text('HELLO?'))
  assert.equal(third.refusal?.name, 'RequestLimitError')
  assert.deepEqual((await conversation(scene, mallory.identity.accountId)).map(m => m.text), ['hi, remember me?', 'hello?'])
  assert.deepEqual(emitted(scene, 'contact:request').map(c => [c.accountId, c.status]), [[mallory.identity.accountId, 'request']])
  assert.equal(scene.contacts.get(mallory.identity.accountId)?.record.status, 'request')
})

test('a contact request from a stranger opens a request with its note; from Bob it marks that he added Alice', async (t) => {
  const { scene, bob, mallory, arrive } = await arrivals(t)
  await arrive(mallory, { kind: 'contact-request', note: 'we met at the conference' })
  assert.deepEqual(emitted(scene, 'contact:request').map(c => [c.accountId, c.note]), [[mallory.identity.accountId, 'we met at the conference']])
  assert.deepEqual(await conversation(scene, mallory.identity.accountId), [], 'a request without a message holds no message')

  await arrive(bob, { kind: 'contact-request', note: 'adding you back' })
  assert.deepEqual([scene.contacts.get(bob.identity.accountId)?.record.theyAdded, scene.contacts.get(bob.identity.accountId)?.record.note], [true, 'adding you back'])
  assert.deepEqual(emitted(scene, 'contact:updated').map(c => [c.accountId, c.friend]), [[bob.identity.accountId, true]])
})

test('a stranger\'s introduction and message arriving together open one request, which says it added Alice', async (t) => {
  for (const first of ['message', 'introduction']) {
    const { scene, mallory, arrive } = await arrivals(t)
    const message = arrive(mallory, text('hi, it is Mallory'))
    const introduction = arrive(mallory, { kind: 'contact-request', note: 'we met at the conference' })
    await (first === 'message' ? Promise.all([message, introduction]) : Promise.all([introduction, message]))
    assert.deepEqual(emitted(scene, 'contact:request').map(c => c.accountId), [mallory.identity.accountId], `one contact:request (${first} first)`)
    const record = scene.contacts.get(mallory.identity.accountId)?.record
    assert.deepEqual([record?.status, record?.theyAdded, record?.note], ['request', true, 'we met at the conference'])
    assert.deepEqual((await conversation(scene, mallory.identity.accountId)).map(m => m.text), ['hi, it is Mallory'])
  }
})

test('a blocked account\'s envelopes are acked and dropped: nothing stored, nothing announced, counted', async (t) => {
  const { scene, bob, arrive } = await arrivals(t, { bobStatus: 'blocked' })
  const message = await arrive(bob, text('let me in'))
  assert.equal(message.refusal, undefined)
  await arrive(bob, { kind: 'contact-request', note: 'please' })
  assert.deepEqual(await conversation(scene, bob.identity.accountId), [])
  assert.deepEqual(scene.emitted, [])
  assert.equal(scene.stats.blocked, 2)
})

test('an id another account\'s message holds: Bob\'s message is filed under a local id, and his edit finds it there', async (t) => {
  const { scene, bob, mallory, arrive } = await arrivals(t)
  const id = nextId()
  await arrive(mallory, text('I took this id first'), { id })
  await arrive(bob, text('same id, other sender'), { id })
  await arrive(bob, { kind: 'edit', ref: id, text: 'edited by Bob' })

  const [mallorys] = await conversation(scene, mallory.identity.accountId)
  const [bobs] = await conversation(scene, bob.identity.accountId)
  assert.equal(mallorys.text, 'I took this id first', 'Mallory\'s message is not touched')
  assert.equal(mallorys.id, messageIdToString(id))
  assert.notEqual(bobs.id, messageIdToString(id))
  assert.deepEqual([bobs.sentAs, bobs.text], [messageIdToString(id), 'edited by Bob'])
  // Bob's copy arriving again is still recognised as his
  await arrive(bob, text('same id, other sender'), { id })
  assert.equal((await conversation(scene, bob.identity.accountId)).length, 1)
})

test('Bob\'s burn erasure sets when his burn message goes; on a message without a burn time it changes nothing', async (t) => {
  const { scene, bob, arrive } = await arrivals(t)
  const burning = await arrive(bob, text('read me once', { burnSeconds: 60 }))
  const plain = await arrive(bob, text('keep me'))
  const at = Date.now() + 60 * 60_000
  await arrive(bob, { kind: 'erase', ref: burning.envelope.id, reason: 'burn', at })
  await arrive(bob, { kind: 'erase', ref: plain.envelope.id, reason: 'burn', at })
  const [timed, kept] = await conversation(scene, bob.identity.accountId)
  assert.deepEqual(timed.burn, { seconds: 60, expiresAt: at })
  assert.deepEqual([kept.text, kept.burn, kept.erased], ['keep me', undefined, undefined])
})
