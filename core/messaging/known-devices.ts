/**
 * Devices of accounts that are not contacts, which this node sealed bodies for (a group's
 * members): the outbox and the hand-over to mailboxes look a device up here when the contact
 * book does not have it. Bounded: the least recently learnt are forgotten first. In memory
 * only; the rooms above learn them again after a restart.
 */

import type { DeviceId } from '../api/index.ts'
import type { VerifiedDevice } from '../identity/index.ts'

export interface KnownDevices {
  learn: (device: VerifiedDevice) => void
  get: (deviceId: DeviceId) => VerifiedDevice | undefined
}

const DEFAULT_CAPACITY = 10_000

export function createKnownDevices (capacity = DEFAULT_CAPACITY): KnownDevices {
  const devices = new Map<DeviceId, VerifiedDevice>()
  return {
    learn: (device) => {
      devices.delete(device.deviceId)
      if (devices.size >= capacity) devices.delete(devices.keys().next().value as DeviceId)
      devices.set(device.deviceId, device)
    },
    get: (deviceId) => devices.get(deviceId)
  }
}
