import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createEnvelopeCodec, type OpenedEnvelope } from '../../../core/messaging/envelopes.ts'
import {
  createMessageIdGenerator, decodeEnvelope, decodeMsgFrame, decodePayload, encodeEnvelope, encodeLegacyPayload, encodeMsgFrame, envelopeSigningBytes,
  ENVELOPE_VERSION, ENVELOPE_VERSION_V1, ENVELOPE_VERSION_V2, type Body, type Envelope, type ReceivedBatch
} from '../../../core/wire/index.ts'
import { openWithSharedKey, precomputeSharedKey, randomBytes, sealWithSharedKey, BOX_NONCE_BYTES } from '../../../core/crypto/index.ts'
import { deviceIdToBytes, issueDeviceCertificate, verifyDeviceCertificate, type VerifiedDevice } from '../../../core/identity/index.ts'
import { sealV1 } from '../../helpers/envelope-v1.ts'
import { newIdentity, otherDevice, type TestIdentity } from './helpers.ts'

const nextId = createMessageIdGenerator()

function text (body: string): Body {
  return { kind: 'text', text: body, burnSeconds: 0 }
}

/** an envelope that travels alone (as to a mailbox): signed by itself */
function sealAlone (from: TestIdentity, to: VerifiedDevice, id: Uint8Array, timestamp: number, body: Body): Envelope {
  const codec = createEnvelopeCodec(from.identity)
  return codec.sign(codec.seal(to, id, timestamp, body))
}

/** what Bob decodes from the batch frame Alice's delivery writes */
function sentBatch (envelopes: Envelope[]): ReceivedBatch {
  const batch = decodeMsgFrame(encodeMsgFrame({ batch: { envelopes: envelopes.map(encodeEnvelope) } })).batch
  assert.ok(batch != null)
  return batch
}

/** what an envelope of a batch opened to: its text (or its kind), or the name of the error that refused it */
function outcome (opened: OpenedEnvelope): string {
  if (opened.error != null) {
    return opened.error.name
  }
  return opened.body.kind === 'text' ? opened.body.text : opened.body.kind
}

function flip (bytes: Uint8Array, at = 0): Uint8Array<ArrayBuffer> {
  const copy = Uint8Array.from(bytes)
  copy[at] ^= 1
  return copy
}

test('an envelope Alice seals for Bob\'s device opens on Bob\'s device, after the wire, to her text', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const id = nextId()
  const envelope = sealAlone(alice, bob.device, id, 1_700_000_000_123, text('hello Bob ✓'))

  const received = decodeEnvelope(encodeEnvelope(envelope))
  assert.deepEqual(createEnvelopeCodec(bob.identity).open(received, alice.device), text('hello Bob ✓'))
  const plaintext = openWithSharedKey(received.ciphertext, received.nonce, precomputeSharedKey(alice.identity.boxKeyPair.publicKey, bob.identity.boxKeyPair.secretKey))
  assert.ok(plaintext != null)
  assert.deepEqual(Uint8Array.from(decodePayload(plaintext, received.version).recipientAccount), Uint8Array.from(bob.identity.accountSigner.publicKey))
  assert.deepEqual(Uint8Array.from(received.id), Uint8Array.from(id))
  assert.equal(received.timestamp, 1_700_000_000_123n)
  // what relays see: no plaintext
  assert.equal(Buffer.from(encodeEnvelope(envelope)).includes(Buffer.from('hello Bob')), false)
})

test('ciphertext changed in transit fails the signature; ciphertext that does not open fails decryption', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const envelope = sealAlone(alice, bob.device, nextId(), Date.now(), text('hi'))
  const bobCodec = createEnvelopeCodec(bob.identity)

  // a relay flips a bit: the sender's signature covers the ciphertext
  assert.throws(() => bobCodec.open({ ...envelope, ciphertext: flip(envelope.ciphertext, 20) }, alice.device), { name: 'InvalidSignatureError' })

  // Alice's own device signs ciphertext that does not open (a broken or hostile sender)
  const broken: Envelope = { ...envelope, ciphertext: flip(envelope.ciphertext, 20), signature: new Uint8Array(0) }
  const signed = { ...broken, signature: alice.identity.deviceSigner.sign(envelopeSigningBytes(broken)) }
  assert.throws(() => bobCodec.open(signed, alice.device), { name: 'DecryptionFailedError' })
})

