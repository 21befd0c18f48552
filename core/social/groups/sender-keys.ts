/**
 * The sender key ring: every group sender key this device knows, its own and other member
 * devices', kept in the store's `group-keys` sublevel (one JSON document per group and
 * device: `<group hex>!<device id>` → { epochs: { <epoch>: <base64 key> } }) and in memory.
 *
 * Each device seals its group messages with its own current key (group-cipher.ts); a new one
 * (epoch + 1) is made when a member leaves or is removed, and is then sent pairwise to the
 * remaining members' devices only, by the groups service. Receivers keep every epoch's key of
 * each sender device, to read older messages in catch-up, within bounds: at most
 * MAX_EPOCHS_KEPT per (group, device), the oldest dropped first, and a key whose epoch jumps
 * more than MAX_EPOCH_JUMP above the device's last one is refused. A key once known for an
 * epoch is never replaced, so this device never reuses an epoch in a group: forgetting a group
 * keeps the last epoch it used there (`retired`, no key), and a later key (say, after a kick
 * and an add) goes on from it. Writes go through the store's journal, so a key is on disk
 * before anything is sealed with it. Never sends anything: that is the service's job.
 */

import { InvalidArgumentError, type DeviceId } from '../../api/index.ts'
import { randomBytes, SECRETBOX_KEY_BYTES } from '../../crypto/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../../store/index.ts'
import { GROUP_ID_BYTES } from '../../wire/index.ts'

export interface SenderKey {
  group: Uint8Array
  deviceId: DeviceId
  epoch: number
  key: Uint8Array
}

export interface SenderKeyRing {
  /** reads every kept key from the store; call once before anything else */
  load: () => Promise<void>
  /** this device's current key for the group, made (epoch 1) and persisted if it has none */
  current: (group: Uint8Array) => Promise<SenderKey>
  /** a new key (epoch + 1) for this device: call when a member left or was removed */
  rotate: (group: Uint8Array) => Promise<SenderKey>
  /**
   * a key another device sent us (kept; an older or equal epoch for a device never replaces a
   * newer one, but is kept for old messages). InvalidArgumentError for a malformed key, a key
   * of this device, or an epoch more than MAX_EPOCH_JUMP above the device's last.
   */
  remember: (key: SenderKey) => Promise<void>
  find: (group: Uint8Array, deviceId: DeviceId, epoch: number) => Uint8Array | undefined
  /** forget every key of a group (this account left it, or it was dissolved) */
  forget: (group: Uint8Array) => Promise<void>
}

export interface SenderKeyRingComponents {
  store: Store
  /** this device: its keys are made here, never remembered from others */
  deviceId: DeviceId
}

/** Most epochs kept per (group, device): the oldest beyond it are dropped. */
export const MAX_EPOCHS_KEPT = 64
/** How far above a device's last known epoch a remembered key may be. */
export const MAX_EPOCH_JUMP = 1000
const MAX_EPOCH = 0xffffffff

/** What the sublevel keeps per (group, device). */
interface StoredKeys {
  /** epoch → base64 key */
  epochs: Record<string, string>
  /** this device's last epoch in a group it forgot */
  retired?: number
}

type Epochs = Map<number, Uint8Array>

function groupHex (group: Uint8Array): string {
  if (group.byteLength !== GROUP_ID_BYTES) {
    throw new InvalidArgumentError(`a group id is ${GROUP_ID_BYTES} bytes, got ${group.byteLength}`)
  }
  return Buffer.from(group).toString('hex')
}

function newest (epochs: Epochs | undefined): number | undefined {
  return epochs == null || epochs.size === 0 ? undefined : Math.max(...epochs.keys())
}

