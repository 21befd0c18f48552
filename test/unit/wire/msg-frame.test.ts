import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { Uint8ArrayList } from 'uint8arraylist'
import {
  decodeMsgFrame, encodeMsgFrame, msgFrameKind, Ack, Envelope, Hello, MsgFrame,
  ENVELOPE_VERSION, ENVELOPE_VERSION_V1, MAX_ENVELOPES_PER_BATCH, MAX_FRAME_BYTES, MAX_IDS_PER_FRAME, WIRE_VERSION, type DeviceCertificate
} from '../../../core/wire/index.ts'
import { batch, batchedEnvelope, bytes, certificate, nextId } from './fixtures.ts'

function ack (fields: Partial<Ack> = {}): Ack {
  return { ids: [nextId(), nextId()], device: bytes(38), timestamp: BigInt(Date.now()), signature: bytes(64), ...fields }
}

const malformed = { name: 'MalformedFrameError' }

test('a valid batch frame round trips', () => {
  const envelopes = [batchedEnvelope(), batchedEnvelope(), batchedEnvelope()]
  const sent = batch(envelopes)
  const frame = decodeMsgFrame(encodeMsgFrame({ batch: sent }))
  assert.equal(msgFrameKind(frame), 'batch')
  assert.deepEqual(frame.batch, { envelopes })
  assert.equal(frame.hello, undefined)
  assert.equal(frame.ack, undefined)
  assert.equal(frame.reject, undefined)
})

test('a frame that arrives in chunks decodes the same as in one piece', () => {
  const envelopes = [batchedEnvelope(), batchedEnvelope()]
  const whole = encodeMsgFrame({ batch: batch(envelopes) })
  const chunks = new Uint8ArrayList(whole.subarray(0, 7), whole.subarray(7, 50), whole.subarray(50))
  assert.deepEqual(decodeMsgFrame(chunks).batch?.envelopes, envelopes)
})

test('hello, ack and reject frames round trip', () => {
  const hello: Hello = { version: WIRE_VERSION, certificate: certificate() }
  const helloFrame = decodeMsgFrame(encodeMsgFrame({ hello }))
  assert.equal(msgFrameKind(helloFrame), 'hello')
  assert.deepEqual(helloFrame.hello, hello)

  const sentAck = ack()
  const ackFrame = decodeMsgFrame(encodeMsgFrame({ ack: sentAck }))
  assert.equal(msgFrameKind(ackFrame), 'ack')
  assert.deepEqual(ackFrame.ack, sentAck)

  const reject = { id: nextId(), error: 'ReplayedEnvelopeError', message: 'seen it' }
  const rejectFrame = decodeMsgFrame(encodeMsgFrame({ reject }))
  assert.equal(msgFrameKind(rejectFrame), 'reject')
  assert.deepEqual(rejectFrame.reject, reject)
})

test('random bytes are refused with MalformedFrameError', () => {
  // a fixed pseudo-random sequence so that the test means the same thing every run
  for (let i = 0; i < 500; i++) {
    const stream = createHash('sha256').update(`random frame ${i}`).digest()
    const length = 1 + (stream[0] % 32) * 8
    const input = new Uint8Array(length)
    for (let j = 0; j < length; j += 32) {
      input.set(createHash('sha256').update(`random frame ${i} block ${j}`).digest().subarray(0, Math.min(32, length - j)), j)
    }
    assert.throws(() => decodeMsgFrame(input), malformed, `input ${i}: ${Buffer.from(input).toString('hex')}`)
  }
})

test('an empty frame is refused with MalformedFrameError', () => {
  assert.throws(() => decodeMsgFrame(new Uint8Array(0)), malformed)
})

test('every truncation of a valid frame is refused with MalformedFrameError', () => {
  const whole = encodeMsgFrame({ batch: batch() })
  for (let length = 0; length < whole.byteLength; length++) {
    assert.throws(() => decodeMsgFrame(whole.subarray(0, length)), malformed, `first ${length} of ${whole.byteLength} bytes`)
  }
})

test('a frame over MAX_FRAME_BYTES is refused with FrameTooLargeError', () => {
  const big = encodeMsgFrame({ batch: batch([batchedEnvelope({ ciphertext: bytes(MAX_FRAME_BYTES) })]) })
  assert.ok(big.byteLength > MAX_FRAME_BYTES)
  assert.throws(() => decodeMsgFrame(big), { name: 'FrameTooLargeError' })
  assert.throws(() => decodeMsgFrame(new Uint8Array(MAX_FRAME_BYTES + 1)), { name: 'FrameTooLargeError' })
})

test('a frame of exactly MAX_FRAME_BYTES is accepted', () => {
  const frameOf = (ciphertextBytes: number): Uint8Array => encodeMsgFrame({ batch: batch([batchedEnvelope({ ciphertext: bytes(ciphertextBytes) })]) })
  const base = frameOf(0x4000).byteLength
  // grow the ciphertext until the frame is exactly at the limit (varint lengths change size)
  let extra = MAX_FRAME_BYTES - base
  let frame = frameOf(0x4000 + extra)
  while (frame.byteLength > MAX_FRAME_BYTES) {
    extra -= frame.byteLength - MAX_FRAME_BYTES
    frame = frameOf(0x4000 + extra)
  }
  assert.equal(frame.byteLength, MAX_FRAME_BYTES)
  assert.equal(msgFrameKind(decodeMsgFrame(frame)), 'batch')
})

