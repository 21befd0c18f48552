/**
 * The sender key ring (core/social/groups/sender-keys.ts): this device's own keys per group
 * (made once, rotated on demand, never reusing an epoch), the keys other member devices sent
 * it (every epoch kept for old messages, never replaced), all of it surviving a restart, kept
 * within bounds, and gone once the group is forgotten.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { createStore, type Store } from '../../../core/store/index.ts'
import { createSenderKeyRing, MAX_EPOCH_JUMP, MAX_EPOCHS_KEPT, type SenderKeyRing } from '../../../core/social/groups/sender-keys.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

const invalid = { name: 'InvalidArgumentError' }
const ownDevice = '12D3KooWOwnDeviceOwnDeviceOwnDevice'
const bobDevice = '12D3KooWBobDeviceBobDeviceBobDevice'

function bytes (length: number): Uint8Array {
  return new Uint8Array(randomBytes(length))
}

interface OpenRing {
  ring: SenderKeyRing
  store: Store
  /** closes the store and opens the same database again, with a fresh ring loaded from it */
  restart: () => Promise<OpenRing>
}

async function openRing (t: AfterHook, path?: string): Promise<OpenRing> {
  const dbPath = path ?? join(await tempDir(t), 'db')
  const store = await createStore({ path: dbPath })
  let closed = false
  t.after(async () => { if (!closed) await store.close() })
  const ring = createSenderKeyRing({ store, deviceId: ownDevice })
  await ring.load()
  return {
    ring,
    store,
    restart: async () => {
      closed = true
      await store.close()
      return await openRing(t, dbPath)
    }
  }
}

test('this device makes one key per group (epoch 1), the same one however often and however concurrently it is asked', async (t) => {
  const { ring } = await openRing(t)
  const group = bytes(32)
  const [first, second] = await Promise.all([ring.current(group), ring.current(group)])
  assert.equal(first.epoch, 1)
  assert.equal(first.deviceId, ownDevice)
  assert.equal(first.key.byteLength, 32)
  assert.deepEqual(second, first)
  assert.deepEqual(await ring.current(group), first)
  assert.deepEqual(ring.find(group, ownDevice, 1), first.key)
  const other = await ring.current(bytes(32))
  assert.notDeepEqual(other.key, first.key, 'another group gets its own key')
})

test('rotating makes a new key one epoch up; the old ones still open old messages', async (t) => {
  const { ring } = await openRing(t)
  const group = bytes(32)
  const first = await ring.current(group)
  const second = await ring.rotate(group)
  assert.equal(second.epoch, 2)
  assert.notDeepEqual(second.key, first.key)
  assert.deepEqual(await ring.current(group), second)
  assert.deepEqual(ring.find(group, ownDevice, 1), first.key)
  assert.equal((await ring.rotate(group)).epoch, 3)
})

test('every key survives a restart: our own current one and the ones other devices sent', async (t) => {
  const opened = await openRing(t)
  const group = bytes(32)
  await opened.ring.current(group)
  const own = await opened.ring.rotate(group)
  const bobs = { group, deviceId: bobDevice, epoch: 4, key: bytes(32) }
  await opened.ring.remember(bobs)
  const { ring } = await opened.restart()
  assert.deepEqual(await ring.current(group), own)
  assert.ok(ring.find(group, ownDevice, 1) != null)
  assert.deepEqual(ring.find(group, bobDevice, 4), bobs.key)
  assert.equal((await ring.rotate(group)).epoch, 3, 'the epochs go on from where they were')
})

test('a remembered key keeps every epoch: an older one is added, a known one is never replaced', async (t) => {
  const { ring } = await openRing(t)
  const group = bytes(32)
  const epoch5 = bytes(32)
  const epoch3 = bytes(32)
  await ring.remember({ group, deviceId: bobDevice, epoch: 5, key: epoch5 })
  await ring.remember({ group, deviceId: bobDevice, epoch: 3, key: epoch3 })
  await ring.remember({ group, deviceId: bobDevice, epoch: 5, key: bytes(32) })
  assert.deepEqual(ring.find(group, bobDevice, 5), epoch5)
  assert.deepEqual(ring.find(group, bobDevice, 3), epoch3)
  assert.equal(ring.find(group, bobDevice, 4), undefined)
  assert.equal(ring.find(bytes(32), bobDevice, 5), undefined, 'another group')
  assert.equal(ring.find(group, ownDevice, 5), undefined, 'another device')
})

