/**
 * Whether this node serves the network: every installation that others can reach is a full
 * node. A node serves while it is reachable from outside (AutoNAT confirmed one of its public
 * addresses, or the user said so: `reachable`) unless its user opted out (`mode: 'off'`); a
 * relay (`tim relay`) always serves. Serving means: kad-dht in SERVER mode (so this node is
 * among what `getClosestPeers` returns, and mailbox placement picks it), the circuit-relay
 * hop protocol handled and advertised (peers may reserve a slot; while not serving the
 * protocol is not even offered, and the gater wrapper in index.ts refuses reservations and
 * circuits anyway), and whatever higher rooms hook in (the mailbox server, core/index.ts).
 *
 * Switches run one at a time. Switching on: DHT server, hop protocol, then the hooks' start.
 * Switching off: first the hooks' stop (the mailbox hands its mail to the nodes now closest),
 * then the hop protocol goes and the reservations held here are dropped, then DHT client.
 * Re-evaluated on every change of this node's addresses (`self:peer:update`, which AutoNAT's
 * verdicts cause) and every `recheckMs`.
 *
 * On every node it also keeps kad-dht's routing table up with peers that become DHT servers
 * while connected: kad-dht learns of a DHT server only when an identify names the protocol
 * for the first time on a connection, and a peer that switches to server mode just after it
 * connected (as serving nodes do) was otherwise never added on the side it dialled (measured:
 * the dialled node's routing table stayed empty). A `peer:update` whose protocols newly
 * include the DHT protocol hands the peer to kad-dht as a connecting DHT peer.
 *
 * Reads libp2p's services and address manager; never dials, never opens streams.
 */

import { defaultLogger } from '@libp2p/logger'
import { RELAY_V2_HOP_CODEC, type CircuitRelayService } from '@libp2p/circuit-relay-v2'
import { isPrivate } from '@libp2p/utils'
import type { KadDHT } from '@libp2p/kad-dht'
import type { ComponentLogger, Connection, Libp2pEvents, Logger, PeerId, PeerUpdate, Startable, Stream, TypedEventTarget } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { NetRole } from './net-service.ts'


/** 'auto': serve while reachable from outside; 'off': never (the user opted out). */
export type ServeMode = 'auto' | 'off'

/**
 * Why this node serves or not: a relay always does; 'forced' (the user said it is reachable);
 * 'public-address' (AutoNAT confirmed one); 'not-reachable' (behind a NAT, or not yet
 * confirmed); 'opted-out' (mode 'off').
 */
export type ServeReason = 'relay' | 'forced' | 'public-address' | 'not-reachable' | 'opted-out'

export interface ServingState {
  serving: boolean
  mode: ServeMode
  reason: ServeReason
  dhtMode: 'client' | 'server'
  /** when `serving` last changed (ms since epoch), or when the node started */
  since: number
  /** circuit-relay reservations held for others, and the most allowed */
  reservations: { count: number, max: number }
}

/** What a higher room does when the node starts or stops serving (the mailbox server). */
export interface ServingHook {
  start: () => Promise<void>
  /** runs before the network stops serving; `handOff`: give what is held to the nodes now closest (a switch off, not a node stopping) */
  stop: (handOff: boolean) => Promise<void>
}

export interface ServingInit {
  role: NetRole
  /** the kad-dht protocol id */
  dhtProtocol: string
  mode: ServeMode
  /** the user says this node is reachable from outside (`tim node --reachable`) */
  reachable: boolean
  maxReservations: number
  /** how often reachability is looked at besides address changes, ms */
  recheckMs: number
}

export interface ServingComponents {
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => void | Promise<void>, options?: Record<string, unknown>) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  addressManager: {
    getAddressesWithMetadata: () => Array<{ multiaddr: Multiaddr, verified: boolean }>
  }
  /** the node's kad-dht and circuit-relay services, switched to serving and back */
  dht: KadDHT
  relay?: CircuitRelayService
}

export interface TimServing {
  /** serving right now (a switch off clears it at its start, so the gater refuses at once) */
  isServing: () => boolean
  state: () => ServingState
  /** opt out ('off') or back in ('auto'); resolves once the switch it causes is done */
  setMode: (mode: ServeMode) => Promise<ServingState>
  /** say (or unsay) that this node is reachable from outside; resolves once switched */
  setReachable: (reachable: boolean) => Promise<ServingState>
  /** a higher room's part; started at once when the node already serves */
  addHook: (hook: ServingHook) => Promise<void>
  /** resolves when no switch is running */
  settled: () => Promise<void>
  /** the node is about to stop: stops the hooks (without handing off) and switches no more */
  close: () => Promise<void>
}

