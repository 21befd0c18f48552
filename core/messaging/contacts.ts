/**
 * The contact book: who we talk to, their certified devices and whether they are accepted,
 * a stranger's message request, or blocked. Owns the `contacts` sublevel (accountId →
 * ContactRecord) and keeps an in-memory index device → account for incoming streams.
 */

import { fromString, toString } from 'uint8arrays'
import {
  UncertifiedDeviceError, UnknownContactError, type AccountId, type ContactStatus, type DeviceId
} from '../api/index.ts'
import { looksLikeAccountId, publicKeyFromAccountId, verifyDeviceCertificate, type VerifiedDevice } from '../identity/index.ts'
import type { JsonSublevel, Store } from '../store/index.ts'
import { decodeCertificate, encodeCertificate } from '../wire/index.ts'

export interface ContactRecord {
  accountId: AccountId
  name: string
  status: ContactStatus
  /** base64 device certificates, verified when loaded */
  devices: string[]
  addedAt: number
}

export interface ContactEntry {
  record: ContactRecord
  devices: VerifiedDevice[]
}

export interface ContactBook {
  load: () => Promise<void>
  get: (accountId: AccountId) => ContactEntry | undefined
  /** by account id, or by name (case-insensitive) when unambiguous */
  resolve: (peer: string) => ContactEntry
  byDevice: (deviceId: DeviceId) => ContactEntry | undefined
  all: () => ContactEntry[]
  /** inserts or replaces a record; merges in `device` when given (UncertifiedDeviceError when another account certified it) */
  save: (record: ContactRecord, device?: VerifiedDevice) => Promise<ContactEntry>
}

function certificateText (device: VerifiedDevice): string {
  return toString(encodeCertificate(device.certificate), 'base64')
}

function verifyStored (text: string): VerifiedDevice {
  return verifyDeviceCertificate(decodeCertificate(fromString(text, 'base64')))
}

export function createContactBook (store: Store): ContactBook {
  const sublevel: JsonSublevel<ContactRecord> = store.json<ContactRecord>('contacts')
  const entries = new Map<AccountId, ContactEntry>()
  const deviceIndex = new Map<DeviceId, AccountId>()

  const index = (record: ContactRecord): ContactEntry => {
    const entry = { record, devices: record.devices.map(verifyStored) }
    entries.set(record.accountId, entry)
    entry.devices.forEach(device => deviceIndex.set(device.deviceId, record.accountId))
    return entry
  }

  return {
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
      const matches = [...entries.values()].filter(entry => entry.record.name.toLowerCase() === wanted)
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
      throw new UnknownContactError(`no contact is named "${peer}" (and it is not an account id)`)
    },
    byDevice: (deviceId) => {
      const accountId = deviceIndex.get(deviceId)
      return accountId == null ? undefined : entries.get(accountId)
    },
    all: () => [...entries.values()],
    save: async (record, device) => {
      const next = { ...record, devices: [...record.devices] }
      if (device != null) {
        if (device.accountId !== record.accountId) {
          throw new UncertifiedDeviceError(`device ${device.deviceId} is certified by ${device.accountId}, not by ${record.accountId}`)
        }
        const existing = next.devices.findIndex(text => verifyStored(text).deviceId === device.deviceId)
        if (existing >= 0) {
          next.devices[existing] = certificateText(device)
        } else {
          next.devices.push(certificateText(device))
        }
      }
      await sublevel.put(next.accountId, next)
      return index(next)
    }
  }
}
