/**
 * A device belongs to one account. Mallory signs a certificate that names Bob's device with her
 * own box key and hands it to Alice, as an invite or in her DHT record: Alice refuses it, her
 * mail for Bob (offline, so it goes through the mailboxes, and again after she restarts) stays
 * Bob's, and Mallory's key opens none of it.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { openWithSharedKey, precomputeSharedKey } from '../../core/crypto/index.ts'
import {
  accountRecordKey, createAccountRecord, createInvite, issueDeviceCertificate, loadIdentity, verifyDeviceCertificate
} from '../../core/identity/index.ts'
import { createStore } from '../../core/store/index.ts'
import { decodeEnvelope } from '../../core/wire/index.ts'
import { restartPeer, startMailboxScene } from '../helpers/mailbox-scene.ts'
import { waitFor } from '../helpers/peers.ts'
import { dmConversation } from '../../core/api/index.ts'

async function rejects (call: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(call, (err: Error) => {
    assert.equal(err.name, name, err.message)
    return true
  })
}

test('a certificate that claims a contact\'s device for another account is refused, and the contact\'s mail stays his', async (t) => {
  const { relay, alice, bob, mallory } = await startMailboxScene(t)
  const bootstrap = relay.node.addresses()

  // Mallory's account certifies Bob's device id, with her own box key
  const malloryKeys = await loadIdentity(mallory.dataDir)
  const forged = issueDeviceCertificate({
    accountSigner: malloryKeys.accountSigner,
    deviceId: bob.node.identity.deviceId,
    boxKey: malloryKeys.boxKeyPair.publicKey,
    name: 'Bob'
  })
  assert.equal(verifyDeviceCertificate(forged).accountId, mallory.account, 'the forged certificate is validly signed by Mallory')

  await t.test('as an invite', async () => {
    await rejects(alice.node.api.addContact({ invite: createInvite(forged, bob.node.addresses()) }), 'DeviceClaimedError')
  })

  await t.test('in her DHT record', async () => {
    // a seq above any her node publishes itself (it republishes as it learns addresses)
    const record = createAccountRecord(malloryKeys.accountSigner, [{ certificate: forged, addresses: [] }], Date.now() + 3_600_000, 60_000)
    await waitFor(async () => {
      try {
        for await (const event of mallory.node.libp2p.services.dht.put(accountRecordKey(mallory.account), record, { signal: AbortSignal.timeout(5000) })) {
          void event
        }
        return true
      } catch {
        return false
      }
    }, done => done, { what: 'Mallory to publish her forged record' })
    await rejects(alice.node.api.addContact({ invite: mallory.account }), 'DeviceClaimedError')
  })

  const contacts = await alice.node.api.listContacts()
  assert.deepEqual(contacts.map(c => c.accountId), [bob.account], 'Mallory is not Alice\'s contact')

  // Bob goes offline: Alice's mail for him goes to the mailbox, before and after she restarts
  await bob.node.stop()
  const first = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'before my restart' })
  await waitFor(() => alice.node.api.getMessage(first.id), m => m.state === 'stored', { what: 'the first message stored' })
  await alice.node.stop()
  const aliceAgain = await restartPeer(t, alice, { bootstrap })
  const second = await aliceAgain.api.send({ conversation: dmConversation('Bob'), text: 'after my restart' })
  await waitFor(() => aliceAgain.api.getMessage(second.id), m => m.state === 'stored', { what: 'the second message stored' })

  const usage = relay.node.mailbox.server?.usage() ?? []
  assert.deepEqual(usage.map(u => [u.account, u.count]), [[bob.account, 2]], 'both are filed under Bob\'s account')
  // the relay stops to let its database be read, and comes back where it was
  await relay.node.stop()
  assert.equal(await countOpenedBy(relay.dataDir, precomputeSharedKey(aliceAgain.identity.certificate.boxKey, malloryKeys.boxKeyPair.secretKey)), 0,
    'Mallory\'s key opens none of the mail held for Bob')
  const relayAgain = await restartPeer(t, relay, { role: 'relay' })
  const bobAgain = await restartPeer(t, bob, { bootstrap: relayAgain.addresses() })
  const received = await waitFor(() => bobAgain.api.history({ conversation: dmConversation(alice.account) }), list => list.length >= 2, { timeoutMs: 30_000, what: 'Bob to get both messages' })
  assert.deepEqual(received.map(m => m.text), ['before my restart', 'after my restart'])
  assert.ok(received.every(m => m.from === alice.account))
})

/** How many envelopes held in a stopped mailbox node's database open with `key` (it must hold some). */
async function countOpenedBy (dataDir: string, key: Uint8Array): Promise<number> {
  const store = await createStore({ path: join(dataDir, 'db') })
  try {
    let held = 0
    let opened = 0
    for await (const value of store.json<unknown>('mailbox').values()) {
      if (typeof value === 'object' && value != null && 'envelope' in value && typeof value.envelope === 'string') {
        const envelope = decodeEnvelope(Buffer.from(value.envelope, 'base64'))
        held++
        if (openWithSharedKey(envelope.ciphertext, envelope.nonce, key) != null) {
          opened++
        }
      }
    }
    assert.equal(held, 2, 'the relay held both envelopes')
    return opened
  } finally {
    await store.close()
  }
}
