/**
 * The relay's own limits on what it carries, and its counters.
 *
 * Tim relays grant circuits WITHOUT circuit-relay-v2 protocol limits: js-libp2p marks a
 * connection with protocol limits as "limited", refuses application protocols on it and
 * re-dials for every new stream, while Tim must carry chat over a relay whenever hole
 * punching fails. So the relay enforces its limits itself:
 * - reservations: the circuit-relay server's `maxReservations` refuses the surplus with
 *   RESERVATION_REFUSED; the connection gater hook counts those refusals;
 * - circuits at once: the gater hook `denyOutboundRelayedConnection` refuses a new circuit
 *   (PERMISSION_DENIED) when `maxCircuits` are open;
 * - per circuit: a sweep every `sweepMs` resets circuits open longer than `durationMs` or
 *   that carried more than `dataBytes` in one direction. It counts the bytes the relay
 *   writes into each circuit stream by wrapping that stream's `send` (reading a stream's
 *   'message' events would take data from its reader), from the first sweep that sees it.
 *
 * Reads libp2p's connections and the relay server's reservations; changes nothing else.
 */

import { logger } from '@libp2p/logger'
import { RELAY_V2_HOP_CODEC, RELAY_V2_STOP_CODEC, type CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { Connection, ConnectionGater, PeerId, Stream } from '@libp2p/interface'

const log = logger('tim:net:relay')

export interface RelayLimits {
  /** reservations held at once (circuit-relay server maxReservations) */
  maxReservations: number
  /** how long a reservation lasts before the client must refresh it, ms */
  reservationTtlMs: number
  /** circuits open at once */
  maxCircuits: number
  /** longest a circuit may stay open, ms */
  circuitDurationMs: number
  /** most bytes a circuit may carry in one direction */
  circuitDataBytes: number
}

export const defaultRelayLimits: RelayLimits = {
  maxReservations: 128,
  reservationTtlMs: 2 * 60 * 60 * 1000,
  maxCircuits: 256,
  circuitDurationMs: 60 * 60 * 1000,
  circuitDataBytes: 64 * 1024 * 1024
}

export interface RelayCounters {
  reservationRequests: number
  reservationsRefused: number
  circuitsOpened: number
  circuitsDenied: number
  circuitsEndedByDuration: number
  circuitsEndedByData: number
  bytesRelayed: number
}

export interface CircuitInfo {
  /** the peer that asked for the circuit, when known */
  source?: string
  destination: string
  /** ms since epoch */
  openedAt: number
  /** bytes the relay forwarded to the destination (counted from the first sweep that saw the circuit) */
  bytesToDestination: number
}

export interface RecentRefusal {
  peer: string
  at: number
}

export interface RelayGuardComponents {
  getConnections: () => Connection[]
  relay: () => CircuitRelayService
}

export interface RelayGuard {
  /** the gater hooks to configure libp2p with */
  gater: Pick<ConnectionGater, 'denyInboundRelayReservation' | 'denyOutboundRelayedConnection'>
  start: (components: RelayGuardComponents, sweepMs: number) => void
  stop: () => void
  /** enforce the limits now (the timer calls it every sweepMs) */
  sweep: () => void
  circuits: () => CircuitInfo[]
  counters: () => RelayCounters
  recentRefusals: () => RecentRefusal[]
  readonly limits: RelayLimits
}

interface Counted {
  bytes: number
  firstSeen: number
}

const MAX_PENDING = 1024
const MAX_REFUSALS = 32

export function createRelayGuard (limits: RelayLimits): RelayGuard {
  const counters: RelayCounters = {
    reservationRequests: 0,
    reservationsRefused: 0,
    circuitsOpened: 0,
    circuitsDenied: 0,
    circuitsEndedByDuration: 0,
    circuitsEndedByData: 0,
    bytesRelayed: 0
  }
  const counted = new WeakMap<Stream, Counted>()
  /** sources of granted circuits not yet matched to a stop stream, per destination */
  const pendingSources = new Map<string, string[]>()
  const sources = new WeakMap<Stream, string>()
  const refusals: RecentRefusal[] = []
  let components: RelayGuardComponents | undefined
  let timer: NodeJS.Timeout | undefined

  /** the streams of open circuits: the relay's outbound STOP streams */
  const stopStreams = (): Array<{ connection: Connection, stream: Stream }> =>
    (components?.getConnections() ?? []).flatMap(connection => connection.streams
      .filter(stream => stream.protocol === RELAY_V2_STOP_CODEC && stream.direction === 'outbound' && stream.status === 'open')
      .map(stream => ({ connection, stream })))

  const count = (stream: Stream): Counted => {
    let entry = counted.get(stream)
    if (entry == null) {
      const tally: Counted = { bytes: 0, firstSeen: Date.now() }
      entry = tally
      counted.set(stream, tally)
      const send = stream.send.bind(stream)
      stream.send = (data) => {
        tally.bytes += data.byteLength
        counters.bytesRelayed += data.byteLength
        return send(data)
      }
    }
    return entry
  }

  const sweep = (): void => {
    const now = Date.now()
    for (const { connection, stream } of stopStreams()) {
      const destination = connection.remotePeer.toString()
      if (!sources.has(stream)) {
        const queue = pendingSources.get(destination)
        const source = queue?.shift()
        if (source != null) sources.set(stream, source)
        if (queue?.length === 0) pendingSources.delete(destination)
      }
      const tally = count(stream)
      if (now - stream.timeline.open > limits.circuitDurationMs) {
        counters.circuitsEndedByDuration++
        log('circuit to %s reached the duration limit of %d ms', destination, limits.circuitDurationMs)
        stream.abort(new Error(`circuit duration limit of ${limits.circuitDurationMs} ms reached`))
      } else if (tally.bytes > limits.circuitDataBytes) {
        counters.circuitsEndedByData++
        log('circuit to %s reached the data limit of %d bytes', destination, limits.circuitDataBytes)
        stream.abort(new Error(`circuit data limit of ${limits.circuitDataBytes} bytes reached`))
      }
    }
    // the other direction: what the relay writes back into the sources' hop streams
    for (const connection of components?.getConnections() ?? []) {
      for (const stream of connection.streams) {
        if (stream.protocol !== RELAY_V2_HOP_CODEC || stream.direction !== 'inbound' || stream.status !== 'open') continue
        const tally = count(stream)
        if (tally.bytes > limits.circuitDataBytes) {
          counters.circuitsEndedByData++
          stream.abort(new Error(`circuit data limit of ${limits.circuitDataBytes} bytes reached`))
        }
      }
    }
  }

  const gater: RelayGuard['gater'] = {
    denyInboundRelayReservation: (peer: PeerId) => {
      counters.reservationRequests++
      const reservations = components?.relay().reservations
      if (reservations != null && reservations.size >= limits.maxReservations && !reservations.has(peer)) {
        // the server refuses it with RESERVATION_REFUSED right after this hook
        counters.reservationsRefused++
        refusals.push({ peer: peer.toString(), at: Date.now() })
        if (refusals.length > MAX_REFUSALS) refusals.shift()
        log('refusing a reservation to %p: %d of %d held', peer, reservations.size, limits.maxReservations)
      }
      return false
    },
    denyOutboundRelayedConnection: (source: PeerId, destination: PeerId) => {
      if (stopStreams().length >= limits.maxCircuits) {
        counters.circuitsDenied++
        log('denying a circuit from %p to %p: %d circuits open', source, destination, limits.maxCircuits)
        return true
      }
      counters.circuitsOpened++
      const key = destination.toString()
      const queue = pendingSources.get(key) ?? []
      queue.push(source.toString())
      if (queue.length > 8) queue.shift()
      pendingSources.set(key, queue)
      if (pendingSources.size > MAX_PENDING) {
        const oldest = pendingSources.keys().next().value
        if (oldest != null) pendingSources.delete(oldest)
      }
      return false
    }
  }

  return {
    gater,
    limits,
    start: (given, sweepMs) => {
      components = given
      timer = setInterval(sweep, sweepMs)
      timer.unref()
    },
    stop: () => {
      clearInterval(timer)
      timer = undefined
    },
    sweep,
    circuits: () => stopStreams().map(({ connection, stream }) => {
      const source = sources.get(stream)
      return {
        ...(source != null ? { source } : {}),
        destination: connection.remotePeer.toString(),
        openedAt: stream.timeline.open,
        bytesToDestination: counted.get(stream)?.bytes ?? 0
      }
    }),
    counters: () => ({ ...counters }),
    recentRefusals: () => refusals.map(refusal => ({ ...refusal }))
  }
}
