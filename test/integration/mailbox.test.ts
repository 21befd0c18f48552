/**
 * Offline delivery through mailboxes on 127.0.0.1: three relays hold encrypted mail for an
 * account whose device is down; the device collects it when it comes back, exactly once and
 * in order, and the sender sees it delivered. Mailbox nodes keep ciphertext only, enforce
 * quotas per sender without evicting anyone else's mail.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { peerIdFromString } from '@libp2p/peer-id'
import { createNode } from '../../core/index.ts'
import { askMailbox } from '../../core/mailbox/exchange.ts'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import { loadIdentity, parseInvite } from '../../core/identity/index.ts'
import { createMessageIdGenerator, messageIdFromString } from '../../core/wire/index.ts'
import { quickMailboxInit } from '../helpers/mailbox-scene.ts'
import { befriend, loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import type { TimNodeInit } from '../../core/index.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { dmConversation } from '../../core/api/index.ts'

async function startRelays (t: AfterHook, count: number, mailbox: TimNodeInit['mailbox'] = {}): Promise<TestPeer[]> {
  const relays: TestPeer[] = []
  for (let i = 0; i < count; i++) {
    const bootstrap = relays.flatMap(relay => relay.node.addresses())
    relays.push(await startPeer(t, `Relay${i + 1}`, { ...quickMailboxInit, role: 'relay', bootstrap, mailbox: { ...quickMailboxInit.mailbox, ...mailbox } }))
  }
  return relays
}

function bootstrapOf (relays: TestPeer[]): string[] {
  return relays.flatMap(relay => relay.node.addresses())
}

async function dhtReady (peer: TestPeer, servers: number): Promise<void> {
  const dht = peer.node.libp2p.services.dht as typeof peer.node.libp2p.services.dht & { routingTable: { size: number } }
  await waitFor(() => dht.routingTable.size, size => size >= servers, { what: `${peer.name} to know ${servers} DHT servers` })
}

test('100 messages to an offline account are stored on mailboxes and arrive once, in order, when it comes back', async (t) => {
  const relays = await startRelays(t, 3)
  const bootstrap = bootstrapOf(relays)
  const alice = await startPeer(t, 'Alice', { ...quickMailboxInit, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...quickMailboxInit, bootstrap })
  await befriend(alice, bob)
  await dhtReady(alice, 3)
  await bob.node.stop()

  const sent: string[] = []
  for (let i = 0; i < 100; i++) {
    sent.push((await alice.node.api.send({ conversation: dmConversation('Bob'), text: `offline message ${i}` })).id)
  }
  const stored = await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob'), limit: 500 }), list => list.every(m => m.state === 'stored'), { timeoutMs: 30_000, what: 'all 100 stored' })
  assert.ok(stored.every(m => m.path === 'mailbox'))
  const held = relays.map(relay => relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count ?? 0)
  // a part of Alice and Bob's introduction whose ack Bob's stop cut off may be held too (a mailbox cannot tell kinds apart)
  assert.ok(held.every(count => count >= 100 && count <= 102), `each of the K=3 mailboxes holds a copy: ${held.join(', ')}`)

  await t.test('no mailbox node holds plaintext', async () => {
    const raw = Buffer.concat(await Promise.all(relays.map(async relay => {
      const dir = join(relay.dataDir, 'db')
      return Buffer.concat(await Promise.all((await readdir(dir)).map(async file => readFile(join(dir, file)))))
    })))
    const firstId = Buffer.from(messageIdFromString(sent[0])).toString('hex')
    assert.ok(raw.includes(Buffer.from(firstId)), 'the relays\' databases hold the envelopes')
    assert.equal(raw.includes(Buffer.from('offline message')), false, 'plaintext found in a mailbox database')
  })

  await relays[2].node.stop()
  const bobAgain = await createNode({ ...loopbackInit, ...quickMailboxInit, bootstrap: bootstrapOf(relays.slice(0, 2)), dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  const received = await waitFor(async () => (await bobAgain.api.history({ conversation: dmConversation(alice.account), limit: 500 })).map(m => m.id),
    ids => ids.length >= 100, { timeoutMs: 30_000, what: 'Bob to collect his mail' })
  assert.deepEqual(received, sent, 'every message exactly once, in order')
  const bobsView = await bobAgain.api.history({ conversation: dmConversation(alice.account), limit: 500 })
  assert.ok(bobsView.every(m => m.path === 'mailbox' && m.text.startsWith('offline message')))

  const delivered = await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob'), limit: 500 }), list => list.every(m => m.state === 'delivered'), { timeoutMs: 30_000, what: 'Alice to see all delivered' })
  assert.ok(delivered.every(m => m.path === 'mailbox'))
  await waitFor(() => relays[0].node.mailbox.server?.usage().find(u => u.account === bob.account)?.count ?? 0, count => count === 0, { what: 'collected mail removed from the mailbox' })
})

test('a flood of deposits hits the per-sender quota with a clear error and evicts nobody else\'s mail', async (t) => {
  const [relay] = await startRelays(t, 1, { replicas: 1, maxItemsPerSender: 20, maxItemsPerAccount: 50 })
  const bootstrap = bootstrapOf([relay])
  // Bob does not collect during the test: taking his mail would free Mallory's quota mid-flood
  const bob = await startPeer(t, 'Bob', { ...quickMailboxInit, messaging: { ...quickMailboxInit.messaging, collectDelayMs: 600_000 }, bootstrap, mailbox: { replicas: 1 } })
  const mallory = await startPeer(t, 'Mallory', { ...quickMailboxInit, bootstrap, mailbox: { replicas: 1 } })
  const carol = await startPeer(t, 'Carol', { ...quickMailboxInit, bootstrap, mailbox: { replicas: 1 } })
  const bobDevice = parseInvite(await bob.invite()).device

  const depositAs = async (peer: TestPeer, text: string): Promise<{ ok: boolean, error: string }> => {
    const identity = await loadIdentity(peer.dataDir)
    const now = Date.now()
    const codec = createEnvelopeCodec(identity)
    const envelope = codec.sign(codec.seal(bobDevice, createMessageIdGenerator()(now), now, { kind: 'text', text, burnSeconds: 0 }))
    return askMailbox(peer.node.libp2p, peerIdFromString(relay.node.identity.deviceId), {
      deposit: { recipientAccount: bobDevice.accountKey as Uint8Array<ArrayBuffer>, item: { envelope, groupMessage: new Uint8Array(0), sender: identity.certificate, expires: 0n }, replica: false }
    }, AbortSignal.timeout(5000))
  }
  await mallory.node.libp2p.peerStore.merge(peerIdFromString(relay.node.identity.deviceId), { multiaddrs: relay.node.libp2p.getMultiaddrs() })
  await carol.node.libp2p.peerStore.merge(peerIdFromString(relay.node.identity.deviceId), { multiaddrs: relay.node.libp2p.getMultiaddrs() })

  const carolsFirst = await depositAs(carol, 'from Carol, before the flood')
  assert.equal(carolsFirst.ok, true)
  const answers = []
  for (let i = 0; i < 30; i++) {
    answers.push(await depositAs(mallory, `spam ${i}`))
  }
  assert.equal(answers.filter(a => a.ok).length, 20)
  assert.deepEqual(new Set(answers.filter(a => !a.ok).map(a => a.error)), new Set(['MailboxQuotaExceededError']))
  assert.equal((await relay.node.api.stats()).rejected.MailboxQuotaExceededError, 10)

  const carolsSecond = await depositAs(carol, 'from Carol, after the flood')
  assert.equal(carolsSecond.ok, true, 'another sender still gets through')
  assert.equal(relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count, 22, 'nothing was evicted')
})

test('when a mailbox node leaves, held mail is re-replicated so losing the other holder later loses nothing', async (t) => {
  const relays = await startRelays(t, 4, { replicas: 2 })
  const bootstrap = bootstrapOf(relays)
  const alice = await startPeer(t, 'Alice', { ...quickMailboxInit, bootstrap, mailbox: { ...quickMailboxInit.mailbox, replicas: 2 } })
  const bob = await startPeer(t, 'Bob', { ...quickMailboxInit, bootstrap, mailbox: { ...quickMailboxInit.mailbox, replicas: 2 } })
  await befriend(alice, bob)
  await dhtReady(alice, 4)
  await bob.node.stop()

  const sent: string[] = []
  for (let i = 0; i < 10; i++) {
    sent.push((await alice.node.api.send({ conversation: dmConversation('Bob'), text: `kept safe ${i}` })).id)
  }
  await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob') }), list => list.every(m => m.state === 'stored'), { timeoutMs: 30_000, what: 'all stored' })
  const holding = (): TestPeer[] => relays.filter(relay => (relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count ?? 0) === 10)
  const [first, second] = holding()
  assert.equal(holding().length, 2, 'K=2 mailboxes hold the mail')

  await first.node.stop()
  await second.node.mailbox.server?.maintain()
  const nowHolding = holding().filter(relay => relay !== first)
  assert.equal(nowHolding.length, 2, 'the remaining holder copied the mail to the next closest mailbox')
  await second.node.stop()

  const live = relays.filter(relay => relay !== first && relay !== second)
  const bobAgain = await createNode({ ...loopbackInit, ...quickMailboxInit, mailbox: { ...quickMailboxInit.mailbox, replicas: 2 }, bootstrap: bootstrapOf(live), dataDir: bob.dataDir })
  t.after(async () => { await bobAgain.stop() })
  const received = await waitFor(async () => (await bobAgain.api.history({ conversation: dmConversation(alice.account) })).map(m => m.id), ids => ids.length >= 10, { timeoutMs: 30_000, what: 'Bob to collect' })
  assert.deepEqual(received, sent)
})

test('a deposit whose signature does not verify is refused with InvalidSignatureError, counted, and stores nothing', async (t) => {
  const [relay] = await startRelays(t, 1, { replicas: 1 })
  const bootstrap = bootstrapOf([relay])
  const bob = await startPeer(t, 'Bob', { ...quickMailboxInit, bootstrap, mailbox: { replicas: 1 } })
  const mallory = await startPeer(t, 'Mallory', { ...quickMailboxInit, bootstrap, mailbox: { replicas: 1 } })
  const bobDevice = parseInvite(await bob.invite()).device
  const identity = await loadIdentity(mallory.dataDir)
  const codec = createEnvelopeCodec(identity)
  const nextId = createMessageIdGenerator()
  const signed = (text: string): ReturnType<typeof codec.sign> => {
    const now = Date.now()
    return codec.sign(codec.seal(bobDevice, nextId(now), now, { kind: 'text', text, burnSeconds: 0 }))
  }
  await mallory.node.libp2p.peerStore.merge(peerIdFromString(relay.node.identity.deviceId), { multiaddrs: relay.node.libp2p.getMultiaddrs() })
  const deposit = async (envelope: ReturnType<typeof codec.sign>): Promise<{ ok: boolean, error: string }> =>
    askMailbox(mallory.node.libp2p, peerIdFromString(relay.node.identity.deviceId), {
      deposit: { recipientAccount: bobDevice.accountKey as Uint8Array<ArrayBuffer>, item: { envelope, groupMessage: new Uint8Array(0), sender: identity.certificate, expires: 0n }, replica: false }
    }, AbortSignal.timeout(5000))

  const forged = signed('forged signature')
  forged.signature[7] ^= 1
  const altered = signed('altered after signing')
  altered.ciphertext[3] ^= 1
  assert.deepEqual([await deposit(forged), await deposit(altered)].map(answer => answer.error), ['InvalidSignatureError', 'InvalidSignatureError'])
  assert.equal((await relay.node.api.stats()).rejected.InvalidSignatureError, 2)
  assert.equal(relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count ?? 0, 0, 'nothing was stored')
  assert.equal((await deposit(signed('genuine'))).ok, true, 'a genuine deposit from the same sender still gets through')
  assert.equal(relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count, 1)
})
