/**
 * How each contact can be reached right now, from libp2p's connections to its devices: told to
 * clients as `contact:reachability` when it changes. Dials contacts at start and when added,
 * and hangs up on blocked accounts' devices at once (a blocked account meets what an offline
 * node shows). Kicks delivery when a device connects.
 */

import type { Logger } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { ContactBlockedError, type AccountId, type Reachability as ContactReachability } from '../api/index.ts'
import { bestReachability, type TimLibp2p } from '../net/index.ts'
import type { ContactBook, ContactEntry } from './contacts.ts'
import type { Delivery } from './delivery.ts'
import type { EventHub } from './events.ts'
import type { Stats } from './stats.ts'

export interface ReachabilityComponents {
  libp2p: TimLibp2p
  contacts: ContactBook
  events: EventHub
  stats: Stats
  delivery: Pick<Delivery, 'kick'>
  log: Logger
}

export interface Reachability {
  of: (entry: ContactEntry) => ContactReachability
  dial: (entry: ContactEntry) => void
  hangUp: (entry: ContactEntry) => void
  start: () => void
  stop: () => void
}

export function createReachability (components: ReachabilityComponents, init: { dialTimeoutMs: number }): Reachability {
  const { libp2p, contacts, events, stats, log } = components
  const known = new Map<AccountId, ContactReachability>()

  const of = (entry: ContactEntry): ContactReachability =>
    bestReachability(entry.devices.flatMap(device => libp2p.getConnections(peerIdFromString(device.deviceId))))

  const dial = (entry: ContactEntry): void => {
    for (const device of entry.devices) {
      libp2p.dial(peerIdFromString(device.deviceId), { signal: AbortSignal.timeout(init.dialTimeoutMs) })
        .catch(err => { log('contact %s is not reachable now: %s', device.deviceId, err.message) })
    }
  }

  const hangUp = (entry: ContactEntry): void => {
    for (const device of entry.devices) {
      libp2p.hangUp(peerIdFromString(device.deviceId)).catch(err => { log('could not hang up on %s: %s', device.deviceId, err.message) })
    }
  }

  const onConnectionChange = (event: CustomEvent<{ remotePeer: { toString: () => string } }>): void => {
    const deviceId = event.detail.remotePeer.toString()
    const entry = contacts.byDevice(deviceId)
    if (event.type === 'connection:open' && entry?.record.status === 'blocked') {
      stats.fault(new ContactBlockedError(`${entry.record.accountId} is blocked: its connection was closed`))
      hangUp(entry)
      return
    }
    if (entry != null) {
      const now = of(entry)
      if (known.get(entry.record.accountId) !== now) {
        known.set(entry.record.accountId, now)
        events.emit('contact:reachability', { accountId: entry.record.accountId, reachability: now })
      }
    }
    if (event.type === 'connection:open') {
      components.delivery.kick(deviceId)
    }
  }

  return {
    of,
    dial,
    hangUp,
    start: () => {
      libp2p.addEventListener('connection:open', onConnectionChange)
      libp2p.addEventListener('connection:close', onConnectionChange)
      contacts.all().filter(entry => entry.record.status !== 'blocked').forEach(dial)
    },
    stop: () => {
      libp2p.removeEventListener('connection:open', onConnectionChange)
      libp2p.removeEventListener('connection:close', onConnectionChange)
    }
  }
}
