/**
 * Every message kind between two real nodes on 127.0.0.1: replies quote what they answer,
 * edits show as edited, reactions count per emoji and can be taken back, delete-for-me stays
 * on one side, custom kinds pass through untouched, and a kind the receiver does not know is
 * acked and shown as unsupported with its bytes.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dmConversation, type Message } from '../../core/api/index.ts'
import { Payload as PayloadMessage } from '../../core/wire/tim.ts'
import { startFriends, waitFor, type TestPeer } from '../helpers/peers.ts'
import { verifyDeviceCertificate } from '../../core/identity/index.ts'
import { envelopeWithPayload, sendRaw } from '../helpers/raw-msg.ts'

async function arrived (peer: TestPeer, from: TestPeer, id: string): Promise<Message> {
  const found = await waitFor(async () => (await peer.node.api.history({ conversation: dmConversation(from.account) })).find(m => m.id === id || m.sentAs === id),
    m => m != null, { what: `message ${id} at ${peer.name}` })
  return found as Message
}

async function current (peer: TestPeer, id: string, done: (m: Message) => boolean, what: string): Promise<Message> {
  return waitFor(async () => peer.node.api.getMessage(id), done, { what })
}

test('a reply quotes the message it answers, on both sides', async (t) => {
  const [alice, bob] = await startFriends(t)
  const question = await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'lunch at noon?' })
  await arrived(bob, alice, question.id)
  const answer = await bob.node.api.send({ conversation: dmConversation(alice.account), text: 'yes!', replyTo: question.id })
  assert.deepEqual(answer.replyTo, { id: question.id, from: alice.account, text: 'lunch at noon?' })
  const atAlice = await arrived(alice, bob, answer.id)
  assert.deepEqual(atAlice.replyTo, { id: question.id, from: alice.account, text: 'lunch at noon?' })
  await assert.rejects(bob.node.api.send({ conversation: dmConversation(alice.account), text: 'x', replyTo: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), { name: 'MessageNotFoundError' })
})

test('an edit replaces the text on both sides and shows as edited; only the sender may edit', async (t) => {
  const [alice, bob] = await startFriends(t)
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'see you at 5' })
  await arrived(bob, alice, sent.id)
  const updates: Message[] = []
  bob.node.api.on('message:updated', m => { updates.push(m) })
  const edited = await alice.node.api.editMessage({ id: sent.id, text: 'see you at 6' })
  assert.equal(edited.text, 'see you at 6')
  assert.ok(edited.editedAt != null)
  const atBob = await current(bob, sent.id, m => m.text === 'see you at 6', 'the edit at Bob')
  assert.ok(atBob.editedAt != null, 'Bob sees it as edited')
  assert.ok(updates.some(m => m.id === sent.id && m.text === 'see you at 6'), 'Bob\'s clients were told')
  await assert.rejects(bob.node.api.editMessage({ id: sent.id, text: 'forged' }), { name: 'InvalidArgumentError' })
})

test('reactions count per emoji on both sides and can be taken back', async (t) => {
  const [alice, bob] = await startFriends(t)
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'we won!' })
  await arrived(bob, alice, sent.id)
  await bob.node.api.react({ id: sent.id, emoji: '🎉' })
  await alice.node.api.react({ id: sent.id, emoji: '🎉' })
  await alice.node.api.react({ id: sent.id, emoji: '❤️' })
  const both = (m: Message): boolean => m.reactions?.find(r => r.emoji === '🎉')?.from.length === 2 && m.reactions.some(r => r.emoji === '❤️')
  await current(alice, sent.id, both, 'two 🎉 and a ❤️ at Alice')
  await current(bob, sent.id, both, 'two 🎉 and a ❤️ at Bob')
  await alice.node.api.react({ id: sent.id, emoji: '❤️', remove: true })
  const atBob = await current(bob, sent.id, m => !(m.reactions ?? []).some(r => r.emoji === '❤️'), 'the ❤️ taken back at Bob')
  assert.deepEqual(atBob.reactions, [{ emoji: '🎉', from: [bob.account, alice.account] }])
  await assert.rejects(alice.node.api.react({ id: sent.id, emoji: 'x'.repeat(40) }), { name: 'InvalidArgumentError' })
})

test('delete for me removes the message from one side only', async (t) => {
  const [alice, bob] = await startFriends(t)
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'keep or delete' })
  await arrived(bob, alice, sent.id)
  const removed: string[] = []
  bob.node.api.on('message:removed', r => { removed.push(r.id) })
  await bob.node.api.deleteMessage(sent.id)
  assert.deepEqual(removed, [sent.id])
  assert.equal((await bob.node.api.history({ conversation: dmConversation(alice.account) })).length, 0)
  await assert.rejects(bob.node.api.getMessage(sent.id), { name: 'MessageNotFoundError' })
  assert.equal((await alice.node.api.getMessage(sent.id)).text, 'keep or delete')
})

test('delete chat removes a whole conversation from one side; new messages start it again', async (t) => {
  const [alice, bob] = await startFriends(t)
  for (const text of ['one', 'two']) {
    await arrived(bob, alice, (await alice.node.api.send({ conversation: dmConversation(bob.account), text })).id)
  }
  const removed: string[] = []
  bob.node.api.on('conversation:removed', r => { removed.push(r.id) })
  await bob.node.api.deleteConversation(dmConversation(alice.account))
  assert.deepEqual(removed, [dmConversation(alice.account)])
  assert.deepEqual(await bob.node.api.history({ conversation: dmConversation(alice.account) }), [])
  assert.deepEqual(await bob.node.api.conversations(), [])
  assert.equal((await alice.node.api.history({ conversation: dmConversation(bob.account) })).length, 2, 'Alice keeps hers')
  const later = await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'three' })
  await arrived(bob, alice, later.id)
  assert.deepEqual((await bob.node.api.conversations()).map(c => [c.id, c.unread]), [[dmConversation(alice.account), 1]])
})

test('a custom kind passes through untouched', async (t) => {
  const [alice, bob] = await startFriends(t)
  const data = Buffer.from([0, 1, 2, 250, 255]).toString('base64')
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), custom: { type: 'org.example.poll/v1', data } })
  assert.equal(sent.kind, 'custom')
  const atBob = await arrived(bob, alice, sent.id)
  assert.equal(atBob.kind, 'custom')
  assert.deepEqual(atBob.custom, { type: 'org.example.poll/v1', data })
  await assert.rejects(alice.node.api.send({ conversation: dmConversation(bob.account), custom: { type: 'bad type!', data } }), { name: 'InvalidArgumentError' })
})

test('a kind the receiver does not know is acked and kept as unsupported, with its bytes', async (t) => {
  const [alice, bob] = await startFriends(t)
  // a payload from a newer Tim: a body at a field number this one does not know (99)
  const unknownField = Uint8Array.from([0x9a, 0x06, 0x03, 0x0a, 0x01, 0x41])
  const bobDevice = verifyDeviceCertificate(bob.node.identity.certificate)
  const { envelope, id } = envelopeWithPayload(alice.node.identity, bobDevice, (recipientAccount, binding) => {
    const known = PayloadMessage.encode({ recipientAccount: recipientAccount as Uint8Array<ArrayBuffer>, ...binding })
    return Buffer.concat([known, unknownField])
  })
  const answers = await sendRaw(alice, bob, alice.node.identity, [envelope])
  assert.ok(answers.some(frame => frame.ack != null), 'acked, not rejected')
  const atBob = await arrived(bob, alice, id)
  assert.equal(atBob.kind, 'unsupported')
  const kept = PayloadMessage.decode(Buffer.from(atBob.unsupported?.data ?? '', 'base64'))
  assert.equal(kept.text, undefined)
  assert.ok(Buffer.from(atBob.unsupported?.data ?? '', 'base64').subarray(-unknownField.byteLength).equals(unknownField), 'the raw bytes are kept')
})
