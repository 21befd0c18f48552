/**
 * net — assembles the libp2p node and Tim's network behaviour. Owns the `libp2p` sublevel.
 * It knows protocols only as ids and streams: what flows over them belongs to the rooms
 * above. Logs as `tim:net*`.
 *
 * Two roles, one engine (createNet):
 * - node (default): TCP, WebSockets, circuit-relay transport and WebRTC (listening on
 *   '/webrtc'), noise, yamux, identify, ping, AutoNAT, DCUtR, kad-dht, bootstrap and mDNS;
 *   reservations on the relays it knows (reservations.ts) and WebRTC upgrades of relayed
 *   connections (upgrade.ts), with ICE servers taken only from those relays' STUN servers
 *   (relay-info.ts). Every node is a full node: while it is reachable from outside (AutoNAT
 *   confirmed a public address, or `reachable`) and its user did not opt out (`serve:
 *   'off'`), it serves (serving.ts): kad-dht in SERVER mode, circuit-relay reservations (the
 *   relay server is always configured; its hop protocol is offered only while serving) with
 *   smaller limits than a relay's (servingNodeRelayLimits), and the mailbox (core/index.ts
 *   hooks it in). Behind a NAT it stays a DHT client.
 * - relay: the same without WebRTC and reservations, always serving, with a relay's limits
 *   (no protocol limits; relay-guard.ts enforces Tim's), AutoNAT answering, and a STUN
 *   server (stun-server.ts) whose port it announces in its identify agent version.
 * Only serving nodes run the DHT in server mode, so `getClosestPeers` returns serving
 * nodes, relays or not (it yields only peers that answered as DHT servers).
 *
 * Every connection's path is 'direct', 'hole-punched' or 'relayed' (paths.ts). Tim's own
 * service is `libp2p.services.net` (net-service.ts): upgrade failures, reservations, ICE
 * servers, relay statistics. admin-server.ts serves those statistics to a relay operator.
 *
 * Higher rooms plug their own libp2p services in (`createNet(components, init, services)`:
 * the mailbox, presence, later groups, rooms and file transfer) without editing net; each is
 * shaped like @libp2p/identify and gets libp2p's components, these services among them. A
 * room may also supply a peer gate (peer-gate.ts): peers the node must not be connected to.
 * Every component logs through the node's logger (`components.logger`, core/index.ts names it
 * after the node), so several nodes in one process can be told apart.
 * Must not: use any STUN server but a known relay's, run the DHT in server mode on a node
 * that does not serve, or change what libp2p.getConnections() returns.
 */

import { createLibp2p, type Libp2p, type ServiceFactoryMap } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { webRTC } from '@libp2p/webrtc'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, type Identify } from '@libp2p/identify'
import { ping, type Ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper, type KadDHT } from '@libp2p/kad-dht'
import { bootstrap } from '@libp2p/bootstrap'
import { mdns } from '@libp2p/mdns'
import { autoNAT } from '@libp2p/autonat'
import { dcutr } from '@libp2p/dcutr'
import { circuitRelayServer, circuitRelayTransport, type CircuitRelayService } from '@libp2p/circuit-relay-v2'
import { DhtRecordDatastore, type DhtRecordLimits } from './dht-records.ts'
import { defaultLogger } from '@libp2p/logger'
import type { ComponentLogger, PeerId, PrivateKey, ServiceMap } from '@libp2p/interface'
import type { Level } from 'level'
import { ACCOUNT_RECORD_NAMESPACE, accountRecordExpiry, accountRecordReplaces, selectAccountRecord, validateAccountRecordEntry } from '../identity/index.ts'
import type { Store } from '../store/index.ts'
import { timAddressSorter } from './address-order.ts'
import { netService, type NetRole, type NetServiceComponents, type TimNet } from './net-service.ts'
import { gatedGater, type PeerGate } from './peer-gate.ts'
import { createIceServerBook, relayAgentVersion } from './relay-info.ts'
import { createRelayGuard, defaultRelayLimits, type RelayGuard, type RelayLimits } from './relay-guard.ts'
import type { MailboxUsageSource } from './relay-stats.ts'
import type { ReservePolicy } from './reservations.ts'
import { createServing, withFreshDialBacks, type ServeMode, type TimServing } from './serving.ts'
import { createStunServer, type TimStunServer } from './stun-server.ts'

