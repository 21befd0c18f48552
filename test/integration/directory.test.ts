/**
 * The account directory on 127.0.0.1: accounts publish signed records of their devices and
 * addresses in the DHT; a sender with only an account id finds the recipient through it, and
 * a sender with stale addresses finds where the recipient moved.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { createNode } from '../../core/index.ts'
import { accountRecordKey, verifyAccountRecord, type VerifiedAccountRecord } from '../../core/identity/index.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import type { TimNodeInit } from '../../core/index.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { dmConversation } from '../../core/api/index.ts'

const quick: Partial<TimNodeInit> = { messaging: { ...loopbackInit.messaging, lookupIntervalMs: 0, dhtTimeoutMs: 5000 } }

async function startDhtRelays (t: AfterHook, count: number): Promise<TestPeer[]> {
  const relays: TestPeer[] = []
  for (let i = 0; i < count; i++) {
    relays.push(await startPeer(t, `Relay${i + 1}`, { ...quick, role: 'relay', bootstrap: relays.flatMap(relay => relay.node.addresses()) }))
  }
  return relays
}

async function published (peer: TestPeer, by: TestPeer): Promise<void> {
  await waitFor(async () => {
    try {
      return await by.node.api.addContact({ invite: peer.account })
    } catch {
      return null
    }
  }, contact => contact != null, { timeoutMs: 20_000, intervalMs: 500, what: `${peer.name}'s account record to be found` })
}

/** The newest account record the DHT gives `peer` (a raw get, which changes nothing in its contacts). */
async function newestRecord (peer: TestPeer, accountId: string): Promise<VerifiedAccountRecord | null> {
  let newest: VerifiedAccountRecord | null = null
  try {
    for await (const event of peer.node.libp2p.services.dht.get(accountRecordKey(accountId), { signal: AbortSignal.timeout(5_000) })) {
      if (event.name !== 'VALUE') continue
      const record = verifyAccountRecord(event.value)
      if (newest == null || record.seq > newest.seq) newest = record
    }
  } catch {
    // none found in time
  }
  return newest
}

test('a sender with only an account id finds the recipient through the DHT, and finds it again after it moves', async (t) => {
  const relays = await startDhtRelays(t, 3)
  const bootstrap = relays.flatMap(relay => relay.node.addresses())
  // Alice listens nowhere and reserves nowhere: Bob can never dial her, so whatever reaches Bob
  // she dialled, with addresses she had from an invite or from the directory. Her deadline
  // keeps a slow lookup from sending the message to the mailboxes instead.
  const alice = await startPeer(t, 'Alice', {
    ...quick,
    bootstrap,
    listen: [],
    reserveOnRelays: false,
    messaging: { ...quick.messaging, deliveryDeadlineMs: 60_000 }
  })
  assert.deepEqual(alice.node.addresses(), [])
  const bob = await startPeer(t, 'Bob', { ...quick, bootstrap })

  await published(bob, alice)
  const [contact] = await alice.node.api.listContacts()
  assert.equal(contact.accountId, bob.account)
  assert.equal(contact.name, 'Bob')
  assert.equal(contact.devices[0].deviceId, bob.node.identity.deviceId)
  const first = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'found you by your id' })
  await waitFor(() => alice.node.api.getMessage(first.id), m => m.state === 'delivered', { what: 'delivered' })

  const oldAddress = bob.node.addresses()[0]
  await bob.node.stop()
  const moved = await createNode({ ...loopbackInit, ...quick, bootstrap, listen: ['/ip4/127.0.0.1/tcp/0/ws'], dataDir: bob.dataDir })
  t.after(async () => { await moved.stop() })
  const newAddress = moved.addresses()[0] ?? ''
  assert.notEqual(newAddress, oldAddress)
  assert.match(newAddress, /\/ws\//)

  // the event that matters: Bob's record with his new address is in the DHT
  await waitFor(() => newestRecord(relays[0] as TestPeer, bob.account), record => record?.devices[0]?.addresses.includes(newAddress) === true,
    { timeoutMs: 30_000, what: 'Bob\'s new address in the DHT' })
  const [before] = await alice.node.api.listContacts()
  assert.ok(!before.devices[0].addresses.some(address => address.includes('/ws')), 'Alice knows only the old address')

  const second = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'you moved, I followed' })
  const delivered = await waitFor(() => alice.node.api.getMessage(second.id), m => m.state === 'delivered', { timeoutMs: 30_000, what: 'delivered to the new address' })
  assert.equal(delivered.path, 'direct')
  const [after] = await alice.node.api.listContacts()
  assert.ok(after.devices[0].addresses.some(address => newAddress === address || newAddress.startsWith(`${address}/p2p/`)), `Alice learned the new address from the directory: ${after.devices[0].addresses.join(' ')} (${newAddress})`)
  // Alice dialled it: the new address reached her through the lookup, not through a dial of Bob's
  const toBob = alice.node.libp2p.getConnections(peerIdFromString(bob.node.identity.deviceId)).filter(c => c.status === 'open')
  assert.ok(toBob.some(c => c.direction === 'outbound' && c.remoteAddr.toString().includes('/ws')), toBob.map(c => `${c.direction} ${c.remoteAddr.toString()}`).join(', '))
})

test('adding an account id that has no record says so', async (t) => {
  const relays = await startDhtRelays(t, 1)
  const alice = await startPeer(t, 'Alice', { ...quick, bootstrap: relays[0].node.addresses(), messaging: { ...quick.messaging, dhtTimeoutMs: 1500 } })
  const stranger = await startPeer(t, 'Stranger')
  await assert.rejects(alice.node.api.addContact({ invite: stranger.account }), { name: 'UnknownContactError', message: /no account record/ })
  // a typo in the last character (never the character that is already there)
  const typo = stranger.account.slice(0, -1) + (stranger.account.endsWith('x') ? 'y' : 'x')
  await assert.rejects(alice.node.api.addContact({ invite: typo }), { name: 'InvalidAccountIdError' })
})
