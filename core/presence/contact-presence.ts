/**
 * What this node knows of its accepted contacts' presence: per contact account, the presence
 * each connected device last signalled, and when the account was last seen online (kept in
 * the `presence` sublevel as `seen!<account>`, so it outlives a restart; only while the
 * contact shares it). An account is as present as its most present connected device; with no
 * device connected it is `offline`, with its last-seen time unless it hides it. Emits one
 * `contact:presence` per change. Holds state for the accounts it is told about only (the
 * service tells it of accepted contacts' devices), so memory grows with the contact list,
 * never with what strangers send.
 */

import type { AccountId, DeviceId, Presence, PresenceChange } from '../api/index.ts'
import type { JsonSublevel } from '../store/index.ts'
import type { PresenceSignal } from './frames.ts'

type ConnectedStatus = Exclude<Presence['status'], 'offline'>

/** Most present first: an account online on one device and away on another is online. */
const statusOrder: readonly ConnectedStatus[] = ['online', 'busy', 'away']

interface DeviceState {
  status: ConnectedStatus
  text: string
  /** local clock, for ties between devices: the latest wins */
  heardAt: number
}

interface AccountState {
  devices: Map<DeviceId, DeviceState>
  /** whether the account's latest signal shared its last-seen time */
  sharesLastSeen: boolean
}

export interface ContactPresenceInit {
  sublevel: JsonSublevel<unknown>
  emit: (change: PresenceChange) => void
  /** reports a failed write of a last-seen time (the time is still shown until a restart) */
  onWriteError: (err: Error) => void
}

export interface ContactPresence {
  /** reads the stored last-seen times */
  load: () => Promise<void>
  /** a connected device of `account` signalled its presence */
  heard: (account: AccountId, device: DeviceId, signal: PresenceSignal) => void
  /** the last connection to a device of `account` closed */
  left: (account: AccountId, device: DeviceId) => void
  presenceOf: (account: AccountId) => Presence
  /** `account` is no longer an accepted contact: drop everything known of it */
  forget: (account: AccountId) => void
  /** every connected device is gone (the node stops): nobody is online any more, nothing is emitted */
  clear: () => void
  /** resolves once every last-seen write started so far is done */
  settled: () => Promise<void>
}

const SEEN_PREFIX = 'seen!'

export function createContactPresence (init: ContactPresenceInit): ContactPresence {
  const { sublevel } = init
  const accounts = new Map<AccountId, AccountState>()
  /** last-seen times of contacts that share them, local clock */
  const seen = new Map<AccountId, number>()
  /** what was last emitted per account, to emit changes only */
  const published = new Map<AccountId, string>()
  const writes = new Set<Promise<void>>()

  const write = (operation: Promise<void>): void => {
    const tracked = operation.catch(err => { init.onWriteError(err as Error) }).finally(() => { writes.delete(tracked) })
    writes.add(tracked)
  }
  const remember = (account: AccountId, at: number): void => {
    seen.set(account, at)
    write(sublevel.put(SEEN_PREFIX + account, at))
  }
  const unremember = (account: AccountId): void => {
    if (seen.delete(account)) {
      write(sublevel.del(SEEN_PREFIX + account))
    }
  }

  const stateOf = (account: AccountId): AccountState => {
    let state = accounts.get(account)
    if (state == null) {
      state = { devices: new Map(), sharesLastSeen: seen.has(account) }
      accounts.set(account, state)
    }
    return state
  }

  const presenceOf = (account: AccountId): Presence => {
    const devices = [...accounts.get(account)?.devices.values() ?? []]
    const best = devices.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || b.heardAt - a.heardAt)[0]
    if (best != null) {
      return { status: best.status, ...(best.text !== '' ? { text: best.text } : {}) }
    }
    const lastSeen = seen.get(account)
    return { status: 'offline', ...(lastSeen != null ? { lastSeen } : {}) }
  }

  const publish = (account: AccountId): void => {
    const presence = presenceOf(account)
    const text = JSON.stringify(presence)
    if (published.get(account) !== text) {
      published.set(account, text)
      init.emit({ accountId: account, presence })
    }
  }

  /** the device stops counting as connected; the account was last seen now if that was its last one */
  const drop = (account: AccountId, state: AccountState, device: DeviceId): void => {
    const wasOnline = state.devices.size > 0
    state.devices.delete(device)
    if (wasOnline && state.devices.size === 0 && state.sharesLastSeen) {
      remember(account, Date.now())
    }
  }

  return {
    load: async () => {
      for await (const [key, value] of sublevel.iterator({ gte: SEEN_PREFIX, lt: SEEN_PREFIX + '\xff' })) {
        if (typeof value === 'number' && Number.isSafeInteger(value)) {
          seen.set(key.slice(SEEN_PREFIX.length), value)
        }
      }
    },

    heard: (account, device, signal) => {
      const state = stateOf(account)
      state.sharesLastSeen = signal.lastSeen !== 0
      if (!state.sharesLastSeen) {
        unremember(account)
      }
      if (signal.status === 'offline') {
        drop(account, state, device)
      } else {
        state.devices.set(device, { status: signal.status, text: signal.text, heardAt: Date.now() })
      }
      publish(account)
    },

    left: (account, device) => {
      const state = accounts.get(account)
      if (state?.devices.has(device) === true) {
        drop(account, state, device)
        publish(account)
      }
    },

    presenceOf,

    forget: (account) => {
      accounts.delete(account)
      published.delete(account)
      unremember(account)
    },

    clear: () => {
      for (const [account, state] of accounts) {
        for (const device of [...state.devices.keys()]) {
          drop(account, state, device)
        }
      }
    },

    settled: async () => {
      await Promise.all([...writes])
    }
  }
}