export { bestPath, bestReachability, connectionPath, type ConnectionPath } from './paths.ts'
export { createTokenBuckets, type TokenBuckets } from './token-buckets.ts'
export { createAdminServer, ADMIN_PATH, type AdminServer, type AdminServerInit } from './admin-server.ts'
export { defaultRelayLimits, type RelayLimits, type CircuitInfo } from './relay-guard.ts'
export { defaultDhtRecordLimits, RecordStoreFullError, StaleRecordError, type DhtRecordLimits, type DhtRecordUsage } from './dht-records.ts'
export type { ConnectedPeer, MailboxUsage, MailboxUsageSource, RelayStats, ReservationInfo } from './relay-stats.ts'
export type { RelayReservationState, ReservePolicy } from './reservations.ts'
export { NotARelayError, type NetRole, type TimNet } from './net-service.ts'
export type { UpgradeStats } from './upgrade.ts'
export type { PeerGate } from './peer-gate.ts'
export { parseStunPort, relayAgentVersion } from './relay-info.ts'
export { hasConfirmedPublicAddress, type ServeMode, type ServeReason, type ServingHook, type ServingState, type TimServing } from './serving.ts'

/**
 * What an ordinary node that serves (reachable, not opted out) grants others: a quarter of
 * a dedicated relay's reservations and circuits, shorter and smaller circuits.
 */
export const servingNodeRelayLimits: RelayLimits = {
  ...defaultRelayLimits,
  maxReservations: 32,
  maxCircuits: 64,
  circuitDurationMs: 30 * 60 * 1000,
  circuitDataBytes: 16 * 1024 * 1024,
  // one host: an eighth of the reservations, a quarter of the circuits (a relay: a sixteenth, an eighth)
  maxReservationsPerIp: 4,
  maxCircuitsPerPeer: 8,
  maxCircuitsPerIp: 16
}

export const DHT_PROTOCOL = '/tim/kad/1.0.0'
/** ping streams at once on one connection, each way: the connection monitor's, the DHT's, the other side's */
const PING_STREAMS_PER_CONNECTION = 4
/** The port a relay's STUN server takes unless told otherwise. */
export const DEFAULT_STUN_PORT = 3478
/**
 * The most a peer may send on one yamux stream beyond what was read (js-yamux grows a stream's
 * window up to this; its default is 16 MiB). A reader that stops reading (frame-reader.ts
 * pauses a stream whose frames pile up) holds at most this much per stream, and 4 MiB still
 * carries 20 MB/s over a 200 ms round trip.
 */
export const MAX_STREAM_WINDOW_BYTES = 4 * 1024 * 1024

export interface NetInit {
  /** multiaddrs to listen on */
  listen: string[]
  /** multiaddrs to advertise instead of the listen addresses */
  announce?: string[]
  /** multiaddrs of peers to connect to at start */
  bootstrap?: string[]
  /** find peers on the local network (default true) */
  mdns?: boolean
  /** inbound connections accepted per second from one host (libp2p's default is 5) */
  inboundConnectionThreshold?: number
  /** most open connections (default: 300 for a node; max reservations + 256 for a relay, at least 300) */
  maxConnections?: number
  /**
   * the most one of a peer's addresses may take to connect, ms (default 2000). libp2p tries a
   * peer's addresses one after another; its default (6 s) lets one address that drops every
   * packet (a private address behind the peer's NAT) eat a whole dial, so that the relay circuit
   * after it is never tried
   */
  addressDialTimeoutMs?: number
  /** 'node' (default) or 'relay' */
  role?: NetRole
  /** 'auto' (default): serve others while reachable from outside; 'off': never (a relay always serves) */
  serve?: ServeMode
  /** this node is reachable from outside (`tim node --reachable`): serve without waiting for AutoNAT */
  reachable?: boolean
  /** how often reachability is looked at besides address changes, ms (default 30000) */
  servingRecheckMs?: number

