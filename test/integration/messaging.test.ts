/**
 * Two and three real nodes on 127.0.0.1 (TCP, noise, yamux, LevelDB in temp dirs) exchanging
 * end-to-end encrypted messages, as their users would see it through the MessengerApi.
 */

import { test } from 'node:test'
import { peerIdFromString } from '@libp2p/peer-id'
import assert from 'node:assert/strict'
import { loopbackInit, startFriends, startPeer, waitFor } from '../helpers/peers.ts'
import type { Message, MessageStateChange } from '../../core/api/index.ts'
import { createNode, type TimNode } from '../../core/index.ts'
import { MSG_PROTOCOL } from '../../core/messaging/index.ts'
import { decodeMsgFrame, encodeMsgFrame, WIRE_VERSION, type MsgFrame } from '../../core/wire/index.ts'
import * as lp from 'it-length-prefixed'
import { dmConversation } from '../../core/api/index.ts'

test('Alice and Bob add each other and exchange messages both ways', async (t) => {
  const [alice, bob] = await startFriends(t)
  const received: Message[] = []
  bob.node.api.on('message:received', message => { received.push(message) })

  const hello = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'hello Bob' })
  assert.equal(hello.state, 'pending')
  assert.equal(hello.from, alice.account)
  assert.equal(hello.conversation, dmConversation(bob.account))
  const reply = await bob.node.api.send({ conversation: dmConversation(alice.account), text: 'hi Alice 👋' })

  const bobSees = await waitFor(() => bob.node.api.history({ conversation: dmConversation('Alice') }), h => h.length === 2, { what: 'two messages in Bob\'s history' })
  assert.deepEqual(bobSees.map(m => [m.id, m.text, m.direction]), [[hello.id, 'hello Bob', 'in'], [reply.id, 'hi Alice 👋', 'out']])
  assert.equal(bobSees[0].from, alice.account)
  assert.equal(bobSees[0].path, 'direct')
  assert.equal(received.length, 1)
  assert.equal(received[0].text, 'hello Bob')

  const aliceSees = await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob') }), h => h.length === 2 && h[0].state === 'delivered', { what: 'Alice sees her message delivered' })
  assert.deepEqual(aliceSees.map(m => m.text), ['hello Bob', 'hi Alice 👋'])
  assert.equal(aliceSees[0].path, 'direct')
})

test('a message goes pending → sent → delivered → read, and unread counts follow', async (t) => {
  const [alice, bob] = await startFriends(t)
  const states: MessageStateChange[] = []
  alice.node.api.on('message:state', change => { states.push(change) })

  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'did you read this?' })
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: 'delivered' })
  const [conversation] = await bob.node.api.conversations()
  assert.equal(conversation.id, dmConversation(alice.account))
  assert.equal(conversation.unread, 1)
  assert.equal(conversation.lastMessage?.text, 'did you read this?')

  const afterRead = await bob.node.api.markRead({ conversation: dmConversation('Alice') })
  assert.equal(afterRead.unread, 0)
  const read = await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'read', { what: 'read receipt' })
  assert.equal(read.path, 'direct')
  assert.deepEqual(states.filter(s => s.id === sent.id).map(s => s.state), ['sent', 'delivered', 'read'])
  assert.equal((await bob.node.api.conversations())[0].unread, 0)
  assert.equal((await bob.node.api.history({ conversation: dmConversation('Alice') }))[0].state, 'read')
})

test('history pages backwards with --before and keeps a stable order', async (t) => {
  const [alice, bob] = await startFriends(t)
  const ids: string[] = []
  for (let i = 0; i < 25; i++) {
    ids.push((await alice.node.api.send({ conversation: dmConversation('Bob'), text: `message ${i}` })).id)
  }
  await waitFor(() => bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 }), h => h.length === 25, { what: '25 messages at Bob' })
  const newest = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 10 })
  assert.deepEqual(newest.map(m => m.id), ids.slice(15))
  const older = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 10, before: newest[0].id })
  assert.deepEqual(older.map(m => m.id), ids.slice(5, 15))
  const oldest = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 10, before: older[0].id })
  assert.deepEqual(oldest.map(m => m.id), ids.slice(0, 5))
  await assert.rejects(bob.node.api.history({ conversation: dmConversation('Alice'), limit: 0 }), { name: 'InvalidArgumentError' })
})

