/**
 * What a hostile depositor can do to a mailbox, on real nodes on 127.0.0.1 (issue 10, holes 2,
 * 3 and the mailbox side of 5). Mallory talks to the relay with raw /tim/mailbox requests, as
 * an attacker would; Alice and Bob use their nodes as users do. Each test ends with what Bob
 * checks: Alice's message reached him.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import type { TimNode, TimNodeInit } from '../../core/index.ts'
import type { AccountId } from '../../core/api/index.ts'
import { createSigner, generateSigningKeyPair, randomBytes } from '../../core/crypto/index.ts'
import { deviceIdToBytes, issueDeviceCertificate, loadIdentity, parseInvite, type LocalIdentity, type VerifiedDevice } from '../../core/identity/index.ts'
import { askMailbox } from '../../core/mailbox/exchange.ts'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import {
  createMessageIdGenerator, envelopeSigningBytes, ENVELOPE_VERSION, type DeviceCertificate, type Envelope, type MailboxResponse
} from '../../core/wire/index.ts'
import { quickMailboxInit, restartPeer, startMailboxScene, type MailboxScene } from '../helpers/mailbox-scene.ts'
import { waitFor, type TestPeer } from '../helpers/peers.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { dmConversation } from '../../core/api/index.ts'

/** `peer` learns where the relay listens, to send it raw requests */
async function knowRelay (peer: TestPeer, relay: TestPeer): Promise<void> {
  await peer.node.libp2p.peerStore.merge(peerIdFromString(relay.node.identity.deviceId), { multiaddrs: relay.node.libp2p.getMultiaddrs() })
}

/** the scene with one mailbox copy (K=1), and Mallory knowing where the relay listens */
async function startScene (t: AfterHook, relayMailbox: TimNodeInit['mailbox'] = {}): Promise<MailboxScene> {
  const scene = await startMailboxScene(t, relayMailbox, { mailbox: { replicas: 1 } })
  await knowRelay(scene.mallory, scene.relay)
  return scene
}

/** Bob's node again, on his data directory, bootstrapped from the relay */
async function bobComesBack (t: AfterHook, bob: TestPeer, relay: TestPeer): Promise<TimNode> {
  return restartPeer(t, bob, { bootstrap: relay.node.addresses(), mailbox: { ...quickMailboxInit.mailbox, replicas: 1 } })
}

/** A sender Mallory made up on the spot: a fresh account certifying a fresh device. */
interface Throwaway {
  certificate: DeviceCertificate
  sign: (envelope: Envelope) => Envelope
}

function throwaway (): Throwaway {
  const account = createSigner(generateSigningKeyPair())
  const devicePair = generateSigningKeyPair()
  const device = createSigner(devicePair)
  const deviceId = peerIdFromPublicKey(publicKeyFromRaw(devicePair.publicKey)).toString()
  const certificate = issueDeviceCertificate({ accountSigner: account, deviceId, boxKey: randomBytes(32), name: 'junk' })
  return { certificate, sign: (envelope) => ({ ...envelope, signature: device.sign(envelopeSigningBytes(envelope)) }) }
}

function fromIdentity (identity: LocalIdentity): Throwaway {
  return { certificate: identity.certificate, sign: (envelope) => ({ ...envelope, signature: identity.deviceSigner.sign(envelopeSigningBytes(envelope)) }) }
}

/** a signed envelope for `recipient` whose ciphertext is random junk of `bytes` bytes */
function junk (sender: Throwaway, recipient: VerifiedDevice, id: Uint8Array, bytes: number): Envelope {
  return sender.sign({
    version: ENVELOPE_VERSION,
    id: id as Uint8Array<ArrayBuffer>,
    senderAccount: sender.certificate.account,
    senderDevice: sender.certificate.device,
    recipientDevice: deviceIdToBytes(recipient.deviceId),
    timestamp: BigInt(Date.now()),
    nonce: randomBytes(24),
    ciphertext: randomBytes(bytes),
    signature: new Uint8Array(0)
  })
}

