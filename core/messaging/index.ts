/**
 * messaging — conversations between accounts: contacts and message requests, the persisted
 * outbox, acks, retries, receipts, deduplication, ordering, history, and every message kind
 * (text with replies and burn timers, custom kinds, edits, reactions, recalls, kinds this node
 * does not know). Owns the `contacts`, `conversations`, `messages`, `message-index`,
 * `message-states`, `burn-timers` and `outbox` sublevels. Never touches sockets directly: it
 * asks `net` for streams and `crypto` (through envelopes.ts) for envelopes.
 *
 * This file is the facade: it builds the parts (one responsibility each) and hands the
 * MessengerApi methods to the two that implement them.
 *   message-actions.ts, checks.ts    the methods on messages and conversations, and their checks
 *   contacts.ts, contact-manager.ts  who we talk to, requests, friends, safety numbers
 *   outgoing.ts                      the outgoing state machine over delivery.ts and outbox.ts
 *   inbound.ts                       what arrives, by kind; unread counts
 *   erasure.ts                       recall, burn and delete: tombstones, purges, burn timers
 *   mail-collector.ts                this device's mail from its mailboxes
 *   reachability.ts                  how each contact is reachable now
 *   views.ts                         what the API shows of messages and conversations
 *   msg-service.ts, receiver.ts      the /tim/msg protocol (inbound streams)
 */

