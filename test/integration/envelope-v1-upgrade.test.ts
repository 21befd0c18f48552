/**
 * Upgrading to envelope v2 (issue 10, hole 4) loses no receipt: a read receipt that Bob's
 * older Tim left in its outbox as envelope v1 (which Alice now refuses from the network) is
 * sealed again as v2 when Bob's node starts after store migration 5, and Alice sees her
 * message read.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createNode } from '../../core/index.ts'
import { loadIdentity, parseInvite } from '../../core/identity/index.ts'
import { createStore } from '../../core/store/index.ts'
import { createMessageIdGenerator, encodeEnvelope, messageIdFromString, messageIdToString } from '../../core/wire/index.ts'
import { sealV1 } from '../helpers/envelope-v1.ts'
import { loopbackInit, startFriends, waitFor } from '../helpers/peers.ts'
import { dmConversation } from '../../core/api/index.ts'

test('a read receipt stored as envelope v1 before the upgrade reaches Alice after Bob restarts', async (t) => {
  const [alice, bob] = await startFriends(t)
  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'read me' })
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: 'Alice\'s message delivered' })
  await bob.node.stop()

  // what an older Tim left: schema 3, and a read receipt in the outbox sealed as envelope v1
  const bobKeys = await loadIdentity(bob.dataDir)
  const aliceDevice = parseInvite(await alice.invite()).device
  const receiptId = createMessageIdGenerator()(Date.now())
  const v1 = encodeEnvelope(sealV1(bobKeys, aliceDevice, receiptId, Date.now(), {
    kind: 'receipt', receipt: 'read', refs: [messageIdFromString(sent.id)], at: 0
  }))
  const store = await createStore({ path: join(bob.dataDir, 'db') })
  await store.binary('outbox').put(`${aliceDevice.deviceId}!${messageIdToString(receiptId)}`, Uint8Array.from([1, ...v1]))
  await store.json<number>('meta').put('schemaVersion', 3)
  await store.close()

  const bobAgain = await createNode({ ...loopbackInit, dataDir: bob.dataDir, bootstrap: alice.node.addresses() })
  t.after(async () => { await bobAgain.stop() })
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'read', { what: 'Alice to see her message read' })
  assert.equal((await alice.node.api.stats()).rejected.UnsupportedVersionError ?? 0, 0, 'nothing v1 reached Alice')
})
