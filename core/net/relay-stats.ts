/**
 * What a relay reports to its operator: connected peers, reservations, circuits, uptime,
 * the mailbox usage per account (counts and bytes, never content: it comes from the
 * mailbox room through an injected function) and a flat JSON metrics dump. Builds plain
 * JSON-safe objects; serves nothing itself (admin-server.ts does).
 */

import type { Connection } from '@libp2p/interface'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import { connectionPath, type ConnectionPath } from './paths.ts'
import type { CircuitInfo, RecentRefusal, RelayGuard, RelayLimits } from './relay-guard.ts'
import type { UpgradeStats } from './upgrade.ts'
import type { DhtRecordUsage } from './dht-records.ts'

/** Mail a relay holds for one account: how many envelopes and their bytes. */
export interface MailboxUsage {
  account: string
  count: number
  bytes: number
}

export type MailboxUsageSource = () => Promise<MailboxUsage[]>

export interface ConnectedPeer {
  peerId: string
  /** the remote address of its first open connection */
  address: string
  direction: 'inbound' | 'outbound'
  path: ConnectionPath
  connections: number
  /** whether it holds a reservation here */
  reserved: boolean
}

export interface ReservationInfo {
  peerId: string
  /** the address it reserved from */
  address: string
  /** ms since epoch */
  expiresAt: number
}

export interface RelayStats {
  peerId: string
  /** ms since epoch */
  startedAt: number
  uptimeMs: number
  /** the addresses others bootstrap from, each ending in /p2p/<peerId> */
  addresses: string[]
  /** the relay's STUN server URLs */
  stun: string[]
  limits: RelayLimits
  peers: { count: number, list: ConnectedPeer[] }
  reservations: {
    count: number
    max: number
    /** reservation requests received, refreshes included */
    requests: number
    /** requests refused: the relay was full, or the requester's IP address held its share */
    refused: number
    /** of those, refused because the requester's IP address held its share (maxReservationsPerIp) */
    refusedPerIp: number
    recentRefusals: RecentRefusal[]
    list: ReservationInfo[]
  }
  circuits: {
    active: number
    max: number
    opened: number
    /** circuits denied, whatever the reason */
    denied: number
    /** of those, denied because the source had maxCircuitsPerPeer open */
    deniedPerPeer: number
    /** of those, denied because the source's IP address had maxCircuitsPerIp open */
    deniedPerIp: number
    endedByDuration: number
    endedByData: number
    list: CircuitInfo[]
  }
  /** null when this relay holds no mailbox (or the mailbox room is not wired) */
  mailbox: MailboxUsage[] | null
  /** the DHT records and provider entries held for others, against their caps (null when not known) */
  dht: DhtRecordUsage | null
  /** flat counters and gauges: name → number */
  metrics: Record<string, number>
}

export interface RelayStatsComponents {
  peerId: () => string
  addresses: () => string[]
  stun: () => string[]
  stunRequests: () => number
  connections: () => Connection[]
  relay: () => CircuitRelayService
  guard: RelayGuard
  routingTableSize: () => number
  upgrades: () => UpgradeStats | undefined
  mailboxUsage?: MailboxUsageSource
  dhtRecords?: () => DhtRecordUsage | undefined
}

/** Lists are cut to this many entries; the counts stay exact. */
export const MAX_LISTED = 1000

function connectedPeers (connections: Connection[], reserved: (peer: string) => boolean): ConnectedPeer[] {
  const byPeer = new Map<string, Connection[]>()
  for (const connection of connections) {
    if (connection.status !== 'open') continue
    const key = connection.remotePeer.toString()
    byPeer.set(key, [...(byPeer.get(key) ?? []), connection])
  }
  return [...byPeer.entries()].map(([peerId, list]) => {
    const first = list[0] as Connection
    return {
      peerId,
      address: first.remoteAddr.toString(),
      direction: first.direction,
      path: connectionPath(first),
      connections: list.length,
      reserved: reserved(peerId)
    }
  })
}

