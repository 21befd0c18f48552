/**
 * Groups between real nodes on 127.0.0.1 (a relay for the DHT, so that members who are not
 * each other's contacts find each other's devices): creating a group with contacts, chatting
 * with senders' names, a kick that the kicked member sees and after which it reads nothing,
 * and a member who was offline catching up from another member.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation, type ConversationId, type Message } from '../../core/api/index.ts'
import { groupInit, receives, seesGroup } from '../helpers/group-scene.ts'
import { befriend, loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { quickMailboxInit, restartPeer } from '../helpers/mailbox-scene.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

/** A relay (the DHT), and Alice, Bob and Carol bootstrapped from it; Alice is the contact of both others. */
async function startScene (t: AfterHook): Promise<{ relay: TestPeer, alice: TestPeer, bob: TestPeer, carol: TestPeer }> {
  const relay = await startPeer(t, 'Relay', { ...groupInit, role: 'relay' })
  const bootstrap = relay.node.addresses()
  const alice = await startPeer(t, 'Alice', { ...groupInit, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...groupInit, bootstrap })
  const carol = await startPeer(t, 'Carol', { ...groupInit, bootstrap })
  await befriend(alice, bob)
  await befriend(alice, carol)
  return { relay, alice, bob, carol }
}

async function texts (peer: TestPeer, conversation: ConversationId): Promise<string[]> {
  return (await peer.node.api.history({ conversation })).map((message: Message) => message.text)
}

test('a group of three: everyone reads everyone, with senders named; a kicked member sees it and reads nothing after', async (t) => {
  const { alice, bob, carol } = await startScene(t)
  const group = await alice.node.api.createGroup({ name: 'Climbers', topic: 'Saturday', members: [bob.account, carol.account] })
  assert.equal(group.myRole, 'owner')
  assert.equal(group.memberCount, 3)
  await seesGroup(bob, group.id, g => g.memberCount === 3)
  await seesGroup(carol, group.id, g => g.memberCount === 3)
  assert.deepEqual((await bob.node.api.getGroup(group.id)).name, 'Climbers')

  const hello = await alice.node.api.send({ conversation: group.id, text: 'hello climbers' })
  assert.equal((await receives(bob, group.id, 'hello climbers')).from, alice.account)
  await receives(carol, group.id, 'hello climbers')
  // read by: both members have it; once Bob reads it, "read by 1 of 2"
  await waitFor(() => alice.node.api.readBy(hello.id), by => by.delivered.length === 2, { what: 'both members to have Alice\'s message' })
  await waitFor(() => alice.node.api.getMessage(hello.id), message => message.state === 'delivered', { what: 'Alice\'s message to show it is delivered' })
  await bob.node.api.markRead({ conversation: group.id })
  const readBy = await waitFor(() => alice.node.api.readBy(hello.id), by => by.read.length === 1, { what: 'Bob\'s read receipt' })
  assert.deepEqual({ total: readBy.total, read: readBy.read }, { total: 2, read: [bob.account] })

  // Bob and Carol are not contacts: they find each other's devices in the DHT
  await bob.node.api.send({ conversation: group.id, text: 'hi, Bob here' })
  assert.equal((await receives(carol, group.id, 'hi, Bob here')).from, bob.account)
  await receives(alice, group.id, 'hi, Bob here')

  // a private message to a fellow member who is not a contact: Carol sees it as a message request from Bob
  await bob.node.api.send({ conversation: dmConversation(carol.account), text: 'psst, Carol' })
  assert.equal((await receives(carol, dmConversation(bob.account), 'psst, Carol')).from, bob.account)
  assert.equal((await carol.node.api.listContacts()).find(contact => contact.accountId === bob.account)?.status, 'request')

  const kicked = await alice.node.api.kickMember({ conversation: group.id, account: carol.account })
  assert.equal(kicked.memberCount, 2)
  const seenByCarol = await seesGroup(carol, group.id, g => g.ended === 'removed', 'that she was removed')
  assert.equal(seenByCarol.myRole, null)
  await assert.rejects(carol.node.api.send({ conversation: group.id, text: 'still here?' }), { name: 'NotGroupMemberError' })

  await alice.node.api.send({ conversation: group.id, text: 'after the kick' })
  await receives(bob, group.id, 'after the kick')
  await bob.node.api.send({ conversation: group.id, text: 'Bob after the kick' })
  await receives(alice, group.id, 'Bob after the kick')
  assert.deepEqual((await texts(carol, group.id)).filter(text => text.includes('after the kick')), [], 'Carol reads nothing sent after she was removed')
})