test('the ring stays bounded: the newest 64 epochs per device, and no epoch more than 1000 above the last', async (t) => {
  const opened = await openRing(t)
  const group = bytes(32)
  for (let epoch = 1; epoch <= MAX_EPOCHS_KEPT + 6; epoch++) {
    await opened.ring.remember({ group, deviceId: bobDevice, epoch, key: bytes(32) })
  }
  const kept = (ring: SenderKeyRing): number[] => Array.from({ length: MAX_EPOCHS_KEPT + 6 }, (_, i) => i + 1).filter(epoch => ring.find(group, bobDevice, epoch) != null)
  assert.deepEqual(kept(opened.ring), Array.from({ length: MAX_EPOCHS_KEPT }, (_, i) => i + 7))
  const last = MAX_EPOCHS_KEPT + 6
  await assert.rejects(opened.ring.remember({ group, deviceId: bobDevice, epoch: last + MAX_EPOCH_JUMP + 1, key: bytes(32) }), invalid)
  await opened.ring.remember({ group, deviceId: bobDevice, epoch: last + MAX_EPOCH_JUMP, key: bytes(32) })
  assert.ok(opened.ring.find(group, bobDevice, last + MAX_EPOCH_JUMP) != null)
  const { ring } = await opened.restart()
  assert.deepEqual(kept(ring), Array.from({ length: MAX_EPOCHS_KEPT - 1 }, (_, i) => i + 8), 'on disk too')

  for (let i = 0; i <= MAX_EPOCHS_KEPT; i++) await ring.rotate(group)
  assert.equal((await ring.current(group)).epoch, MAX_EPOCHS_KEPT + 1)
  assert.equal(ring.find(group, ownDevice, 1), undefined, 'our own oldest key is dropped too')
  assert.ok(ring.find(group, ownDevice, 2) != null)
})

test('a malformed key, or one claiming to be this device\'s, is refused', async (t) => {
  const { ring } = await openRing(t)
  const group = bytes(32)
  const refused = [
    { group, deviceId: ownDevice, epoch: 1, key: bytes(32) },
    { group, deviceId: bobDevice, epoch: 0, key: bytes(32) },
    { group, deviceId: bobDevice, epoch: 1.5, key: bytes(32) },
    { group, deviceId: bobDevice, epoch: 2 ** 32, key: bytes(32) },
    { group, deviceId: bobDevice, epoch: 1, key: bytes(31) },
    { group: bytes(31), deviceId: bobDevice, epoch: 1, key: bytes(32) }
  ]
  for (const key of refused) {
    await assert.rejects(ring.remember(key), invalid, JSON.stringify({ ...key, group: key.group.byteLength, key: key.key.byteLength }))
  }
  assert.equal(ring.find(group, ownDevice, 1), undefined, 'nothing was kept')
  await assert.rejects(ring.current(bytes(31)), invalid)
})

test('forgetting a group drops every key of it, on disk too; a later key of ours goes on above the old epochs', async (t) => {
  const opened = await openRing(t)
  const group = bytes(32)
  const kept = bytes(32)
  await opened.ring.current(group)
  await opened.ring.rotate(group)
  await opened.ring.remember({ group, deviceId: bobDevice, epoch: 1, key: bytes(32) })
  const otherGroupKey = await opened.ring.current(kept)
  await opened.ring.forget(group)
  assert.equal(opened.ring.find(group, ownDevice, 2), undefined)
  assert.equal(opened.ring.find(group, bobDevice, 1), undefined)

  const { ring } = await opened.restart()
  assert.equal(ring.find(group, ownDevice, 1), undefined)
  assert.equal(ring.find(group, ownDevice, 2), undefined)
  assert.equal(ring.find(group, bobDevice, 1), undefined)
  assert.deepEqual(await ring.current(kept), otherGroupKey, 'another group keeps its keys')
  // members who kept our old keys never take a new key for an epoch they know: we go on at 3
  assert.equal((await ring.current(group)).epoch, 3)
})