/** Whether AutoNAT confirmed a public (not private, not relayed) address of this node. */
export function hasConfirmedPublicAddress (addresses: Array<{ multiaddr: Multiaddr, verified: boolean }>): boolean {
  return addresses.some(({ multiaddr: address, verified }) =>
    verified && isPrivate(address) === false && !address.toString().includes('/p2p-circuit'))
}

export interface ServingSwitch extends TimServing {
  /** the libp2p service factory: binds the switch to the node's components */
  service: (components: ServingComponents) => TimServing & Startable
}

export function createServing (init: ServingInit): ServingSwitch {
  const isRelay = init.role === 'relay'
  let mode: ServeMode = init.mode
  let reachable = init.reachable
  let components: ServingComponents | undefined
  let serving = isRelay
  let hopHandled = true
  let since = Date.now()
  let running = false
  let closed = false
  let timer: NodeJS.Timeout | undefined
  const hooks: ServingHook[] = []
  let queue: Promise<unknown> = Promise.resolve()
  /** the node's logger once libp2p hands over its components */
  let log: Logger = defaultLogger().forComponent('tim:net:serving')

  const dht = (): KadDHT | undefined => components?.dht
  const relay = (): CircuitRelayService | undefined => {
    try {
      // libp2p's components throw for a service the node lacks
      return components?.relay
    } catch {
      return undefined
    }
  }

  const publicAddress = (): boolean => hasConfirmedPublicAddress(components?.addressManager.getAddressesWithMetadata() ?? [])

  const reason = (): ServeReason => {
    if (isRelay) return 'relay'
    if (mode === 'off') return 'opted-out'
    if (reachable) return 'forced'
    return publicAddress() ? 'public-address' : 'not-reachable'
  }
  const wanted = (): boolean => ['relay', 'forced', 'public-address'].includes(reason())

  const handleHop = async (): Promise<void> => {
    const server = relay() as (CircuitRelayService & { onHop?: (stream: Stream, connection: Connection) => Promise<void> }) | undefined
    if (hopHandled || server?.onHop == null || components == null) return
    await components.registrar.handle(RELAY_V2_HOP_CODEC, server.onHop.bind(server), { runOnLimitedConnection: true })
    hopHandled = true
  }

  const unhandleHop = async (): Promise<void> => {
    if (!hopHandled || components == null) return
    await components.registrar.unhandle(RELAY_V2_HOP_CODEC)
    hopHandled = false
    relay()?.reservations.clear()
  }

  const switchOn = async (): Promise<void> => {
    log('serving (%s): DHT server, relay reservations, mailbox', reason())
    await dht()?.setMode('server')
    await handleHop()
    // said once the DHT serves and reservations are offered: a state read meanwhile is not half of each
    serving = true
    since = Date.now()
    for (const hook of hooks) {
      await hook.start().catch(err => { log.error('a serving hook failed to start: %s', (err as Error).message) })
    }
  }

  const switchOff = async (): Promise<void> => {
    serving = false
    since = Date.now()
    log('no longer serving (%s): handing off, then DHT client', reason())
    for (const hook of [...hooks].reverse()) {
      await hook.stop(true).catch(err => { log.error('a serving hook failed to stop: %s', (err as Error).message) })
    }
    await unhandleHop()
    await dht()?.setMode('client')
  }

  /** runs `task` after every earlier switch */
  const serially = async <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task)
    queue = result.catch(() => {})
    return await result
  }

  const evaluate = async (): Promise<void> => {
    await serially(async () => {
      if (!running || closed || isRelay) return
      const want = wanted()
      if (want && !serving) await switchOn()
      else if (!want && serving) await switchOff()
    })
  }

  /** a peer that became a DHT server while connected goes into the routing table */
  const onPeerUpdate = (event: CustomEvent<PeerUpdate>): void => {
    const { peer, previous } = event.detail
    if (!peer.protocols.includes(init.dhtProtocol) || previous?.protocols.includes(init.dhtProtocol) === true) return
    const kad = dht() as (KadDHT & { onPeerConnect?: (peer: { id: PeerId, multiaddrs: Multiaddr[] }) => Promise<void> }) | undefined
    kad?.onPeerConnect?.({ id: peer.id, multiaddrs: peer.addresses.map(address => address.multiaddr) })
      .catch(err => { log('could not add DHT server %p to the routing table: %s', peer.id, (err as Error).message) })
  }

  const onSelfUpdate = (): void => { void evaluate().catch(err => { log.error('serving switch failed: %s', (err as Error).message) }) }

  const state = (): ServingState => {
    const server = relay()
    return {
      serving,
      mode,
      reason: reason(),
      dhtMode: dht()?.getMode() ?? 'client',
      since,
      reservations: { count: serving ? server?.reservations.size ?? 0 : 0, max: init.maxReservations }
    }
  }

  const startable: Startable = {
    start: () => {},
    afterStart: async () => {
      running = true
      components?.events.addEventListener('self:peer:update', onSelfUpdate)
      components?.events.addEventListener('peer:update', onPeerUpdate)
      timer = setInterval(onSelfUpdate, init.recheckMs)
      timer.unref()
      if (!isRelay) {
        // the relay server handled the hop protocol at its start: not offered until serving
        await serially(async () => {
          if (wanted()) await switchOn()
          else await unhandleHop()
        })
      }
    },
    beforeStop: async () => {
      running = false
      clearInterval(timer)
      components?.events.removeEventListener('self:peer:update', onSelfUpdate)
      components?.events.removeEventListener('peer:update', onPeerUpdate)
      await queue
    },
    stop: () => {}
  }

  const api: TimServing = {
    isServing: () => serving,
    state,
    setMode: async (next) => {
      mode = next
      await evaluate()
      return state()
    },
    setReachable: async (next) => {
      reachable = next
      await evaluate()
      return state()
    },
    addHook: async (hook) => {
      await serially(async () => {
        hooks.push(hook)
        if (serving) await hook.start()
      })
    },
    settled: async () => { await queue },
    close: async () => {
      await serially(async () => {
        if (closed) return
        closed = true
        // the node stops: what it holds stays on disk for its next run (and the other
        // holders re-replicate meanwhile), as a relay has always done
        if (serving) {
          for (const hook of [...hooks].reverse()) {
            await hook.stop(false).catch(err => { log.error('a serving hook failed to stop: %s', (err as Error).message) })
          }
        }
      })
    }
  }

  return {
    ...api,
    // what libp2p holds as `services.serving`: the switch, started and stopped with the node
    service: (given) => {
      components = given
      log = given.logger.forComponent('tim:net:serving')
      return { ...api, ...startable, [Symbol.toStringTag]: '@tim/serving' }
    }
  }
}

