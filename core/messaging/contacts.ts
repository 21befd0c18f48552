/**
 * The contact book: who we talk to, their certified devices and whether they are accepted,
 * a stranger's message request, or blocked. Owns the `contacts` sublevel (accountId →
 * ContactRecord) and keeps an in-memory index device → account for incoming streams.
 *
 * A device belongs to one account. A certificate only proves that *some* account signed it,
 * so a certificate naming a device that another account already holds here is refused
 * (DeviceClaimedError), wherever it came from (an invite, a DHT record, a hello) — unless
 * the device itself proved it (a hello on a connection authenticated as that device): a
 * device key holder outranks a claim anyone could have signed, and the claim is dropped.
 * Names resolve only to accepted contacts: a stranger chooses its own name.
 *
 * Writes to one account's record happen one at a time: `save` merges what arrived since its
 * caller read the record (keepLearnt), and `update` changes the record as it is now.
 */

import { fromString, toString } from 'uint8arrays'
import { logger } from '@libp2p/logger'
import {
  DeviceClaimedError, UncertifiedDeviceError, UnknownContactError, type AccountId, type ContactStatus, type DeviceId
} from '../api/index.ts'
import { looksLikeAccountId, publicKeyFromAccountId, verifyDeviceCertificate, type VerifiedDevice } from '../identity/index.ts'
import type { JsonSublevel, Store } from '../store/index.ts'
import { decodeCertificate, encodeCertificate } from '../wire/index.ts'
import { createKeyedLocks } from './keyed-locks.ts'

export interface ContactRecord {
  accountId: AccountId
  name: string
  status: ContactStatus
  /** base64 device certificates, verified when loaded */
  devices: string[]
  addedAt: number
  /** while blocked: the status to return to when unblocked */
  unblockedStatus?: 'accepted' | 'request'
  /** they sent us a contact request (they added us, or accepted our request): with ours, friends */
  theyAdded?: boolean
  /** the note that came with their contact request */
  note?: string
  /** the devices the user verified the safety number with; absent: not verified */
  verifiedDevices?: DeviceId[]
}

export interface ContactEntry {
  record: ContactRecord
  devices: VerifiedDevice[]
}

/** what `update` saves: a record, and a device to merge in (as `save` takes them) */
export interface ContactChange {
  record: ContactRecord
  device?: VerifiedDevice
  proven?: boolean
}

export interface ContactBook {
  load: () => Promise<void>
  get: (accountId: AccountId) => ContactEntry | undefined
  /** by account id, or by an accepted contact's name (case-insensitive) when unambiguous */
  resolve: (peer: string) => ContactEntry
  byDevice: (deviceId: DeviceId) => ContactEntry | undefined
  all: () => ContactEntry[]
  /**
   * inserts or replaces a record; merges in `device` when given: UncertifiedDeviceError when
   * it is certified by another account than the record's, DeviceClaimedError when another
   * contact holds that device (unless `proven`: the device itself presented it)
   */
  save: (record: ContactRecord, device?: VerifiedDevice, options?: { proven?: boolean }) => Promise<ContactEntry>
  /**
   * a change made from the record as it is now, after the saves before it (undefined: none
   * yet): `change` returns what to save, as `save` takes it, or nothing to leave it; resolves
   * with the saved entry and whether it made the record
   */
  update: (accountId: AccountId, change: (current: ContactRecord | undefined) => ContactChange | undefined) => Promise<{ entry: ContactEntry, created: boolean } | undefined>
  /** DeviceClaimedError when another account than the device's own holds it here */
  checkClaim: (device: VerifiedDevice) => void
  /** forgets a contact and its devices */
  remove: (accountId: AccountId) => Promise<void>
}

const log = logger('tim:contacts')

function certificateText (device: VerifiedDevice): string {
  return toString(encodeCertificate(device.certificate), 'base64')
}

function verifyStored (text: string): VerifiedDevice {
  return verifyDeviceCertificate(decodeCertificate(fromString(text, 'base64')))
}

/**
 * What a save made from an older read must not undo: that the other side added us (its contact
 * request and note arrive on their own, while our user may be adding or accepting the same
 * account), and an accepted contact turning back into a request. Removing a contact deletes
 * its record; nothing else clears these.
 */
function keepLearnt (current: ContactRecord | undefined, next: ContactRecord): ContactRecord {
  if (current == null) return next
  return {
    ...next,
    ...(current.theyAdded === true ? { theyAdded: true } : {}),
    ...(next.note == null && current.note != null ? { note: current.note } : {}),
    ...(current.status === 'accepted' && next.status === 'request' ? { status: 'accepted' } : {})
  }
}