export function createSenderKeyRing (components: SenderKeyRingComponents): SenderKeyRing {
  const { store, deviceId: ownDevice } = components
  const sublevel: JsonSublevel<StoredKeys> = store.json<StoredKeys>('group-keys')
  /** group hex → device → epoch → key */
  const groups = new Map<string, Map<DeviceId, Epochs>>()
  /** group hex → the last epoch this device used in a group it forgot */
  const retired = new Map<string, number>()
  /** changes one after another, so two callers never both make a device's next epoch */
  let queue: Promise<unknown> = Promise.resolve()
  const serially = async <T>(change: () => Promise<T>): Promise<T> => {
    const next = queue.then(change)
    queue = next.catch(() => {})
    return await next
  }

  const epochsOf = (hex: string, deviceId: DeviceId): Epochs | undefined => groups.get(hex)?.get(deviceId)
  const keep = (hex: string, deviceId: DeviceId, epochs: Epochs): void => {
    let devices = groups.get(hex)
    if (devices == null) {
      devices = new Map()
      groups.set(hex, devices)
    }
    devices.set(deviceId, epochs)
  }

  /** keeps `epochs` as the device's keys, the newest MAX_EPOCHS_KEPT of them, in memory and on disk */
  const save = async (hex: string, deviceId: DeviceId, epochs: Epochs): Promise<void> => {
    const kept = [...epochs.keys()].sort((a, b) => b - a).slice(0, MAX_EPOCHS_KEPT)
    const trimmed: Epochs = new Map(kept.map(epoch => [epoch, epochs.get(epoch) as Uint8Array]))
    const value: StoredKeys = { epochs: Object.fromEntries(kept.map(epoch => [String(epoch), Buffer.from(trimmed.get(epoch) as Uint8Array).toString('base64')])) }
    await store.batch([{ type: 'put', sublevel, key: `${hex}!${deviceId}`, value } as BatchOperation])
    keep(hex, deviceId, trimmed)
    if (deviceId === ownDevice) retired.delete(hex)
  }

  const senderKey = (group: Uint8Array, deviceId: DeviceId, epoch: number, key: Uint8Array): SenderKey => ({ group, deviceId, epoch, key })

  /** this device's next key for the group (epoch 1 when it has none), persisted */
  const makeNext = async (group: Uint8Array, hex: string): Promise<SenderKey> => {
    const epochs = new Map(epochsOf(hex, ownDevice))
    const epoch = Math.max(newest(epochs) ?? 0, retired.get(hex) ?? 0) + 1
    if (epoch > MAX_EPOCH) {
      throw new InvalidArgumentError(`this device used every sender key epoch of group ${hex}`)
    }
    const key = randomBytes(SECRETBOX_KEY_BYTES)
    epochs.set(epoch, key)
    await save(hex, ownDevice, epochs)
    return senderKey(group, ownDevice, epoch, key)
  }

  const ownCurrent = (group: Uint8Array, hex: string): SenderKey | undefined => {
    const epochs = epochsOf(hex, ownDevice)
    const epoch = newest(epochs)
    return epoch == null ? undefined : senderKey(group, ownDevice, epoch, epochs?.get(epoch) as Uint8Array)
  }

  const checkRemembered = (key: SenderKey): void => {
    if (key.deviceId === ownDevice) {
      throw new InvalidArgumentError('this device\'s own sender keys are made here, never taken from others')
    }
    if (!Number.isInteger(key.epoch) || key.epoch < 1 || key.epoch > MAX_EPOCH) {
      throw new InvalidArgumentError(`a sender key epoch is 1–${MAX_EPOCH}, got ${key.epoch}`)
    }
    if (key.key.byteLength !== SECRETBOX_KEY_BYTES) {
      throw new InvalidArgumentError(`a sender key is ${SECRETBOX_KEY_BYTES} bytes, got ${key.key.byteLength}`)
    }
  }

  return {
    load: async () => {
      groups.clear()
      retired.clear()
      for await (const [storedKey, value] of sublevel.iterator()) {
        const separator = storedKey.indexOf('!')
        const hex = storedKey.slice(0, separator)
        if (value.retired != null) {
          retired.set(hex, value.retired)
        } else {
          keep(hex, storedKey.slice(separator + 1), new Map(Object.entries(value.epochs).map(([epoch, key]) => [Number(epoch), new Uint8Array(Buffer.from(key, 'base64'))])))
        }
      }
    },

    current: async (group) => {
      const hex = groupHex(group)
      return ownCurrent(group, hex) ?? await serially(async () => ownCurrent(group, hex) ?? await makeNext(group, hex))
    },

    rotate: async (group) => {
      const hex = groupHex(group)
      return await serially(async () => await makeNext(group, hex))
    },

    remember: async (key) => {
      const hex = groupHex(key.group)
      checkRemembered(key)
      await serially(async () => {
        const known = epochsOf(hex, key.deviceId)
        if (known?.has(key.epoch) === true) return
        const last = newest(known)
        if (last != null && key.epoch > last + MAX_EPOCH_JUMP) {
          throw new InvalidArgumentError(`device ${key.deviceId} sent sender key epoch ${key.epoch}, more than ${MAX_EPOCH_JUMP} above its last (${last})`)
        }
        await save(hex, key.deviceId, new Map(known).set(key.epoch, key.key.slice()))
      })
    },

    find: (group, deviceId, epoch) => group.byteLength === GROUP_ID_BYTES ? epochsOf(groupHex(group), deviceId)?.get(epoch) : undefined,

    forget: async (group) => {
      const hex = groupHex(group)
      await serially(async () => {
        const devices = groups.get(hex)
        if (devices == null) return
        const last = newest(devices.get(ownDevice))
        await store.batch([...devices.keys()].map(deviceId => deviceId === ownDevice && last != null
          ? { type: 'put', sublevel, key: `${hex}!${deviceId}`, value: { epochs: {}, retired: last } } as BatchOperation
          : { type: 'del', sublevel, key: `${hex}!${deviceId}` } as BatchOperation))
        groups.delete(hex)
        if (last != null) retired.set(hex, last)
      })
    }
  }
}