test('a member who was offline catches up on the ops and messages it missed from another member', async (t) => {
  const { relay, alice, bob, carol } = await startScene(t)
  const group = await alice.node.api.createGroup({ name: 'Night shift', members: [bob.account, carol.account] })
  await seesGroup(bob, group.id, g => g.memberCount === 3)
  await seesGroup(carol, group.id, g => g.memberCount === 3)
  await carol.node.stop()

  await alice.node.api.editGroup({ conversation: group.id, topic: 'quiet tonight' })
  await alice.node.api.send({ conversation: group.id, text: 'while Carol was away' })
  await receives(bob, group.id, 'while Carol was away')
  await alice.node.stop()

  // only Bob is up when Carol comes back
  const back = await restartPeer(t, carol, { ...loopbackInit, ...groupInit, bootstrap: [...relay.node.addresses(), ...bob.node.addresses()] })
  const returned = { ...carol, node: back }
  await seesGroup(returned, group.id, g => g.topic === 'quiet tonight', 'the new topic')
  await receives(returned, group.id, 'while Carol was away')
})

test('a member offline while every other member is too gets the message through its mailboxes, the same bytes for each', async (t) => {
  const relay = await startPeer(t, 'Relay', { ...quickMailboxInit, ...groupInit, role: 'relay' })
  const bootstrap = relay.node.addresses()
  const alice = await startPeer(t, 'Alice', { ...quickMailboxInit, ...groupInit, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...quickMailboxInit, ...groupInit, bootstrap })
  const carol = await startPeer(t, 'Carol', { ...quickMailboxInit, ...groupInit, bootstrap })
  await befriend(alice, bob)
  await befriend(alice, carol)
  const group = await alice.node.api.createGroup({ name: 'Postbox', members: [bob.account, carol.account] })
  await seesGroup(carol, group.id, g => g.memberCount === 3)
  await seesGroup(bob, group.id, g => g.memberCount === 3)
  await carol.node.stop()

  const sent = await alice.node.api.send({ conversation: group.id, text: 'left in your mailbox' })
  await receives(bob, group.id, 'left in your mailbox')
  const held = (): number => relay.node.mailbox.server?.usage().find(usage => usage.account === carol.account)?.count ?? 0
  // Alice's sender key (pairwise, to Carol's device) and the group message (once, for Carol's account)
  await waitFor(() => held(), count => count >= 2, { what: 'the relay to hold Carol\'s key and message' })
  await waitFor(() => alice.node.api.getMessage(sent.id), message => message.state === 'stored', { what: 'Alice\'s message to show it is stored' })
  await alice.node.stop()
  await bob.node.stop()

  const back = await restartPeer(t, carol, { ...groupInit, bootstrap })
  const returned = { ...carol, node: back }
  const message = await waitFor(async () => {
    await back.collectMail()
    return (await back.api.history({ conversation: group.id })).find(m => m.text === 'left in your mailbox')
  }, found => found != null, { what: 'Carol to collect the group message' })
  assert.equal(message?.path, 'mailbox')
  assert.equal(message?.from, alice.account)
  assert.equal((await returned.node.api.getGroup(group.id)).memberCount, 3)
})

test('every message kind works in a group: replies, edits, reactions, custom kinds and recalls reach every member', async (t) => {
  const { alice, bob, carol } = await startScene(t)
  const group = await alice.node.api.createGroup({ name: 'Kinds', members: [bob.account, carol.account] })
  await seesGroup(bob, group.id, g => g.memberCount === 3)
  await seesGroup(carol, group.id, g => g.memberCount === 3)
  const first = await alice.node.api.send({ conversation: group.id, text: 'first draft' })
  const onBob = await receives(bob, group.id, 'first draft')
  await receives(carol, group.id, 'first draft')

  await bob.node.api.send({ conversation: group.id, text: 'a reply', replyTo: onBob.id })
  const reply = await receives(carol, group.id, 'a reply')
  assert.equal(reply.replyTo?.text, 'first draft')

  await alice.node.api.editMessage({ id: first.id, text: 'final text' })
  await receives(carol, group.id, 'final text')
  await carol.node.api.react({ id: (await receives(carol, group.id, 'final text')).id, emoji: '👍' })
  await waitFor(async () => (await alice.node.api.getMessage(first.id)).reactions, reactions => reactions?.some(r => r.emoji === '👍' && r.from.includes(carol.account)) === true,
    { what: 'Alice to see Carol\'s reaction' })

  await alice.node.api.send({ conversation: group.id, custom: { type: 'app.poll', data: Buffer.from('{"q":"when?"}').toString('base64') } })
  const poll = await waitFor(async () => (await bob.node.api.history({ conversation: group.id })).find(m => m.kind === 'custom'), m => m != null, { what: 'Bob to get the poll' })
  assert.deepEqual(poll?.custom, { type: 'app.poll', data: Buffer.from('{"q":"when?"}').toString('base64') })

  const oops = await bob.node.api.send({ conversation: group.id, text: 'oops, wrong group' })
  await receives(alice, group.id, 'oops, wrong group')
  await bob.node.api.recall(oops.id)
  await waitFor(async () => (await alice.node.api.history({ conversation: group.id })).find(m => m.id === oops.id || m.sentAs === oops.id), m => m?.erased === 'recalled',
    { what: 'Alice to see Bob\'s message recalled' })
  assert.equal((await texts(alice, group.id)).includes('oops, wrong group'), false)
})