/** a raw deposit on the relay, as any peer may send one */
async function deposit (from: TestPeer, relay: TestPeer, recipient: VerifiedDevice, sender: Throwaway, envelope: Envelope): Promise<MailboxResponse> {
  return askMailbox(from.node.libp2p, peerIdFromString(relay.node.identity.deviceId), {
    deposit: { recipientAccount: recipient.accountKey as Uint8Array<ArrayBuffer>, item: { envelope, groupMessage: new Uint8Array(0), sender: sender.certificate, expires: 0n }, replica: false }
  }, AbortSignal.timeout(10_000))
}

/** `rounds` rounds of 50 concurrent deposits of `bytes` bytes of junk, each from a fresh throwaway sender */
async function flood (from: TestPeer, relay: TestPeer, recipient: VerifiedDevice, rounds: number, bytes: number): Promise<MailboxResponse[]> {
  const nextId = createMessageIdGenerator()
  const answers: MailboxResponse[] = []
  for (let round = 0; round < rounds; round++) {
    // 50 at a time: a connection may hold 64 mailbox streams open
    answers.push(...await Promise.all(Array.from({ length: 50 }, async () => {
      const sender = throwaway()
      return deposit(from, relay, recipient, sender, junk(sender, recipient, nextId(Date.now()), bytes))
    })))
  }
  return answers
}

async function textsFrom (node: TimNode, account: AccountId): Promise<string[]> {
  return (await node.api.history({ conversation: dmConversation(account), limit: 500 })).map(message => message.text)
}

test('twenty 63 KB junk deposits that sort first do not keep Bob from collecting Alice\'s message (hole 2)', async (t) => {
  const { relay, alice, bob, mallory } = await startScene(t)
  const bobDevice = parseInvite(await bob.invite()).device
  await bob.node.stop()

  const malloryAccount = throwaway()
  const earliest = createMessageIdGenerator()
  const answers: MailboxResponse[] = []
  for (let i = 0; i < 20; i++) {
    // ids from 1970: they sort before anything Alice sends
    answers.push(await deposit(mallory, relay, bobDevice, malloryAccount, junk(malloryAccount, bobDevice, earliest(1 + i), 63_000)))
  }
  assert.deepEqual(answers.map(answer => answer.error), new Array(20).fill(''), 'Mallory\'s 20 deposits were taken')

  const { id } = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'through the flood' })
  await waitFor(async () => (await alice.node.api.getMessage(id)).state, state => state === 'stored', { timeoutMs: 30_000, what: 'Alice\'s message stored on the mailbox' })

  const bobAgain = await bobComesBack(t, bob, relay)
  const texts = await waitFor(() => textsFrom(bobAgain, alice.account), list => list.length > 0, { timeoutMs: 30_000, what: 'Bob to collect Alice\'s message' })
  assert.deepEqual(texts, ['through the flood'])
  await waitFor(() => relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count ?? 0, count => count === 0,
    { what: 'the junk, too, taken off the mailbox' })
})