test('an envelope of an unknown version is refused with UnsupportedVersionError', () => {
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ batch: batch([batchedEnvelope(), batchedEnvelope({ version: ENVELOPE_VERSION + 1 })]) })), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ batch: batch([batchedEnvelope({ version: 0 })]) })), { name: 'UnsupportedVersionError' })
})

test('an envelope v1 in a batch still decodes, so that the codec refuses it alone (with a Reject) and the others open', () => {
  const frame = decodeMsgFrame(encodeMsgFrame({ batch: batch([batchedEnvelope({ version: ENVELOPE_VERSION_V1 }), batchedEnvelope()]) }))
  assert.deepEqual(frame.batch?.envelopes.map(envelope => envelope.version), [ENVELOPE_VERSION_V1, ENVELOPE_VERSION])
})

test('a hello of another version, or carrying a certificate of another version, is refused', () => {
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ hello: { version: 2, certificate: certificate() } })), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ hello: { version: WIRE_VERSION, certificate: certificate({ version: 2 }) } })), { name: 'UnsupportedVersionError' })
})

test('a hello without a certificate is refused', () => {
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ hello: { version: WIRE_VERSION } })), malformed)
})

test('a frame carrying two kinds, or none, is refused with MalformedFrameError', () => {
  const two: MsgFrame = { batch: batch(), ack: ack() }
  assert.throws(() => decodeMsgFrame(encodeMsgFrame(two)), malformed)
  const all: MsgFrame = { hello: { version: WIRE_VERSION, certificate: certificate() }, batch: batch(), ack: ack(), reject: { id: nextId(), error: 'x', message: '' } }
  assert.throws(() => decodeMsgFrame(encodeMsgFrame(all)), malformed)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({})), malformed)
})

test('an envelope in a batch with a field of the wrong length is refused with MalformedFrameError', () => {
  const wrong: Array<[string, Partial<Envelope>]> = [
    ['id 15 bytes', { id: bytes(15) }],
    ['id 17 bytes', { id: bytes(17) }],
    ['sender account 31 bytes', { senderAccount: bytes(31) }],
    ['sender account 33 bytes', { senderAccount: bytes(33) }],
    ['no sender device', { senderDevice: new Uint8Array(0) }],
    ['sender device 65 bytes', { senderDevice: bytes(65) }],
    ['no recipient device', { recipientDevice: new Uint8Array(0) }],
    ['recipient device 65 bytes', { recipientDevice: bytes(65) }],
    ['nonce 23 bytes', { nonce: bytes(23) }],
    ['nonce 25 bytes', { nonce: bytes(25) }],
    ['no ciphertext', { ciphertext: new Uint8Array(0) }],
    ['a signature of its own (the batch signs it)', { signature: bytes(64) }]
  ]
  for (const [what, fields] of wrong) {
    assert.throws(() => decodeMsgFrame(encodeMsgFrame({ batch: batch([batchedEnvelope(), batchedEnvelope(fields)]) })), malformed, what)
  }
})

test('a batch with no envelopes is refused with MalformedFrameError', () => {
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ batch: batch([]) })), malformed)
})

test('a batch of MAX_ENVELOPES_PER_BATCH envelopes is accepted, one more is refused', () => {
  const small = (): Envelope => batchedEnvelope({ ciphertext: bytes(16) })
  const envelopes = Array.from({ length: MAX_ENVELOPES_PER_BATCH }, small)
  assert.equal(decodeMsgFrame(encodeMsgFrame({ batch: batch(envelopes) })).batch?.envelopes.length, MAX_ENVELOPES_PER_BATCH)
  const over = encodeMsgFrame({ batch: batch([...envelopes, small()]) })
  assert.ok(over.byteLength <= MAX_FRAME_BYTES, 'refused for its envelope count, not its size')
  assert.throws(() => decodeMsgFrame(over), malformed)
})

test('a certificate in a hello with a field of the wrong length is refused with MalformedFrameError', () => {
  const wrong: Array<[string, Partial<DeviceCertificate>]> = [
    ['account 31 bytes', { account: bytes(31) }],
    ['no device', { device: new Uint8Array(0) }],
    ['box key 33 bytes', { boxKey: bytes(33) }],
    ['signature 65 bytes', { signature: bytes(65) }],
    ['name of 65 characters', { name: 'x'.repeat(65) }]
  ]
  for (const [what, fields] of wrong) {
    assert.throws(() => decodeMsgFrame(encodeMsgFrame({ hello: { version: WIRE_VERSION, certificate: certificate(fields) } })), malformed, what)
  }
})

test('an ack with no ids, an id of the wrong length, or a bad signature is refused', () => {
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ ack: ack({ ids: [] }) })), malformed)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ ack: ack({ ids: [nextId(), bytes(15)] }) })), malformed)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ ack: ack({ device: new Uint8Array(0) }) })), malformed)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ ack: ack({ signature: bytes(32) }) })), malformed)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ reject: { id: bytes(8), error: 'x', message: '' } })), malformed)
})

test(`an ack of MAX_IDS_PER_FRAME ids is accepted, one more is refused`, () => {
  const ids = Array.from({ length: MAX_IDS_PER_FRAME }, () => nextId())
  const full = encodeMsgFrame({ ack: ack({ ids }) })
  assert.equal(decodeMsgFrame(full).ack?.ids.length, MAX_IDS_PER_FRAME)
  const over = encodeMsgFrame({ ack: ack({ ids: [...ids, nextId()] }) })
  assert.ok(over.byteLength <= MAX_FRAME_BYTES, 'refused for its id count, not its size')
  assert.throws(() => decodeMsgFrame(over), malformed)
})
