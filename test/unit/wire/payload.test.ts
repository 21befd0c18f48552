/**
 * The plaintext inside an envelope (core/wire/payload.ts): every body kind comes back as it was
 * written; what a newer peer may send (a body, a receipt kind or an erase reason this node does
 * not know) decodes as `unsupported` with the payload's bytes, never as an error; what breaks a
 * limit is refused with MalformedFrameError; and the LegacyPayload of envelopes v1 and v2 still reads.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { limits } from '../../../core/api/index.ts'
import {
  decodePayload, encodeLegacyPayload, encodePayload, ENVELOPE_VERSION, ENVELOPE_VERSION_V1, ENVELOPE_VERSION_V2, MAX_IDS_PER_FRAME,
  type Body, type PayloadBinding
} from '../../../core/wire/index.ts'
import { LegacyPayload, Payload as PayloadMessage } from '../../../core/wire/tim.ts'
import { bytes, nextId } from './fixtures.ts'

const malformed = { name: 'MalformedFrameError' }
const recipientAccount = bytes(32)
const binding: PayloadBinding = { senderAccount: bytes(32), senderDevice: bytes(38), id: nextId() }

/** what a v3 payload carrying `body` decodes to */
function roundTrip (body: Body): Body {
  const decoded = decodePayload(encodePayload(body, recipientAccount, binding), ENVELOPE_VERSION)
  assert.deepEqual(decoded.recipientAccount, recipientAccount)
  assert.deepEqual(decoded.binding, binding)
  return decoded.body
}

const utf8 = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text)

/** a v3 payload with the binding and these generated fields (bodies as a newer or broken peer may write them) */
function rawPayload (fields: Partial<PayloadMessage>): Uint8Array {
  return PayloadMessage.encode({ recipientAccount, ...binding, ...fields })
}

/** `payload` with one more length-delimited field appended: field number `field`, holding `value` */
function withField (payload: Uint8Array, field: number, value: Uint8Array): Uint8Array {
  const varint = (n: number): number[] => n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >>> 7)]
  return Uint8Array.from([...payload, ...varint((field << 3) | 2), ...varint(value.byteLength), ...value])
}

test('every body kind comes back from a v3 payload as it was written, with its recipient and binding', () => {
  const bodies: Body[] = [
    { kind: 'text', text: 'hi 👋', burnSeconds: 0 },
    { kind: 'text', text: 'a reply that burns', replyTo: nextId(), burnSeconds: 30 },
    { kind: 'receipt', receipt: 'delivered', refs: [nextId()], at: 1_700_000_000_001 },
    { kind: 'receipt', receipt: 'read', refs: [nextId(), nextId()], at: 1_700_000_000_002 },
    { kind: 'receipt', receipt: 'erased', refs: [nextId()], at: 1_700_000_000_003 },
    { kind: 'edit', ref: nextId(), text: 'fixed the typo' },
    { kind: 'reaction', ref: nextId(), emoji: '👍🏽', remove: false },
    { kind: 'reaction', ref: nextId(), emoji: '👍🏽', remove: true },
    { kind: 'erase', ref: nextId(), reason: 'recall', at: 0 },
    { kind: 'erase', ref: nextId(), reason: 'burn', at: 1_700_000_060_000 },
    { kind: 'custom', type: 'com.example/poll-v1', data: bytes(300) },
    { kind: 'custom', type: 'ping', data: new Uint8Array(0) },
    { kind: 'contact-request', note: 'we met at the conference' },
    { kind: 'contact-request', note: '' }
  ]
  for (const body of bodies) {
    assert.deepEqual(roundTrip(body), body, `${body.kind} ${JSON.stringify(body, (_, v: unknown) => v instanceof Uint8Array ? v.byteLength : v)}`)
  }
  // the largest of each still passes
  assert.equal((roundTrip({ kind: 'text', text: 'x'.repeat(limits.maxTextBytes), burnSeconds: limits.maxBurnSeconds }) as { text: string }).text.length, limits.maxTextBytes)
  assert.equal(roundTrip({ kind: 'contact-request', note: 'n'.repeat(limits.maxNoteLength) }).kind, 'contact-request')
  assert.equal(roundTrip({ kind: 'custom', type: 't'.repeat(limits.maxCustomTypeLength), data: bytes(limits.maxCustomBytes) }).kind, 'custom')
})

test('an unsupported body is never written', () => {
  assert.throws(() => encodePayload({ kind: 'unsupported', bytes: bytes(10) }, recipientAccount, binding), malformed)
})