/**
 * Wraps the AutoNAT service factory so that its dial-backs open a connection of their own.
 * @libp2p/autonat 3.x (v1 server) verifies a peer's address with
 * `connectionManager.openConnection(address)` and closes whatever connection that returns:
 * while the asking peer is connected (it always is: it asks over a connection), libp2p hands
 * back that existing connection, so the server closed the peer's only connection and, unless
 * that connection's remote address was exactly the one to verify, answered E_DIAL_ERROR.
 * Measured in the netns lab: two public nodes never confirmed each other and lost their
 * connection at each attempt. With `force` the dial-back is a fresh connection to the address
 * asked about, which is what AutoNAT means to test, and closing it leaves the peer's alone; it
 * is aborted rather than closed (see abortingOnClose).
 */
interface DiallingComponents {
  connectionManager: { openConnection: (address: unknown, options?: Record<string, unknown>) => Promise<unknown> }
}

/**
 * The dial-back connection, whose close aborts it at once: AutoNAT answers only once it closed
 * it, and other services (gossipsub, identify) open streams on every new connection, which a
 * graceful close waits for, past the asking peer's patience. Nothing is sent on it but what
 * those services opened.
 */
function abortingOnClose (connection: unknown): unknown {
  const target = connection as { abort: (err: Error) => void }
  return new Proxy(target, {
    get: (held, property) => {
      if (property === 'close') return async () => { held.abort(new Error('AutoNAT dial-back done')) }
      const value = Reflect.get(held, property)
      return typeof value === 'function' ? value.bind(held) : value
    }
  })
}

export function withFreshDialBacks<C extends object, S> (factory: (components: C) => S): (components: C) => S {
  return (components) => {
    const manager = (components as unknown as DiallingComponents).connectionManager
    const dialling = new Proxy(manager, {
      get: (target, property) => {
        if (property === 'openConnection') {
          return async (address: unknown, options: Record<string, unknown> = {}) => abortingOnClose(await target.openConnection(address, { ...options, force: true }))
        }
        const value = Reflect.get(target, property)
        return typeof value === 'function' ? value.bind(target) : value
      }
    })
    return factory(new Proxy(components, {
      get: (target, property, receiver) => property === 'connectionManager' ? dialling : Reflect.get(target, property, receiver)
    }))
  }
}