test('junk from 1,000 fresh accounts never crowds out a contact\'s mail, and the node holds no more than its caps (hole 3)', async (t) => {
  // Bob's pool for strangers (100 envelopes) would hold all the junk that the node-wide cap on
  // strangers' bytes lets in; before tickets, a full pool refused Alice too
  const caps = { maxBytesTotal: 600_000, maxStrangerBytesTotal: 200_000, maxItemsPerAccount: 100 }
  const { relay, alice, bob, mallory } = await startScene(t, caps)
  const bobDevice = parseInvite(await bob.invite()).device
  // Alice and Bob talk once: Bob's hello hands Alice his mailbox ticket
  const { id: first } = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'hi' })
  await waitFor(async () => (await alice.node.api.getMessage(first)).state, state => state === 'delivered', { what: 'the first message delivered' })
  await bob.node.stop()

  const answers = await flood(mallory, relay, bobDevice, 20, 2_000)
  const taken = answers.filter(answer => answer.ok).length
  assert.equal(answers.length, 1_000)
  assert.ok(taken > 0 && taken < 1_000, `some junk is held, the rest refused (${taken} held)`)
  assert.deepEqual(new Set(answers.filter(answer => !answer.ok).map(answer => answer.error)), new Set(['MailboxQuotaExceededError']))

  const { id } = await alice.node.api.send({ conversation: dmConversation('Bob'), text: 'still gets through' })
  await waitFor(async () => (await alice.node.api.getMessage(id)).state, state => state === 'stored', { timeoutMs: 30_000, what: 'Alice\'s message stored despite the flood' })
  const held = relay.node.mailbox.server?.held()
  assert.ok(held != null && held.strangerBytes <= caps.maxStrangerBytesTotal, `strangers hold ${held?.strangerBytes} bytes, cap ${caps.maxStrangerBytesTotal}`)
  assert.ok(held.bytes <= caps.maxBytesTotal, `the node holds ${held.bytes} bytes, cap ${caps.maxBytesTotal}`)
  assert.ok(held.bytes > held.strangerBytes, 'Alice\'s mail is held as a contact\'s (ticketed), not in the strangers\' pool')
  t.diagnostic(`junk held: ${taken} of 1,000 (${held.strangerBytes} bytes); with Alice's: ${held.count} envelopes, ${held.bytes} bytes`)

  const bobAgain = await bobComesBack(t, bob, relay)
  await waitFor(() => textsFrom(bobAgain, alice.account), list => list.includes('still gets through'), { timeoutMs: 30_000, what: 'Bob to collect Alice\'s message' })
})

test('a peer that deposits past its budget is refused with RateLimitedError; another peer still gets through (hole 3)', async (t) => {
  const { relay, alice, bob, mallory } = await startScene(t, { depositBurst: 20, depositRatePerSecond: 1 })
  const bobDevice = parseInvite(await bob.invite()).device
  const nextId = createMessageIdGenerator()
  const answers = await flood(mallory, relay, bobDevice, 2, 100)
  const refused = answers.filter(answer => !answer.ok)
  assert.ok(refused.length > 0 && refused.every(answer => answer.error === 'RateLimitedError'), `${refused.length} of 100 refused`)
  assert.equal((await relay.node.api.stats()).rejected.RateLimitedError, refused.length)
  t.diagnostic(`${refused.length} of 100 deposits refused (burst 20, 1/s)`)

  const honest = fromIdentity(await loadIdentity(alice.dataDir))
  await knowRelay(alice, relay)
  assert.equal((await deposit(alice, relay, bobDevice, honest, junk(honest, bobDevice, nextId(Date.now()), 100))).ok, true)
})

test('junk deposited first under the id of Alice\'s message does not hide it: both are held and Bob gets Alice\'s (hole 5)', async (t) => {
  const { relay, alice, bob, mallory } = await startScene(t)
  const bobDevice = parseInvite(await bob.invite()).device
  await bob.node.stop()

  const aliceIdentity = await loadIdentity(alice.dataDir)
  const codec = createEnvelopeCodec(aliceIdentity)
  const now = Date.now()
  const id = createMessageIdGenerator()(now)
  const honest = codec.sign(codec.seal(bobDevice, id, now, { kind: 'text', text: 'the real one', burnSeconds: 0 }))

  // Mallory saw the id (mailboxes see ids in the clear) and deposits her junk under it first
  const malloryAccount = throwaway()
  assert.equal((await deposit(mallory, relay, bobDevice, malloryAccount, junk(malloryAccount, bobDevice, id, 500))).ok, true)
  await knowRelay(alice, relay)
  assert.equal((await deposit(alice, relay, bobDevice, fromIdentity(aliceIdentity), honest)).ok, true)
  assert.equal(relay.node.mailbox.server?.usage().find(u => u.account === bob.account)?.count, 2, 'both envelopes are held, each under its sender')

  const bobAgain = await bobComesBack(t, bob, relay)
  const texts = await waitFor(() => textsFrom(bobAgain, alice.account), list => list.length > 0, { timeoutMs: 30_000, what: 'Bob to collect Alice\'s message' })
  assert.deepEqual(texts, ['the real one'])
})
