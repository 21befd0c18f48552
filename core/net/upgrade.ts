/**
 * Upgrades relayed connections to direct ones over WebRTC, and remembers why it could not.
 *
 * When this node dials a peer and gets a relayed connection (it opened it: direction
 * 'outbound'), and identify on it says the peer speaks WebRTC signalling, it dials
 * `<relay>/p2p-circuit/webrtc/p2p/<peer>` through the transport manager (not the dial
 * queue, which would merge it into a dial of the same peer still in progress): the WebRTC
 * transport signals over the relayed connection and ICE, with the STUN servers of the
 * relays this node knows, opens a direct path through both NATs. On success the relayed
 * connection is closed, so the streams that follow take the direct one. On failure the reason (the last
 * stage reached and the error) is kept per peer for `upgradeFailure(peer)`, and the next
 * attempt waits `retryMs`. The side that accepted the relayed connection does not dial; it
 * records a failure when no direct connection came within the attempt's time. DCUtR (the
 * libp2p service) runs beside this for TCP hole punching between public addresses.
 *
 * Every new WebRTC connection, on either side, must complete identify within
 * `probeTimeoutMs`, or it is aborted as dead: when ICE fails, @libp2p/webrtc's answering side
 * can still hand libp2p a connection whose data channels never open (the offerer resets
 * the signalling stream, and the answerer takes the end of the stream for success), and
 * libp2p would prefer that "direct" connection for new streams.
 *
 * Never closes a relayed connection unless a direct one to the same peer is open; aborts no
 * connection but a WebRTC one that proved dead.
 */

import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { Connection, IdentifyResult, Libp2pEvents, Logger, PeerId, TypedEventTarget } from '@libp2p/interface'
import { connectionPath, isWebRTCAddress } from './paths.ts'


/** The protocol of @libp2p/webrtc's signalling over a relayed connection. */
export const WEBRTC_SIGNALING_PROTOCOL = '/webrtc-signaling/0.0.1'

export interface UpgraderInit {
  /** the most one WebRTC attempt may take */
  timeoutMs: number
  /** after a failed attempt, the next one to the same peer waits this long */
  retryMs: number
  /** how long closing the relayed connection may take before it is aborted */
  closeTimeoutMs: number
  /** a new WebRTC connection that has not completed identify by then is aborted */
  probeTimeoutMs: number
}

export interface UpgraderComponents {
  events: TypedEventTarget<Libp2pEvents>
  getConnections: (peer?: PeerId) => Connection[]
  /** dials one address with its transport (libp2p's transport manager) */
  dial: (address: Multiaddr, options: { signal: AbortSignal, onProgress: (event: { type: string }) => void }) => Promise<Connection>
  /** the node's `tim:net:upgrade` logger */
  log: Logger
}

export interface UpgradeStats {
  attempts: number
  succeeded: number
  failed: number
  /** how long the last successful WebRTC dial took, ms (signalling + ICE + DTLS + muxer) */
  lastUpgradeMs?: number
}

export interface Upgrader {
  start: () => void
  stop: () => void
  /** why the last upgrade of a relayed connection to this peer failed; undefined once one succeeded */
  failure: (peer: string) => string | undefined
  stats: () => UpgradeStats
}

/** The WebRTC dial address for the peer of an outbound relayed connection. */
export function webRTCAddressOf (relayed: Connection): Multiaddr | undefined {
  const text = relayed.remoteAddr.toString()
  const at = text.indexOf('/p2p-circuit')
  if (at < 0) {
    return undefined
  }
  return multiaddr(`${text.slice(0, at)}/p2p-circuit/webrtc/p2p/${relayed.remotePeer.toString()}`)
}

