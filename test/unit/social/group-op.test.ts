/**
 * Group ops on the wire (core/wire/group-op.ts) and signed (core/social/groups/op.ts), and
 * group ids as text (group-id.ts): what a member writes verifies byte for byte on every other
 * member's device, and each way a peer can forge or bloat an op is refused at decode time
 * with its typed error.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes, type Bytes } from '../../../core/crypto/index.ts'
import { issueDeviceCertificate } from '../../../core/identity/index.ts'
import { groupConversation, groupIdFromString, groupIdOfConversation, groupIdToString } from '../../../core/social/groups/group-id.ts'
import { createGroupOp, joinProof, verifyGroupOp, type GroupAction } from '../../../core/social/groups/op.ts'
import { GroupOp, encodeGroupOp } from '../../../core/wire/index.ts'
import { createGroup, opBy, people, rawOp } from './group-log-fixture.ts'

const { alice, bob, mallory } = await people('alice', 'bob', 'mallory')
const genesis = createGroup(alice, { open: true, name: 'Climbers' })
const parents = [genesis.id]

test('every kind of op a member writes verifies on another device with the same id, author and action', () => {
  const actions: GroupAction[] = [
    { kind: 'add', accounts: [bob.accountKey, mallory.accountKey] },
    { kind: 'join', proof: joinProof(genesis.id, bob.accountKey, randomBytes(32)) },
    { kind: 'remove', account: bob.accountKey },
    { kind: 'leave' },
    { kind: 'dissolve' },
    { kind: 'transfer', account: bob.accountKey },
    { kind: 'set-role', account: bob.accountKey, role: 'manager' },
    { kind: 'set-role', account: bob.accountKey, role: 'member' },
    { kind: 'mute', account: bob.accountKey, until: 1_800_000_000_000 },
    { kind: 'edit', topic: 'Saturday: Fontainebleau', open: false },
    { kind: 'edit', avatar: new Uint8Array(0) },
    { kind: 'set-link', linkSecret: randomBytes(32) }
  ]
  for (const action of actions) {
    const op = opBy(alice, genesis, [genesis], action, 1_700_000_000_123)
    const received = verifyGroupOp(op.bytes)
    assert.deepEqual(received.id, op.id, action.kind)
    assert.deepEqual(received.group, genesis.id)
    assert.deepEqual(received.parents, parents)
    assert.equal(received.author.accountId, alice.accountId)
    assert.equal(received.timestamp, 1_700_000_000_123)
    assert.deepEqual(received.action, action)
    assert.deepEqual(received.targets, op.targets)
  }
  assert.deepEqual(opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey, mallory.accountKey] }).targets, [bob.accountId, mallory.accountId])
})

test('the create op is the genesis: its id is the group id, which reads back from a group conversation id', () => {
  const received = verifyGroupOp(genesis.bytes)
  assert.deepEqual(received.id, genesis.id)
  assert.deepEqual(received.group, genesis.id)
  assert.equal(received.action.kind, 'create')
  const conversation = groupConversation(genesis.id)
  assert.match(conversation, /^group:[1-9A-HJ-NP-Za-km-z]+$/)
  assert.deepEqual(groupIdOfConversation(conversation), genesis.id)
  assert.deepEqual(groupIdFromString(groupIdToString(genesis.id)), genesis.id)
  for (const bad of ['dm:' + groupIdToString(genesis.id), 'group:0OIl', 'group:abc', 'group:1' + groupIdToString(genesis.id)]) {
    assert.throws(() => groupIdOfConversation(bad), { name: 'InvalidArgumentError' }, bad)
  }
})

test('an op whose signature was tampered with is refused with InvalidSignatureError', () => {
  const op = GroupOp.decode(opBy(alice, genesis, [genesis], { kind: 'leave' }).bytes)
  const flipped = Uint8Array.from(op.signature, (byte, i) => i === 7 ? byte ^ 1 : byte)
  assert.throws(() => verifyGroupOp(encodeGroupOp({ ...op, signature: flipped })), { name: 'InvalidSignatureError' })
  // the signed content changed under a valid signature
  const moved = encodeGroupOp({ ...op, leave: undefined, dissolve: {} })
  assert.throws(() => verifyGroupOp(moved), { name: 'InvalidSignatureError' })
})

test('an op carrying another account\'s certificate is refused: it must be signed by that certificate\'s device', () => {
  // Mallory signs with her own device but shows Alice's certificate
  const asAlice = rawOp(mallory, { group: genesis.id, parents, author: alice.certificate, leave: {} })
  assert.throws(() => verifyGroupOp(asAlice), { name: 'InvalidSignatureError' })
  // Mallory certifies her device for Alice's account with her own account key
  const claimed = issueDeviceCertificate({
    accountSigner: { publicKey: alice.accountSigner.publicKey, sign: mallory.accountSigner.sign },
    deviceId: '12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK',
    boxKey: randomBytes(32),
    name: 'alice'
  })
  assert.throws(() => verifyGroupOp(rawOp(mallory, { group: genesis.id, parents, author: claimed, leave: {} })), { name: 'InvalidSignatureError' })
})

test('an op naming a parent twice, out of order, or more than 16 parents is refused with InvalidGroupOpError', () => {
  const [a, b] = [randomBytes(32), randomBytes(32)].sort((x, y) => Buffer.compare(x, y))
  const refused: Array<[string, Bytes[]]> = [
    ['a repeated parent', [a, a]],
    ['parents out of order', [b, a]],
    ['17 parents', Array.from({ length: 17 }, () => randomBytes(32)).sort((x, y) => Buffer.compare(x, y))],
    ['no parents', []]
  ]
  for (const [what, list] of refused) {
    assert.throws(() => verifyGroupOp(rawOp(alice, { group: genesis.id, parents: list, leave: {} })), { name: 'InvalidGroupOpError' }, what)
  }
  assert.throws(() => createGroupOp({ signer: alice.deviceSigner, certificate: alice.certificate, group: genesis.id, parents: [a, a], action: { kind: 'leave' } }), { name: 'InvalidGroupOpError' })
  const sixteen = Array.from({ length: 16 }, () => randomBytes(32)).sort((x, y) => Buffer.compare(x, y))
  assert.equal(verifyGroupOp(rawOp(alice, { group: genesis.id, parents: sixteen, leave: {} })).parents.length, 16)
})

test('an add of 100,000 accounts is refused at decode, and so is one of 257', () => {
  const accounts = Array.from({ length: 100_000 }, () => randomBytes(32))
  assert.throws(() => verifyGroupOp(rawOp(alice, { group: genesis.id, parents, add: { accounts } })), { name: 'FrameTooLargeError' })
  assert.throws(() => verifyGroupOp(rawOp(alice, { group: genesis.id, parents, add: { accounts: accounts.slice(0, 257) } })), { name: 'InvalidGroupOpError' })
  assert.throws(() => verifyGroupOp(rawOp(alice, { group: genesis.id, parents, add: { accounts: [bob.accountKey, bob.accountKey] } })), { name: 'InvalidGroupOpError' })
  assert.equal(verifyGroupOp(rawOp(alice, { group: genesis.id, parents, add: { accounts: accounts.slice(0, 256) } })).targets.length, 256)
})

test('malformed ops are refused with the error that names what is wrong', () => {
  const refused: Array<[string, Uint8Array, string]> = [
    ['a newer version', rawOp(alice, { version: 2, group: genesis.id, parents, leave: {} }), 'UnsupportedVersionError'],
    ['no action', rawOp(alice, { group: genesis.id, parents }), 'MalformedFrameError'],
    // the codec keeps one field of a oneof: a second action appended as bytes (field 21, empty)
    // decodes as one action, in bytes that are not the op's canonical encoding
    ['two actions', new Uint8Array([...rawOp(alice, { group: genesis.id, parents, leave: {} }), 0xaa, 0x01, 0x00]), 'MalformedFrameError'],
    ['no author', rawOp(alice, { group: genesis.id, parents, author: undefined, leave: {} }), 'MalformedFrameError'],
    ['a short group id', rawOp(alice, { group: genesis.id.slice(1), parents, leave: {} }), 'MalformedFrameError'],
    ['a short account', rawOp(alice, { group: genesis.id, parents, remove: { account: bob.accountKey.slice(1) } }), 'MalformedFrameError'],
    ['a role that does not exist', rawOp(alice, { group: genesis.id, parents, setRole: { account: bob.accountKey, role: 2 } }), 'InvalidGroupOpError'],
    ['an empty edit', rawOp(alice, { group: genesis.id, parents, edit: {} }), 'InvalidGroupOpError'],
    ['a 65-character name', rawOp(alice, { group: genesis.id, parents, edit: { name: 'x'.repeat(65) } }), 'InvalidGroupOpError'],
    ['a 281-character topic', rawOp(alice, { group: genesis.id, parents, edit: { topic: 'x'.repeat(281) } }), 'InvalidGroupOpError'],
    ['an avatar over 32 KiB', rawOp(alice, { group: genesis.id, parents, edit: { avatar: new Uint8Array(32 * 1024 + 1) } }), 'InvalidGroupOpError'],
    ['a create with parents', rawOp(alice, { parents, create: { name: 'x', topic: '', avatar: new Uint8Array(0), open: false, linkSecret: randomBytes(32), nonce: randomBytes(16) } }), 'InvalidGroupOpError'],
    ['a create with an empty name', rawOp(alice, { create: { name: '', topic: '', avatar: new Uint8Array(0), open: false, linkSecret: randomBytes(32), nonce: randomBytes(16) } }), 'InvalidGroupOpError'],
    ['a short link secret', rawOp(alice, { group: genesis.id, parents, setLink: { linkSecret: randomBytes(31) } }), 'MalformedFrameError'],
    ['bytes that are no op', randomBytes(100), 'MalformedFrameError'],
    ['an op over 64 KiB', new Uint8Array(64 * 1024 + 1), 'FrameTooLargeError']
  ]
  for (const [what, bytes, name] of refused) {
    assert.throws(() => verifyGroupOp(bytes), { name }, what)
  }
})

test('an op re-encoded with an extra field is refused: the same signed op cannot travel under two ids', () => {
  const op = opBy(alice, genesis, [genesis], { kind: 'leave' })
  const padded = new Uint8Array([...op.bytes, 0xf8, 0x06, 0x01]) // field 111, varint 1: unknown, skipped by the decoder
  assert.throws(() => verifyGroupOp(padded), { name: 'MalformedFrameError' })
  assert.deepEqual(verifyGroupOp(op.bytes).id, op.id)
})

test('a join proof binds the group, the joining account and the link secret', () => {
  const secret = randomBytes(32)
  const proof = joinProof(genesis.id, bob.accountKey, secret)
  assert.equal(proof.byteLength, 32)
  assert.deepEqual(joinProof(genesis.id, bob.accountKey, secret), proof)
  assert.notDeepEqual(joinProof(genesis.id, mallory.accountKey, secret), proof)
  assert.notDeepEqual(joinProof(genesis.id, bob.accountKey, randomBytes(32)), proof)
  assert.notDeepEqual(joinProof(randomBytes(32), bob.accountKey, secret), proof)
})
