import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  ackSigningBytes, certificateSigningBytes, decodeMsgFrame, MsgFrame, decodeCertificate, decodeEnvelope,
  decodeInvite, encodeCertificate, encodeEnvelope, encodeInvite,
  envelopeSigningBytes, MAX_FRAME_BYTES, MAX_INVITE_ADDRS, WIRE_VERSION,
  decodeMailboxRequest, decodeMailboxResponse, encodeGroupMessage, encodeMailboxRequest, encodeMailboxResponse,
  ENVELOPE_VERSION, ENVELOPE_VERSION_V1, ENVELOPE_VERSION_V2, type Ack, type Envelope, type MailboxItem
} from '../../../core/wire/index.ts'
import { batchedEnvelope, bytes, certificate, envelope, nextId } from './fixtures.ts'

const malformed = { name: 'MalformedFrameError' }

test('envelope signing bytes exclude the signature', () => {
  const unsigned = envelope()
  const a = { ...unsigned, signature: bytes(64) }
  const b = { ...unsigned, signature: bytes(64) }
  assert.deepEqual(envelopeSigningBytes(a), envelopeSigningBytes(b))
  assert.deepEqual(envelopeSigningBytes(a), encodeEnvelope({ ...unsigned, signature: new Uint8Array(0) }))
  assert.ok(!Buffer.from(envelopeSigningBytes(a)).includes(Buffer.from(a.signature)))
})

test('envelope signing bytes cover every other field', () => {
  const base = envelope()
  const changed: Array<[string, Partial<Envelope>]> = [
    ['version', { version: ENVELOPE_VERSION_V1 }],
    ['id', { id: nextId() }],
    ['sender account', { senderAccount: bytes(32) }],
    ['sender device', { senderDevice: bytes(38) }],
    ['recipient device', { recipientDevice: bytes(38) }],
    ['timestamp', { timestamp: base.timestamp + 1n }],
    ['nonce', { nonce: bytes(24) }],
    ['ciphertext', { ciphertext: bytes(80) }]
  ]
  for (const [what, fields] of changed) {
    assert.notDeepEqual(envelopeSigningBytes({ ...base, ...fields }), envelopeSigningBytes(base), what)
  }
})

test('a batch frame of encoded envelopes, of any size up to the largest text, decodes back to them', () => {
  for (const sizes of [[100], [100, 5000, 20], [16 * 1024]]) {
    const envelopes = sizes.map(size => batchedEnvelope({ ciphertext: bytes(size) }))
    const frame = MsgFrame.encode({ batch: { envelopes: envelopes.map(encodeEnvelope) } })
    assert.deepEqual(decodeMsgFrame(frame).batch, { envelopes }, `sizes ${sizes.join(',')}`)
  }
})

test('ack and certificate signing bytes exclude the signature and cover the rest', () => {
  const ack: Ack = { ids: [nextId()], device: bytes(38), timestamp: 5n, signature: bytes(64) }
  assert.deepEqual(ackSigningBytes(ack), ackSigningBytes({ ...ack, signature: bytes(64) }))
  assert.notDeepEqual(ackSigningBytes(ack), ackSigningBytes({ ...ack, ids: [nextId()] }))
  assert.notDeepEqual(ackSigningBytes(ack), ackSigningBytes({ ...ack, timestamp: 6n }))

  const cert = certificate()
  assert.deepEqual(certificateSigningBytes(cert), certificateSigningBytes({ ...cert, signature: bytes(64) }))
  assert.notDeepEqual(certificateSigningBytes(cert), certificateSigningBytes({ ...cert, name: 'Mallory' }))
  assert.notDeepEqual(certificateSigningBytes(cert), certificateSigningBytes({ ...cert, boxKey: bytes(32) }))
  assert.notDeepEqual(certificateSigningBytes(cert), certificateSigningBytes({ ...cert, device: bytes(38) }))
})

test('an envelope round trips on its own, and its guards apply', () => {
  const sent = envelope()
  assert.deepEqual(decodeEnvelope(encodeEnvelope(sent)), sent)
  for (const version of [ENVELOPE_VERSION_V2, ENVELOPE_VERSION_V1]) {
    assert.equal(decodeEnvelope(encodeEnvelope(envelope({ version }))).version, version, 'older versions decode (whether they open is the codec\'s call)')
  }
  assert.throws(() => decodeEnvelope(encodeEnvelope(envelope({ nonce: bytes(12) }))), malformed)
  assert.throws(() => decodeEnvelope(encodeEnvelope(envelope({ version: ENVELOPE_VERSION + 1 }))), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeEnvelope(encodeEnvelope(envelope({ version: 0 }))), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeEnvelope(encodeEnvelope(envelope({ ciphertext: bytes(MAX_FRAME_BYTES) }))), { name: 'FrameTooLargeError' })
  assert.throws(() => decodeEnvelope(new Uint8Array([0x12, 0x10, 0x01])), malformed, 'an id cut short')
})