  // relay role, and a node while it serves
  /** reservation and circuit limits (defaultRelayLimits on a relay, servingNodeRelayLimits on a node, for what is not given) */
  relay?: Partial<RelayLimits>
  /** UDP port of the STUN server (default 3478; 0 picks a free one; null runs none) */
  stunPort?: number | null
  /** address the STUN server binds (default: the one IP every listen address names, else 0.0.0.0) */
  stunHost?: string
  /** how often the relay enforces its circuit limits, ms (default 1000) */
  circuitSweepMs?: number
  /** mail held per account, for the admin statistics (wired by core/index.ts to the mailbox room) */
  mailboxUsage?: MailboxUsageSource
  /** most DHT records and provider entries held for others (defaultDhtRecordLimits for what is not given) */
  dhtRecords?: Partial<DhtRecordLimits>

  // node role
  /** reserve a slot on the relays this node knows: true, false, or 'auto' (default: unless AutoNAT confirmed a public address) */
  reserveOnRelays?: ReservePolicy
  /** most relays to hold a reservation on (default 2) */
  maxRelayReservations?: number
  /** under 'auto', how long after connecting to a relay to decide, ms (default 10000) */
  reserveDelayMs?: number
  /** WebRTC transport and upgrades of relayed connections (default true) */
  webrtc?: boolean
  /**
   * the most one WebRTC upgrade attempt may take, ms (default 15000). Keep it above the
   * peers' inbound upgrade timeout (libp2p's default: 10 s), so that when ICE fails the
   * answering side gives up first: when the offerer gives up first, @libp2p/webrtc's answerer
   * takes the end of the signalling for success and makes a dead connection (upgrade.ts
   * probes and aborts those)
   */
  upgradeTimeoutMs?: number
  /** after a failed upgrade, the next attempt to the same peer waits this long, ms (default 300000) */
  upgradeRetryMs?: number
}

export interface NetComponents {
  privateKey: PrivateKey
  store: Store
  /** the node's logger: libp2p and every service log through it (default: libp2p's defaultLogger) */
  logger?: ComponentLogger
  /** peers the node must not be connected to right now (peer-gate.ts; presence's invisible mode) */
  gate?: PeerGate
}

export type NetServices = {
  identify: Identify
  ping: Ping
  dht: KadDHT
  autoNAT: unknown
  dcutr: unknown
  net: TimNet
  /** whether this node serves others now, and the switch (serving.ts) */
  serving: TimServing
  /** the circuit-relay server: on every node, offering reservations only while serving */
  relay?: CircuitRelayService
}

/** The node's libp2p: net's services and those the higher rooms plugged in (`Rooms`). */
export type TimLibp2p<Rooms extends ServiceMap = {}> = Libp2p<NetServices & Rooms>

/** The higher rooms' libp2p service factories, by name: each gets libp2p's components, net's and the rooms' services among them. */
export type RoomServiceFactories<Rooms extends ServiceMap> = { [Name in keyof Rooms]: ServiceFactoryMap<NetServices & Rooms>[Name] }

/**
 * Assembles and starts the node. `services`: the higher rooms' libp2p service factories, by
 * name (`libp2p.services.<name>`); each gets libp2p's components, net's services among them.
 */
