/**
 * The presence libp2p service: `/tim/signal/1.0.0` between accepted contacts' connected
 * devices, one SignalFrame per stream (frames.ts). It tells each contact device this node's
 * presence when a connection to it opens and on every change, sends typing on request, turns
 * what contacts signal into `contact:presence` and `conversation:typing` events
 * (contact-presence.ts, typing.ts), and keeps this node's own presence (my-presence.ts).
 * Invisible: one OFFLINE to each connected contact device, then `hides` makes net's peer gate
 * (core/net/peer-gate.ts) hang up on them and refuse them. Never stores or queues a signal, never
 * dials a device except its contacts' when it stops being invisible, never answers a stranger.
 */

import { peerIdFromString } from '@libp2p/peer-id'
import type { ComponentLogger, Connection, Libp2pEvents, Logger, PeerId, Startable, Stream, TypedEventTarget } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import {
  checkConversationId, dmConversation, InvalidArgumentError, isPlainObject,
  type AccountId, type Contact, type ContactRemoval, type DeviceId, type MessengerEventListener, type MessengerEventName,
  type MessengerEvents, type MyPresence, type Presence
} from '../api/index.ts'
import { createTokenBuckets } from '../net/token-buckets.ts'
import type { JsonSublevel, Store } from '../store/index.ts'
import { createContactPresence, type ContactPresence } from './contact-presence.ts'
import { decodeSignal, encodeSignal, MAX_SIGNAL_FRAME_BYTES, SIGNAL_PROTOCOL, type PresenceSignal, type Signal } from './frames.ts'
import { applyPresenceRequest, defaultPresence, loadMyPresence, saveMyPresence } from './my-presence.ts'
import { createSignalLanes, type SignalLanes } from './signal-lanes.ts'
import { createIncomingTyping, type IncomingTyping } from './typing.ts'

/** Who this node's accepted contacts are (messaging's contact book answers). */
export interface PresenceContacts {
  /** the account of a device of an accepted contact; null for anyone else (strangers, requests, blocked) */
  accountOf: (device: DeviceId) => AccountId | null
  /** the devices of an account */
  devicesOf: (account: AccountId) => DeviceId[]
  /** every accepted contact (dialled when this node stops being invisible) */
  accounts: () => AccountId[]
}

/** The part of messaging's EventHub (core/messaging/events.ts) this service uses. */
export interface PresenceEventHub {
  emit: <E extends MessengerEventName>(event: E, detail: MessengerEvents[E]) => void
  on: <E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>) => () => void
}

/** What the service asks of libp2p's components (a structural subset of its internal interfaces). */
export interface PresenceServiceComponents {
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => void | Promise<void>, options?: { maxInboundStreams?: number, maxOutboundStreams?: number, runOnLimitedConnection?: boolean }) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  connectionManager: {
    getConnections: (peer?: PeerId) => Connection[]
    openConnection: (peer: PeerId, options?: { signal?: AbortSignal }) => Promise<Connection>
  }
  /** Tim's net service: hangs up on the peers the gate (`hides`) refuses, when told the gate changed */
  net: { enforceGate: () => Promise<void> }
  events: TypedEventTarget<Libp2pEvents>
  logger: ComponentLogger
}

export interface PresenceServiceInit {
  /** this node's account: typing signals name the conversation `dm:<account>` as the recipient sees it */
  account: AccountId
  contacts: PresenceContacts
  store: Store
  hub: PresenceEventHub
  /** a contact's typing=true lapses after this long without a refresh (default 6000 ms) */
  typingTtlMs?: number
  /** the most one signal may take to reach a device and be handled there (default 5000 ms) */
  signalTimeoutMs?: number
  /** the most a dial of a contact's device may take when this node stops being invisible (default 10000 ms) */
  dialTimeoutMs?: number
  /** signals accepted per second from one device, and the burst (default 5 and 20) */
  ratePerSecond?: number
  rateBurst?: number
}

