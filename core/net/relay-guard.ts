/**
 * The relay's own limits on what it carries, and its counters.
 *
 * Tim relays grant circuits WITHOUT circuit-relay-v2 protocol limits: js-libp2p marks a
 * connection with protocol limits as "limited", refuses application protocols on it and
 * re-dials for every new stream, while Tim must carry chat over a relay whenever hole
 * punching fails. So the relay enforces its limits itself:
 * - reservations: the circuit-relay server's `maxReservations` refuses the surplus with
 *   RESERVATION_REFUSED; the connection gater hook counts those refusals. One host may hold
 *   at most `maxReservationsPerIp` of them (the hook refuses the next with PERMISSION_DENIED;
 *   a refresh of a held one always passes). Per peer there is nothing to cap: the server
 *   keeps one reservation per PeerId;
 * - circuits at once: the gater hook `denyOutboundRelayedConnection` refuses a new circuit
 *   (PERMISSION_DENIED) when `maxCircuits` are open, when its source already has
 *   `maxCircuitsPerPeer` open, or when the source's IP address has `maxCircuitsPerIp` open. A
 *   circuit's source side is the source's inbound HOP stream, open as long as the circuit is,
 *   so those are counted (the request being decided is one of them);
 * - per circuit: a sweep every `sweepMs` resets circuits open longer than `durationMs` or
 *   that carried more than `dataBytes` in one direction. It counts the bytes the relay
 *   writes into each circuit stream by wrapping that stream's `send` (reading a stream's
 *   'message' events would take data from its reader), from the first sweep that sees it.
 *
 * Every refusal is counted, by reason, for the relay's statistics. On 127.0.0.1 every peer is
 * one host: tests that open many reservations or circuits there raise the per-IP caps.
 *
 * Reads libp2p's connections and the relay server's reservations; changes nothing else.
 */

import { RELAY_V2_HOP_CODEC, RELAY_V2_STOP_CODEC, type CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { Connection, ConnectionGater, Logger, PeerId, Stream } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'


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
  /** reservations held at once by peers at one IP address (a household's or an office's NAT: several devices) */
  maxReservationsPerIp: number
  /** circuits one peer may have open at once as their source (each is a conversation with a relayed peer) */
  maxCircuitsPerPeer: number
  /** circuits peers at one IP address may have open at once as their source */
  maxCircuitsPerIp: number
}

/**
 * A dedicated relay's limits. One IP address may take 8 of the 128 reservations (a NAT with
 * several Tim devices fits; one host cannot take more than a sixteenth) and 32 of the 256
 * circuits; one peer 16 circuits, as many relayed conversations at once as anyone has
 * before hole punching moves them off the relay.
 */
export const defaultRelayLimits: RelayLimits = {
  maxReservations: 128,
  reservationTtlMs: 2 * 60 * 60 * 1000,
  maxCircuits: 256,
  circuitDurationMs: 60 * 60 * 1000,
  circuitDataBytes: 64 * 1024 * 1024,
  maxReservationsPerIp: 8,
  maxCircuitsPerPeer: 16,
  maxCircuitsPerIp: 32
}

