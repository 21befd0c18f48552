/**
 * Unknown-key share (issue 10, hole 4). A device certificate does not prove that its device
 * holds the box key it names: Mallory certifies her own device with Bob's box public key, takes
 * a ciphertext Bob wrote to Alice (any mailbox sees them) and re-sends it as hers, on her own
 * /tim/msg stream and as a mailbox deposit. The box opens on Alice's side; before envelope v2,
 * Alice acked it and stored Bob's words as Mallory's. Now the payload names its sender and id
 * inside the ciphertext: Alice refuses both with PayloadBindingError, counts them, stores
 * nothing from Mallory, and the same ciphertext from Bob is still Bob's. An envelope v1 (which
 * bound nothing) is refused from the network with UnsupportedVersionError.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { peerIdFromString } from '@libp2p/peer-id'
import { quickMailboxInit, startMailboxScene } from '../helpers/mailbox-scene.ts'
import { waitFor, type TestPeer } from '../helpers/peers.ts'
import { sealV1 } from '../helpers/envelope-v1.ts'
import { sendRaw } from '../helpers/raw-msg.ts'
import { askMailbox } from '../../core/mailbox/exchange.ts'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import {
  deviceIdToBytes, issueDeviceCertificate, loadIdentity, parseInvite, type LocalIdentity
} from '../../core/identity/index.ts'
import { createMessageIdGenerator, type Body, type Envelope } from '../../core/wire/index.ts'
import { dmConversation } from '../../core/api/index.ts'

const nextId = createMessageIdGenerator()

function text (body: string): Body {
  return { kind: 'text', text: body, burnSeconds: 0 }
}

async function rejected (peer: TestPeer, name: string): Promise<number> {
  return (await peer.node.api.stats()).rejected[name] ?? 0
}

test('Mallory, certified with Bob\'s box key, cannot pass off Bob\'s ciphertext as hers, on her stream or through a mailbox', async (t) => {
  const { relay, alice, bob, mallory } = await startMailboxScene(t, {}, { messaging: { ...quickMailboxInit.messaging, collectIntervalMs: 600_000 } })
  // Mallory is even an accepted contact of Alice's: her words would be trusted as hers
  await alice.node.api.addContact({ invite: await mallory.invite() })
  await mallory.node.api.addContact({ invite: await alice.invite() })

  const bobKeys = await loadIdentity(bob.dataDir)
  const malloryKeys = await loadIdentity(mallory.dataDir)
  const aliceDevice = parseInvite(await alice.invite()).device
  // Mallory's own device, certified by her own account, with Bob's box public key
  const forged: LocalIdentity = {
    ...malloryKeys,
    certificate: issueDeviceCertificate({
      accountSigner: malloryKeys.accountSigner, deviceId: malloryKeys.deviceId, boxKey: bobKeys.boxKeyPair.publicKey, name: 'Mallory'
    })
  }
  // a ciphertext Bob sealed for Alice, as his codec writes it (and as every mailbox holding it sees it)
  const bobs = createEnvelopeCodec(bobKeys).seal(aliceDevice, nextId(Date.now()), Date.now(), text('Bob\'s words, for Alice only'))
  const asMallorys: Envelope = {
    ...bobs,
    senderAccount: Uint8Array.from(malloryKeys.accountSigner.publicKey),
    senderDevice: Uint8Array.from(deviceIdToBytes(malloryKeys.deviceId))
  }

  await t.test('on her own /tim/msg stream', async () => {
    const answers = await sendRaw(mallory, alice, forged, [asMallorys])
    assert.equal(answers[0]?.hello?.certificate?.name, 'Alice')
    assert.deepEqual(answers.slice(1).map(frame => frame.reject?.error ?? (frame.ack != null ? 'ack' : 'other')), ['PayloadBindingError'])
    assert.equal(await rejected(alice, 'PayloadBindingError'), 1)
  })

  await t.test('as a deposit at Alice\'s mailbox', async () => {
    const signed = createEnvelopeCodec(forged).sign({ ...asMallorys, id: nextId(Date.now()) })
    const response = await askMailbox(mallory.node.libp2p, peerIdFromString(relay.node.identity.deviceId), {
      deposit: {
        recipientAccount: Uint8Array.from(alice.node.identity.certificate.account),
        item: { envelope: signed, groupMessage: new Uint8Array(0), sender: forged.certificate, expires: BigInt(Date.now() + 60_000) },
        replica: false
      }
    }, AbortSignal.timeout(10_000))
    assert.equal(response.ok, true, `the mailbox cannot tell, and holds it: ${response.error} ${response.message}`)
    // Alice collects (now, or in a collection that a new connection to the mailbox started)
    await waitFor(async () => { await alice.node.collectMail(); return await rejected(alice, 'PayloadBindingError') }, count => count >= 2,
      { what: 'Alice to collect and refuse Mallory\'s deposit' })
    assert.equal(await rejected(alice, 'PayloadBindingError'), 2)
  })

  assert.deepEqual(await alice.node.api.history({ conversation: dmConversation(mallory.account) }), [], 'nothing from Mallory is stored')

  await t.test('the same ciphertext from Bob is Bob\'s, and his messages keep arriving', async () => {
    const answers = await sendRaw(bob, alice, bobKeys, [bobs])
    assert.deepEqual(answers.slice(1).map(frame => frame.reject?.error ?? (frame.ack != null ? 'ack' : 'other')), ['ack'])
    const sent = await bob.node.api.send({ conversation: dmConversation(alice.account), text: 'and this one, the usual way' })
    await waitFor(() => bob.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: 'Bob\'s message delivered' })
    const fromBob = await alice.node.api.history({ conversation: dmConversation(bob.account) })
    assert.deepEqual(fromBob.map(m => [m.from, m.text]), [[bob.account, 'Bob\'s words, for Alice only'], [bob.account, 'and this one, the usual way']])
  })

  await t.test('an envelope v1, which bound no sender, is refused from the network', async () => {
    const old = sealV1(bobKeys, aliceDevice, nextId(Date.now()), Date.now(), text('sealed the old way'))
    const answers = await sendRaw(bob, alice, bobKeys, [old])
    assert.deepEqual(answers.slice(1).map(frame => frame.reject?.error ?? (frame.ack != null ? 'ack' : 'other')), ['UnsupportedVersionError'])
    assert.equal((await alice.node.api.history({ conversation: dmConversation(bob.account) })).some(m => m.text === 'sealed the old way'), false)
  })

  assert.equal(await rejected(alice, 'PayloadBindingError'), 2)
  assert.deepEqual(await alice.node.api.history({ conversation: dmConversation(mallory.account) }), [], 'still nothing from Mallory')
})