test('an envelope for another device is refused as misaddressed, even by another device of the same account', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const carol = await newIdentity(t, 'Carol')
  const envelope = sealAlone(alice, bob.device, nextId(), Date.now(), text('for Bob'))

  assert.throws(() => createEnvelopeCodec(carol.identity).open(envelope, alice.device), { name: 'MisaddressedEnvelopeError' })

  // Bob's second device: same account, other device key
  const bobPhone = await otherDevice(bob.identity, 'Bob phone')
  const forPhone = sealAlone(alice, bobPhone, nextId(), Date.now(), text('for the phone'))
  assert.throws(() => createEnvelopeCodec(bob.identity).open(forPhone, alice.device), { name: 'MisaddressedEnvelopeError' })
})

test('an envelope whose claimed sender is not the certified device it came from is refused', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const mallory = await newIdentity(t, 'Mallory')
  const bobCodec = createEnvelopeCodec(bob.identity)

  // Alice's envelope, handed over by Mallory's connection
  const envelope = sealAlone(alice, bob.device, nextId(), Date.now(), text('from Alice'))
  assert.throws(() => bobCodec.open(envelope, mallory.device), { name: 'UncertifiedDeviceError' })

  // Mallory's envelope claiming Alice's account (but signed and sent by Mallory's device)
  const claim = sealAlone(mallory, bob.device, nextId(), Date.now(), text('I am Alice'))
  const forged = { ...claim, senderAccount: Uint8Array.from(alice.identity.accountSigner.publicKey) }
  assert.throws(() => bobCodec.open(forged, mallory.device), { name: 'UncertifiedDeviceError' })
})

test('a flipped signature bit, or any signed field changed, is refused with InvalidSignatureError', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const envelope = sealAlone(alice, bob.device, nextId(), 1_700_000_000_000, text('hi'))
  const bobCodec = createEnvelopeCodec(bob.identity)

  const altered: Array<[string, Envelope]> = [
    ['signature', { ...envelope, signature: flip(envelope.signature, 5) }],
    ['id', { ...envelope, id: flip(envelope.id, 15) }],
    ['timestamp', { ...envelope, timestamp: envelope.timestamp + 1n }],
    ['nonce', { ...envelope, nonce: flip(envelope.nonce) }]
  ]
  for (const [what, forged] of altered) {
    assert.throws(() => bobCodec.open(forged, alice.device), { name: 'InvalidSignatureError' }, what)
  }
  assert.deepEqual(bobCodec.open(envelope, alice.device), text('hi'), 'the untouched envelope still opens')
})

test('a batch from Alice\'s stream opens on Bob\'s device to each of her texts, in order, with no signature to check', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const texts = ['one', 'two', 'three']
  const batch = sentBatch(texts.map(body => aliceCodec.seal(bob.device, nextId(), Date.now(), text(body))))
  assert.ok(batch.envelopes.every(envelope => envelope.signature.byteLength === 0), 'envelopes in a batch carry no signature')

  const opened = createEnvelopeCodec(bob.identity).openBatch(batch, alice.device)
  assert.deepEqual(opened.map(outcome), texts)
  assert.ok(opened.every(o => o.error == null))
  // the same envelope travelling alone, unsigned, does not open: alone, only its signature vouches for it
  assert.throws(() => createEnvelopeCodec(bob.identity).open(batch.envelopes[0], alice.device), { name: 'InvalidSignatureError' })
})

test('in a batch, an envelope that does not open is refused alone with the error that names why, and the others open', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const carol = await newIdentity(t, 'Carol')
  const mallory = await newIdentity(t, 'Mallory')
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const malloryCodec = createEnvelopeCodec(mallory.identity)
  const altered = aliceCodec.seal(bob.device, nextId(), Date.now(), text('altered'))
  // Mallory's envelope in Alice's name: it would need Alice's box key to open, and names a sender the stream is not
  const inAlicesName = { ...malloryCodec.seal(bob.device, nextId(), Date.now(), text('I am Alice')), senderAccount: altered.senderAccount, senderDevice: altered.senderDevice }
  const batch = sentBatch([
    aliceCodec.seal(bob.device, nextId(), Date.now(), text('for Bob')),
    aliceCodec.seal(carol.device, nextId(), Date.now(), text('for Carol')),
    { ...altered, ciphertext: flip(altered.ciphertext, 30) },
    inAlicesName,
    malloryCodec.seal(bob.device, nextId(), Date.now(), text('from Mallory, on Alice\'s stream')),
    aliceCodec.seal(bob.device, nextId(), Date.now(), text('for Bob again'))
  ])
  const opened = createEnvelopeCodec(bob.identity).openBatch(batch, alice.device)
  assert.deepEqual(opened.map(outcome), [
    'for Bob', 'MisaddressedEnvelopeError', 'DecryptionFailedError', 'DecryptionFailedError', 'UncertifiedDeviceError', 'for Bob again'
  ])
})