test('a stranger\'s message arrives as a request that can be accepted or blocked', async (t) => {
  const [alice, bob] = await startFriends(t)
  const mallory = await startPeer(t, 'Mallory')
  const carol = await startPeer(t, 'Carol')
  const requests: string[] = []
  bob.node.api.on('contact:request', contact => { requests.push(contact.accountId) })

  await carol.node.api.addContact({ invite: await bob.invite() })
  await carol.node.api.send({ conversation: dmConversation('Bob'), text: 'hi, we met at the conference' })
  await mallory.node.api.addContact({ invite: await bob.invite() })
  await mallory.node.api.send({ conversation: dmConversation('Bob'), text: 'buy my stuff' })

  await waitFor(() => bob.node.api.listContacts(), list => list.length === 3, { what: 'two requests at Bob' })
  assert.deepEqual(requests.sort(), [carol.account, mallory.account].sort())
  const asRequest = (await bob.node.api.listContacts()).find(c => c.accountId === carol.account)
  assert.equal(asRequest?.status, 'request')
  assert.equal(asRequest?.name, 'Carol')
  assert.equal((await bob.node.api.history({ conversation: dmConversation(carol.account) }))[0].text, 'hi, we met at the conference')

  assert.equal((await bob.node.api.acceptContact(carol.account)).status, 'accepted')
  assert.equal((await bob.node.api.blockContact(mallory.account)).status, 'blocked')
  await assert.rejects(bob.node.api.send({ conversation: dmConversation(mallory.account), text: 'no' }), { name: 'ContactBlockedError' })

  const spam = await mallory.node.api.send({ conversation: dmConversation('Bob'), text: 'buy it now' })
  await waitFor(() => bob.node.api.stats(), s => (s.rejected.ContactBlockedError ?? 0) >= 1, { what: 'Bob refuses the blocked sender' })
  assert.deepEqual((await bob.node.api.history({ conversation: dmConversation(mallory.account) })).map(m => m.text), ['buy my stuff'])
  assert.notEqual((await mallory.node.api.getMessage(spam.id)).state, 'delivered', 'a blocked sender never sees delivered')

  await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'still here' })
  await waitFor(() => bob.node.api.history({ conversation: dmConversation('Alice') }), h => h.length === 1, { what: 'Alice still gets through' })
})

test('the API refuses what it cannot send, with errors named for the user', async (t) => {
  const [alice] = await startFriends(t)
  await assert.rejects(alice.node.api.send({ conversation: dmConversation('Nobody'), text: 'hi' }), { name: 'UnknownContactError' })
  await assert.rejects(alice.node.api.send({ conversation: dmConversation('Bob'), text: '' }), { name: 'InvalidArgumentError' })
  await assert.rejects(alice.node.api.send({ conversation: dmConversation('Bob'), text: 'x'.repeat(16 * 1024 + 1) }), { name: 'MessageTooLargeError' })
  await assert.rejects(alice.node.api.addContact({ invite: 'tim://invite/garbage' }), { name: 'InvalidInviteError' })
  await assert.rejects(alice.node.api.addContact({ invite: await alice.invite() }), { name: 'SelfContactError' })
  await assert.rejects(alice.node.api.getMessage('01ARZ3NDEKTSV4RRFFQ69G5FAV'), { name: 'MessageNotFoundError' })
  const controller = new AbortController()
  controller.abort()
  await assert.rejects(alice.node.api.listContacts({ signal: controller.signal }), { name: 'AbortError' })
})

test('contacts show how they are reachable now', async (t) => {
  const [alice, bob] = await startFriends(t)
  const changes: string[] = []
  alice.node.api.on('contact:reachability', change => { changes.push(change.reachability) })
  await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'ping' })
  const [contact] = await waitFor(() => alice.node.api.listContacts(), list => list[0]?.reachability === 'direct', { what: 'Bob direct' })
  assert.equal(contact.devices.length, 1)
  assert.equal(contact.devices[0].deviceId, bob.node.identity.deviceId)
  assert.equal(contact.devices[0].connection, 'direct')
  assert.equal(contact.devices[0].upgradeFailure, undefined)
  assert.ok(contact.devices[0].addresses.some(address => address.startsWith('/ip4/127.0.0.1/tcp/')))
  await bob.node.stop()
  const [offline] = await waitFor(() => alice.node.api.listContacts(), list => list[0]?.reachability === 'offline', { what: 'Bob offline' })
  assert.equal(offline.devices[0].connection, null)
  assert.equal(changes.at(-1), 'offline')
})