export function createContactBook (store: Store): ContactBook {
  const sublevel: JsonSublevel<ContactRecord> = store.json<ContactRecord>('contacts')
  const entries = new Map<AccountId, ContactEntry>()
  const deviceIndex = new Map<DeviceId, AccountId>()
  const lock = createKeyedLocks()

  const index = (record: ContactRecord): ContactEntry => {
    const entry = { record, devices: record.devices.map(verifyStored) }
    entries.set(record.accountId, entry)
    entry.devices.forEach(device => {
      // data written before devices were bound: the first account keeps a claimed device
      if (!deviceIndex.has(device.deviceId)) {
        deviceIndex.set(device.deviceId, record.accountId)
      }
    })
    return entry
  }

  const write = async (record: ContactRecord): Promise<ContactEntry> => {
    await sublevel.put(record.accountId, record)
    return index(record)
  }

  /** another account's claim on `device`, dropped because the device proved it is not theirs */
  const dropClaim = async (holder: AccountId, device: VerifiedDevice): Promise<void> => {
    const entry = entries.get(holder)
    deviceIndex.delete(device.deviceId)
    if (entry == null) {
      return
    }
    log('device %s proved it belongs to %s: dropped the claim of %s', device.deviceId, device.accountId, holder)
    const devices = entry.record.devices.filter(text => verifyStored(text).deviceId !== device.deviceId)
    await write({ ...entry.record, devices })
  }

  const checkClaim = (device: VerifiedDevice): void => {
    const holder = deviceIndex.get(device.deviceId)
    if (holder != null && holder !== device.accountId) {
      throw new DeviceClaimedError(`device ${device.deviceId} already belongs to ${holder}; ${device.accountId} cannot claim it`)
    }
  }

  /** writes `record` (merging in `device`, see `save`); callers hold the account's lock */
  const put = async (record: ContactRecord, device: VerifiedDevice | undefined, proven: boolean): Promise<ContactEntry> => {
    const next = { ...record, devices: [...record.devices] }
    if (device != null) {
      if (device.accountId !== record.accountId) {
        throw new UncertifiedDeviceError(`device ${device.deviceId} is certified by ${device.accountId}, not by ${record.accountId}`)
      }
      if (proven) {
        const holder = deviceIndex.get(device.deviceId)
        if (holder != null && holder !== record.accountId) {
          await dropClaim(holder, device)
        }
      }
      checkClaim(device)
      const existing = next.devices.findIndex(text => verifyStored(text).deviceId === device.deviceId)
      if (existing >= 0) {
        next.devices[existing] = certificateText(device)
      } else {
        next.devices.push(certificateText(device))
      }
    }
    return await write(next)
  }

  return {
    checkClaim,
    remove: async (accountId) => lock(accountId, async () => {
      const entry = entries.get(accountId)
      await sublevel.del(accountId)
      entries.delete(accountId)
      entry?.devices.forEach(device => {
        if (deviceIndex.get(device.deviceId) === accountId) {
          deviceIndex.delete(device.deviceId)
        }
      })
    }),
    load: async () => {
      for await (const record of sublevel.values()) {
        index(record)
      }
    },
    get: (accountId) => entries.get(accountId),
    resolve: (peer) => {
      // an id or name pasted with a stray space or newline still means the same contact
      const text = String(peer).trim()
      const exact = entries.get(text)
      if (exact != null) {
        return exact
      }
      const wanted = text.toLowerCase()
      const matches = [...entries.values()].filter(entry => entry.record.status === 'accepted' && entry.record.name.toLowerCase() === wanted)
      if (matches.length === 1) {
        return matches[0]
      }
      if (matches.length > 1) {
        throw new UnknownContactError(`${matches.length} contacts are named "${peer}": use the account id`)
      }
      if (looksLikeAccountId(text)) {
        // a mistyped id hears what is wrong with it (checksum, length) rather than "no such name"
        publicKeyFromAccountId(text)
        throw new UnknownContactError(`${text} is not one of your contacts: add their invite first`)
      }
      throw new UnknownContactError(`no accepted contact is named "${peer}" (and it is not an account id)`)
    },
    byDevice: (deviceId) => {
      const accountId = deviceIndex.get(deviceId)
      return accountId == null ? undefined : entries.get(accountId)
    },
    all: () => [...entries.values()],
    // one save at a time per account: each merges what the one before it learnt (keepLearnt)
    save: async (record, device, options = {}) => lock(record.accountId, async () =>
      await put(keepLearnt(entries.get(record.accountId)?.record, record), device, options.proven === true)),
    update: async (accountId, change) => lock(accountId, async () => {
      const current = entries.get(accountId)?.record
      const next = change(current)
      if (next == null) return undefined
      return { entry: await put(next.record, next.device, next.proven === true), created: current == null }
    })
  }
}