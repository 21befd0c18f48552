/**
 * The `net` libp2p service: Tim's own network behaviour on top of the libp2p services,
 * started and stopped with the node. On every node: the path tracker (hole-punched
 * connections), the book of STUN URLs peers announce in identify (handed to WebRTC only for
 * bootstrap relays and relays holding this node's reservation), and the usage of the DHT
 * store (dht-records.ts). On a normal node: relay reservations and WebRTC upgrades of
 * relayed connections. On a relay: the circuit guard, the STUN server's lifetime and the
 * admin statistics. On every node with a peer gate (peer-gate.ts): hangs up on hidden peers.
 * Reached as `libp2p.services.net`. Never opens streams of its own. Logs as `tim:net*` through
 * the node's logger.
 */

import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { SingleKadDHT } from '@libp2p/kad-dht'
import type { ComponentLogger, Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, Startable, Topology, TypedEventTarget } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import { createPathTracker, type PathTracker } from './paths.ts'
import { hangUpHidden, type PeerGate } from './peer-gate.ts'
import { parseStunPort, stunUrl, type IceServerBook } from './relay-info.ts'
import type { DhtRecordDatastore, DhtRecordUsage } from './dht-records.ts'
import type { RelayGuard } from './relay-guard.ts'
import { createRelayStats, type MailboxUsageSource, type RelayStats } from './relay-stats.ts'
import { createReservations, type RelayReservationState, type Reservations, type ReservationsInit } from './reservations.ts'
import type { TimStunServer } from './stun-server.ts'
import { createUpgrader, type Upgrader, type UpgraderInit, type UpgradeStats } from './upgrade.ts'


export type NetRole = 'node' | 'relay'

/** Relay statistics were asked of a node that is not a relay. */
export class NotARelayError extends Error {
  override name = 'NotARelayError'
}

/** What Tim asks of libp2p's components (a structural subset of its internal interfaces). */
export interface NetServiceComponents {
  peerId: PeerId
  logger: ComponentLogger
  events: TypedEventTarget<Libp2pEvents>
  connectionManager: {
    getConnections: (peer?: PeerId) => Connection[]
  }
  registrar: {
    register: (protocol: string, topology: Topology) => Promise<string>
    unregister: (id: string) => void
  }
  transportManager: {
    listen: (addresses: Multiaddr[]) => Promise<void>
    dial: (address: Multiaddr, options: { signal: AbortSignal, onProgress: (event: { type: string }) => void }) => Promise<Connection>
  }
  addressManager: {
    getAddresses: () => Multiaddr[]
    getAddressesWithMetadata: () => Array<{ multiaddr: Multiaddr, verified: boolean }>
  }
}

export interface NetServiceInit {
  role: NetRole
  iceServers: IceServerBook
  /** normal nodes: reservation policy */
  reservations: ReservationsInit
  /** normal nodes with WebRTC: upgrade settings; null turns upgrades off */
  upgrades: UpgraderInit | null
  /** relays */
  guard?: RelayGuard
  stun?: TimStunServer
  sweepMs: number
  mailboxUsage?: MailboxUsageSource
  /** the DHT entries this node holds for others (libp2p's datastore, dht-records.ts) */
  dhtRecords?: Pick<DhtRecordDatastore, 'keep' | 'usage'>
  /** peers this node must not be connected to now (peer-gate.ts) */
  gate?: PeerGate
}

export interface TimNet {
  readonly role: NetRole
  /** why the last upgrade of a relayed connection to this peer to a direct one failed */
  upgradeFailure: (peer: PeerId | string) => string | undefined
  upgradeStats: () => UpgradeStats | undefined
  /** this node's relay reservations (normal nodes) */
  reservations: () => RelayReservationState[]
  /** whether AutoNAT confirmed a public address of this node */
  publiclyReachable: () => boolean
  /** the STUN URLs this node's WebRTC connections use (learnt from relays) */
  iceServers: () => string[]
  /** relays: the URLs of this relay's own STUN server */
  stunUrls: () => string[]
  /** relays: the operator's statistics; throws on a normal node */
  relayStats: () => Promise<RelayStats>
  /** the DHT records and provider entries this node holds for others, against its caps */
  dhtRecords: () => DhtRecordUsage | undefined
  /** never refuse this DHT record key for space (the node's own account record) */
  keepDhtRecord: (key: Uint8Array) => void
  /** the peer gate changed: hangs up on the peers it hides now; resolves once they are closed */
  enforceGate: () => Promise<void>
}

class NetService implements TimNet, Startable {
  readonly [Symbol.toStringTag] = '@tim/net'
  readonly role: NetRole
  private readonly components: NetServiceComponents
  private readonly init: NetServiceInit
  private readonly tracker: PathTracker
  private readonly reservationsOf: Reservations | undefined
  private readonly upgrader: Upgrader | undefined
  private readonly stats: (() => Promise<RelayStats>) | undefined
  private readonly log: Logger
  private started = false

