/**
 * What the DHT holds about an account, and what a DHT server holds for others, on 127.0.0.1:
 * an account record names only the addresses meant for the world (public and relayed, never
 * loopback or LAN ones); a DHT server never goes back to an older record of an account; and it
 * holds at most its cap of records, refusing new keys past it while the ones it holds can still
 * be updated. The records are read with raw DHT gets, as anyone who knows an account id can.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair, type Signer } from '../../core/crypto/index.ts'
import {
  accountIdFromPublicKey, accountRecordKey, createAccountRecord, issueDeviceCertificate, verifyAccountRecord,
  type VerifiedAccountRecord
} from '../../core/identity/index.ts'
import type { TimNodeInit } from '../../core/index.ts'
import { createAccountDirectory } from '../../core/messaging/directory.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'

const HOUR = 3_600_000

interface Account {
  signer: Signer
  accountId: string
  record: (seq: number) => Promise<Uint8Array>
}

async function newAccount (): Promise<Account> {
  const signer = createSigner(generateSigningKeyPair())
  const deviceId = peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
  const certificate = issueDeviceCertificate({ accountSigner: signer, deviceId, boxKey: generateBoxKeyPair().publicKey, name: 'Somebody' })
  return {
    signer,
    accountId: accountIdFromPublicKey(signer.publicKey),
    record: async (seq) => createAccountRecord(signer, [{ certificate, addresses: [] }], seq, HOUR)
  }
}

interface Fetched {
  from: string
  record: VerifiedAccountRecord
}

/** The record a DHT get by `peer` settles on for the account (kad-dht yields the best one), and who held it. */
async function fetchRecords (peer: TestPeer, accountId: string): Promise<Fetched[]> {
  const found: Fetched[] = []
  try {
    for await (const event of peer.node.libp2p.services.dht.get(accountRecordKey(accountId), { signal: AbortSignal.timeout(5_000) })) {
      if (event.name === 'VALUE') found.push({ from: event.from.toString(), record: verifyAccountRecord(event.value) })
    }
  } catch {
    // no record anywhere, or the lookup ran out of time: what was found is the answer
  }
  return found
}

/** Puts `value` through `peer`'s DHT; returns the DHT servers that stored it and those that refused it. */
async function put (peer: TestPeer, accountId: string, value: Uint8Array): Promise<{ stored: string[], refused: string[] }> {
  const asked = new Set<string>()
  const stored: string[] = []
  const refused: string[] = []
  for await (const event of peer.node.libp2p.services.dht.put(accountRecordKey(accountId), value, { signal: AbortSignal.timeout(10_000) })) {
    // the put's own events follow its lookup's (FIND_NODE) ones, per peer: SEND_QUERY, then the answer or the error
    if (event.name === 'SEND_QUERY' && event.messageName === 'PUT_VALUE') asked.add(event.to.toString())
    if (event.name === 'PEER_RESPONSE' && event.messageName === 'PUT_VALUE') stored.push(event.from.toString())
    if (event.name === 'QUERY_ERROR' && asked.has(event.from.toString())) refused.push(event.from.toString())
  }
  return { stored, refused }
}

async function startDhtServer (t: Parameters<typeof startPeer>[0], init: Partial<TimNodeInit> = {}): Promise<TestPeer> {
  return await startPeer(t, 'Relay', { role: 'relay', ...init })
}

test('an account record in the DHT names the relayed address of a node, never its loopback or LAN addresses', async (t) => {
  const relay = await startDhtServer(t)
  // Bob keeps the default: private addresses stay out of his record
  const bob = await startPeer(t, 'Bob', {
    bootstrap: relay.node.addresses(),
    reserveOnRelays: true,
    webrtc: false,
    messaging: { ...loopbackInit.messaging, publishPrivateAddresses: false }
  })
  const alice = await startPeer(t, 'Alice', { bootstrap: relay.node.addresses() })
  await waitFor(() => bob.node.addresses(), addresses => addresses.some(a => a.includes('/p2p-circuit')), { what: 'Bob\'s reservation on the relay' })
  const own = bob.node.libp2p.getMultiaddrs().map(a => a.toString()).filter(a => !a.includes('/p2p-circuit'))
  assert.ok(own.some(a => a.startsWith('/ip4/127.0.0.1/tcp/')), `Bob listens on loopback: ${own.join(' ')}`)

  // anyone who knows Bob's account id reads his record
  const found = await waitFor(() => fetchRecords(alice, bob.account),
    records => records.some(({ record }) => record.devices[0]?.addresses.some(a => a.includes('/p2p-circuit')) === true),
    { what: 'Bob\'s record with his relayed address' })
  for (const { record } of found) {
    assert.equal(record.accountId, bob.account)
    const addresses = record.devices.flatMap(device => device.addresses)
    for (const address of addresses) {
      assert.ok(address.includes('/p2p-circuit'), `only relayed addresses are published, found ${address}`)
      assert.ok(!own.some(mine => address.startsWith(mine)), `Bob's own address ${address} is published`)
    }
  }
  const newest = found.map(f => f.record).sort((a, b) => b.seq - a.seq)[0]
  assert.ok(newest?.devices[0]?.addresses.some(a => a.startsWith(`/ip4/127.0.0.1/tcp/`) && a.includes(`/p2p/${relay.node.identity.deviceId}/p2p-circuit`)))
})

