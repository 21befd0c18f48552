/**
 * The mailbox as a libp2p service (`libp2p.services.mailbox`), shaped like @libp2p/identify:
 * `mailboxService(init)` takes the settings and the room's own dependencies (identity, store,
 * fault counter) and returns the factory libp2p calls with its components (peer id,
 * registrar, connection manager, the kad-dht and serving services, the node's logger).
 *
 * start() joins net's serving switch: while the node serves, the server answers
 * /tim/mailbox (`registrar.handle` when serving starts, `unhandle` when it stops, handing the
 * mail it holds to the nodes now closest on a switch off); stop() unhandles and stops the
 * server for good and aborts every deposit, collection and replication still under way. The
 * client (deposit for others, collect this device's mail) works whether the node serves or not.
 */

import type { AbortOptions, ComponentLogger, Connection, PeerId, Startable, Stream } from '@libp2p/interface'
import type { QueryEvent } from '@libp2p/kad-dht'
import type { LocalIdentity } from '../identity/index.ts'
import type { MailboxPort } from '../messaging/mailbox-port.ts'
import type { ServingHook, TimServing } from '../net/index.ts'
import type { Store } from '../store/index.ts'
import { createMailboxClient, type MailboxClientInit } from './client.ts'
import type { StreamOpener } from './exchange.ts'
import { createPlacement, type Placement, type PlacementInit } from './placement.ts'
import { createMailboxServer, type MailboxServer, type MailboxServerInit } from './server.ts'

export interface MailboxInit extends MailboxClientInit, MailboxServerInit, PlacementInit {
  /** may hold mail for others (whenever the node serves); false: never, not even then */
  serve: boolean
}

/** What the mailbox room brings besides its settings. */
export interface MailboxServiceInit extends MailboxInit {
  identity: LocalIdentity
  store: Store
  /** counts rejected requests by error name */
  fault: (err: Error) => void
}

/** What the mailbox asks of libp2p's components (a structural subset of them). */
export interface MailboxServiceComponents {
  peerId: PeerId
  logger: ComponentLogger
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => Promise<void>, options?: { maxInboundStreams?: number }) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  connectionManager: {
    openStream: (peer: PeerId, protocol: string, options?: AbortOptions) => Promise<Stream>
  }
  /** kad-dht: where an account's mail lives */
  dht: { getClosestPeers: (key: Uint8Array, options?: AbortOptions) => AsyncIterable<QueryEvent> }
  /** net's serving switch: the server answers while the node serves */
  serving: Pick<TimServing, 'addHook'>
}

export interface TimMailbox {
  /** deposit for others, collect this device's mail (messaging's MailboxPort) */
  client: MailboxPort
  /** the server that holds mail for others; it answers only while `serving()` */
  server: MailboxServer | null
  /** whether the server answers now */
  serving: () => boolean
}

class MailboxService implements TimMailbox, Startable {
  readonly [Symbol.toStringTag] = '@tim/mailbox'
  readonly client: MailboxPort
  readonly server: MailboxServer | null
  private readonly components: MailboxServiceComponents
  private readonly hook: ServingHook
  /** aborted at stop(): every deposit and collection under way */
  private halt = new AbortController()
  private answering = false
  private started = false

  constructor (components: MailboxServiceComponents, init: MailboxServiceInit) {
    this.components = components
    // libp2p's components are a proxy that throws on what it lacks: take each part by name, never spread it
    const placement = createPlacement({ peerId: components.peerId, dht: components.dht }, init)
    /** while handing off, this node is no candidate for the mail it holds */
    let leaving = false
    const serverPlacement: Placement = {
      closest: async (key, options = {}) => await placement.closest(key, { ...options, includeSelf: options.includeSelf === true && !leaving })
    }
    const streams: StreamOpener = {
      dialProtocol: async (peer, protocol, options) => await components.connectionManager.openStream(peer, protocol, options)
    }
    const server = init.serve
      ? createMailboxServer({
        peerId: components.peerId,
        registrar: components.registrar,
        store: init.store,
        fault: init.fault,
        streams,
        placement: serverPlacement,
        log: components.logger.forComponent('tim:mailbox')
      }, init)
      : null
    this.server = server
    const client = createMailboxClient({ identity: init.identity, streams, placement, log: components.logger.forComponent('tim:mailbox:client') }, init)
    const stopped = (signal?: AbortSignal): AbortSignal => signal == null ? this.halt.signal : AbortSignal.any([signal, this.halt.signal])
    this.client = {
      deposit: async (recipient, envelope, options = {}) => await client.deposit(recipient, envelope, { ...options, signal: stopped(options.signal) }),
      depositGroup: async (account, groupMessage, options = {}) => await client.depositGroup(account, groupMessage, { ...options, signal: stopped(options.signal) }),
      collect: (signal) => client.collect(stopped(signal))
    }
    this.hook = {
      start: async () => {
        if (server == null || this.answering) return
        await server.start()
        this.answering = true
      },
      stop: async (handOff) => {
        if (server == null || !this.answering) return
        this.answering = false
        // first refuse new deposits (depositors go on to the next closest node), then hand off
        await server.stopAnswering()
        if (handOff) {
          leaving = true
          try {
            // twice: a pass already running may have started with this node still a candidate
            await server.maintain()
            await server.maintain()
          } finally {
            leaving = false
          }
        }
        await server.stop()
      }
    }
  }

  isStarted (): boolean {
    return this.started
  }

  async start (): Promise<void> {
    this.halt = new AbortController()
    // the server answers from now on while the node serves (a relay: at once)
    await this.components.serving.addHook(this.hook)
    this.started = true
  }

  async stop (): Promise<void> {
    this.started = false
    this.halt.abort()
    // what it holds stays on disk for the next run (no hand-off: the node stops, it does not opt out)
    await this.hook.stop(false)
  }

  serving (): boolean {
    return this.answering
  }
}

/** The libp2p service factory: `services: { mailbox: mailboxService(init) }`. */
export function mailboxService (init: MailboxServiceInit): (components: MailboxServiceComponents) => TimMailbox {
  return (components) => new MailboxService(components, init)
}