export function createRelayStats (components: RelayStatsComponents): () => Promise<RelayStats> {
  const startedAt = Date.now()
  return async () => {
    const relay = components.relay()
    const connections = components.connections()
    const reservations = [...relay.reservations.entries()].map(([peer, reservation]) => ({
      peerId: peer.toString(),
      address: reservation.addr.toString(),
      expiresAt: reservation.expiry.getTime()
    }))
    const reservedPeers = new Set(reservations.map(r => r.peerId))
    const peers = connectedPeers(connections, peer => reservedPeers.has(peer))
    const circuits = components.guard.circuits()
    const counters = components.guard.counters()
    const limits = components.guard.limits
    const mailbox = components.mailboxUsage == null ? null : await components.mailboxUsage()
    const memory = process.memoryUsage()
    const cpu = process.cpuUsage()
    const upgrades = components.upgrades()
    const now = Date.now()
    const metrics: Record<string, number> = {
      'node.uptimeMs': now - startedAt,
      'connections.open': connections.filter(c => c.status === 'open').length,
      'connections.inbound': connections.filter(c => c.direction === 'inbound').length,
      'connections.outbound': connections.filter(c => c.direction === 'outbound').length,
      'connections.streams': connections.reduce((sum, c) => sum + c.streams.length, 0),
      'peers.connected': peers.length,
      'dht.routingTable.size': components.routingTableSize(),
      'relay.reservations.active': reservations.length,
      'relay.reservations.max': limits.maxReservations,
      'relay.reservations.requests': counters.reservationRequests,
      'relay.reservations.refused': counters.reservationsRefused,
      'relay.reservations.refusedPerIp': counters.reservationsRefusedPerIp,
      'relay.reservations.maxPerIp': limits.maxReservationsPerIp,
      'relay.circuits.active': circuits.length,
      'relay.circuits.max': limits.maxCircuits,
      'relay.circuits.opened': counters.circuitsOpened,
      'relay.circuits.denied': counters.circuitsDenied,
      'relay.circuits.deniedPerPeer': counters.circuitsDeniedPerPeer,
      'relay.circuits.deniedPerIp': counters.circuitsDeniedPerIp,
      'relay.circuits.maxPerPeer': limits.maxCircuitsPerPeer,
      'relay.circuits.maxPerIp': limits.maxCircuitsPerIp,
      'relay.circuits.endedByDuration': counters.circuitsEndedByDuration,
      'relay.circuits.endedByData': counters.circuitsEndedByData,
      'relay.bytesRelayed': counters.bytesRelayed,
      'stun.requests': components.stunRequests(),
      'mailbox.accounts': mailbox?.length ?? 0,
      'mailbox.envelopes': mailbox?.reduce((sum, m) => sum + m.count, 0) ?? 0,
      'mailbox.bytes': mailbox?.reduce((sum, m) => sum + m.bytes, 0) ?? 0,
      'process.rssBytes': memory.rss,
      'process.heapUsedBytes': memory.heapUsed,
      'process.heapTotalBytes': memory.heapTotal,
      'process.externalBytes': memory.external,
      'process.cpuUserMicros': cpu.user,
      'process.cpuSystemMicros': cpu.system,
      'process.uptimeSeconds': Math.round(process.uptime())
    }
    const dht = components.dhtRecords?.() ?? null
    if (dht != null) {
      metrics['dht.records'] = dht.records
      metrics['dht.records.bytes'] = dht.bytes
      metrics['dht.records.max'] = dht.maxRecords
      metrics['dht.records.refusedStale'] = dht.staleRefused
      metrics['dht.records.refusedFull'] = dht.fullRefused
    }
    if (upgrades != null) {
      metrics['upgrades.attempts'] = upgrades.attempts
      metrics['upgrades.succeeded'] = upgrades.succeeded
      metrics['upgrades.failed'] = upgrades.failed
    }
    return {
      peerId: components.peerId(),
      startedAt,
      uptimeMs: now - startedAt,
      addresses: components.addresses(),
      stun: components.stun(),
      limits: { ...limits },
      peers: { count: peers.length, list: peers.slice(0, MAX_LISTED) },
      reservations: {
        count: reservations.length,
        max: limits.maxReservations,
        requests: counters.reservationRequests,
        refused: counters.reservationsRefused,
        refusedPerIp: counters.reservationsRefusedPerIp,
        recentRefusals: components.guard.recentRefusals(),
        list: reservations.slice(0, MAX_LISTED)
      },
      circuits: {
        active: circuits.length,
        max: limits.maxCircuits,
        opened: counters.circuitsOpened,
        denied: counters.circuitsDenied,
        deniedPerPeer: counters.circuitsDeniedPerPeer,
        deniedPerIp: counters.circuitsDeniedPerIp,
        endedByDuration: counters.circuitsEndedByDuration,
        endedByData: counters.circuitsEndedByData,
        list: circuits.slice(0, MAX_LISTED)
      },
      mailbox: mailbox == null ? null : mailbox.slice(0, MAX_LISTED),
      dht,
      metrics
    }
  }
}
