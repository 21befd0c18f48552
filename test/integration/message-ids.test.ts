/**
 * A message id is chosen by its sender, and others can learn it (mailboxes see ids in the
 * clear): Mallory sends Alice her own message under the id of Bob's message before Bob's
 * arrives. Alice keeps both, Bob's is acked only once stored, and her read receipt names Bob's
 * message by the id he gave it.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createNode } from '../../core/index.ts'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import { loadIdentity, parseInvite } from '../../core/identity/index.ts'
import { messageIdFromString } from '../../core/wire/index.ts'
import { loopbackInit, startPeer, waitFor } from '../helpers/peers.ts'
import { sendRaw } from '../helpers/raw-msg.ts'
import { dmConversation } from '../../core/api/index.ts'

test('another account\'s message under the id of Bob\'s does not make Bob\'s a replay', async (t) => {
  const alice = await startPeer(t, 'Alice')
  const bob = await startPeer(t, 'Bob')
  const mallory = await startPeer(t, 'Mallory')
  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })
  await mallory.node.api.addContact({ invite: await alice.invite() })
  const aliceDevice = parseInvite(await alice.invite()).device

  // Bob writes while Alice is away, then goes away himself with the message in his outbox
  await alice.node.stop()
  const fromBob = await bob.node.api.send({ conversation: dmConversation('Alice'), text: 'the real one' })
  await bob.node.stop()
  const aliceAgain = await createNode({ ...loopbackInit, dataDir: alice.dataDir })
  t.after(async () => { await aliceAgain.stop() })

  // Mallory learned the id and uses it first
  const keys = await loadIdentity(mallory.dataDir)
  const squatter = createEnvelopeCodec(keys).seal(aliceDevice, messageIdFromString(fromBob.id), Date.now(),
    { kind: 'text', text: 'squatting on that id', burnSeconds: 0 })
  const answers = await sendRaw(mallory, { ...alice, node: aliceAgain }, keys, [squatter])
  assert.equal(answers.filter(frame => frame.ack != null).length, 1, 'Alice acked Mallory\'s message')

  const bobAgain = await createNode({ ...loopbackInit, dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  await waitFor(() => bobAgain.api.getMessage(fromBob.id), m => m.state === 'delivered', { what: 'Bob\'s message delivered' })
  const fromBobAtAlice = await aliceAgain.api.history({ conversation: dmConversation(bob.account) })
  assert.deepEqual(fromBobAtAlice.map(m => [m.text, m.sentAs ?? m.id]), [['the real one', fromBob.id]])
  const fromMalloryAtAlice = await aliceAgain.api.history({ conversation: dmConversation(mallory.account) })
  assert.deepEqual(fromMalloryAtAlice.map(m => [m.text, m.id]), [['squatting on that id', fromBob.id]])
  assert.equal((await aliceAgain.api.getMessage(fromBob.id)).text, 'squatting on that id', 'the id still finds the message filed under it')

  await aliceAgain.api.markRead({ conversation: dmConversation(bob.account) })
  await waitFor(() => bobAgain.api.getMessage(fromBob.id), m => m.state === 'read', { what: 'Bob\'s message read' })
})
