/**
 * The devices of group members, as this node knows them: certified devices seen signing a
 * group op or handing us a sender key (proof they hold their keys), a contact's devices, and
 * an account's DHT record (looked up at most once per interval per account). Bounded: at most
 * a few devices per account and a bounded number of accounts, least recently used out first.
 */

import type { AccountId, DeviceId } from '../../api/index.ts'
import type { VerifiedDevice } from '../../identity/index.ts'

export interface MemberDevicesInit {
  /** the devices of an account from contacts or its DHT record */
  lookup: (account: AccountId, signal?: AbortSignal) => Promise<VerifiedDevice[]>
  /** least time between two lookups of one account, ms */
  lookupIntervalMs: number
}

export interface MemberDevices {
  learn: (device: VerifiedDevice) => void
  /** a device seen before */
  device: (deviceId: DeviceId) => VerifiedDevice | undefined
  /** every device known of the account, looked up when none is known (or the last lookup is old) */
  of: (account: AccountId, signal?: AbortSignal) => Promise<VerifiedDevice[]>
  /** the devices known of the account now, without a lookup */
  known: (account: AccountId) => VerifiedDevice[]
}

const MAX_ACCOUNTS = 20_000
const MAX_DEVICES_PER_ACCOUNT = 8

export function createMemberDevices (init: MemberDevicesInit): MemberDevices {
  const byAccount = new Map<AccountId, Map<DeviceId, VerifiedDevice>>()
  const byDevice = new Map<DeviceId, VerifiedDevice>()
  const lookedUp = new Map<AccountId, number>()
  /** lookups under way, by account */
  const inFlight = new Map<AccountId, Promise<void>>()

  const learn = (device: VerifiedDevice): void => {
    let devices = byAccount.get(device.accountId)
    if (devices == null) {
      if (byAccount.size >= MAX_ACCOUNTS) {
        const [oldest, gone] = byAccount.entries().next().value as [AccountId, Map<DeviceId, VerifiedDevice>]
        byAccount.delete(oldest)
        gone.forEach((_device, id) => byDevice.delete(id))
      }
      devices = new Map()
      byAccount.set(device.accountId, devices)
    }
    const known = devices.get(device.deviceId)
    if (known != null && known.created >= device.created) return
    if (known == null && devices.size >= MAX_DEVICES_PER_ACCOUNT) {
      const oldest = [...devices.values()].sort((a, b) => a.created - b.created)[0]
      devices.delete(oldest.deviceId)
      byDevice.delete(oldest.deviceId)
    }
    devices.set(device.deviceId, device)
    byDevice.set(device.deviceId, device)
  }

  return {
    learn,
    device: (deviceId) => byDevice.get(deviceId),
    known: (account) => [...(byAccount.get(account)?.values() ?? [])],
    of: async (account, signal) => {
      const known = byAccount.get(account)
      const last = lookedUp.get(account) ?? 0
      if ((known == null || known.size === 0) && Date.now() - last >= init.lookupIntervalMs) {
        lookedUp.set(account, Date.now())
        if (lookedUp.size > MAX_ACCOUNTS) lookedUp.delete(lookedUp.keys().next().value as AccountId)
        const lookup = init.lookup(account, signal).then(found => {
          for (const device of found) {
            if (device.accountId === account) learn(device)
          }
        }).finally(() => { inFlight.delete(account) })
        inFlight.set(account, lookup)
      }
      // a caller during another's lookup waits for its answer instead of taking "none known"
      await inFlight.get(account)
      return [...(byAccount.get(account)?.values() ?? [])]
    }
  }
}