test('an ack signed by Bob\'s device verifies for that device; a forged or altered one does not', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const mallory = await newIdentity(t, 'Mallory')
  const ids = [nextId(), nextId()]
  const aliceCodec = createEnvelopeCodec(alice.identity)

  const ack = createEnvelopeCodec(bob.identity).signAck(ids)
  assert.equal(aliceCodec.verifyAck(ack, bob.device), true)
  assert.deepEqual(ack.ids.map(id => Uint8Array.from(id)), ids.map(id => Uint8Array.from(id)))

  // Mallory acks on Bob's behalf: her own signature, or Bob's device id with her signature
  const malloryAck = createEnvelopeCodec(mallory.identity).signAck(ids)
  assert.equal(aliceCodec.verifyAck(malloryAck, bob.device), false)
  assert.equal(aliceCodec.verifyAck({ ...malloryAck, device: ack.device }, bob.device), false)
  // Bob's ack claimed for another message, or with a flipped signature bit
  assert.equal(aliceCodec.verifyAck({ ...ack, ids: [nextId()] }, bob.device), false)
  assert.equal(aliceCodec.verifyAck({ ...ack, signature: flip(ack.signature, 7) }, bob.device), false)
  // Bob's genuine ack does not count as another device's
  assert.equal(aliceCodec.verifyAck(ack, mallory.device), false)
})

/** Mallory's own device, certified by her account with Bob's box public key (she cannot hold its secret) */
function withBobsBoxKey (mallory: TestIdentity, bob: TestIdentity): VerifiedDevice {
  return verifyDeviceCertificate(issueDeviceCertificate({
    accountSigner: mallory.identity.accountSigner, deviceId: mallory.identity.deviceId, boxKey: bob.identity.boxKeyPair.publicKey, name: 'Mallory'
  }))
}

test('the payload binds its sender account, device and id: a v3 envelope carries them inside the ciphertext', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const id = nextId()
  const envelope = createEnvelopeCodec(bob.identity).seal(alice.device, id, Date.now(), text('hi Alice'))
  assert.equal(envelope.version, ENVELOPE_VERSION)
  const plaintext = openWithSharedKey(envelope.ciphertext, envelope.nonce, precomputeSharedKey(bob.identity.boxKeyPair.publicKey, alice.identity.boxKeyPair.secretKey))
  assert.ok(plaintext != null)
  const { binding } = decodePayload(plaintext, envelope.version)
  assert.ok(binding != null)
  assert.deepEqual(binding, { senderAccount: envelope.senderAccount, senderDevice: envelope.senderDevice, id: envelope.id })
  assert.deepEqual(Uint8Array.from(binding.id), Uint8Array.from(id))
})

test('Bob\'s ciphertext re-sent by Mallory, whose certificate carries Bob\'s box key, is refused with PayloadBindingError', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const mallory = await newIdentity(t, 'Mallory')
  const forged = withBobsBoxKey(mallory, bob)
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const malloryCodec = createEnvelopeCodec(mallory.identity)
  const bobs = createEnvelopeCodec(bob.identity).seal(alice.device, nextId(), Date.now(), text('Bob\'s words'))
  // the box opens under the forged certificate: that is the hole the binding closes
  assert.ok(openWithSharedKey(bobs.ciphertext, bobs.nonce, precomputeSharedKey(forged.boxKey, alice.identity.boxKeyPair.secretKey)) != null)

  const inHerName: Envelope = { ...bobs, senderAccount: Uint8Array.from(mallory.identity.accountSigner.publicKey), senderDevice: Uint8Array.from(forged.certificate.device) }
  const underNewId: Envelope = { ...inHerName, id: nextId() }
  // on her own /tim/msg stream
  assert.deepEqual(aliceCodec.openBatch(sentBatch([inHerName, underNewId]), forged).map(o => o.error?.name), ['PayloadBindingError', 'PayloadBindingError'])
  // deposited at Alice's mailboxes, signed by her own device
  assert.throws(() => aliceCodec.open(decodeEnvelope(encodeEnvelope(malloryCodec.sign(inHerName))), forged), { name: 'PayloadBindingError' })
  // Bob's own envelope still opens as Bob's
  assert.equal(outcome(aliceCodec.openBatch(sentBatch([bobs]), bob.device)[0]), 'Bob\'s words')
})

test('an envelope whose id was changed after sealing is refused with PayloadBindingError, even on its sender\'s own stream', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const bobs = createEnvelopeCodec(bob.identity).seal(alice.device, nextId(), Date.now(), text('once'))
  const opened = createEnvelopeCodec(alice.identity).openBatch(sentBatch([{ ...bobs, id: nextId() }, bobs]), bob.device)
  assert.deepEqual(opened.map(outcome), ['PayloadBindingError', 'once'])
})