/** Signals refused: from devices that are not accepted contacts', and bad ones by error name. */
export interface PresenceCounts {
  ignored: number
  rejected: Record<string, number>
}

export interface PresenceService {
  getPresence: () => MyPresence
  /** changes what contacts are told (and keeps it across restarts); throws InvalidArgumentError on a bad request */
  setPresence: (request: unknown) => Promise<MyPresence>
  /** tells the devices of a 1:1 conversation's contact connected now that the user is typing, or stopped */
  setTyping: (request: unknown) => Promise<void>
  /** what this node knows of a contact's presence */
  presenceOf: (account: AccountId) => Presence
  invisible: () => boolean
  /** whether the connection gate must refuse `peer`: an accepted contact's device while this node is invisible */
  hides: (peer: PeerId | DeviceId) => boolean
  counts: () => PresenceCounts
  /**
   * the contact book became known (messaging starts after libp2p, whose connections may open
   * first): while invisible, hangs up on contacts' devices; otherwise tells every connected
   * contact device this node's presence
   */
  contactsKnown: () => Promise<void>
}

const DEFAULT_TYPING_TTL_MS = 6_000
const DEFAULT_SIGNAL_TIMEOUT_MS = 5_000
const DEFAULT_DIAL_TIMEOUT_MS = 10_000
const DEFAULT_RATE_PER_SECOND = 5
const DEFAULT_RATE_BURST = 20
/** devices whose rate is remembered at once (an accepted contact's; the least recently heard forgotten first) */
const MAX_RATED_DEVICES = 1024
/** streams one connection may have open on the protocol at once: a lane sends one at a time */
const MAX_STREAMS_PER_CONNECTION = 4
/** why a stream from a device that is told nothing is reset (the same words whatever the reason) */
const NOT_HANDLED = 'signal not accepted'

/** Names the errors libp2p's length-prefixed reader throws as Tim's wire errors. */
function rejectionName (err: Error): string | null {
  if (err.name === 'InvalidDataLengthError' || err.name === 'InvalidDataLengthLengthError') return 'FrameTooLargeError'
  if (err.name === 'InvalidMessageLengthError' || err.name === 'UnexpectedEOFError') return 'MalformedFrameError'
  if (err.name === 'MalformedFrameError' || err.name === 'FrameTooLargeError') return err.name
  return null
}