test('texts still in the outbox when the sender restarts are sealed again and arrive once, in order', async (t) => {
  const [alice, bob] = await startFriends(t)
  await bob.node.stop()
  const texts = ['while you were away', 'are you there?', 'ping']
  for (const text of texts) {
    await alice.node.api.send({ conversation: dmConversation('Bob'), text })
  }
  await alice.node.stop()

  const restart = async (dataDir: string): Promise<TimNode> => {
    const node = await createNode({ ...loopbackInit, dataDir })
    t.after(async () => { await node.stop() })
    return node
  }
  const bobAgain = await restart(bob.dataDir)
  const aliceAgain = await restart(alice.dataDir)
  const received = await waitFor(() => bobAgain.api.history({ conversation: dmConversation('Alice') }), list => list.length >= texts.length, { what: 'Bob to receive the texts', timeoutMs: 30_000 })
  assert.deepEqual(received.map(m => m.text), texts)
  const sent = await waitFor(() => aliceAgain.api.history({ conversation: dmConversation('Bob') }), list => list.every(m => m.state === 'delivered'), { what: 'Alice to see them delivered', timeoutMs: 30_000 })
  assert.deepEqual(sent.map(m => m.text), texts)
  assert.deepEqual(sent.map(m => m.id), received.map(m => m.id), 'the same message ids, sealed again')
})

test('a message the recipient refuses is failed with the reason; retry sends it again and it is delivered', async (t) => {
  const [alice, bob] = await startFriends(t)
  // Bob's device answers the hello, then refuses every envelope, as one that cannot decrypt would
  await bob.node.libp2p.unhandle(MSG_PROTOCOL)
  await bob.node.libp2p.handle(MSG_PROTOCOL, async (stream) => {
    const reply = (frame: MsgFrame): void => { stream.send(lp.encode.single(encodeMsgFrame(frame))) }
    for await (const bytes of lp.decode(stream)) {
      const frame = decodeMsgFrame(bytes.subarray())
      if (frame.hello != null) {
        reply({ hello: { version: WIRE_VERSION, certificate: bob.node.identity.certificate } })
      }
      frame.batch?.envelopes.forEach(envelope => { reply({ reject: { id: envelope.id, error: 'DecryptionFailedError', message: 'does not open here' } }) })
    }
  })
  // the stream the contact requests went over was served by the real handler: start afresh
  await alice.node.libp2p.hangUp(peerIdFromString(bob.node.identity.deviceId))

  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'please take this' })
  const failed = await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'failed', { what: 'the message failed' })
  assert.equal(failed.failure, 'DecryptionFailedError: does not open here')
  assert.equal((await alice.node.api.history({ conversation: dmConversation('Bob') }))[0].state, 'failed', 'history shows the same state')

  // Bob's node runs normally again
  await bob.node.stop()
  const bobAgain = await createNode({ ...loopbackInit, dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  const retried = await alice.node.api.retry(sent.id)
  assert.equal(retried.state, 'pending')
  assert.equal(retried.failure, undefined)
  const delivered = await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: 'the retried message delivered', timeoutMs: 30_000 })
  assert.equal(delivered.failure, undefined)
  assert.deepEqual((await bobAgain.api.history({ conversation: dmConversation('Alice') })).map(m => [m.id, m.text]), [[sent.id, 'please take this']])
})

test('the unread count stays true while the user reads during a burst, and after a restart', async (t) => {
  const [alice, bob] = await startFriends(t)
  const unreadInHistory = async (node: TimNode): Promise<number> =>
    (await node.api.history({ conversation: dmConversation('Alice'), limit: 500 })).filter(m => m.state !== 'read').length
  const unreadCount = async (node: TimNode): Promise<number> => (await node.api.conversations())[0]?.unread ?? 0

  // Bob keeps reading while 300 messages arrive in group-committed batches
  let reading = true
  const reader = (async () => {
    while (reading) {
      await bob.node.api.markRead({ conversation: dmConversation('Alice') }).catch(() => {})
      await new Promise(resolve => setTimeout(resolve, 1))
    }
  })()
  await Promise.all(Array.from({ length: 300 }, async (_, i) => alice.node.api.send({ conversation: dmConversation('Bob'), text: `burst ${i}` })))
  await waitFor(() => bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 }), list => list.length === 300, { what: 'Bob to store all 300' })
  reading = false
  await reader
  assert.equal(await unreadCount(bob.node), await unreadInHistory(bob.node), 'the count is the number of unread messages')

  await bob.node.api.markRead({ conversation: dmConversation('Alice') })
  assert.equal(await unreadInHistory(bob.node), 0, 'reading marks every message read')
  assert.equal(await unreadCount(bob.node), 0)

  await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'one more' })
  await waitFor(() => unreadCount(bob.node), count => count === 1, { what: 'one unread message' })
  await bob.node.stop()
  const bobAgain = await createNode({ ...loopbackInit, dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  assert.equal(await unreadCount(bobAgain), 1, 'the stored count survives a restart')
  assert.equal(await unreadInHistory(bobAgain), 1)
})