export interface RelayCounters {
  reservationRequests: number
  /** every refused reservation, whatever the reason */
  reservationsRefused: number
  /** of those, refused because the requester's IP address held its share */
  reservationsRefusedPerIp: number
  circuitsOpened: number
  /** every denied circuit, whatever the reason */
  circuitsDenied: number
  /** of those, denied because the source had its share open */
  circuitsDeniedPerPeer: number
  /** of those, denied because the source's IP address had its share open */
  circuitsDeniedPerIp: number
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
  /** 'full': the relay held its maximum; 'ip': the peer's IP address held its share */
  reason?: 'full' | 'ip'
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

/** `log`: the node's `tim:net:relay` logger */
export function createRelayGuard (limits: RelayLimits, log: Logger): RelayGuard {
  const counters: RelayCounters = {
    reservationRequests: 0,
    reservationsRefused: 0,
    reservationsRefusedPerIp: 0,
    circuitsOpened: 0,
    circuitsDenied: 0,
    circuitsDeniedPerPeer: 0,
    circuitsDeniedPerIp: 0,
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

  const refuse = (peer: PeerId, reason: RecentRefusal['reason']): void => {
    counters.reservationsRefused++
    refusals.push({ peer: peer.toString(), at: Date.now(), reason })
    if (refusals.length > MAX_REFUSALS) refusals.shift()
  }

  const openConnections = (): Connection[] => (components?.getConnections() ?? []).filter(connection => connection.status === 'open')

  /** the IP addresses `peer` is connected from (its direct connections), among `connections` (the open ones) */
  const ipsOf = (peer: PeerId, connections = openConnections()): Set<string> => new Set(connections
    .filter(connection => connection.remotePeer.equals(peer))
    .map(connection => ipOf(connection.remoteAddr))
    .filter((ip): ip is string => ip != null))

  /** open inbound HOP streams (circuits whose source is the remote peer, and requests being decided) per connection */
  const hopStreams = (connection: Connection): number => connection.status !== 'open'
    ? 0
    : connection.streams.filter(stream => stream.protocol === RELAY_V2_HOP_CODEC && stream.direction === 'inbound' && stream.status === 'open').length

  const gater: RelayGuard['gater'] = {
    denyInboundRelayReservation: (peer: PeerId) => {
      counters.reservationRequests++
      const reservations = components?.relay().reservations
      if (reservations == null || reservations.has(peer)) {
        // a refresh of a held reservation
        return false
      }
      if (reservations.size >= limits.maxReservations) {
        // the server refuses it with RESERVATION_REFUSED right after this hook
        refuse(peer, 'full')
        log('refusing a reservation to %p: %d of %d held', peer, reservations.size, limits.maxReservations)
        return false
      }
      const ips = ipsOf(peer)
      if (ips.size > 0) {
        const fromThere = [...reservations.values()].filter(reservation => ips.has(ipOf(reservation.addr) ?? '')).length
        if (fromThere >= limits.maxReservationsPerIp) {
          refuse(peer, 'ip')
          counters.reservationsRefusedPerIp++
          log('refusing a reservation to %p: its IP address holds %d of %d', peer, fromThere, limits.maxReservationsPerIp)
          return true
        }
      }
      return false
    },
    denyOutboundRelayedConnection: (source: PeerId, destination: PeerId) => {
      if (stopStreams().length >= limits.maxCircuits) {
        counters.circuitsDenied++
        log('denying a circuit from %p to %p: %d circuits open', source, destination, limits.maxCircuits)
        return true
      }
      const connections = openConnections()
      const fromSource = connections.filter(connection => connection.remotePeer.equals(source)).reduce((sum, c) => sum + hopStreams(c), 0)
      // the request being decided is one of the source's open HOP streams
      if (fromSource > limits.maxCircuitsPerPeer) {
        counters.circuitsDenied++
        counters.circuitsDeniedPerPeer++
        log('denying a circuit from %p to %p: the source has %d open', source, destination, fromSource - 1)
        return true
      }
      const ips = ipsOf(source, connections)
      const fromIp = connections.filter(connection => ips.has(ipOf(connection.remoteAddr) ?? '')).reduce((sum, c) => sum + hopStreams(c), 0)
      if (fromIp > limits.maxCircuitsPerIp) {
        counters.circuitsDenied++
        counters.circuitsDeniedPerIp++
        log('denying a circuit from %p to %p: its IP address has %d open', source, destination, fromIp - 1)
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

/**
 * The host a direct connection's multiaddr comes from, as the per-IP caps count it: an IPv4
 * address, or an IPv6 address's /64 prefix (one host or one home network is handed a whole
 * /64, so counting single IPv6 addresses would cap nothing). Undefined for relayed addresses
 * and names.
 */
export function ipOf (address: Multiaddr): string | undefined {
  if (address.toString().includes('/p2p-circuit')) {
    return undefined
  }
  const ip = address.getComponents().find(component => component.name === 'ip4' || component.name === 'ip6')
  if (ip?.value == null) {
    return undefined
  }
  return ip.name === 'ip4' ? ip.value : ipv6Host(ip.value)
}

/** An IPv6 address's /64 prefix (`2001:db8:0:1::/64`), or the IPv4 address it maps (`::ffff:a.b.c.d`). */
function ipv6Host (value: string): string {
  // a dotted IPv4 tail becomes two groups
  const text = value.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`)
  const [head = '', tail] = text.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail == null || tail === '' ? [] : tail.split(':')
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right].map(group => parseInt(group, 16) || 0)
  if (groups.slice(0, 5).every(group => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6)
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`
  }
  return `${groups.slice(0, 4).map(group => group.toString(16)).join(':')}::/64`
}