export function createUpgrader (components: UpgraderComponents, init: UpgraderInit): Upgrader {
  const { log } = components
  const failures = new Map<string, string>()
  const lastAttempt = new Map<string, number>()
  const running = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  /** WebRTC connections that have not completed identify yet */
  const probes = new Map<Connection, NodeJS.Timeout>()
  const controller = new AbortController()
  const stats: UpgradeStats = { attempts: 0, succeeded: 0, failed: 0 }
  const MAX_REMEMBERED = 1024

  /** an open direct connection that proved it works (a WebRTC one still on probation does not count) */
  const hasDirect = (peer: PeerId): boolean =>
    components.getConnections(peer).some(connection => connection.status === 'open' && connectionPath(connection) !== 'relayed' && !probes.has(connection))

  const remember = (peer: string, reason: string): void => {
    failures.delete(peer)
    failures.set(peer, reason)
    if (failures.size > MAX_REMEMBERED) {
      const oldest = failures.keys().next().value
      if (oldest != null) failures.delete(oldest)
    }
  }

  const closeRelayed = async (peer: PeerId): Promise<void> => {
    for (const connection of components.getConnections(peer)) {
      if (!connection.direct && connection.status === 'open') {
        await connection.close({ signal: AbortSignal.timeout(init.closeTimeoutMs) })
          .catch((err: Error) => { connection.abort(err) })
      }
    }
  }

  const attempt = async (relayed: Connection): Promise<void> => {
    const peer = relayed.remotePeer
    const key = peer.toString()
    const address = webRTCAddressOf(relayed)
    if (address == null || running.has(key) || hasDirect(peer)) {
      return
    }
    const last = lastAttempt.get(key)
    if (last != null && Date.now() - last < init.retryMs && failures.has(key)) {
      return
    }
    running.add(key)
    lastAttempt.set(key, Date.now())
    stats.attempts++
    let stage = 'dial'
    const started = Date.now()
    try {
      const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(init.timeoutMs)])
      const connection = await components.dial(address, {
        signal,
        onProgress: (event) => { stage = event.type }
      })
      stats.succeeded++
      stats.lastUpgradeMs = Date.now() - started
      log('upgraded the relayed connection to %s: %s in %d ms', key, connection.remoteAddr.toString(), Date.now() - started)
      await closeRelayed(peer)
    } catch (err) {
      if (controller.signal.aborted) {
        return
      }
      stats.failed++
      const error = err as Error
      const timedOut = Date.now() - started >= init.timeoutMs - 50
      const iceStage = ['webrtc:read-ice-candidates', 'webrtc:add-ice-candidate', 'webrtc:end-of-ice-candidates'].includes(stage)
      const reason = timedOut
        ? `WebRTC upgrade gave up after ${init.timeoutMs} ms at ${stage}` +
          (iceStage ? ': the peers exchanged ICE candidates through the relay but no candidate pair connected (a symmetric NAT or filtered UDP on the way)' : '')
        : `WebRTC upgrade failed at ${stage}: ${error.name}: ${error.message}`
      remember(key, reason)
      log('could not upgrade the relayed connection to %s: %s', key, reason)
    } finally {
      running.delete(key)
    }
  }

  /** The side that accepted the relayed connection notes when no direct one came. */
  const watch = (relayed: Connection): void => {
    const key = relayed.remotePeer.toString()
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (relayed.status === 'open' && !hasDirect(relayed.remotePeer) && !running.has(key) && !failures.has(key)) {
        remember(key, `no direct connection within ${init.timeoutMs} ms: the peer's WebRTC or DCUtR attempt did not get through`)
      }
    }, init.timeoutMs + 1_000)
    timer.unref()
    timers.add(timer)
  }

  /** a WebRTC connection must prove it carries data: identify has to complete on it */
  const probe = (connection: Connection): void => {
    const timer = setTimeout(() => {
      probes.delete(connection)
      if (connection.status !== 'open') return
      const key = connection.remotePeer.toString()
      stats.failed++
      remember(key, `the WebRTC connection opened but carried nothing for ${init.probeTimeoutMs} ms: ICE never connected (a symmetric NAT or filtered UDP on the way)`)
      log('aborting the dead WebRTC connection to %s', key)
      connection.abort(new Error('the WebRTC connection never carried data'))
    }, init.probeTimeoutMs)
    timer.unref()
    probes.set(connection, timer)
  }

  const settleProbe = (connection: Connection): boolean => {
    const timer = probes.get(connection)
    if (timer == null) return false
    clearTimeout(timer)
    probes.delete(connection)
    return true
  }

  const onOpen = (event: CustomEvent<Connection>): void => {
    const connection = event.detail
    if (connection.direct) {
      if (isWebRTCAddress(connection.remoteAddr.toString())) {
        probe(connection)
      }
    } else if (hasDirect(connection.remotePeer)) {
      // a relayed connection that raced a working direct one: the direct one carries everything
      void closeRelayed(connection.remotePeer).catch((err: Error) => { log('could not close relayed connections to %p: %s', connection.remotePeer, err.message) })
    } else if (connection.direction === 'inbound') {
      watch(connection)
    }
  }

  const onClose = (event: CustomEvent<Connection>): void => {
    const connection = event.detail
    if (settleProbe(connection)) {
      stats.failed++
      remember(connection.remotePeer.toString(), 'the WebRTC connection closed before it carried data: ICE never connected (a symmetric NAT or filtered UDP on the way)')
    }
  }

  const onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    const { connection, protocols } = event.detail
    if (settleProbe(connection)) {
      // a working WebRTC connection: the peer is reachable directly now, and the relayed
      // connections to it (the other side may have opened its own) give way on this side too
      failures.delete(connection.remotePeer.toString())
      void closeRelayed(connection.remotePeer).catch((err: Error) => { log('could not close relayed connections to %p: %s', connection.remotePeer, err.message) })
      return
    }
    if (!connection.direct && connection.direction === 'outbound' && connection.status === 'open' &&
      protocols.includes(WEBRTC_SIGNALING_PROTOCOL)) {
      void attempt(connection)
    }
  }

  return {
    start: () => {
      components.events.addEventListener('connection:open', onOpen)
      components.events.addEventListener('connection:close', onClose)
      components.events.addEventListener('peer:identify', onIdentify)
    },
    stop: () => {
      components.events.removeEventListener('connection:open', onOpen)
      components.events.removeEventListener('connection:close', onClose)
      components.events.removeEventListener('peer:identify', onIdentify)
      for (const timer of probes.values()) clearTimeout(timer)
      probes.clear()
      controller.abort()
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
    failure: (peer) => failures.get(peer),
    stats: () => ({ ...stats })
  }
}