export async function createNet<Rooms extends ServiceMap = {}> (components: NetComponents, init: NetInit,
  services?: RoomServiceFactories<Rooms>): Promise<TimLibp2p<Rooms>> {
  const logger = components.logger ?? defaultLogger()
  const role: NetRole = init.role ?? 'node'
  const isRelay = role === 'relay'
  // kad-dht's records and provider entries are bounded there, and account records never go back in seq (dht-records.ts)
  const datastore = new DhtRecordDatastore(components.store.binary('libp2p') as unknown as Level<string, Uint8Array>, init.dhtRecords,
    { [ACCOUNT_RECORD_NAMESPACE]: { replaces: accountRecordReplaces, expires: accountRecordExpiry } }, logger.forComponent('tim:net:dht-records'))
  const peerDiscovery: Array<ReturnType<typeof bootstrap> | ReturnType<typeof mdns>> = []
  if (init.bootstrap != null && init.bootstrap.length > 0) {
    // dialled at start, not after @libp2p/bootstrap's default 1 s: until one is connected the
    // DHT has no peer, and every lookup (a mailbox collection at start, say) waits
    peerDiscovery.push(bootstrap({ list: init.bootstrap, timeout: 0 }))
  }
  if (init.mdns !== false) {
    peerDiscovery.push(mdns())
  }
  const limits: RelayLimits = { ...(isRelay ? defaultRelayLimits : servingNodeRelayLimits), ...init.relay }
  const guard = createRelayGuard(limits, logger.forComponent('tim:net:relay'))
  const serving = createServing({
    role,
    dhtProtocol: DHT_PROTOCOL,
    mode: init.serve ?? 'auto',
    reachable: init.reachable === true,
    maxReservations: limits.maxReservations,
    recheckMs: init.servingRecheckMs ?? 30_000
  })
  const withWebRTC = !isRelay && init.webrtc !== false
  const iceServers = createIceServerBook({ bootstrap: init.bootstrap ?? [] })
  const stunPort = init.stunPort === undefined ? DEFAULT_STUN_PORT : init.stunPort
  let stun: TimStunServer | undefined
  if (isRelay && stunPort != null) {
    stun = await createStunServer({ host: init.stunHost ?? listenHost(init.listen) ?? '0.0.0.0', port: stunPort })
  }

  const netServices = {
    identify: identify(),
    // libp2p's connection monitor pings every connection every 10 s and aborts the connection
    // when its ping fails; with ping's default of one outbound stream per connection, a
    // monitor ping that met the DHT's own ping failed at once and cut a healthy connection
    // (and gossipsub lost that peer's subscriptions with it)
    ping: ping({ maxOutboundStreams: PING_STREAMS_PER_CONNECTION, maxInboundStreams: PING_STREAMS_PER_CONNECTION }),
    dht: kadDHT({
      protocol: DHT_PROTOCOL,
      peerInfoMapper: passthroughMapper,
      clientMode: !isRelay,
      // every lookup waits for the node's first self-query; kad-dht starts it only after 1 s by
      // default, so mail collected at start (a mailbox lookup) came 1.1 s late. It still waits
      // for a first DHT peer in the routing table before it runs.
      initialQuerySelfInterval: 0,
      validators: { [ACCOUNT_RECORD_NAMESPACE]: validateAccountRecordEntry },
      selectors: { [ACCOUNT_RECORD_NAMESPACE]: selectAccountRecord }
    }),
    // its dial-backs on a fresh connection: see withFreshDialBacks
    autoNAT: withFreshDialBacks(autoNAT()),
    dcutr: dcutr(),
    // on every node: its hop protocol is offered only while the node serves (serving.ts)
    relay: circuitRelayServer({
      reservations: {
        maxReservations: limits.maxReservations,
        reservationTtl: limits.reservationTtlMs,
        // no protocol limits: see relay-guard.ts
        applyDefaultLimit: false
      },
      maxOutboundStopStreams: limits.maxCircuits + 16
    }),
    serving: serving.service,
    net: netService({
      role,
      iceServers,
      reservations: {
        // a node its user says is reachable needs no relay to be reached
        reserve: init.reserveOnRelays ?? (init.reachable === true ? false : 'auto'),
        max: init.maxRelayReservations ?? 2,
        autoDelayMs: init.reserveDelayMs ?? 10_000,
        retryMs: 60_000
      },
      upgrades: withWebRTC
        ? { timeoutMs: init.upgradeTimeoutMs ?? 15_000, retryMs: init.upgradeRetryMs ?? 300_000, closeTimeoutMs: 5_000, probeTimeoutMs: 5_000 }
        : null,
      guard,
      dhtRecords: datastore,
      ...(stun != null ? { stun } : {}),
      sweepMs: init.circuitSweepMs ?? 1_000,
      ...(init.mailboxUsage != null ? { mailboxUsage: init.mailboxUsage } : {}),
      ...(components.gate != null ? { gate: components.gate } : {})
    })
  } satisfies ServiceFactoryMap<NetServices>

  const gater = servingGater(guard.gater, serving.isServing)
  try {
    return await createLibp2p<NetServices & Rooms>({
      privateKey: components.privateKey,
      logger,
      datastore,
      addresses: { listen: withWebRTC ? [...init.listen, '/webrtc'] : init.listen, announce: init.announce ?? [] },
      transports: [
        tcp(),
        webSockets(),
        circuitRelayTransport(),
        ...(withWebRTC
          // never libp2p's default public STUN servers: only those of the relays we know
          ? [webRTC({ rtcConfiguration: () => ({ iceServers: iceServers.urls().map(url => ({ urls: [url] })) }) })]
          : [])
      ],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux({ streamOptions: { maxStreamWindowSize: MAX_STREAM_WINDOW_BYTES } })],
      peerDiscovery,
      connectionGater: components.gate != null ? gatedGater(gater, components.gate) : gater,
      ...(isRelay ? { nodeInfo: { userAgent: relayAgentVersion(stun?.port) } } : {}),
      connectionManager: {
        inboundConnectionThreshold: init.inboundConnectionThreshold ?? 5,
        addressDialTimeout: init.addressDialTimeoutMs ?? 2_000,
        maxConnections: init.maxConnections ?? (isRelay ? Math.max(300, limits.maxReservations + 256) : 300),
        addressSorter: timAddressSorter
      },
      // each factory takes fewer components than libp2p hands it; TypeScript cannot see that through the generic Rooms
      services: { ...netServices, ...services } as ServiceFactoryMap<NetServices & Rooms>
    })
  } catch (err) {
    await stun?.close()
    throw err
  }
}

