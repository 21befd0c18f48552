/**
 * Contacts as the user manages them: adding one from an invite or a bare account id (through
 * its DHT record), with a contact request and its note; accepting, blocking, unblocking,
 * renaming and removing; safety numbers and verification (a verified contact whose devices
 * changed is flagged); the devices contacts present (certificates, DHT records); and what
 * clients are shown of a contact. Every change is told to clients as `contact:updated` or
 * `contact:removed`.
 */

import type { Logger } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  ContactBlockedError, InvalidArgumentError, SelfContactError, UnknownContactError, limits,
  type AbortOptions, type AccountId, type Contact, type DeviceId, type Presence, type SafetyNumber
} from '../api/index.ts'
import {
  looksLikeAccountId, parseInvite, publicKeyFromAccountId, safetyNumber, safetyNumberQr,
  type LocalIdentity, type VerifiedAccountRecord, type VerifiedDevice
} from '../identity/index.ts'
import { bestPath, upgradeFailure, type TimLibp2p } from '../net/index.ts'
import type { ContactBook, ContactEntry, ContactRecord } from './contacts.ts'
import type { AccountDirectory } from './directory.ts'
import type { EventHub } from './events.ts'
import type { Outgoing } from './outgoing.ts'
import type { Reachability } from './reachability.ts'
import type { RequestCounter } from './requests.ts'
import type { Stats } from './stats.ts'

/** What messaging asks of presence: how a contact appears now. */
export interface PresenceView {
  presenceOf: (account: AccountId) => Presence
  /** this node appears offline to its contacts: it sends them no receipts */
  invisible: () => boolean
  /** the contacts are loaded: presence can tell (or, invisible, hang up on) those connected already */
  contactsKnown?: () => Promise<void>
}

export interface ContactManagerComponents {
  identity: LocalIdentity
  libp2p: TimLibp2p
  contacts: ContactBook
  directory: AccountDirectory
  reachability: Reachability
  requests: RequestCounter
  outgoing: Pick<Outgoing, 'queueSealed'>
  events: EventHub
  stats: Stats
  presence?: () => PresenceView | undefined
  log: Logger
}

export interface ContactManager {
  view: (entry: ContactEntry) => Promise<Contact>
  add: (request: { invite: string, name?: string, note?: string }, options?: AbortOptions) => Promise<Contact>
  setStatus: (peer: string, status: ContactRecord['status']) => Promise<Contact>
  unblock: (peer: string) => Promise<Contact>
  remove: (peer: string) => Promise<void>
  rename: (peer: string, name: string) => Promise<Contact>
  safetyNumber: (peer: string) => Promise<SafetyNumber>
  verify: (peer: string, verified: boolean) => Promise<Contact>
  /** stores a device certificate that a contact's device presented (with proof), if it is news */
  learnDevice: (device: VerifiedDevice) => Promise<void>
  /** looks the device's account up in the directory, at most once per lookup interval */
  refreshFromDirectory: (deviceId: DeviceId, kick: (deviceId: DeviceId) => void) => Promise<void>
}

const offline: Presence = { status: 'offline' }

function checkName (name: unknown): string {
  const chosen = typeof name === 'string' ? name.trim() : ''
  if (chosen.length === 0 || chosen.length > limits.maxNameLength) {
    throw new InvalidArgumentError(`a contact name is 1–${limits.maxNameLength} characters`)
  }
  return chosen
}

function checkNote (note: unknown): string {
  if (note == null) return ''
  if (typeof note !== 'string' || note.length > limits.maxNoteLength) {
    throw new InvalidArgumentError(`a note is at most ${limits.maxNoteLength} characters`)
  }
  return note.trim()
}