test('an envelope v1 still decodes but is refused from the network with UnsupportedVersionError, alone or in a batch', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const v1 = sealV1(bob.identity, alice.device, nextId(), Date.now(), text('old'))
  const signed = createEnvelopeCodec(bob.identity).sign(v1)
  assert.equal(decodeEnvelope(encodeEnvelope(signed)).version, ENVELOPE_VERSION_V1)
  assert.throws(() => aliceCodec.open(decodeEnvelope(encodeEnvelope(signed)), bob.device), { name: 'UnsupportedVersionError' })
  const fresh = createEnvelopeCodec(bob.identity).seal(alice.device, nextId(), Date.now(), text('new'))
  assert.deepEqual(aliceCodec.openBatch(sentBatch([v1, fresh]), bob.device).map(outcome), ['UnsupportedVersionError', 'new'])
})

test('reseal turns an envelope v1 this device sealed into the current version with the same id, timestamp and body, which opens', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const carol = await newIdentity(t, 'Carol')
  const bobCodec = createEnvelopeCodec(bob.identity)
  const id = nextId()
  const refs = [nextId(), nextId()]
  const receipt: Body = { kind: 'receipt', receipt: 'read', refs, at: 0 }
  const v1 = sealV1(bob.identity, alice.device, id, 1_700_000_000_000, receipt)

  const resealed = bobCodec.reseal(decodeEnvelope(encodeEnvelope(v1), 'batch'), alice.device)
  assert.equal(resealed.version, ENVELOPE_VERSION)
  assert.deepEqual(Uint8Array.from(resealed.id), Uint8Array.from(id))
  assert.equal(resealed.timestamp, 1_700_000_000_000n)
  const [opened] = createEnvelopeCodec(alice.identity).openBatch(sentBatch([resealed]), bob.device)
  assert.deepEqual(opened.body, receipt)
  assert.equal(bobCodec.reseal(resealed, alice.device), resealed, 'a current envelope is left as it is')

  // only this device's own envelope, for the device it names
  assert.throws(() => bobCodec.reseal(v1, carol.device), { name: 'MisaddressedEnvelopeError' })
  assert.throws(() => createEnvelopeCodec(carol.identity).reseal(v1, alice.device), { name: 'MisaddressedEnvelopeError' })
})

/** an unsigned envelope v2 as a Tim before v3 sealed it: a LegacyPayload that binds sender and id */
function sealV2 (from: TestIdentity, to: VerifiedDevice, id: Uint8Array<ArrayBuffer>, body: Body): Envelope {
  const senderAccount = Uint8Array.from(from.identity.accountSigner.publicKey)
  const senderDevice = Uint8Array.from(deviceIdToBytes(from.identity.deviceId))
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const plaintext = encodeLegacyPayload(body, to.accountKey, { senderAccount, senderDevice, id })
  return {
    version: ENVELOPE_VERSION_V2,
    id,
    senderAccount,
    senderDevice,
    recipientDevice: Uint8Array.from(to.certificate.device),
    timestamp: BigInt(Date.now()),
    nonce: Uint8Array.from(nonce),
    ciphertext: Uint8Array.from(sealWithSharedKey(plaintext, nonce, precomputeSharedKey(to.boxKey, from.identity.boxKeyPair.secretKey))),
    signature: new Uint8Array(0)
  }
}

test('an envelope v2 from a Tim before v3 still opens to its text or receipt, alone or in a batch, and keeps its binding', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const bob = await newIdentity(t, 'Bob')
  const bobCodec = createEnvelopeCodec(bob.identity)
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const receipt: Body = { kind: 'receipt', receipt: 'delivered', refs: [nextId()], at: 0 }
  const v2Text = sealV2(bob, alice.device, nextId(), text('from Tim 10'))
  const v2Receipt = sealV2(bob, alice.device, nextId(), receipt)

  assert.deepEqual(aliceCodec.open(decodeEnvelope(encodeEnvelope(bobCodec.sign(v2Text))), bob.device), text('from Tim 10'))
  assert.deepEqual(aliceCodec.openBatch(sentBatch([v2Text, v2Receipt]), bob.device).map(opened => opened.body), [text('from Tim 10'), receipt])
  assert.deepEqual(aliceCodec.openBatch(sentBatch([{ ...v2Text, id: nextId() }]), bob.device).map(outcome), ['PayloadBindingError'])
  assert.equal(bobCodec.reseal(v2Text, alice.device), v2Text, 'a v2 envelope is sent as it is')
})