test('a payload carrying a body field this node does not know decodes as unsupported, with the payload\'s bytes', () => {
  // field 26: the next body a newer Tim may add to the oneof (16–25 are known)
  const payload = withField(rawPayload({}), 26, Uint8Array.from([0x0a, 0x03, 0x61, 0x62, 0x63]))
  const decoded = decodePayload(payload, ENVELOPE_VERSION)
  assert.deepEqual(decoded.body, { kind: 'unsupported', bytes: payload })
  assert.deepEqual(decoded.binding, binding, 'the binding is still checked and returned')
  // a payload with no body at all is no different to this node
  assert.deepEqual(decodePayload(rawPayload({}), ENVELOPE_VERSION).body, { kind: 'unsupported', bytes: rawPayload({}) })
  // an unknown field next to a known body does not hide the body
  const text = withField(rawPayload({ text: { text: utf8('still here'), replyTo: new Uint8Array(0), burnSeconds: 0 } }), 40, bytes(4))
  assert.deepEqual(decodePayload(text, ENVELOPE_VERSION).body, { kind: 'text', text: 'still here', burnSeconds: 0 })
})

test('a receipt kind or an erase reason this node does not know decodes as unsupported, with the payload\'s bytes', () => {
  const receipt = rawPayload({ receipt: { kind: 3, refs: [nextId()], at: 5n } })
  assert.deepEqual(decodePayload(receipt, ENVELOPE_VERSION).body, { kind: 'unsupported', bytes: receipt })
  const erase = rawPayload({ erase: { ref: nextId(), reason: 2, at: 5n } })
  assert.deepEqual(decodePayload(erase, ENVELOPE_VERSION).body, { kind: 'unsupported', bytes: erase })
  // the known numbers next to them still decode
  assert.equal((decodePayload(rawPayload({ receipt: { kind: 2, refs: [nextId()], at: 5n } }), ENVELOPE_VERSION).body as { receipt: string }).receipt, 'erased')
  assert.equal((decodePayload(rawPayload({ erase: { ref: nextId(), reason: 1, at: 5n } }), ENVELOPE_VERSION).body as { reason: string }).reason, 'burn')
})

test('a body over a limit is refused with MalformedFrameError', () => {
  const decode = (body: Body): Body => decodePayload(encodePayload(body, recipientAccount, binding), ENVELOPE_VERSION).body
  const ref = nextId()
  const overLimit: Array<[string, Body]> = [
    ['text over 16 KiB', { kind: 'text', text: 'x'.repeat(limits.maxTextBytes + 1), burnSeconds: 0 }],
    ['text over 16 KiB in UTF-8 bytes, under it in characters', { kind: 'text', text: 'é'.repeat(limits.maxTextBytes / 2 + 1), burnSeconds: 0 }],
    ['burn time over a week', { kind: 'text', text: 'hi', burnSeconds: limits.maxBurnSeconds + 1 }],
    ['reply to a short id', { kind: 'text', text: 'hi', replyTo: bytes(15), burnSeconds: 0 }],
    ['edited text over 16 KiB', { kind: 'edit', ref, text: 'x'.repeat(limits.maxTextBytes + 1) }],
    ['edit of a short id', { kind: 'edit', ref: bytes(15), text: 'hi' }],
    ['emoji over 32 bytes', { kind: 'reaction', ref, emoji: '👍'.repeat(9), remove: false }],
    ['no emoji', { kind: 'reaction', ref, emoji: '', remove: false }],
    ['reaction to a short id', { kind: 'reaction', ref: bytes(15), emoji: '👍', remove: false }],
    ['erase of a short id', { kind: 'erase', ref: bytes(15), reason: 'recall', at: 0 }],
    ['custom type with a space', { kind: 'custom', type: 'my kind', data: bytes(1) }],
    ['custom type with a non-ASCII letter', { kind: 'custom', type: 'café', data: bytes(1) }],
    ['custom type with a colon', { kind: 'custom', type: 'app:kind', data: bytes(1) }],
    ['empty custom type', { kind: 'custom', type: '', data: bytes(1) }],
    ['custom type over 64 characters', { kind: 'custom', type: 't'.repeat(limits.maxCustomTypeLength + 1), data: bytes(1) }],
    ['custom data over 16 KiB', { kind: 'custom', type: 'blob', data: bytes(limits.maxCustomBytes + 1) }],
    ['note over 280 characters', { kind: 'contact-request', note: 'n'.repeat(limits.maxNoteLength + 1) }],
    ['receipt of nothing', { kind: 'receipt', receipt: 'read', refs: [], at: 0 }],
    ['receipt of a short id', { kind: 'receipt', receipt: 'read', refs: [bytes(15)], at: 0 }],
    ['receipt of too many ids', { kind: 'receipt', receipt: 'read', refs: Array.from({ length: MAX_IDS_PER_FRAME + 1 }, () => nextId()), at: 0 }]
  ]
  for (const [what, body] of overLimit) {
    assert.throws(() => decode(body), malformed, what)
  }
  assert.equal(Buffer.byteLength('👍'.repeat(8)), limits.maxEmojiBytes, 'eight thumbs are the most one reaction holds')
  assert.equal(decode({ kind: 'reaction', ref, emoji: '👍'.repeat(8), remove: false }).kind, 'reaction')
})