/** Resolves once both ends of `stream` are closed; rejects when it was reset or `signal` fired first. */
async function streamClosed (stream: Stream, signal: AbortSignal): Promise<void> {
  if (stream.status === 'closed') return
  if (stream.status !== 'open' && stream.status !== 'closing') throw new Error(`the stream was ${stream.status}`)
  await new Promise<void>((resolve, reject) => {
    const onClose = (event: Event & { error?: Error }): void => {
      signal.removeEventListener('abort', onAbort)
      if (event.error != null) reject(event.error)
      else resolve()
    }
    const onAbort = (): void => {
      stream.removeEventListener('close', onClose)
      reject(signal.reason as Error)
    }
    stream.addEventListener('close', onClose, { once: true })
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

class Presences implements PresenceService, Startable {
  readonly [Symbol.toStringTag] = '@tim/presence'
  private readonly components: PresenceServiceComponents
  private readonly init: PresenceServiceInit
  private readonly log: Logger
  private readonly sublevel: JsonSublevel<unknown>
  private readonly contactPresence: ContactPresence
  private readonly typing: IncomingTyping
  private readonly lanes: SignalLanes
  private readonly buckets = createTokenBuckets(MAX_RATED_DEVICES)
  private readonly signalTimeoutMs: number
  private mine: MyPresence = defaultPresence
  /** setPresence calls, one after the other */
  private changing: Promise<unknown> = Promise.resolve()
  private ignored = 0
  /**
   * contact devices that refused or missed our last signal (one that had not accepted us yet
   * resets it): told our presence again when they first signal theirs (they accepted us)
   */
  private readonly untold = new Set<DeviceId>()
  private readonly rejected: Record<string, number> = {}
  private unsubscribe: Array<() => void> = []
  private started = false

  constructor (components: PresenceServiceComponents, init: PresenceServiceInit) {
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('tim:presence')
    this.signalTimeoutMs = init.signalTimeoutMs ?? DEFAULT_SIGNAL_TIMEOUT_MS
    this.sublevel = init.store.json<unknown>('presence')
    this.contactPresence = createContactPresence({
      sublevel: this.sublevel,
      emit: change => { init.hub.emit('contact:presence', change) },
      onWriteError: err => { this.log.error('could not keep a contact\'s last-seen time: %s', err.message) }
    })
    this.typing = createIncomingTyping({
      ttlMs: init.typingTtlMs ?? DEFAULT_TYPING_TTL_MS,
      emit: change => { init.hub.emit('conversation:typing', change) }
    })
    this.lanes = createSignalLanes({
      deliver: async (peer, signal) => { await this.deliver(peer, signal) },
      onError: (peer, err) => {
        this.untold.add(peer.toString())
        this.log('could not signal %p: %s', peer, err.message)
      }
    })
  }

  isStarted (): boolean {
    return this.started
  }

  /** before libp2p listens: an invisible node must hide its contacts from its first connection on */
  async beforeStart (): Promise<void> {
    this.mine = await loadMyPresence(this.sublevel)
    await this.contactPresence.load()
  }

  async start (): Promise<void> {
    await this.components.registrar.handle(SIGNAL_PROTOCOL, this.onStream, {
      maxInboundStreams: MAX_STREAMS_PER_CONNECTION,
      maxOutboundStreams: MAX_STREAMS_PER_CONNECTION,
      runOnLimitedConnection: true
    })
    this.components.events.addEventListener('connection:open', this.onConnectionOpen)
    this.components.events.addEventListener('connection:close', this.onConnectionClose)
    this.unsubscribe = [
      this.init.hub.on('contact:updated', this.onContactUpdated),
      this.init.hub.on('contact:removed', this.onContactRemoved)
    ]
    this.started = true
  }

  /** a stopping node says OFFLINE to its contacts' connected devices, as one going invisible does */
  async beforeStop (): Promise<void> {
    if (!this.invisible()) {
      await this.signalContactDevices({ presence: this.offlineSignal() }, { replace: true })
    }
  }

  async stop (): Promise<void> {
    this.started = false
    this.components.events.removeEventListener('connection:open', this.onConnectionOpen)
    this.components.events.removeEventListener('connection:close', this.onConnectionClose)
    this.unsubscribe.forEach(off => { off() })
    this.unsubscribe = []
    await this.components.registrar.unhandle(SIGNAL_PROTOCOL)
    this.typing.clear()
    this.contactPresence.clear()
    await this.contactPresence.settled()
  }

  getPresence (): MyPresence {
    return this.mine
  }

  async setPresence (request: unknown): Promise<MyPresence> {
    const change = this.changing.then(async () => {
      const next = applyPresenceRequest(this.mine, request)
      await this.changePresence(next)
      return next
    })
    this.changing = change.catch(() => {})
    return await change
  }

  async setTyping (request: unknown): Promise<void> {
    if (!isPlainObject(request) || typeof request.typing !== 'boolean') {
      throw new InvalidArgumentError('setTyping needs { conversation, typing: true | false }')
    }
    const conversation = checkConversationId(request.conversation)
    if (conversation.kind !== 'dm') {
      throw new InvalidArgumentError('typing is shown in 1:1 conversations only, for now')
    }
    if (this.invisible()) {
      return
    }
    const signal: Signal = { typing: { conversation: dmConversation(this.init.account), typing: request.typing } }
    for (const device of this.init.contacts.devicesOf(conversation.id)) {
      const peer = peerIdFromString(device)
      if (this.init.contacts.accountOf(device) === conversation.id && this.components.connectionManager.getConnections(peer).length > 0) {
        void this.lanes.send(peer, signal)
      }
    }
  }

  presenceOf (account: AccountId): Presence {
    return this.contactPresence.presenceOf(account)
  }

  invisible (): boolean {
    return this.mine.status === 'invisible'
  }

  hides (peer: PeerId | DeviceId): boolean {
    return this.invisible() && this.init.contacts.accountOf(peer.toString()) != null
  }

  counts (): PresenceCounts {
    return { ignored: this.ignored, rejected: { ...this.rejected } }
  }

  async contactsKnown (): Promise<void> {
    if (this.invisible()) {
      await this.components.net.enforceGate()
    } else {
      await this.signalContactDevices({ presence: this.presenceSignal() })
    }
  }

  private async changePresence (next: MyPresence): Promise<void> {
    const wasInvisible = this.invisible()
    await saveMyPresence(this.sublevel, next)
    this.mine = next
    if (next.status === 'invisible') {
      if (!wasInvisible) {
        await this.disappear()
      }
    } else if (wasInvisible) {
      this.reappear()
    } else {
      void this.signalContactDevices({ presence: this.presenceSignal() })
    }
  }

  /** OFFLINE to every connected contact device (instead of whatever waited for it), then the gate hangs up on them */
  private async disappear (): Promise<void> {
    await this.signalContactDevices({ presence: this.offlineSignal() }, { replace: true })
    await this.components.net.enforceGate()
  }

  /** back from invisible: dial every contact device; each connection that opens is told our presence */
  private reappear (): void {
    const timeoutMs = this.init.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS
    for (const account of this.init.contacts.accounts()) {
      for (const device of this.init.contacts.devicesOf(account)) {
        this.components.connectionManager.openConnection(peerIdFromString(device), { signal: AbortSignal.timeout(timeoutMs) })
          .catch(err => { this.log('contact device %s is not reachable now: %s', device, (err as Error).message) })
      }
    }
  }

  /** sends `signal` to every accepted contact's device connected now; resolves once each was signalled or failed */
  private async signalContactDevices (signal: Signal, options: { replace?: boolean } = {}): Promise<void> {
    const peers = new Map<string, PeerId>()
    for (const connection of this.components.connectionManager.getConnections()) {
      if (this.init.contacts.accountOf(connection.remotePeer.toString()) != null) {
        peers.set(connection.remotePeer.toString(), connection.remotePeer)
      }
    }
    await Promise.all([...peers.values()].map(async peer => { await this.lanes.send(peer, signal, options) }))
  }

  private presenceSignal (): PresenceSignal {
    const { status, text, shareLastSeen } = this.mine
    return { status: status === 'invisible' ? 'offline' : status, text: text ?? '', lastSeen: shareLastSeen ? Date.now() : 0 }
  }

  private offlineSignal (): PresenceSignal {
    return { status: 'offline', text: '', lastSeen: this.mine.shareLastSeen ? Date.now() : 0 }
  }

  private async deliver (peer: PeerId, signal: Signal): Promise<void> {
    const connection = this.components.connectionManager.getConnections(peer).find(c => c.status === 'open')
    if (connection == null) {
      return
    }
    const timeout = AbortSignal.timeout(this.signalTimeoutMs)
    const stream = await connection.newStream(SIGNAL_PROTOCOL, { signal: timeout, runOnLimitedConnection: true })
    try {
      await lpStream(stream, { maxDataLength: MAX_SIGNAL_FRAME_BYTES }).write(encodeSignal(signal), { signal: timeout })
      await stream.close({ signal: timeout })
      // the device closes its end once it has handled the frame: the next one cannot overtake it
      await streamClosed(stream, timeout)
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
    this.untold.delete(peer.toString())
  }

  private readonly onStream = async (stream: Stream, connection: Connection): Promise<void> => {
    const device = connection.remotePeer.toString()
    const account = this.init.contacts.accountOf(device)
    if (account == null || this.invisible()) {
      this.ignored++
      stream.abort(new Error(NOT_HANDLED))
      return
    }
    if (this.buckets.take(device, 1, this.init.ratePerSecond ?? DEFAULT_RATE_PER_SECOND, this.init.rateBurst ?? DEFAULT_RATE_BURST) > 0) {
      this.reject('RateLimitedError', stream)
      return
    }
    try {
      const bytes = await lpStream(stream, { maxDataLength: MAX_SIGNAL_FRAME_BYTES }).read({ signal: AbortSignal.timeout(this.signalTimeoutMs) })
      this.apply(account, connection.remotePeer, decodeSignal(bytes.subarray()))
      await stream.close({ signal: AbortSignal.timeout(this.signalTimeoutMs) })
    } catch (err) {
      const name = rejectionName(err as Error)
      if (name != null) {
        this.reject(name, stream)
      } else {
        stream.abort(err as Error)
      }
      this.log('a signal from %s failed: %s', device, (err as Error).message)
    }
  }

  private reject (name: string, stream: Stream): void {
    this.rejected[name] = (this.rejected[name] ?? 0) + 1
    stream.abort(new Error(NOT_HANDLED))
  }

  private apply (account: AccountId, peer: PeerId, signal: Signal): void {
    const device = peer.toString()
    if (signal.typing != null && signal.typing.conversation !== dmConversation(account)) {
      this.rejected.MalformedFrameError = (this.rejected.MalformedFrameError ?? 0) + 1
      this.log('%s signalled typing in %s, not in its own conversation', device, signal.typing.conversation)
    } else if (signal.typing != null) {
      this.typing.heard(account, signal.typing.typing)
    }
    if (signal.presence != null) {
      this.contactPresence.heard(account, device, signal.presence)
      if (signal.presence.status === 'offline') {
        this.typing.heard(account, false)
      }
      if (this.untold.delete(device) && !this.invisible()) {
        void this.lanes.send(peer, { presence: this.presenceSignal() })
      }
    }
  }

  private readonly onConnectionOpen = (event: CustomEvent<Connection>): void => {
    const peer = event.detail.remotePeer
    if (!this.invisible() && this.init.contacts.accountOf(peer.toString()) != null) {
      void this.lanes.send(peer, { presence: this.presenceSignal() })
    }
  }

  private readonly onConnectionClose = (event: CustomEvent<Connection>): void => {
    const peer = event.detail.remotePeer
    const account = this.init.contacts.accountOf(peer.toString())
    if (account == null || this.components.connectionManager.getConnections(peer).length > 0) {
      return
    }
    this.untold.delete(peer.toString())
    this.contactPresence.left(account, peer.toString())
    const stillConnected = this.components.connectionManager.getConnections()
      .some(connection => this.init.contacts.accountOf(connection.remotePeer.toString()) === account)
    if (!stillConnected) {
      this.typing.heard(account, false)
    }
  }

  private readonly onContactUpdated: MessengerEventListener<'contact:updated'> = (contact: Contact) => {
    if (contact.status !== 'accepted') {
      this.forget(contact.accountId)
    } else if (!this.invisible()) {
      // a request just accepted while its device is connected learns our presence now
      for (const device of contact.devices) {
        const peer = peerIdFromString(device.deviceId)
        if (this.components.connectionManager.getConnections(peer).length > 0) {
          void this.lanes.send(peer, { presence: this.presenceSignal() })
        }
      }
    }
  }

  private readonly onContactRemoved: MessengerEventListener<'contact:removed'> = (removal: ContactRemoval) => {
    this.forget(removal.accountId)
  }

  private forget (account: AccountId): void {
    this.typing.heard(account, false)
    this.contactPresence.forget(account)
  }
}

/** The libp2p service factory: `services: { presence: presenceService(init) }`. */
export function presenceService (init: PresenceServiceInit): (components: PresenceServiceComponents) => PresenceService {
  return (components) => new Presences(components, init)
}
