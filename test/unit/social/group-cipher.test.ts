/**
 * Group messages sealed with sender keys (core/social/groups/group-cipher.ts): sealed and
 * signed once, the same bytes open for every member device; each way a message can be forged,
 * re-sent under another name, damaged or sealed with a key the reader lacks is refused with
 * its typed error; and a removed member, holding every key she was ever given, cannot read
 * what is sent after the others rotated their keys.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { secretboxOpen, secretboxSeal } from '../../../core/crypto/index.ts'
import type { LocalIdentity, VerifiedDevice } from '../../../core/identity/index.ts'
import { createStore } from '../../../core/store/index.ts'
import { openGroupMessage, sealGroupMessage, type GroupMessageLookup } from '../../../core/social/groups/group-cipher.ts'
import { createSenderKeyRing, MAX_EPOCHS_KEPT, type SenderKey, type SenderKeyRing } from '../../../core/social/groups/sender-keys.ts'
import {
  createMessageIdGenerator, decodeGroupMessage, encodeGroupMessage, groupMessageSigningBytes, MAX_GROUP_MESSAGE_BYTES, type Body, type GroupMessage
} from '../../../core/wire/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { newIdentity } from '../messaging/helpers.ts'

const nextId = createMessageIdGenerator()
const hello: Body = { kind: 'text', text: 'hello, group', burnSeconds: 0 }

interface Member {
  identity: LocalIdentity
  device: VerifiedDevice
  ring: SenderKeyRing
}

async function member (t: AfterHook, name: string): Promise<Member> {
  const { identity, device } = await newIdentity(t, name)
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  const ring = createSenderKeyRing({ store, deviceId: identity.deviceId })
  await ring.load()
  return { identity, device, ring }
}

/** members who hold each other's current keys for the group, as the service hands them round */
async function groupOf (t: AfterHook, names: string[]): Promise<{ group: Uint8Array, members: Member[] }> {
  const group = new Uint8Array(randomBytes(32))
  const members = await Promise.all(names.map(async name => await member(t, name)))
  await share(group, members, members)
  return { group, members }
}

/** each sender's current key, remembered by every other recipient */
async function share (group: Uint8Array, senders: Member[], recipients: Member[]): Promise<void> {
  for (const sender of senders) {
    const key = await sender.ring.current(group)
    for (const recipient of recipients) {
      if (recipient !== sender) await recipient.ring.remember(key)
    }
  }
}

/** what `reader` looks up: every member's device (as certified) and its own ring's keys */
function lookupOf (reader: Member, members: Member[]): GroupMessageLookup {
  const devices = new Map(members.map(m => [m.device.deviceId, m.device]))
  return { device: deviceId => devices.get(deviceId), key: (group, deviceId, epoch) => reader.ring.find(group, deviceId, epoch) }
}

function seal (sender: Member, key: SenderKey, body: Body = hello, id: Uint8Array = nextId()): Uint8Array {
  return sealGroupMessage({ signer: sender.identity.deviceSigner, certificate: sender.identity.certificate, key, id, timestamp: 1_700_000_000_000, body })
}

/** `bytes` changed by `change` and signed again by `signer`'s device: the signature then passes */
function resigned (bytes: Uint8Array, signer: Member, change: (message: GroupMessage) => GroupMessage): Uint8Array {
  const unsigned = change(decodeGroupMessage(bytes))
  return encodeGroupMessage({ ...unsigned, signature: signer.identity.deviceSigner.sign(groupMessageSigningBytes(unsigned)) })
}

function flipped (bytes: Uint8Array, at: number): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes)
  copy[at] ^= 0x01
  return copy
}

test('a message sealed once opens, the very same bytes, for every member device', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob', 'Carol', 'Dave'])
  const [alice, ...others] = members
  const id = nextId()
  const bytes = seal(alice, await alice.ring.current(group), hello, id)
  for (const reader of others) {
    const opened = openGroupMessage(bytes, lookupOf(reader, members))
    assert.deepEqual(opened.body, hello)
    assert.deepEqual(opened.group, group)
    assert.deepEqual(opened.id, id)
    assert.equal(opened.sender.accountId, alice.identity.accountId)
    assert.equal(opened.sender.deviceId, alice.identity.deviceId)
    assert.equal(opened.epoch, 1)
    assert.equal(opened.timestamp, 1_700_000_000_000)
    assert.equal(opened.bytes, bytes)
  }
})

test('a message from a device no member certified is refused with UncertifiedDeviceError', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob'])
  const [alice, bob] = members
  const bytes = seal(alice, await alice.ring.current(group))
  assert.throws(() => openGroupMessage(bytes, lookupOf(bob, [bob])), { name: 'UncertifiedDeviceError' })
})

test('a forged signature, or a message signed by another device than the one it names, is refused with InvalidSignatureError', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob', 'Mallory'])
  const [alice, bob, mallory] = members
  const bytes = seal(alice, await alice.ring.current(group))
  const message = decodeGroupMessage(bytes)
  const forged = encodeGroupMessage({ ...message, signature: flipped(message.signature, 0) })
  assert.throws(() => openGroupMessage(forged, lookupOf(bob, members)), { name: 'InvalidSignatureError' })
  const signedByMallory = resigned(bytes, mallory, m => m)
  assert.throws(() => openGroupMessage(signedByMallory, lookupOf(bob, members)), { name: 'InvalidSignatureError' })
  // a changed ciphertext without a new signature fails at the signature, before any key is tried
  const tampered = encodeGroupMessage({ ...message, ciphertext: flipped(message.ciphertext, 5) })
  assert.throws(() => openGroupMessage(tampered, lookupOf(bob, members)), { name: 'InvalidSignatureError' })
})

