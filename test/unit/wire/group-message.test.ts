/**
 * The group codecs of core/wire: a GroupMessage (group-message.ts), the /tim/group catch-up
 * frames (group-sync.ts) and the group bodies and group field of a Payload (payload.ts). What
 * is well formed comes back as it was written; every field a peer could get wrong is refused
 * at decode time with a typed error, before anyone looks inside.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { limits } from '../../../core/api/index.ts'
import {
  decodeGroupMessage, decodeGroupSyncFrame, decodePayload, encodeGroupMessage, encodeGroupPayload, encodeGroupSyncFrame,
  encodePayload, ENVELOPE_VERSION, groupMessageSigningBytes, groupSyncFrameKind, MAX_GROUP_CIPHERTEXT_BYTES,
  MAX_ADDRS_PER_CARD, MAX_DEVICE_CARDS_PER_BODY, MAX_GROUP_MESSAGE_BYTES, MAX_GROUP_SYNC_FRAME_BYTES, MAX_GROUP_SYNC_HEADS, MAX_GROUP_SYNC_PAGE, MAX_IDS_PER_FRAME, WIRE_VERSION,
  type Body, type GroupMessage, type GroupSyncFrame, type PayloadBinding
} from '../../../core/wire/index.ts'
import { Payload as PayloadMessage } from '../../../core/wire/tim.ts'
import { bytes, certificate, nextId } from './fixtures.ts'

const malformed = { name: 'MalformedFrameError' }
const tooLarge = { name: 'FrameTooLargeError' }
const group = bytes(32)
const binding: PayloadBinding = { senderAccount: bytes(32), senderDevice: bytes(38), id: nextId() }

function groupMessage (fields: Partial<GroupMessage> = {}): GroupMessage {
  return {
    version: WIRE_VERSION,
    group,
    id: nextId(),
    senderDevice: bytes(38),
    epoch: 1,
    timestamp: 1_700_000_000_000n,
    nonce: bytes(24),
    ciphertext: bytes(200),
    signature: bytes(64),
    ...fields
  }
}

test('a group message comes back as it was written, and its signing bytes leave out only the signature', () => {
  const message = groupMessage({ epoch: 7, ciphertext: bytes(MAX_GROUP_CIPHERTEXT_BYTES) })
  const encoded = encodeGroupMessage(message)
  assert.ok(encoded.byteLength <= MAX_GROUP_MESSAGE_BYTES, 'the largest ciphertext fits in the largest message')
  assert.deepEqual(decodeGroupMessage(encoded), message)
  assert.deepEqual(groupMessageSigningBytes(message), groupMessageSigningBytes({ ...message, signature: bytes(64) }))
  assert.notDeepEqual(groupMessageSigningBytes(message), groupMessageSigningBytes({ ...message, epoch: 8 }))
})

test('a group message with a wrong field is refused at decode time, naming what is wrong', () => {
  const refused: Array<[string, Partial<GroupMessage>, object]> = [
    ['another version', { version: WIRE_VERSION + 1 }, { name: 'UnsupportedVersionError' }],
    ['a short group id', { group: bytes(31) }, malformed],
    ['no group id', { group: new Uint8Array(0) }, malformed],
    ['a long message id', { id: bytes(17) }, malformed],
    ['no sender device', { senderDevice: new Uint8Array(0) }, malformed],
    ['an oversized sender device', { senderDevice: bytes(65) }, malformed],
    ['epoch 0', { epoch: 0 }, malformed],
    ['a short nonce', { nonce: bytes(23) }, malformed],
    ['no signature', { signature: new Uint8Array(0) }, malformed],
    ['no ciphertext', { ciphertext: new Uint8Array(0) }, malformed],
    ['a ciphertext one byte over the limit', { ciphertext: bytes(MAX_GROUP_CIPHERTEXT_BYTES + 1) }, malformed]
  ]
  for (const [what, fields, error] of refused) {
    assert.throws(() => decodeGroupMessage(encodeGroupMessage(groupMessage(fields))), error, what)
  }
})

test('bytes that are not a group message, or too many of them, are refused', () => {
  const encoded = encodeGroupMessage(groupMessage())
  assert.throws(() => decodeGroupMessage(encoded.subarray(0, encoded.byteLength - 10)), malformed, 'truncated')
  assert.throws(() => decodeGroupMessage(Uint8Array.from([0xff, 0xff, 0xff])), malformed, 'garbage')
  assert.throws(() => decodeGroupMessage(new Uint8Array(MAX_GROUP_MESSAGE_BYTES + 1)), tooLarge, 'oversized')
})

function syncRoundTrip (frame: GroupSyncFrame): GroupSyncFrame {
  return decodeGroupSyncFrame(encodeGroupSyncFrame(frame))
}

test('each group sync frame comes back as it was written, and names its kind', () => {
  const frames: GroupSyncFrame[] = [
    { heads: { group, heads: Array.from({ length: MAX_GROUP_SYNC_HEADS }, () => bytes(32)) } },
    { ops: { group, ops: Array.from({ length: MAX_GROUP_SYNC_PAGE }, () => bytes(100)), more: true } },
    { ops: { group, ops: [], more: false } },
    { want: { group, after: nextId(), limit: MAX_GROUP_SYNC_PAGE } },
    { want: { group, after: new Uint8Array(0), limit: 1 } },
    { messages: { group, messages: [encodeGroupMessage(groupMessage()), encodeGroupMessage(groupMessage())], more: false, keys: [], senders: [] } },
    { messages: { group, messages: [encodeGroupMessage(groupMessage())], more: true, keys: [{ group, epoch: 3, key: bytes(32), device: bytes(38) }], senders: [] } },
    { reject: { id: new Uint8Array(0), error: 'NotGroupMemberError', message: 'not a member' } },
    { receipts: { delivered: Array.from({ length: MAX_IDS_PER_FRAME }, () => nextId()), read: [] } },
    { receipts: { delivered: [], read: [nextId()] } }
  ]
  for (const frame of frames) {
    assert.deepEqual(syncRoundTrip(frame), frame)
  }
  assert.deepEqual(frames.map(groupSyncFrameKind), ['heads', 'ops', 'ops', 'want', 'want', 'messages', 'messages', 'reject', 'receipts', 'receipts'])
})

test('a group sync frame carries exactly one field, within its counts and lengths', () => {
  const refused: Array<[string, GroupSyncFrame]> = [
    ['nothing', {}],
    ['two fields', { heads: { group, heads: [bytes(32)] }, want: { group, after: new Uint8Array(0), limit: 1 } }],
    ['heads of a short group', { heads: { group: bytes(31), heads: [bytes(32)] } }],
    ['no heads', { heads: { group, heads: [] } }],
    [`${MAX_GROUP_SYNC_HEADS + 1} heads`, { heads: { group, heads: Array.from({ length: MAX_GROUP_SYNC_HEADS + 1 }, () => bytes(32)) } }],
    ['a short head', { heads: { group, heads: [bytes(31)] } }],
    [`${MAX_GROUP_SYNC_PAGE + 1} ops`, { ops: { group, ops: Array.from({ length: MAX_GROUP_SYNC_PAGE + 1 }, () => bytes(10)), more: false } }],
    ['an empty op', { ops: { group, ops: [new Uint8Array(0)], more: false } }],
    ['an op over 64 KiB', { ops: { group, ops: [bytes(64 * 1024 + 1)], more: false } }],
    ['an empty page that says more follow', { ops: { group, ops: [], more: true } }],
    ['want after a short id', { want: { group, after: bytes(15), limit: 10 } }],
    ['want 0 messages', { want: { group, after: new Uint8Array(0), limit: 0 } }],
    [`want ${MAX_GROUP_SYNC_PAGE + 1} messages`, { want: { group, after: new Uint8Array(0), limit: MAX_GROUP_SYNC_PAGE + 1 } }],
    [`${MAX_GROUP_SYNC_PAGE + 1} messages`, { messages: { group, messages: Array.from({ length: MAX_GROUP_SYNC_PAGE + 1 }, () => bytes(10)), more: false, keys: [], senders: [] } }],
    ['a message over the largest group message', { messages: { group, messages: [bytes(MAX_GROUP_MESSAGE_BYTES + 1)], more: false, keys: [], senders: [] } }],
    ['a messages page of another group id length', { messages: { group: bytes(33), messages: [], more: false, keys: [], senders: [] } }],
    ['a page\'s key of epoch 0', { messages: { group, messages: [], more: false, keys: [{ group, epoch: 0, key: bytes(32), device: bytes(38) }], senders: [] } }],
    ['a page\'s key naming no device', { messages: { group, messages: [], more: false, keys: [{ group, epoch: 1, key: bytes(32), device: new Uint8Array(0) }], senders: [] } }],
    ['a page\'s short key', { messages: { group, messages: [], more: false, keys: [{ group, epoch: 1, key: bytes(31), device: bytes(38) }], senders: [] } }],
    ['receipts naming no message', { receipts: { delivered: [], read: [] } }],
    ['a receipt of a short id', { receipts: { delivered: [bytes(15)], read: [] } }],
    [`${MAX_IDS_PER_FRAME + 1} read receipts`, { receipts: { delivered: [], read: Array.from({ length: MAX_IDS_PER_FRAME + 1 }, () => nextId()) } }]
  ]
  for (const [what, frame] of refused) {
    assert.throws(() => syncRoundTrip(frame), malformed, what)
  }
  assert.throws(() => decodeGroupSyncFrame(new Uint8Array(MAX_GROUP_SYNC_FRAME_BYTES + 1)), tooLarge, 'a frame over 1 MiB')
  assert.throws(() => decodeGroupSyncFrame(Uint8Array.from([0x0a, 0x50, 0x01])), malformed, 'truncated')
})

test('the group bodies come back from a 1:1 payload as they were written', () => {
  const recipientAccount = bytes(32)
  const bodies: Body[] = [
    { kind: 'sender-key', group, epoch: 1, key: bytes(32) },
    { kind: 'sender-key', group, epoch: 0xffffffff, key: bytes(32) },
    { kind: 'group-ops', group, ops: [bytes(300), bytes(64 * 1024)], devices: [] },
    { kind: 'group-ops', group, ops: [bytes(300)], devices: [{ certificate: certificate(), addrs: [bytes(20), bytes(30)] }] },
    { kind: 'group-ops', group, ops: [], devices: Array.from({ length: MAX_DEVICE_CARDS_PER_BODY }, () => ({ certificate: certificate(), addrs: [] })) },
    { kind: 'group-join-request', group, proof: bytes(32), note: 'n'.repeat(limits.maxNoteLength) },
    { kind: 'group-join-request', group, proof: bytes(32), note: '' }
  ]
  for (const body of bodies) {
    const decoded = decodePayload(encodePayload(body, recipientAccount, binding), ENVELOPE_VERSION)
    assert.deepEqual(decoded.body, body, body.kind)
    assert.deepEqual(decoded.recipientAccount, recipientAccount)
    assert.equal(decoded.group, undefined, 'a 1:1 payload names no group')
  }
})

test('a group body with a wrong field is refused with MalformedFrameError', () => {
  const refused: Array<[string, Body]> = [
    ['a sender key of a short group', { kind: 'sender-key', group: bytes(31), epoch: 1, key: bytes(32) }],
    ['a short sender key', { kind: 'sender-key', group, epoch: 1, key: bytes(31) }],
    ['a sender key of epoch 0', { kind: 'sender-key', group, epoch: 0, key: bytes(32) }],
    ['group ops of no group', { kind: 'group-ops', group: new Uint8Array(0), ops: [bytes(10)] }],
    ['no group ops and no devices', { kind: 'group-ops', group, ops: [] }],
    [`${MAX_DEVICE_CARDS_PER_BODY + 1} device cards`, { kind: 'group-ops', group, ops: [], devices: Array.from({ length: MAX_DEVICE_CARDS_PER_BODY + 1 }, () => ({ certificate: certificate(), addrs: [] })) }],
    [`a card of ${MAX_ADDRS_PER_CARD + 1} addresses`, { kind: 'group-ops', group, ops: [], devices: [{ certificate: certificate(), addrs: Array.from({ length: MAX_ADDRS_PER_CARD + 1 }, () => bytes(8)) }] }],
    ['an empty group op', { kind: 'group-ops', group, ops: [new Uint8Array(0)] }],
    ['a group op over 64 KiB', { kind: 'group-ops', group, ops: [bytes(64 * 1024 + 1)] }],
    ['257 group ops', { kind: 'group-ops', group, ops: Array.from({ length: 257 }, () => bytes(1)) }],
    ['a join request with a short proof', { kind: 'group-join-request', group, proof: bytes(31), note: '' }],
    ['a join request note too long', { kind: 'group-join-request', group, proof: bytes(32), note: 'n'.repeat(limits.maxNoteLength + 1) }]
  ]
  for (const [what, body] of refused) {
    assert.throws(() => decodePayload(encodePayload(body, bytes(32), binding), ENVELOPE_VERSION), malformed, what)
  }
})

test('a group payload names its group and no recipient account; one naming both or neither is refused', () => {
  const body: Body = { kind: 'text', text: 'hello group', burnSeconds: 0 }
  const decoded = decodePayload(encodeGroupPayload(body, group, binding), ENVELOPE_VERSION)
  assert.deepEqual(decoded.body, body)
  assert.deepEqual(decoded.group, group)
  assert.equal(decoded.recipientAccount.byteLength, 0)
  assert.deepEqual(decoded.binding, binding)

  const raw = (fields: Partial<PayloadMessage>): Uint8Array => PayloadMessage.encode({ ...binding, text: { text: new TextEncoder().encode('hi'), replyTo: new Uint8Array(0), burnSeconds: 0 }, ...fields })
  assert.throws(() => decodePayload(raw({ group, recipientAccount: bytes(32) }), ENVELOPE_VERSION), malformed, 'both')
  assert.throws(() => decodePayload(raw({}), ENVELOPE_VERSION), malformed, 'neither')
  assert.throws(() => decodePayload(raw({ group: bytes(31) }), ENVELOPE_VERSION), malformed, 'a short group')
})