export function createContactManager (components: ContactManagerComponents, init: { lookupIntervalMs: number }): ContactManager {
  const { identity, libp2p, contacts, directory, reachability, requests, outgoing, events, log } = components
  const lastLookup = new Map<AccountId, number>()

  const view = async (entry: ContactEntry): Promise<Contact> => {
    const devices = await Promise.all(entry.devices.map(async device => {
      const peerId = peerIdFromString(device.deviceId)
      const peer = await libp2p.peerStore.get(peerId).catch(() => undefined)
      const failure = upgradeFailure(libp2p, peerId)
      return {
        deviceId: device.deviceId,
        name: device.name,
        created: device.created,
        addresses: (peer?.addresses ?? []).map(address => address.multiaddr.toString()),
        connection: bestPath(libp2p.getConnections(peerId)),
        ...(failure != null ? { upgradeFailure: failure } : {})
      }
    }))
    const { record } = entry
    const verified = record.verifiedDevices != null
    return {
      accountId: record.accountId,
      name: record.name,
      status: record.status,
      devices,
      reachability: reachability.of(entry),
      addedAt: record.addedAt,
      friend: record.status === 'accepted' && record.theyAdded === true,
      ...(record.note != null && record.note.length > 0 ? { note: record.note } : {}),
      verified,
      keysChanged: verified && entry.devices.some(device => !(record.verifiedDevices ?? []).includes(device.deviceId)),
      presence: record.status === 'accepted' ? components.presence?.()?.presenceOf(record.accountId) ?? offline : offline
    }
  }

  const changed = async (entry: ContactEntry): Promise<Contact> => {
    const contact = await view(entry)
    events.emit('contact:updated', contact)
    return contact
  }

  /** devices and addresses of an account from its DHT record, merged into contacts and the peer store */
  const applyRecord = async (record: VerifiedAccountRecord, entry: ContactEntry): Promise<ContactEntry> => {
    let updated = entry
    for (const { device, addresses } of record.devices) {
      updated = await contacts.save(updated.record, device)
      await libp2p.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: addresses.map(address => multiaddr(address)) })
    }
    return updated
  }

  /** saves the account as an accepted contact and sends it our contact request */
  const accept = async (existing: ContactRecord | undefined, accountId: AccountId, name: string, note: string, device?: VerifiedDevice): Promise<ContactEntry> => {
    if (existing?.status === 'blocked') {
      throw new ContactBlockedError(`${existing.name} (${existing.accountId}) is blocked: unblock them first`)
    }
    const record: ContactRecord = existing ?? { accountId, name, status: 'accepted', devices: [], addedAt: Date.now() }
    return contacts.save({ ...record, name, status: 'accepted' }, device).then(async entry => {
      if (existing?.status !== 'accepted' || note.length > 0) {
        await outgoing.queueSealed(entry, { kind: 'contact-request', note })
      }
      return entry
    })
  }

  const addFromDirectory = async (accountId: AccountId, name: string | undefined, note: string, options: AbortOptions): Promise<Contact> => {
    publicKeyFromAccountId(accountId)
    if (accountId === identity.accountId) {
      throw new SelfContactError('that is your own account')
    }
    const record = await directory.lookup(accountId, options.signal)
    if (record == null) {
      throw new UnknownContactError(`no account record for ${accountId} was found in the DHT: ask for an invite link instead`)
    }
    record.devices.forEach(({ device }) => { contacts.checkClaim(device) })
    const chosen = checkName(name ?? record.devices[0].device.name)
    const existing = contacts.get(accountId)?.record
    if (existing?.status === 'blocked') {
      throw new ContactBlockedError(`${existing.name} (${existing.accountId}) is blocked: unblock them first`)
    }
    const entry = await applyRecord(record, await contacts.save(existing ?? { accountId, name: chosen, status: 'accepted', devices: [], addedAt: Date.now() }))
    const added = await accept(entry.record, accountId, chosen, note)
    reachability.dial(added)
    return changed(added)
  }

  const setStatus = async (peer: string, status: ContactRecord['status']): Promise<Contact> => {
    const { record } = contacts.resolve(peer)
    const next: ContactRecord = { ...record, status }
    delete next.unblockedStatus
    if (status === 'blocked' && record.status !== 'blocked') {
      next.unblockedStatus = record.status
    }
    let entry = await contacts.save(next)
    if (status === 'blocked') {
      reachability.hangUp(entry)
    } else if (record.status === 'blocked') {
      if (status === 'request') {
        await requests.recount(record.accountId)
      }
      reachability.dial(entry)
    }
    if (status === 'accepted' && record.status === 'request') {
      // accepting a request tells them: with theirs, that makes friends
      // the record as it was: `accept` sends the request only to one not yet accepted
      entry = await accept(record, record.accountId, record.name, '')
    }
    return changed(entry)
  }

  return {
    view,
    setStatus,

    add: async ({ invite, name, note }, options = {}) => {
      const noteText = checkNote(note)
      if (typeof invite === 'string' && looksLikeAccountId(invite.trim())) {
        return addFromDirectory(invite.trim(), name, noteText, options)
      }
      const parsed = parseInvite(invite)
      const device = parsed.device
      if (device.accountId === identity.accountId) {
        throw new SelfContactError('that invite is your own account')
      }
      const chosen = checkName(name ?? device.name)
      const entry = await accept(contacts.get(device.accountId)?.record, device.accountId, chosen, noteText, device)
      await libp2p.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: parsed.addresses.map(address => multiaddr(address)) })
      reachability.dial(entry)
      return changed(entry)
    },

    unblock: async (peer) => {
      const { record } = contacts.resolve(peer)
      if (record.status !== 'blocked') {
        throw new InvalidArgumentError(`${record.name} is not blocked`)
      }
      return setStatus(peer, record.unblockedStatus ?? 'accepted')
    },

    remove: async (peer) => {
      const { record } = contacts.resolve(peer)
      await contacts.remove(record.accountId)
      events.emit('contact:removed', { accountId: record.accountId })
    },

    rename: async (peer, name) => {
      const { record } = contacts.resolve(peer)
      return changed(await contacts.save({ ...record, name: checkName(name) }))
    },

    safetyNumber: async (peer) => {
      const entry = contacts.resolve(peer)
      const contact = await view(entry)
      return {
        accountId: entry.record.accountId,
        safetyNumber: safetyNumber(identity.accountId, entry.record.accountId),
        qr: safetyNumberQr(identity.accountId, entry.record.accountId),
        verified: contact.verified,
        keysChanged: contact.keysChanged
      }
    },

    verify: async (peer, verified) => {
      const entry = contacts.resolve(peer)
      const next: ContactRecord = { ...entry.record }
      delete next.verifiedDevices
      if (verified) {
        next.verifiedDevices = entry.devices.map(device => device.deviceId)
      }
      return changed(await contacts.save(next))
    },

    learnDevice: async (device) => {
      const entry = contacts.get(device.accountId)
      if (entry == null) {
        return
      }
      const known = entry.devices.find(d => d.deviceId === device.deviceId)
      if (known != null && known.created >= device.created) {
        return
      }
      // every caller has proof that the device holds its key: a connection authenticated as it, or its signature
      await contacts.save(entry.record, device, { proven: true })
    },

    refreshFromDirectory: async (deviceId, kick) => {
      const entry = contacts.byDevice(deviceId)
      const accountId = entry?.record.accountId
      if (entry == null || accountId == null || Date.now() - (lastLookup.get(accountId) ?? 0) < init.lookupIntervalMs) {
        return
      }
      lastLookup.set(accountId, Date.now())
      const record = await directory.lookup(accountId).catch(() => null)
      if (record != null) {
        await applyRecord(record, entry).then(() => { kick(deviceId) }, (err: Error) => {
          components.stats.fault(err)
          log('the directory record of %s was not applied: %s', accountId, err.message)
        })
      }
    }
  }
}