test('a v3 payload must carry its recipient account and a well-formed binding', () => {
  const text: Body = { kind: 'text', text: 'hi', burnSeconds: 0 }
  const decode = (account: Uint8Array, bound: PayloadBinding): unknown => decodePayload(encodePayload(text, account, bound), ENVELOPE_VERSION)
  assert.throws(() => decode(bytes(31), binding), malformed, 'short recipient account')
  assert.throws(() => decode(new Uint8Array(0), binding), malformed, 'no recipient account')
  assert.throws(() => decode(recipientAccount, { ...binding, senderAccount: bytes(31) }), malformed)
  assert.throws(() => decode(recipientAccount, { ...binding, senderDevice: new Uint8Array(0) }), malformed)
  assert.throws(() => decode(recipientAccount, { ...binding, senderDevice: bytes(65) }), malformed)
  assert.throws(() => decode(recipientAccount, { ...binding, id: bytes(15) }), malformed)
  assert.throws(() => decodePayload(PayloadMessage.encode({ recipientAccount, text: { text: utf8('hi'), replyTo: new Uint8Array(0), burnSeconds: 0 } }), ENVELOPE_VERSION), malformed, 'no binding')
  assert.throws(() => decodePayload(Uint8Array.from([0x22, 0x05, 0x01]), ENVELOPE_VERSION), malformed, 'cut short')
})

test('a v2 LegacyPayload still decodes to a text or a receipt, with its binding; v1 has none', () => {
  const text: Body = { kind: 'text', text: 'from an older Tim ✓', burnSeconds: 0 }
  const read: Body = { kind: 'receipt', receipt: 'read', refs: [nextId(), nextId()], at: 0 }
  const delivered: Body = { kind: 'receipt', receipt: 'delivered', refs: [nextId()], at: 0 }
  for (const body of [text, read, delivered]) {
    assert.deepEqual(decodePayload(encodeLegacyPayload(body, recipientAccount, binding), ENVELOPE_VERSION_V2), { body, recipientAccount, binding })
    assert.deepEqual(decodePayload(encodeLegacyPayload(body, recipientAccount), ENVELOPE_VERSION_V1), { body, recipientAccount })
  }
  assert.throws(() => decodePayload(encodeLegacyPayload(text, recipientAccount), ENVELOPE_VERSION_V2), malformed, 'v2 without a binding')
  assert.throws(() => decodePayload(encodeLegacyPayload(text, recipientAccount, { ...binding, id: bytes(15) }), ENVELOPE_VERSION_V2), malformed)
  assert.throws(() => decodePayload(encodeLegacyPayload(text, bytes(31), binding), ENVELOPE_VERSION_V2), malformed)
  assert.throws(() => decodePayload(encodeLegacyPayload({ ...read, refs: [bytes(15)] }, recipientAccount, binding), ENVELOPE_VERSION_V2), malformed)
  const tooMany = Array.from({ length: MAX_IDS_PER_FRAME + 1 }, () => nextId())
  assert.throws(() => decodePayload(encodeLegacyPayload({ ...read, refs: tooMany }, recipientAccount, binding), ENVELOPE_VERSION_V2), malformed)
  assert.throws(() => decodePayload(encodeLegacyPayload({ ...read, refs: [] }, recipientAccount, binding), ENVELOPE_VERSION_V2), malformed)
  assert.throws(() => decodePayload(encodeLegacyPayload({ ...text, text: 'x'.repeat(limits.maxTextBytes + 1) }, recipientAccount, binding), ENVELOPE_VERSION_V2), malformed)
  assert.throws(() => decodePayload(Uint8Array.from([0x08, 0x07]), ENVELOPE_VERSION_V2), malformed, 'an unknown legacy kind')
  // the kinds that came after have no legacy form
  assert.throws(() => encodeLegacyPayload({ kind: 'edit', ref: nextId(), text: 'x' }, recipientAccount, binding), malformed)
})

test('legacy payload text that is not valid UTF-8 is refused, not turned into replacement characters', () => {
  const valid = LegacyPayload.encode({ kind: LegacyPayload.Kind.TEXT, text: Buffer.from('ok'), refs: [], recipientAccount, ...binding })
  // the text field holds "ok": make its second byte a lone continuation byte
  const at = Buffer.from(valid).indexOf(Buffer.from('ok'))
  const broken = Uint8Array.from(valid)
  broken[at + 1] = 0x80
  assert.throws(() => decodePayload(broken, ENVELOPE_VERSION_V2), { name: 'MalformedFrameError', message: /not valid UTF-8/ })
})

test('v3 payload text that is not valid UTF-8 is refused, as v2 text was', () => {
  const valid = encodePayload({ kind: 'text', text: 'ok', burnSeconds: 0 }, recipientAccount, binding)
  const at = Buffer.from(valid).indexOf(Buffer.from('ok'))
  const broken = Uint8Array.from(valid)
  broken[at + 1] = 0x80
  assert.throws(() => decodePayload(broken, ENVELOPE_VERSION), { name: 'MalformedFrameError', message: /not valid UTF-8/ })
})
