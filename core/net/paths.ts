/**
 * How a connection reaches its peer: 'direct', 'hole-punched' or 'relayed'.
 *
 * - relayed: libp2p's `connection.direct` is false (a /p2p-circuit connection through a
 *   relay).
 * - hole-punched: a direct connection that came out of an upgrade of a relayed one:
 *   every WebRTC connection (the private-to-private transport is always signalled over a
 *   relayed connection and opened by ICE through the NATs), and any other direct
 *   connection that opened while the same peer was connected through a relay (a DCUtR
 *   upgrade). The tracker marks those when they open; the mark lives as long as the
 *   connection object (a WeakSet), so connectionPath stays a pure function of the
 *   connection for its callers.
 * - direct: everything else.
 *
 * Never changes libp2p's connection list: it only reads it.
 */

import type { Connection, Libp2pEvents, TypedEventTarget } from '@libp2p/interface'
import { bestOf, type ConnectionPath, type Reachability } from '../api/index.ts'

export type { ConnectionPath }

const holePunched = new WeakSet<Connection>()

/** A WebRTC (private-to-private) address or connection address: `…/p2p-circuit/webrtc/…`. */
export function isWebRTCAddress (address: string): boolean {
  return /\/webrtc(\/|$)/.test(address)
}

/** How a connection reaches the remote peer. */
export function connectionPath (connection: Connection): ConnectionPath {
  if (!connection.direct) {
    return 'relayed'
  }
  return holePunched.has(connection) || isWebRTCAddress(connection.remoteAddr.toString()) ? 'hole-punched' : 'direct'
}

/**
 * The best way the open connections reach a peer. A hole-punched connection is a direct one,
 * so it counts as 'direct' here (Reachability has no 'hole-punched').
 */
export function bestReachability (connections: Connection[]): Reachability {
  const open = connections.filter(connection => connection.status === 'open')
  if (open.length === 0) {
    return 'offline'
  }
  return open.some(connection => connectionPath(connection) !== 'relayed') ? 'direct' : 'relayed'
}

export interface PathTrackerComponents {
  events: TypedEventTarget<Libp2pEvents>
  getConnections: (peer: Connection['remotePeer']) => Connection[]
}

export interface PathTracker {
  start: () => void
  stop: () => void
}

/** Marks direct connections that opened while their peer was reachable only through a relay. */
export function createPathTracker (components: PathTrackerComponents): PathTracker {
  const onOpen = (event: CustomEvent<Connection>): void => {
    const connection = event.detail
    if (!connection.direct) {
      return
    }
    const relayed = components.getConnections(connection.remotePeer)
      .some(other => other !== connection && !other.direct && other.status === 'open')
    if (relayed) {
      holePunched.add(connection)
    }
  }
  return {
    start: () => { components.events.addEventListener('connection:open', onOpen) },
    stop: () => { components.events.removeEventListener('connection:open', onOpen) }
  }
}

/** The best way the open connections reach a peer: direct, then hole-punched, then relayed; null when none is open. */
export function bestPath (connections: Connection[]): ConnectionPath | null {
  return bestOf(connections.filter(connection => connection.status === 'open').map(connectionPath))
}