/** The guard's gater, refusing reservations and circuits while this node does not serve. */
function servingGater (gater: RelayGuard['gater'], isServing: () => boolean): RelayGuard['gater'] {
  return {
    ...gater,
    denyInboundRelayReservation: async (source: PeerId) =>
      !isServing() || await (gater.denyInboundRelayReservation?.(source) ?? false),
    denyOutboundRelayedConnection: async (source: PeerId, destination: PeerId) =>
      !isServing() || await (gater.denyOutboundRelayedConnection?.(source, destination) ?? false)
  }
}

/** The one concrete IPv4 address all listen addresses name (a relay listening on one interface), if there is one. */
function listenHost (listen: string[]): string | undefined {
  const hosts = new Set(listen.map(address => /^\/ip4\/([^/]+)\//.exec(address)?.[1] ?? '*'))
  const [host] = [...hosts]
  return hosts.size === 1 && host !== '*' && host !== '0.0.0.0' ? host : undefined
}

/** Why the last upgrade of a relayed connection to `peer` to a direct one failed (undefined: none failed, or one succeeded since). */
export function upgradeFailure (libp2p: TimLibp2p, peer: PeerId | string): string | undefined {
  return libp2p.services.net.upgradeFailure(peer)
}

export type { NetServiceComponents }