  constructor (components: NetServiceComponents, init: NetServiceInit) {
    this.components = components
    this.init = init
    this.role = init.role
    this.log = components.logger.forComponent('tim:net')
    const getConnections = (peer?: PeerId): Connection[] => components.connectionManager.getConnections(peer)
    this.tracker = createPathTracker({ events: components.events, getConnections })
    this.reservationsOf = init.role === 'node'
      ? createReservations({
        registrar: components.registrar,
        transportManager: components.transportManager,
        addresses: () => components.addressManager.getAddressesWithMetadata(),
        getConnections,
        log: components.logger.forComponent('tim:net:reservations')
      }, init.reservations)
      : undefined
    // a STUN server is used only from a bootstrap relay (the book knows those) or a relay holding our reservation
    const reservations = this.reservationsOf
    init.iceServers.trustAlso(relay => reservations?.list().some(state => state.relay === relay && state.status === 'reserved') === true)
    this.upgrader = init.role === 'node' && init.upgrades != null
      ? createUpgrader({
        events: components.events,
        getConnections,
        dial: async (address, options) => await components.transportManager.dial(address, options),
        log: components.logger.forComponent('tim:net:upgrade')
      }, init.upgrades)
      : undefined
    const guard = init.guard
    this.stats = init.role === 'relay' && guard != null
      ? createRelayStats({
        peerId: () => components.peerId.toString(),
        addresses: () => this.addresses(),
        stun: () => this.stunUrls(),
        stunRequests: () => init.stun?.requests ?? 0,
        connections: () => getConnections(),
        relay: () => this.relayServer(),
        guard,
        routingTableSize: () => this.dht()?.routingTable.size ?? 0,
        upgrades: () => this.upgrader?.stats(),
        dhtRecords: () => init.dhtRecords?.usage(),
        ...(init.mailboxUsage != null ? { mailboxUsage: init.mailboxUsage } : {})
      })
      : undefined
  }

  private relayServer (): CircuitRelayService {
    return (this.components as unknown as { relay: CircuitRelayService }).relay
  }

  private dht (): SingleKadDHT | undefined {
    try {
      return (this.components as unknown as { dht: SingleKadDHT }).dht
    } catch {
      return undefined
    }
  }

  private addresses (): string[] {
    const self = this.components.peerId.toString()
    return this.components.addressManager.getAddresses()
      .map(address => address.toString())
      .filter(address => !address.includes('/p2p-circuit'))
      .map(address => address.includes(`/p2p/${self}`) ? address : `${address}/p2p/${self}`)
  }

  private readonly onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    const port = parseStunPort(event.detail.agentVersion)
    if (port == null) {
      return
    }
    const url = stunUrl(event.detail.connection.remoteAddr, port)
    if (url != null) {
      // kept aside: used once the peer is a bootstrap relay or holds our reservation (relay-info.ts)
      this.init.iceServers.learn(event.detail.peerId.toString(), url)
      this.log('peer %p says it runs STUN at %s', event.detail.peerId, url)
    }
  }

  /** a connection to a hidden peer can open while the gate changes: hang up on it at once */
  private readonly onConnectionOpen = (event: CustomEvent<Connection>): void => {
    const gate = this.init.gate
    if (gate != null) {
      void hangUpHidden([event.detail], gate, this.log)
    }
  }

  isStarted (): boolean {
    return this.started
  }

  async start (): Promise<void> {
    this.tracker.start()
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.components.events.addEventListener('connection:open', this.onConnectionOpen)
    this.upgrader?.start()
    await this.reservationsOf?.start()
    this.started = true
  }

  afterStart (): void {
    if (this.init.guard != null) {
      this.init.guard.start({
        getConnections: () => this.components.connectionManager.getConnections(),
        relay: () => this.relayServer()
      }, this.init.sweepMs)
    }
  }

  async stop (): Promise<void> {
    this.started = false
    this.tracker.stop()
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
    this.components.events.removeEventListener('connection:open', this.onConnectionOpen)
    this.upgrader?.stop()
    this.reservationsOf?.stop()
    this.init.guard?.stop()
    await this.init.stun?.close()
  }

  upgradeFailure (peer: PeerId | string): string | undefined {
    return this.upgrader?.failure(peer.toString())
  }

  upgradeStats (): UpgradeStats | undefined {
    return this.upgrader?.stats()
  }

  reservations (): RelayReservationState[] {
    return this.reservationsOf?.list() ?? []
  }

  publiclyReachable (): boolean {
    return this.reservationsOf?.publiclyReachable() ?? false
  }

  iceServers (): string[] {
    return this.init.iceServers.urls()
  }

  stunUrls (): string[] {
    const stun = this.init.stun
    if (stun == null) {
      return []
    }
    const bound = stun.host === '0.0.0.0' || stun.host === '::' ? undefined : stun.host.includes(':') ? `[${stun.host}]` : stun.host
    const hosts = bound != null
      ? [bound]
      : this.components.addressManager.getAddresses()
        .map(address => address.getComponents().find(c => c.name === 'ip4' || c.name === 'ip6'))
        .filter(c => c?.value != null && c.value !== '0.0.0.0' && c.value !== '::')
        .map(c => (c?.name === 'ip6' ? `[${c.value}]` : c?.value) as string)
    return [...new Set(hosts)].map(host => `stun:${host}:${stun.port}`)
  }

  dhtRecords (): DhtRecordUsage | undefined {
    return this.init.dhtRecords?.usage()
  }

  keepDhtRecord (key: Uint8Array): void {
    this.init.dhtRecords?.keep(key)
  }

  async enforceGate (): Promise<void> {
    if (this.init.gate != null) {
      await hangUpHidden(this.components.connectionManager.getConnections(), this.init.gate, this.log)
    }
  }

  async relayStats (): Promise<RelayStats> {
    if (this.stats == null) {
      throw new NotARelayError('this node is not a relay: only `tim relay` (role \'relay\') keeps relay statistics')
    }
    return await this.stats()
  }
}

/** The libp2p service factory. */
export function netService (init: NetServiceInit): (components: NetServiceComponents) => TimNet {
  return (components) => new NetService(components, init)
}
