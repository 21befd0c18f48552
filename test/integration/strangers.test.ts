/**
 * What strangers and blocked accounts can do to Bob, on real nodes on 127.0.0.1: a stranger's
 * message request keeps its first few messages and refuses the rest until Bob accepts it;
 * all strangers together are capped, and a contact is never crowded out; a stranger who calls
 * itself by a contact's name is never taken for that contact; a blocked sender sees what an
 * offline recipient shows, and Bob can unblock; a sender's clock cannot pin a message in the
 * future.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { loadIdentity, parseInvite } from '../../core/identity/index.ts'
import type { Message } from '../../core/api/index.ts'
import { loopbackInit, startFriends, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { ackedIds, sendRaw, textEnvelope } from '../helpers/raw-msg.ts'
import { dmConversation } from '../../core/api/index.ts'

async function stateOf (sender: TestPeer, message: Message, state: Message['state']): Promise<Message> {
  return waitFor(() => sender.node.api.getMessage(message.id), m => m.state === state, { what: `"${message.text}" ${state}` })
}

async function rejected (peer: TestPeer, name: string): Promise<number> {
  return (await peer.node.api.stats()).rejected[name] ?? 0
}

test('a stranger\'s request keeps its first messages and refuses the rest until accepted; strangers together never crowd out a contact', async (t) => {
  const bob = await startPeer(t, 'Bob', { messaging: { ...loopbackInit.messaging, maxRequestMessagesPerStranger: 3, maxRequestMessages: 5 } })
  const alice = await startPeer(t, 'Alice')
  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })
  const mallory = await startPeer(t, 'Mallory')
  const trudy = await startPeer(t, 'Trudy')
  for (const stranger of [mallory, trudy]) {
    await stranger.node.api.addContact({ invite: await bob.invite() })
  }

  const fromMallory: Message[] = []
  for (let i = 1; i <= 5; i++) {
    fromMallory.push(await mallory.node.api.send({ conversation: dmConversation('Bob'), text: `mallory ${i}` }))
  }
  for (const message of fromMallory.slice(0, 3)) {
    await stateOf(mallory, message, 'delivered')
  }
  for (const message of fromMallory.slice(3)) {
    const failed = await stateOf(mallory, message, 'failed')
    assert.match(failed.failure ?? '', /^RequestLimitError/)
  }
  const fromTrudy: Message[] = []
  for (let i = 1; i <= 3; i++) {
    fromTrudy.push(await trudy.node.api.send({ conversation: dmConversation('Bob'), text: `trudy ${i}` }))
  }
  await stateOf(trudy, fromTrudy[0], 'delivered')
  await stateOf(trudy, fromTrudy[1], 'delivered')
  await stateOf(trudy, fromTrudy[2], 'failed') // all strangers together hold 5

  for (let i = 1; i <= 20; i++) {
    await stateOf(alice, await alice.node.api.send({ conversation: dmConversation('Bob'), text: `alice ${i}` }), 'delivered')
  }
  assert.deepEqual((await bob.node.api.history({ conversation: dmConversation(mallory.account) })).map(m => m.text), ['mallory 1', 'mallory 2', 'mallory 3'])
  assert.equal((await bob.node.api.history({ conversation: dmConversation('Alice') })).length, 20)
  assert.equal(await rejected(bob, 'RequestLimitError'), 3)

  // accepted, Mallory is a contact: what was refused goes through when she retries
  await bob.node.api.acceptContact(mallory.account)
  await mallory.node.api.retry(fromMallory[3].id)
  await stateOf(mallory, fromMallory[3], 'delivered')
  // and her room among the requests went to Trudy
  await trudy.node.api.retry(fromTrudy[2].id)
  await stateOf(trudy, fromTrudy[2], 'delivered')
})

test('a stranger who takes a contact\'s name is never taken for that contact', async (t) => {
  const [bob, alice] = await startFriends(t, ['Bob', 'Alice'])
  const impostor = await startPeer(t, 'Alice')
  await impostor.node.api.addContact({ invite: await bob.invite() })
  await stateOf(impostor, await impostor.node.api.send({ conversation: dmConversation('Bob'), text: 'it is me, Alice, new phone' }), 'delivered')

  const sent = await bob.node.api.send({ conversation: dmConversation('Alice'), text: 'which Alice?' })
  assert.equal(sent.conversation, dmConversation(alice.account), '"Alice" names the contact, not the stranger')
  await stateOf(bob, sent, 'delivered')
  const request = (await bob.node.api.listContacts()).find(c => c.accountId === impostor.account)
  assert.equal(request?.status, 'request', 'the stranger is still only a request')
  const conversation = await bob.node.api.history({ conversation: dmConversation('alice') })
  assert.deepEqual(conversation.map(m => m.text), ['which Alice?'], 'the contact\'s conversation holds none of the stranger\'s words')
})

test('a blocked sender sees what an offline recipient shows; unblocked, it gets through again', async (t) => {
  const relay = await startPeer(t, 'Relay', { role: 'relay' })
  const quick = { messaging: { ...loopbackInit.messaging, deliveryDeadlineMs: 300 }, mailbox: { cacheMs: 0, lookupTimeoutMs: 3000, requestTimeoutMs: 3000 }, bootstrap: relay.node.addresses() }
  const bob = await startPeer(t, 'Bob', quick)
  const mallory = await startPeer(t, 'Mallory', quick)
  const carol = await startPeer(t, 'Carol', quick)
  await mallory.node.api.addContact({ invite: await bob.invite() })
  await mallory.node.api.addContact({ invite: await carol.invite() })
  await bob.node.api.addContact({ invite: await mallory.invite() })
  await stateOf(mallory, await mallory.node.api.send({ conversation: dmConversation('Bob'), text: 'before the block' }), 'delivered')

  assert.equal((await bob.node.api.blockContact(mallory.account)).status, 'blocked')
  await carol.node.stop()
  const toBlocked = await mallory.node.api.send({ conversation: dmConversation('Bob'), text: 'are you there?' })
  const toOffline = await mallory.node.api.send({ conversation: dmConversation('Carol'), text: 'are you there?' })
  const [blockedView, offlineView] = await Promise.all([stateOf(mallory, toBlocked, 'stored'), stateOf(mallory, toOffline, 'stored')])
  assert.deepEqual([blockedView.state, blockedView.path], [offlineView.state, offlineView.path], 'blocked looks like offline')
  assert.deepEqual((await bob.node.api.history({ conversation: dmConversation(mallory.account) })).map(m => m.text), ['before the block'])
  assert.ok(await rejected(bob, 'ContactBlockedError') >= 1, 'Bob counts what he refused')
  await assert.rejects(bob.node.api.send({ conversation: dmConversation(mallory.account), text: 'hi' }), { name: 'ContactBlockedError' })

  const unblocked = await bob.node.api.unblockContact(mallory.account)
  assert.equal(unblocked.status, 'accepted', 'back to what she was before the block')
  await assert.rejects(bob.node.api.unblockContact(mallory.account), { name: 'InvalidArgumentError' })
  await stateOf(mallory, await mallory.node.api.send({ conversation: dmConversation('Bob'), text: 'after the unblock' }), 'delivered')
  await stateOf(bob, await bob.node.api.send({ conversation: dmConversation(mallory.account), text: 'welcome back' }), 'delivered')
})

test('a message dated in the future is filed at its arrival time', async (t) => {
  const [bob, mallory] = await startFriends(t, ['Bob', 'Mallory'])
  const alice = await startPeer(t, 'Alice')
  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })

  const keys = await loadIdentity(mallory.dataDir)
  const bobDevice = parseInvite(await bob.invite()).device
  const before = Date.now()
  const answers = await sendRaw(mallory, bob, keys, [
    textEnvelope(keys, bobDevice, 'pinned forever', 9_999_999_999_999_999),
    textEnvelope(keys, bobDevice, 'from tomorrow', Date.now() + 24 * 60 * 60 * 1000)
  ])
  assert.equal(ackedIds(answers).length, 2)
  const after = Date.now()

  const filed = await bob.node.api.history({ conversation: dmConversation(mallory.account) })
  const byText = new Map(filed.map(m => [m.text, m.timestamp]))
  for (const text of ['pinned forever', 'from tomorrow']) {
    const at = byText.get(text) ?? 0
    assert.ok(at >= before && at <= after, `"${text}" filed at ${at}, not within its arrival ${before}–${after}`)
  }

  await stateOf(alice, await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'the latest' }), 'delivered')
  const list = await bob.node.api.conversations()
  assert.equal(list[0].id, dmConversation(alice.account), 'the newest conversation comes first, not the one dated in the future')
})
