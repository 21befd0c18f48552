/**
 * Relay reservations of a normal node: with a reservation, a relay forwards circuits to
 * this node, so peers that cannot dial it (it is behind a NAT) still reach it at
 * `<relay>/p2p-circuit/p2p/<us>`.
 *
 * Policy (`reserve`): `true` reserves on every relay it connects to (up to `max`); `false`
 * never; `'auto'` reserves unless AutoNAT has confirmed a public address of this node
 * (checked `autoDelayMs` after the relay connects, so AutoNAT has had its chance). AutoNAT
 * only ever confirms public addresses, so nodes on private networks (home NATs, and the
 * loopback and namespace tests) reserve under 'auto' too. A relay is any peer that speaks
 * the circuit-relay hop protocol. Each reservation is a listen on
 * `<relay addr>/p2p/<relay>/p2p-circuit` (the circuit transport makes and refreshes it);
 * its outcome, including the relay's refusal, is kept per relay for `list()`. A refused or
 * failed relay is tried again after `retryMs`, doubling with each failure in a row (at most
 * an hour): every attempt leaves a listener object in libp2p's transport manager.
 *
 * Never reserves through a relayed connection, and never on more than `max` relays.
 */

import { RELAY_V2_HOP_CODEC } from '@libp2p/circuit-relay-v2'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { isPrivate } from '@libp2p/utils'
import type { Connection, Logger, PeerId, Topology } from '@libp2p/interface'


export type ReservePolicy = boolean | 'auto'

export interface ReservationsInit {
  reserve: ReservePolicy
  /** most relays to hold a reservation on at once */
  max: number
  /** under 'auto': how long after a relay connects to decide */
  autoDelayMs: number
  /** a failed or refused relay is asked again after this long at the earliest */
  retryMs: number
}

export interface ReservationsComponents {
  registrar: {
    register: (protocol: string, topology: Topology) => Promise<string>
    unregister: (id: string) => void
  }
  transportManager: { listen: (addresses: Multiaddr[]) => Promise<void> }
  /** this node's addresses, with AutoNAT's verdict */
  addresses: () => Array<{ multiaddr: Multiaddr, verified: boolean }>
  getConnections: (peer?: PeerId) => Connection[]
  /** the node's `tim:net:reservations` logger */
  log: Logger
}

export interface RelayReservationState {
  /** the relay's PeerId */
  relay: string
  status: 'reserving' | 'reserved' | 'failed' | 'lost'
  /** when the status last changed, ms since epoch */
  at: number
  /** why it failed (the relay's answer or the dial error) */
  error?: string
  /** failed attempts in a row */
  failures?: number
}

export interface Reservations {
  start: () => Promise<void>
  stop: () => void
  list: () => RelayReservationState[]
  /** whether AutoNAT confirmed a public address of this node */
  publiclyReachable: () => boolean
}

/** `/ip4/…/tcp/…/p2p/<relay>/p2p-circuit` for a (direct) connection to a relay. */
export function circuitListenAddress (connection: Connection): Multiaddr {
  const base = connection.remoteAddr.toString().replace(/\/p2p\/[^/]+$/, '')
  return multiaddr(`${base}/p2p/${connection.remotePeer.toString()}/p2p-circuit`)
}

export function createReservations (components: ReservationsComponents, init: ReservationsInit): Reservations {
  const { log } = components
  const states = new Map<string, RelayReservationState>()
  const timers = new Set<NodeJS.Timeout>()
  let topologyId: string | undefined
  let stopped = false

  const publiclyReachable = (): boolean =>
    components.addresses().some(({ multiaddr: address, verified }) => verified && isPrivate(address) === false && !address.toString().includes('/p2p-circuit'))

  /** whether the listen addresses include a circuit through this relay */
  const holds = (relay: string): boolean =>
    components.addresses().some(({ multiaddr: address }) => address.toString().includes(`/p2p/${relay}/p2p-circuit`))

  const current = (relay: string): RelayReservationState | undefined => {
    const state = states.get(relay)
    if (state?.status === 'reserved' && !holds(relay)) {
      state.status = 'lost'
      state.at = Date.now()
    }
    return state
  }

  const set = (relay: string, status: RelayReservationState['status'], error?: string): void => {
    const failures = status === 'failed' ? (states.get(relay)?.failures ?? 0) + 1 : status === 'reserved' ? 0 : states.get(relay)?.failures ?? 0
    states.set(relay, { relay, status, at: Date.now(), failures, ...(error != null ? { error } : {}) })
  }

  /** retryMs, doubled for each failure in a row, at most an hour */
  const backoff = (state: RelayReservationState): number =>
    Math.min(init.retryMs * 2 ** Math.max(0, (state.failures ?? 1) - 1), 3_600_000)

  const reserve = async (connection: Connection): Promise<void> => {
    const relay = connection.remotePeer.toString()
    if (stopped || !connection.direct || connection.status !== 'open') {
      return
    }
    if (init.reserve === false || (init.reserve === 'auto' && publiclyReachable())) {
      return
    }
    const state = current(relay)
    if (state?.status === 'reserving' || (state?.status === 'reserved')) {
      return
    }
    if (state?.status === 'failed' && Date.now() - state.at < backoff(state)) {
      return
    }
    const held = [...states.values()].filter(s => s.status === 'reserved' || s.status === 'reserving').length
    if (held >= init.max) {
      return
    }
    set(relay, 'reserving')
    try {
      await components.transportManager.listen([circuitListenAddress(connection)])
      set(relay, 'reserved')
      log('reserved a slot on relay %s', relay)
    } catch (err) {
      const message = describeFailure(err as Error)
      set(relay, 'failed', message)
      log('relay %s gave no reservation: %s', relay, message)
    }
  }

  const schedule = (connection: Connection, delayMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      void reserve(connection)
    }, delayMs)
    timer.unref()
    timers.add(timer)
  }

  return {
    start: async () => {
      stopped = false
      topologyId = await components.registrar.register(RELAY_V2_HOP_CODEC, {
        onConnect: (_peer, connection) => {
          schedule(connection, init.reserve === 'auto' ? init.autoDelayMs : 0)
        },
        notifyOnLimitedConnection: false
      })
      // relays refuse for a while (full); ask the connected ones again now and then
      const recheck = setInterval(() => {
        for (const state of states.values()) {
          const failed = state.status === 'failed' || current(state.relay)?.status === 'lost'
          if (!failed) continue
          const connection = components.getConnections().find(c => c.remotePeer.toString() === state.relay && c.direct && c.status === 'open')
          if (connection != null) void reserve(connection)
        }
      }, init.retryMs)
      recheck.unref()
      timers.add(recheck)
    },
    stop: () => {
      stopped = true
      if (topologyId != null) components.registrar.unregister(topologyId)
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
    list: () => [...states.keys()].map(relay => ({ ...(current(relay) as RelayReservationState) })),
    publiclyReachable
  }
}

/** The relay's refusal in words; libp2p says `reservation failed with status RESERVATION_REFUSED`. */
function describeFailure (err: Error): string {
  const text = `${err.name}: ${err.message}`
  const status = /status (\w+)/.exec(err.message)?.[1]
  switch (status) {
    case 'RESERVATION_REFUSED':
      return `the relay refused the reservation (RESERVATION_REFUSED: it holds as many reservations as it allows)`
    case 'PERMISSION_DENIED':
      // relay-guard.ts: this address's share of the relay is taken; serving.ts: the node does not serve now
      return `the relay denied the reservation (PERMISSION_DENIED: it holds as many reservations from this IP address as it allows, or it does not serve now)`
    default:
      return text
  }
}