import { defaultLogger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { ComponentLogger } from '@libp2p/interface'
import { ContactBlockedError, type AccountId, type DeviceId, type GroupMethod, type MessagePath, type MessengerApi, type NodeStats } from '../api/index.ts'
import { createInvite, publicKeyFromAccountId, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import type { TimLibp2p } from '../net/index.ts'
import type { BatchOperation, Store } from '../store/index.ts'
import type { Body } from '../wire/index.ts'
import { createBatchWriter } from './batch-writer.ts'
import type { ChannelRegistry } from './channels.ts'
import { createContactManager, type PresenceView } from './contact-manager.ts'
import { createContactBook, type ContactEntry } from './contacts.ts'
import { createDelivery, type DeliveryInit } from './delivery.ts'
import { createAccountDirectory, type AccountDirectoryInit } from './directory.ts'
import { createEnvelopeCodec } from './envelopes.ts'
import { createErasure } from './erasure.ts'
import type { EventHub } from './events.ts'
import { createForeignBodies, type ForeignBodies } from './foreign-bodies.ts'
import { createInbound, type Inbound } from './inbound.ts'
import { createKnownDevices } from './known-devices.ts'
import { collectMail } from './mail-collector.ts'
import type { MailboxPort } from './mailbox-port.ts'
import { createMessageActions } from './message-actions.ts'
import { createKeyedLocks } from './keyed-locks.ts'
import { createMessageStore, type StoredMessage } from './message-store.ts'
import { msgService, type MsgService } from './msg-service.ts'
import { createOutbox } from './outbox.ts'
import { createOutgoing, stateRank } from './outgoing.ts'
import { createReachability } from './reachability.ts'
import { createReceiver, type ReceiverInit } from './receiver.ts'
import { createRequestCounter, type RequestLimits } from './requests.ts'
import { createStats, type Stats } from './stats.ts'
import { createTicketBook } from './tickets.ts'
import { createViews } from './views.ts'

export { createEventHub, type EventHub } from './events.ts'
export { MSG_PROTOCOL } from './frames.ts'
export type { CollectedMail, MailboxPort, MailPage } from './mailbox-port.ts'
export { createStats, type Stats } from './stats.ts'
export type { PresenceView } from './contact-manager.ts'
export type { Channel, ChannelOpener } from './channels.ts'
export type { StoredMessage } from './message-store.ts'
export { messageBody } from './outgoing.ts'

export interface MessagingInit extends DeliveryInit, ReceiverInit, AccountDirectoryInit, RequestLimits {
  /** least time between two directory lookups of one account, ms */
  lookupIntervalMs: number
  /** first collection of mailbox mail after start, ms */
  collectDelayMs: number
  /** how often mailboxes are checked for mail, ms */
  collectIntervalMs: number
  /** how long after an erasure the database's files are purged of it, ms (default 2 s) */
  purgeDelayMs?: number
}

export interface MessagingComponents {
  identity: LocalIdentity
  store: Store
  libp2p: TimLibp2p
  events: EventHub
  /** where envelopes for unreachable devices go, and where this device's mail waits */
  mailbox?: MailboxPort
  /** counters shared with the other rooms of the node */
  stats?: Stats
  /** the node's logger (its lines carry the node's name) */
  logger?: ComponentLogger
  /** how contacts appear now and whether we are invisible; absent: everyone offline, visible */
  presence?: () => PresenceView | undefined
}

/**
 * What the rooms above messaging (groups) use of it: their conversation kinds' channels, the
 * pairwise bodies they own, sealed sends to any account's devices, the history and the state
 * of messages, and the devices an account has.
 */
export interface RoomsPort {
  channels: ChannelRegistry
  foreign: Pick<ForeignBodies, 'register' | 'onReceipt' | 'onGroupMail'>
  /**
   * seals `body` for each device (of any account) and queues it: retried until acked, and
   * handed to the account's mailboxes when the device stays unreachable past the deadline
   */
  sendSealed: (devices: VerifiedDevice[], body: Body) => Promise<void>
  /** keeps a group message once for a member account on its mailboxes; resolves with the copies stored (0: no mailbox reachable) */
  depositGroup: (account: AccountId, groupMessage: Uint8Array) => Promise<number>
  /** stores an incoming message of a conversation the room checked the sender for */
  accept: Inbound['accept']
  /** writes a new outgoing message with `also` in one batch */
  storeOwn: (message: StoredMessage, also?: BatchOperation[]) => Promise<void>
  /** writes operations through messaging's batch writer (the history's changes with the room's) */
  write: (operations: BatchOperation[]) => Promise<void>
  /** moves one of our messages to a state (never backwards) and tells clients */
  setState: (id: string, state: 'sent' | 'stored' | 'delivered' | 'read' | 'failed', path: MessagePath | null) => Promise<void>
  /** a new message id from this node's clock */
  nextId: (now: number) => Uint8Array
  /** the devices we know of an account: a contact's, else from its DHT record (empty when none) */
  devicesOf: (account: AccountId, signal?: AbortSignal) => Promise<VerifiedDevice[]>
  /** a contact's name */
  contactName: (account: AccountId) => string | undefined
  /** this node appears offline now: it tells nobody it received or read anything */
  invisible: () => boolean
  /** where a 1:1 message to an account that is not a contact finds its devices (a fellow group member's) */
  knownDevices: (lookup: (account: AccountId) => VerifiedDevice[]) => void
}

/** What presence asks of messaging: accepted contacts and their devices. */
export interface ContactsPort {
  /** the account of an accepted contact's device; null for anyone else */
  accountOf: (deviceId: DeviceId) => AccountId | null
  devicesOf: (account: AccountId) => DeviceId[]
  /** every accepted contact */
  accounts: () => AccountId[]
}

type MessagingMethods = Omit<MessengerApi, 'getIdentity' | 'createAccount' | 'unlock' | 'setServing' | 'getPresence' | 'setPresence' | 'setTyping' | GroupMethod>

/** The MessengerApi methods messaging implements, plus its lifecycle. */
export interface Messaging extends MessagingMethods {
  start: () => Promise<void>
  stop: () => Promise<void>
  invite: () => string
  /** takes this device's mail from its mailboxes now; resolves with the envelopes taken */
  collectMail: () => Promise<number>
  contactsPort: ContactsPort
  roomsPort: RoomsPort
  /** sends the receipts held while this node was invisible (call it when it becomes visible) */
  releaseHeldReceipts: () => Promise<void>
}

export function createMessaging (components: MessagingComponents, init: MessagingInit): Messaging {
  const { identity, store, libp2p, events } = components
  const logger = components.logger ?? defaultLogger()
  const log = logger.forComponent('tim:messaging')
  const stats: Stats = components.stats ?? createStats()
  const contacts = createContactBook(store)
  const tickets = createTicketBook({ identity, store, contacts })
  const history = createMessageStore(store)
  const writer = createBatchWriter(store)
  const codec = createEnvelopeCodec(identity)
  const strangerDevices = createKnownDevices()
  /** a device we seal for: a contact's, or a group member's the room sent to */
  const sealedFor = (deviceId: DeviceId): VerifiedDevice | undefined =>
    contacts.byDevice(deviceId)?.devices.find(d => d.deviceId === deviceId) ?? strangerDevices.get(deviceId)
  const outbox = createOutbox(store, { codec, device: sealedFor })
  const requests = createRequestCounter({ contacts, history }, init)
  const directory = createAccountDirectory({ libp2p, identity }, init)
  const invisible = (): boolean => components.presence?.()?.invisible() ?? false

  // delivery reports to the outgoing machine, which asks delivery to carry: each gets the other through a port
  const deliveryPort = {
    enqueue: (items: Parameters<typeof delivery.enqueue>[0]) => { delivery.enqueue(items) },
    kick: (deviceId: DeviceId) => { delivery.kick(deviceId) }
  }
  const outgoing = createOutgoing({
    history, writer, outbox, codec, contacts, tickets, events, stats, store, invisible, device: sealedFor, delivery: deliveryPort, mailbox: components.mailbox, log: logger.forComponent('tim:outgoing')
  })
  const reachability = createReachability({ libp2p, contacts, events, stats, delivery: deliveryPort, log: logger.forComponent('tim:reachability') }, init)
  const manager = createContactManager({
    identity, libp2p, contacts, directory, reachability, requests, outgoing, events, stats, presence: components.presence, log: logger.forComponent('tim:contacts')
  }, init)
  const channels: ChannelRegistry = new Map()
  const views = createViews({ history, outgoing, contacts, channels })
  const erasure = createErasure({ store, history, writer, events, view: views.message, log: logger.forComponent('tim:erasure') }, init)
  const receiptsTo = (entry: ContactEntry): boolean => entry.record.status === 'accepted'
  const lock = createKeyedLocks()
  const foreign = createForeignBodies()
  const inbound = createInbound({
    lock,
    history, writer, contacts, requests, outgoing, erasure, views, events, stats, contactView: manager.view, receiptsTo, foreign, log: logger.forComponent('tim:inbound')
  })

  const delivery = createDelivery({
    libp2p,
    identity,
    codec,
    tickets: tickets.hello,
    events: {
      ...outgoing.deliveryEvents,
      device: (device) => { void manager.learnDevice(device) },
      fault: (err) => { stats.fault(err) },
      unreachable: (deviceId) => { void manager.refreshFromDirectory(deviceId, deliveryPort.kick) }
    }
  }, init)

  const receiver = createReceiver({
    identity,
    codec,
    tickets: tickets.hello,
    hooks: {
      hello: async (device) => {
        if (contacts.get(device.accountId)?.record.status === 'blocked') {
          throw new ContactBlockedError(`${device.accountId} is blocked`)
        }
        await manager.learnDevice(device)
      },
      trusted: (device) => contacts.get(device.accountId)?.record.status === 'accepted',
      accept: inbound.accept,
      fault: (err) => { stats.fault(err) }
    }
  }, init)
  const service: MsgService = msgService({ handler: receiver, maxInboundStreams: 16 })({ registrar: libp2p, logger })

  let collecting: Promise<number> | null = null
  let collectTimer: NodeJS.Timeout | undefined
  /** aborted by stop(): a collection in progress (a slow DHT lookup, say) gives up */
  const stopping = new AbortController()
  /** one collection at a time; a failed one is logged and retried at the next interval */
  const collectInBackground = (): void => {
    const mailbox = components.mailbox
    if (mailbox == null) return
    collecting ??= collectMail({
      mailbox, codec, inbound, outgoing, contacts, stats, learnDevice: manager.learnDevice, groupMail: foreign.groupMail, log,
      // a message request hears nothing, not even that its mail was collected, until accepted
      receiptsTo: account => contacts.get(account)?.record.status === 'accepted'
    }, stopping.signal)
      .catch(err => { log('collecting mail failed: %s', err.message); return 0 })
      .finally(() => { collecting = null })
  }

  /** devices of accounts that are not contacts, as the rooms above know them (registered by them) */
  let memberDevices: (account: AccountId) => VerifiedDevice[] = () => []
  const actions = createMessageActions({
    identity, store, history, writer, contacts, outgoing, inbound, erasure, views, events, lock, receiptsTo, channels, contactView: manager.view,
    memberDevices: account => memberDevices(account)
  })

  const roomsPort: RoomsPort = {
    channels,
    foreign,
    sendSealed: async (devices, body) => {
      devices.forEach(device => { if (contacts.byDevice(device.deviceId) == null) strangerDevices.learn(device) })
      await outgoing.queueSealedTo(devices, body)
    },
    depositGroup: async (account, groupMessage) => await components.mailbox?.depositGroup(publicKeyFromAccountId(account), groupMessage) ?? 0,
    accept: inbound.accept,
    storeOwn: async (message, also = []) => {
      inbound.indexing(message.id)
      await writer.write([...history.putOps(message), ...also])
    },
    write: async (operations) => { await writer.write(operations) },
    setState: async (id, state, path) => lock(id, async () => {
      const [message] = await history.getMany([id])
      if (message == null || message.direction !== 'out' || message.erased != null || stateRank[state] <= stateRank[message.state]) return
      const moved: StoredMessage = { ...message, state, path: path ?? message.path }
      await writer.write(history.updateOps(moved))
      events.emit('message:state', { id, conversation: moved.conversation, state, path: moved.path })
    }),
    nextId: outgoing.nextId,
    devicesOf: async (account, signal) => {
      const known = contacts.get(account)?.devices
      if (known != null && known.length > 0) return known
      const record = await directory.lookup(account, signal).catch(() => null)
      for (const { device, addresses } of record?.devices ?? []) {
        await libp2p.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: addresses.map(address => multiaddr(address)) })
      }
      return record?.devices.map(entry => entry.device) ?? []
    },
    contactName: (account) => contacts.get(account)?.record.name,
    invisible,
    knownDevices: (lookup) => { memberDevices = lookup }
  }

  /** a connection opened (presence dials contacts when it stops being invisible): held receipts may go */
  const onConnectionOpen = (): void => {
    outgoing.releaseHeld().catch(err => { log.error('could not send held receipts: %e', err) })
  }


  return {
    roomsPort,
    contactsPort: {
      accountOf: (deviceId) => {
        const entry = contacts.byDevice(deviceId)
        return entry?.record.status === 'accepted' ? entry.record.accountId : null
      },
      devicesOf: (account) => {
        const entry = contacts.get(account)
        return entry?.record.status === 'accepted' ? entry.devices.map(device => device.deviceId) : []
      },
      accounts: () => contacts.all().filter(entry => entry.record.status === 'accepted').map(entry => entry.record.accountId)
    },

    start: async () => {
      await contacts.load()
      // contacts that connected before they were known: presence tells them, or hangs up on them
      await components.presence?.()?.contactsKnown?.()
      await requests.load()
      await inbound.load()
      await erasure.start(async id => (await history.getMany([id]))[0])
      await service.start()
      reachability.start()
      delivery.enqueue(await outgoing.load())
      libp2p.addEventListener('connection:open', onConnectionOpen)
      onConnectionOpen()
      directory.start()
      if (components.mailbox != null) {
        collectTimer = setTimeout(function collectNow () {
          collectInBackground()
          collectTimer = setTimeout(collectNow, init.collectIntervalMs)
        }, init.collectDelayMs)
      }
    },

    stop: async () => {
      libp2p.removeEventListener('connection:open', onConnectionOpen)
      reachability.stop()
      clearTimeout(collectTimer)
      directory.stop()
      stopping.abort(new Error('node is stopping'))
      await collecting
      await service.stop()
      await delivery.stop()
      await writer.exclusive(async () => {})
      await erasure.stop()
    },

    releaseHeldReceipts: async () => outgoing.releaseHeld(),

    collectMail: async () => {
      collectInBackground()
      return collecting ?? 0
    },

    invite: () => createInvite(identity.certificate, libp2p.getMultiaddrs().map(address => address.toString())),

    addContact: async (request, options) => manager.add(request, options),
    listContacts: async () => Promise.all(contacts.all().map(manager.view)),
    acceptContact: async (peer) => manager.setStatus(peer, 'accepted'),
    blockContact: async (peer) => manager.setStatus(peer, 'blocked'),
    unblockContact: async (peer) => manager.unblock(peer),
    removeContact: async (peer) => manager.remove(peer),
    renameContact: async (request) => manager.rename(request.peer, request.name),
    safetyNumber: async (peer) => manager.safetyNumber(peer),
    verifyContact: async (request) => manager.verify(request.peer, request.verified === true),

    ...actions,

    stats: async (): Promise<NodeStats> => ({ ...stats.snapshot(), connections: libp2p.getConnections().length })
  }
}
