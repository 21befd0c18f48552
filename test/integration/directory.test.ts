/**
 * The account directory on 127.0.0.1: accounts publish signed records of their devices and
 * addresses in the DHT; a sender with only an account id finds the recipient through it, and
 * a sender with stale addresses finds where the recipient moved.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createNode } from '../../core/index.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import type { TimNodeInit } from '../../core/index.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

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

test('a sender with only an account id finds the recipient through the DHT, and finds it again after it moves', async (t) => {
  const relays = await startDhtRelays(t, 3)
  const bootstrap = relays.flatMap(relay => relay.node.addresses())
  const alice = await startPeer(t, 'Alice', { ...quick, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...quick, bootstrap })

  await published(bob, alice)
  const [contact] = await alice.node.api.listContacts()
  assert.equal(contact.accountId, bob.account)
  assert.equal(contact.name, 'Bob')
  assert.equal(contact.devices[0].deviceId, bob.node.identity.deviceId)
  const first = await alice.node.api.send({ to: 'Bob', text: 'found you by your id' })
  await waitFor(() => alice.node.api.getMessage(first.id), m => m.state === 'delivered', { what: 'delivered' })

  const oldAddress = bob.node.addresses()[0]
  await bob.node.stop()
  const moved = await createNode({ ...loopbackInit, ...quick, bootstrap, listen: ['/ip4/127.0.0.1/tcp/0/ws'], dataDir: bob.dataDir })
  t.after(async () => { await moved.stop() })
  assert.notEqual(moved.addresses()[0], oldAddress)

  const second = await alice.node.api.send({ to: 'Bob', text: 'you moved, I followed' })
  const delivered = await waitFor(() => alice.node.api.getMessage(second.id), m => m.state === 'delivered', { timeoutMs: 30_000, what: 'delivered to the new address' })
  assert.equal(delivered.path, 'direct')
  const [after] = await alice.node.api.listContacts()
  assert.ok(after.devices[0].addresses.some(address => address.includes('/ws')), 'Alice learned the new address')
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