test('another member re-sealing a sender\'s payload under its own key and signature is refused with PayloadBindingError', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob', 'Mallory'])
  const [alice, bob, mallory] = members
  const alicesKey = await alice.ring.current(group)
  const bytes = seal(alice, alicesKey)
  // Mallory holds Alice's key, as every member does: she opens Alice's payload and passes it off as her own
  const original = decodeGroupMessage(bytes)
  const payload = secretboxOpen(original.ciphertext, original.nonce, mallory.ring.find(group, alice.identity.deviceId, alicesKey.epoch) as Uint8Array)
  assert.ok(payload != null)
  const mallorysKey = await mallory.ring.current(group)
  const resealed = resigned(bytes, mallory, m => ({
    ...m,
    senderDevice: mallory.identity.certificate.device,
    epoch: mallorysKey.epoch,
    ciphertext: secretboxSeal(payload, m.nonce, mallorysKey.key)
  }))
  assert.throws(() => openGroupMessage(resealed, lookupOf(bob, members)), { name: 'PayloadBindingError' })
  // and Alice's ciphertext, signed again under another message id, is not a new message of hers
  const underAnotherId = resigned(bytes, alice, m => ({ ...m, id: nextId() }))
  assert.throws(() => openGroupMessage(underAnotherId, lookupOf(bob, members)), { name: 'PayloadBindingError' })
})

test('a wrong key, an epoch the reader was never given, or a damaged ciphertext is refused with DecryptionFailedError', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob'])
  const [alice, bob] = members
  const bytes = seal(alice, await alice.ring.current(group))
  const wrongKey: GroupMessageLookup = { ...lookupOf(bob, members), key: () => new Uint8Array(randomBytes(32)) }
  assert.throws(() => openGroupMessage(bytes, wrongKey), { name: 'DecryptionFailedError' })

  const rotated = seal(alice, await alice.ring.rotate(group))
  assert.throws(() => openGroupMessage(rotated, lookupOf(bob, members)), { name: 'DecryptionFailedError', message: /missing/ })

  const damaged = resigned(bytes, alice, m => ({ ...m, ciphertext: flipped(m.ciphertext, 5) }))
  assert.throws(() => openGroupMessage(damaged, lookupOf(bob, members)), { name: 'DecryptionFailedError' })
  assert.equal(openGroupMessage(bytes, lookupOf(bob, members)).body.kind, 'text', 'the undamaged message still opens')
})

test('truncated, oversized or garbled bytes are refused at decode time', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob'])
  const [alice, bob] = members
  const bytes = seal(alice, await alice.ring.current(group))
  assert.throws(() => openGroupMessage(bytes.subarray(0, bytes.byteLength - 1), lookupOf(bob, members)), { name: 'MalformedFrameError' })
  assert.throws(() => openGroupMessage(new Uint8Array(MAX_GROUP_MESSAGE_BYTES + 1), lookupOf(bob, members)), { name: 'FrameTooLargeError' })
  assert.throws(() => openGroupMessage(new Uint8Array(randomBytes(300)), lookupOf(bob, members)), (err: Error) => ['MalformedFrameError', 'UnsupportedVersionError'].includes(err.name))
})

test('a device seals only with its own signer, certificate and sender key', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob'])
  const [alice, bob] = members
  const bobsKey = await bob.ring.current(group)
  const alicesKeyOfBob = { ...bobsKey, key: alice.ring.find(group, bob.identity.deviceId, bobsKey.epoch) as Uint8Array }
  assert.throws(() => seal(alice, alicesKeyOfBob), { name: 'InvalidArgumentError' })
  assert.throws(() => sealGroupMessage({
    signer: alice.identity.deviceSigner, certificate: bob.identity.certificate, key: bobsKey, id: nextId(), timestamp: 0, body: hello
  }), { name: 'InvalidArgumentError' })
})

test('a removed member, holding every key she was ever given, cannot read what is sent after the others rotated', async (t) => {
  const { group, members } = await groupOf(t, ['Alice', 'Bob', 'Carol'])
  const [alice, bob, carol] = members
  const before = seal(alice, await alice.ring.current(group), { kind: 'text', text: 'before', burnSeconds: 0 })
  assert.equal((openGroupMessage(before, lookupOf(carol, members)).body as { text: string }).text, 'before', 'Carol read the group while she was in it')

  // Carol is removed: Alice and Bob rotate and hand the new keys to each other only
  await alice.ring.rotate(group)
  await bob.ring.rotate(group)
  await share(group, [alice, bob], [alice, bob])

  const after = seal(alice, await alice.ring.current(group), { kind: 'text', text: 'after Carol left', burnSeconds: 0 })
  const captured = new Uint8Array(after) // what Carol could capture: gossip, a mailbox, a sync page
  assert.equal((openGroupMessage(captured, lookupOf(bob, members)).body as { text: string }).text, 'after Carol left')
  assert.throws(() => openGroupMessage(captured, lookupOf(carol, members)), { name: 'DecryptionFailedError' })

  // not only the key for the message's epoch: none of the keys in her ring opens it
  const { ciphertext, nonce } = decodeGroupMessage(captured)
  const carolsKeys = members.flatMap(m => Array.from({ length: MAX_EPOCHS_KEPT }, (_, i) => carol.ring.find(group, m.identity.deviceId, i + 1)))
    .filter(key => key != null)
  assert.equal(carolsKeys.length, 3, 'Carol holds Alice\'s, Bob\'s and her own epoch-1 keys')
  for (const key of carolsKeys) {
    assert.equal(secretboxOpen(ciphertext, nonce, key), null)
  }
})