test('a certificate round trips, and its guards apply', () => {
  const sent = certificate()
  assert.deepEqual(decodeCertificate(encodeCertificate(sent)), sent)
  assert.throws(() => decodeCertificate(encodeCertificate(certificate({ boxKey: bytes(31) }))), malformed)
  assert.throws(() => decodeCertificate(encodeCertificate(certificate({ version: 0 }))), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeCertificate(encodeCertificate(certificate({ name: 'x'.repeat(2000) }))), { name: 'FrameTooLargeError' })
})

test('an invite round trips; its version, certificate and address count are checked', () => {
  const cert = certificate()
  const addrs = [bytes(8)]
  assert.deepEqual(decodeInvite(encodeInvite({ version: WIRE_VERSION, certificate: cert, addrs })), { version: WIRE_VERSION, certificate: cert, addrs })
  assert.throws(() => decodeInvite(encodeInvite({ version: 2, certificate: cert, addrs })), { name: 'UnsupportedVersionError' })
  assert.throws(() => decodeInvite(encodeInvite({ version: WIRE_VERSION, addrs })), malformed)
  assert.throws(() => decodeInvite(encodeInvite({ version: WIRE_VERSION, certificate: certificate({ account: bytes(5) }), addrs })), malformed)
  const full = Array.from({ length: MAX_INVITE_ADDRS }, () => bytes(8))
  assert.equal(decodeInvite(encodeInvite({ version: WIRE_VERSION, certificate: cert, addrs: full })).addrs.length, MAX_INVITE_ADDRS)
  assert.throws(() => decodeInvite(encodeInvite({ version: WIRE_VERSION, certificate: cert, addrs: [...full, bytes(8)] })), malformed)
})

test('a mailbox takes deposits of the current and the previous envelope version, never v1; a page it hands out may still hold older ones (stored before), and decodes', () => {
  const item = (version: number): MailboxItem => ({ envelope: envelope({ version }), groupMessage: new Uint8Array(0), sender: certificate(), expires: 1_700_000_000_000n })
  const deposit = (version: number): Uint8Array => encodeMailboxRequest({ deposit: { recipientAccount: bytes(32), item: item(version), replica: false } })
  assert.equal(decodeMailboxRequest(deposit(ENVELOPE_VERSION)).deposit?.item?.envelope?.version, ENVELOPE_VERSION)
  assert.throws(() => decodeMailboxRequest(deposit(ENVELOPE_VERSION_V1)), { name: 'UnsupportedVersionError' })
  assert.equal(decodeMailboxRequest(deposit(ENVELOPE_VERSION_V2)).deposit?.item?.envelope?.version, ENVELOPE_VERSION_V2, 'nodes not yet upgraded still reach upgraded mailboxes')
  const page = decodeMailboxResponse(encodeMailboxResponse({ ok: true, error: '', message: '', items: [item(ENVELOPE_VERSION_V1), item(ENVELOPE_VERSION_V2), item(ENVELOPE_VERSION)], more: false }))
  assert.deepEqual(page.items.map(i => i.envelope?.version), [ENVELOPE_VERSION_V1, ENVELOPE_VERSION_V2, ENVELOPE_VERSION])
})

test('a mailbox item carries an envelope or a group message, never both or neither, and a group message is checked as one', () => {
  const groupMessage = encodeGroupMessage({
    version: WIRE_VERSION, group: bytes(32), id: bytes(16), senderDevice: certificate().device, epoch: 1, timestamp: 1_700_000_000_000n,
    nonce: bytes(24), ciphertext: bytes(100), signature: bytes(64)
  })
  const deposit = (item: Partial<MailboxItem>): Uint8Array =>
    encodeMailboxRequest({ deposit: { recipientAccount: bytes(32), item: { groupMessage: new Uint8Array(0), sender: certificate(), expires: 1n, ...item }, replica: false } })
  assert.deepEqual(decodeMailboxRequest(deposit({ groupMessage })).deposit?.item?.groupMessage, groupMessage)
  assert.throws(() => decodeMailboxRequest(deposit({ groupMessage, envelope: envelope() })), malformed, 'both')
  assert.throws(() => decodeMailboxRequest(deposit({})), malformed, 'neither')
  assert.throws(() => decodeMailboxRequest(deposit({ groupMessage: bytes(50) })), malformed, 'bytes that are no group message')
})
