/**
 * net — assembles the libp2p node: TCP and WebSockets transports, the circuit-relay
 * transport, noise, yamux, identify, ping, a Tim-only kad-dht, bootstrap and mDNS, with the
 * peer store kept in the node's level database. Owns the `libp2p` sublevel. It knows
 * protocols only as ids and streams: what flows over them belongs to the rooms above.
 */

import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify, type Identify } from '@libp2p/identify'
import { ping, type Ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper, type KadDHT } from '@libp2p/kad-dht'
import { bootstrap } from '@libp2p/bootstrap'
import { mdns } from '@libp2p/mdns'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { LevelDatastore } from 'datastore-level'
import type { Connection, PrivateKey } from '@libp2p/interface'
import type { Level } from 'level'
import type { Reachability } from '../api/index.ts'
import type { Store } from '../store/index.ts'

export const DHT_PROTOCOL = '/tim/kad/1.0.0'

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
}

export interface NetComponents {
  privateKey: PrivateKey
  store: Store
}

export type NetServices = {
  identify: Identify
  ping: Ping
  dht: KadDHT
}

export type TimLibp2p = Libp2p<NetServices>

export async function createNet (components: NetComponents, init: NetInit): Promise<TimLibp2p> {
  const datastore = new LevelDatastore(components.store.binary('libp2p') as unknown as Level<string, Uint8Array>)
  const peerDiscovery: Array<ReturnType<typeof bootstrap> | ReturnType<typeof mdns>> = []
  if (init.bootstrap != null && init.bootstrap.length > 0) {
    peerDiscovery.push(bootstrap({ list: init.bootstrap }))
  }
  if (init.mdns !== false) {
    peerDiscovery.push(mdns())
  }
  return createLibp2p({
    privateKey: components.privateKey,
    datastore,
    addresses: { listen: init.listen, announce: init.announce ?? [] },
    transports: [tcp(), webSockets(), circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery,
    connectionManager: {
      inboundConnectionThreshold: init.inboundConnectionThreshold ?? 5
    },
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({ protocol: DHT_PROTOCOL, peerInfoMapper: passthroughMapper, clientMode: false })
    }
  })
}

/** How a connection reaches the remote peer. */
export function connectionPath (connection: Connection): Exclude<Reachability, 'offline'> {
  return connection.direct && connection.limits == null && !connection.remoteAddr.toString().includes('/p2p-circuit')
    ? 'direct'
    : 'relayed'
}

/** The best way the open connections reach a peer: direct beats relayed. */
export function bestReachability (connections: Connection[]): Reachability {
  const open = connections.filter(connection => connection.status === 'open')
  if (open.length === 0) {
    return 'offline'
  }
  return open.some(connection => connectionPath(connection) === 'direct') ? 'direct' : 'relayed'
}
