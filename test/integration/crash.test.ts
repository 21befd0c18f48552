/**
 * Crash safety with real child processes: a node killed with SIGKILL (no shutdown, no
 * flush) and started again on the same data directory loses nothing and duplicates nothing.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startNodeProcess, type NodeProcess } from '../helpers/node-process.ts'
import { waitFor } from '../helpers/peers.ts'
import { dmConversation } from '../../core/api/index.ts'

const MESSAGES = 200

async function befriend (a: NodeProcess, b: NodeProcess): Promise<void> {
  await a.api().addContact({ invite: (await b.api().getIdentity()).invite })
  await b.api().addContact({ invite: (await a.api().getIdentity()).invite })
}

async function historyIds (node: NodeProcess, peer: string): Promise<string[]> {
  return (await node.api().history({ conversation: dmConversation(peer), limit: 500 })).map(message => message.id)
}

test('the recipient is killed while 200 messages are sent: each arrives once, in order, delivered', async (t) => {
  const alice = await startNodeProcess(t, 'Alice')
  const bob = await startNodeProcess(t, 'Bob')
  await befriend(alice, bob)

  const sent: string[] = []
  for (let i = 0; i < MESSAGES; i++) {
    if (i === 50) {
      await waitFor(() => historyIds(bob, alice.account), ids => ids.length >= 20, { what: 'Bob to have received some messages before the crash' })
      await bob.crash()
    }
    sent.push((await alice.api().send({ conversation: dmConversation('Bob'), text: `message ${i}` })).id)
  }
  const whileDown = await alice.api().history({ conversation: dmConversation('Bob'), limit: 500 })
  assert.ok(whileDown.slice(60).every(m => m.state === 'pending' || m.state === 'sent'), 'messages sent while Bob is down are not delivered')

  await bob.restart()
  const received = await waitFor(() => historyIds(bob, alice.account), ids => ids.length >= MESSAGES, { timeoutMs: 60_000, what: `Bob to have all ${MESSAGES} messages` })
  assert.deepEqual(received, sent, 'every message exactly once, in the order sent')
  const texts = (await bob.api().history({ conversation: dmConversation(alice.account), limit: 500 })).map(m => m.text)
  assert.deepEqual(texts, sent.map((_id, i) => `message ${i}`))

  const states = await waitFor(async () => (await alice.api().history({ conversation: dmConversation('Bob'), limit: 500 })).map(m => m.state),
    all => all.every(state => state === 'delivered'), { timeoutMs: 30_000, what: 'Alice to see every message delivered' })
  assert.equal(states.length, MESSAGES)
})

test('the sender is killed mid-send: every message it accepted arrives once, in order', async (t) => {
  const alice = await startNodeProcess(t, 'Alice')
  const bob = await startNodeProcess(t, 'Bob')
  await befriend(alice, bob)

  const accepted: string[] = []
  const sending = (async () => {
    for (let i = 0; i < MESSAGES; i++) {
      accepted.push((await alice.api().send({ conversation: dmConversation('Bob'), text: `message ${i}` })).id)
    }
  })().catch(() => {
    // the crash cuts the API connection: the call in flight fails, as it would for any client
  })
  await waitFor(() => accepted.length, count => count >= 100, { what: 'Alice to have sent 100 messages' })
  await alice.crash()
  await sending
  const acceptedBeforeCrash = accepted.length
  assert.ok(acceptedBeforeCrash >= 100 && acceptedBeforeCrash < MESSAGES, `the crash interrupted sending (${acceptedBeforeCrash} accepted)`)

  await alice.restart()
  for (let i = acceptedBeforeCrash; i < MESSAGES; i++) {
    accepted.push((await alice.api().send({ conversation: dmConversation('Bob'), text: `message ${i}` })).id)
  }
  const received = await waitFor(() => historyIds(bob, alice.account), ids => accepted.every(id => ids.includes(id)), { timeoutMs: 60_000, what: 'Bob to have every accepted message' })
  assert.equal(new Set(received).size, received.length, 'no message arrives twice')
  assert.deepEqual(received.filter(id => accepted.includes(id)), accepted, 'accepted messages arrive in the order sent')

  const aliceView = await waitFor(() => alice.api().history({ conversation: dmConversation('Bob'), limit: 500 }),
    list => accepted.every(id => list.find(m => m.id === id)?.state === 'delivered'), { timeoutMs: 30_000, what: 'Alice to see her accepted messages delivered' })
  assert.ok(aliceView.length >= MESSAGES)
})