test('a DHT server that holds seq 5 of an account record refuses seq 3, and still answers with seq 5', async (t) => {
  const relay = await startDhtServer(t)
  const bootstrap = relay.node.addresses()
  const [alice, mallory, carol] = await Promise.all([
    startPeer(t, 'Alice', { bootstrap }),
    startPeer(t, 'Mallory', { bootstrap }),
    startPeer(t, 'Carol', { bootstrap })
  ])
  const relayId = relay.node.identity.deviceId
  const account = await newAccount()
  const [seq5, seq3] = [await account.record(5), await account.record(3)]

  const first = await waitFor(() => put(alice, account.accountId, seq5), result => result.stored.includes(relayId), { what: 'seq 5 stored at the relay' })
  assert.deepEqual(first.refused, [])

  // Mallory kept the older record and puts it again
  const second = await put(mallory, account.accountId, seq3)
  assert.deepEqual(second.stored, [], 'nobody stored the older record')
  assert.deepEqual(second.refused, [relayId], 'the relay refused it')

  // Carol, who holds nothing, gets what the relay (the only DHT server) holds
  const answers = await fetchRecords(carol, account.accountId)
  assert.deepEqual(answers.map(f => [f.from, f.record.seq]), [[relayId, 5]])
  assert.equal(relay.node.libp2p.services.net.dhtRecords()?.staleRefused, 1)

  // a newer one replaces it
  const third = await put(mallory, account.accountId, await account.record(6))
  assert.deepEqual(third.stored, [relayId])
  assert.deepEqual((await fetchRecords(carol, account.accountId)).map(f => [f.from, f.record.seq]), [[relayId, 6]])
})

test('a DHT server holds at most its cap of records: new keys are refused past it, held ones are still updated', async (t) => {
  const relay = await startDhtServer(t, { dhtRecords: { maxRecords: 5 } })
  const alice = await startPeer(t, 'Alice', { bootstrap: relay.node.addresses() })
  const relayId = relay.node.identity.deviceId
  // the relay holds its own account record and Alice's
  await waitFor(() => relay.node.libp2p.services.net.dhtRecords()?.records, records => records === 2, { what: 'the relay to hold two records' })

  const accounts = await Promise.all([1, 2, 3, 4].map(async () => await newAccount()))
  for (const account of accounts.slice(0, 3)) {
    const result = await put(alice, account.accountId, await account.record(1))
    assert.deepEqual(result.stored, [relayId])
  }
  assert.equal(relay.node.libp2p.services.net.dhtRecords()?.records, 5)

  // a fourth stranger finds the store full
  const refused = await put(alice, accounts[3]!.accountId, await accounts[3]!.record(1))
  assert.deepEqual(refused, { stored: [], refused: [relayId] })
  // the relay's own get finds it nowhere (it is the only DHT server)
  assert.deepEqual(await fetchRecords(relay, accounts[3]!.accountId), [])

  // a record it holds is still updated
  const updated = await put(alice, accounts[0]!.accountId, await accounts[0]!.record(2))
  assert.deepEqual(updated.stored, [relayId])
  const usage = relay.node.libp2p.services.net.dhtRecords()
  assert.equal(usage?.records, 5)
  assert.equal(usage?.fullRefused, 1)
  assert.equal(usage?.maxRecords, 5)
})

test('a node whose record in the DHT has a seq ahead of its clock still publishes its addresses, past that seq', async (t) => {
  const relay = await startDhtServer(t)
  const bootstrap = relay.node.addresses()
  const [bob, carol] = await Promise.all([startPeer(t, 'Bob', { bootstrap }), startPeer(t, 'Carol', { bootstrap })])
  const relayId = relay.node.identity.deviceId
  await waitFor(() => fetchRecords(carol, bob.account), found => found.length > 0, { what: 'Bob\'s first record' })

  // a record Bob published before his clock was set back an hour
  const ahead = Date.now() + HOUR
  const identity = bob.node.identity
  const early = createAccountRecord(identity.accountSigner, [{ certificate: identity.certificate, addresses: [] }], ahead, HOUR)
  assert.deepEqual((await put(bob, bob.account, early)).stored, [relayId])

  const directory = createAccountDirectory({ libp2p: bob.node.libp2p, identity }, { recordTtlMs: HOUR, republishMs: HOUR, dhtTimeoutMs: 5_000, publishPrivateAddresses: true })
  await directory.publish()
  const [found] = await fetchRecords(carol, bob.account)
  assert.equal(found?.from, relayId)
  assert.ok((found?.record.seq ?? 0) > ahead, `seq ${found?.record.seq} is past ${ahead}`)
  assert.ok(found?.record.devices[0]?.addresses.some(a => bob.node.addresses().includes(a)), 'the record names Bob\'s addresses again')
})
