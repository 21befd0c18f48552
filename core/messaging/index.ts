/**
 * messaging — conversations between accounts: contacts and message requests, the persisted
 * outbox, acks, retries, receipts, deduplication, ordering, history, and every message kind
 * (text with replies and burn timers, custom kinds, edits, reactions, recalls, kinds this node
 * does not know). Owns the `contacts`, `conversations`, `messages`, `message-index`,
 * `message-states`, `burn-timers` and `outbox` sublevels. Never touches sockets directly: it
 * asks `net` for streams and `crypto` (through envelopes.ts) for envelopes.
 *
 * This file is the facade: it builds the parts (one responsibility each) and implements the
 * MessengerApi methods on them, checking what callers pass.
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
import type { ComponentLogger } from '@libp2p/interface'
import {
  AbortError, checkConversationId, ContactBlockedError, dmConversation, InvalidArgumentError, MessageNotFoundError, MessageTooLargeError,
  limits, type AccountId, type ConversationId, type DeviceId, type Message, type MessengerApi, type NodeStats, type SendRequest
} from '../api/index.ts'
import { createInvite, type LocalIdentity } from '../identity/index.ts'
import type { TimLibp2p } from '../net/index.ts'
import type { BatchOperation, Store } from '../store/index.ts'
import { checkCustom, messageIdFromString, messageIdToString } from '../wire/index.ts'
import { createBatchWriter } from './batch-writer.ts'
import { createContactManager, type PresenceView } from './contact-manager.ts'
import { createContactBook, type ContactEntry } from './contacts.ts'
import { createDelivery, type DeliveryInit } from './delivery.ts'
import { createAccountDirectory, type AccountDirectoryInit } from './directory.ts'
import { createEnvelopeCodec } from './envelopes.ts'
import { createErasure } from './erasure.ts'
import type { EventHub } from './events.ts'
import { createInbound } from './inbound.ts'
import { collectMail } from './mail-collector.ts'
import type { MailboxPort } from './mailbox-port.ts'
import { createMessageLocks } from './message-locks.ts'
import { createMessageStore, type StoredMessage } from './message-store.ts'
import { msgService, type MsgService } from './msg-service.ts'
import { createOutbox } from './outbox.ts'
import { createOutgoing } from './outgoing.ts'
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

/** What presence asks of messaging: accepted contacts and their devices. */
export interface ContactsPort {
  /** the account of an accepted contact's device; null for anyone else */
  accountOf: (deviceId: DeviceId) => AccountId | null
  devicesOf: (account: AccountId) => DeviceId[]
  /** every accepted contact */
  accounts: () => AccountId[]
}

type MessagingMethods = Omit<MessengerApi, 'getIdentity' | 'createAccount' | 'unlock' | 'setServing' | 'getPresence' | 'setPresence' | 'setTyping'>

/** The MessengerApi methods messaging implements, plus its lifecycle. */
export interface Messaging extends MessagingMethods {
  start: () => Promise<void>
  stop: () => Promise<void>
  invite: () => string
  /** takes this device's mail from its mailboxes now; resolves with the envelopes taken */
  collectMail: () => Promise<number>
  contactsPort: ContactsPort
  /** sends the receipts held while this node was invisible (call it when it becomes visible) */
  releaseHeldReceipts: () => Promise<void>
}

function textBytes (text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

function checkText (text: unknown): string {
  if (typeof text !== 'string' || text.length === 0) {
    throw new InvalidArgumentError('a message needs some text')
  }
  if (textBytes(text) > limits.maxTextBytes) {
    throw new MessageTooLargeError(`a message is at most ${limits.maxTextBytes} bytes of UTF-8; this one is ${textBytes(text)}`)
  }
  return text
}

function checkBurn (seconds: unknown): number | undefined {
  if (seconds == null) return undefined
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < limits.minBurnSeconds || seconds > limits.maxBurnSeconds) {
    throw new InvalidArgumentError(`a burn timer is ${limits.minBurnSeconds}–${limits.maxBurnSeconds} whole seconds`)
  }
  return seconds
}

function checkEmoji (emoji: unknown): string {
  if (typeof emoji !== 'string' || emoji.length === 0 || textBytes(emoji) > limits.maxEmojiBytes) {
    throw new InvalidArgumentError(`a reaction is one emoji (at most ${limits.maxEmojiBytes} bytes)`)
  }
  return emoji
}

function checkMessageId (id: unknown): string {
  try {
    return messageIdToString(messageIdFromString(String(id)))
  } catch {
    throw new InvalidArgumentError(`${JSON.stringify(id)?.slice(0, 40)} is not a message id`)
  }
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
  const outbox = createOutbox(store, { codec, device: deviceId => contacts.byDevice(deviceId)?.devices.find(d => d.deviceId === deviceId) })
  const requests = createRequestCounter({ contacts, history }, init)
  const directory = createAccountDirectory({ libp2p, identity }, init)
  const invisible = (): boolean => components.presence?.()?.invisible() ?? false

  // delivery reports to the outgoing machine, which asks delivery to carry: each gets the other through a port
  const deliveryPort = {
    enqueue: (items: Parameters<typeof delivery.enqueue>[0]) => { delivery.enqueue(items) },
    kick: (deviceId: DeviceId) => { delivery.kick(deviceId) }
  }
  const outgoing = createOutgoing({
    history, writer, outbox, codec, contacts, tickets, events, stats, store, invisible, delivery: deliveryPort, mailbox: components.mailbox, log: logger.forComponent('tim:outgoing')
  })
  const reachability = createReachability({ libp2p, contacts, events, stats, delivery: deliveryPort, log: logger.forComponent('tim:reachability') }, init)
  const manager = createContactManager({
    identity, libp2p, contacts, directory, reachability, requests, outgoing, events, stats, presence: components.presence, log: logger.forComponent('tim:contacts')
  }, init)
  const views = createViews({ history, outgoing, contacts })
  const erasure = createErasure({ store, history, writer, events, view: views.message, log: logger.forComponent('tim:erasure') }, init)
  const receiptsTo = (entry: ContactEntry): boolean => entry.record.status === 'accepted'
  const lock = createMessageLocks()
  const inbound = createInbound({
    lock,
    history, writer, contacts, requests, outgoing, erasure, views, events, stats, contactView: manager.view, receiptsTo, log: logger.forComponent('tim:inbound')
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
      mailbox, codec, inbound, outgoing, contacts, stats, learnDevice: manager.learnDevice, log,
      receiptsTo: account => contacts.get(account)?.record.status !== 'blocked'
    }, stopping.signal)
      .catch(err => { log('collecting mail failed: %s', err.message); return 0 })
      .finally(() => { collecting = null })
  }

  /** the contact of a 1:1 conversation id (groups and rooms come later) */
  const dmContact = (conversation: unknown): ContactEntry => {
    const parsed = checkConversationId(conversation)
    if (parsed.kind !== 'dm') {
      throw new InvalidArgumentError(`${parsed.kind} conversations are not supported yet`)
    }
    return contacts.resolve(parsed.id)
  }

  /** a stored message, with its current state */
  const stored = async (id: unknown): Promise<StoredMessage> => {
    return outgoing.withState(await history.get(checkMessageId(id)))
  }

  /** the contact of the message's conversation, unless blocked */
  const contactOf = (message: StoredMessage): ContactEntry => {
    const entry = dmContact(message.conversation)
    if (entry.record.status === 'blocked') {
      throw new ContactBlockedError(`${entry.record.name} is blocked: unblock them first`)
    }
    return entry
  }

  /** the id the other side knows a message by */
  const theirId = (message: StoredMessage): Uint8Array => messageIdFromString(message.sentAs ?? message.id)

  const updated = async (message: StoredMessage): Promise<Message> => {
    const view = await views.message(message)
    events.emit('message:updated', view)
    return view
  }

  /** a connection opened (presence dials contacts when it stops being invisible): held receipts may go */
  const onConnectionOpen = (): void => {
    outgoing.releaseHeld().catch(err => { log.error('could not send held receipts: %e', err) })
  }

  const conversationView = async (conversation: ConversationId) => views.conversation(conversation, (await inbound.record(conversation)).unread)

  return {
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

    send: async (request: SendRequest, options = {}) => {
      const entry = dmContact(request.conversation)
      if (entry.record.status === 'blocked') {
        throw new ContactBlockedError(`${entry.record.name} is blocked: unblock them to send`)
      }
      if (entry.record.status === 'request') {
        throw new InvalidArgumentError(`${entry.record.name}'s message request is not accepted: accept it to reply`)
      }
      const now = Date.now()
      const message: StoredMessage = {
        id: messageIdToString(outgoing.nextId(now)),
        conversation: dmConversation(entry.record.accountId),
        from: identity.accountId,
        direction: 'out',
        kind: 'text',
        text: '',
        timestamp: now,
        state: 'pending',
        path: null
      }
      if (request.custom != null) {
        const custom = request.custom
        if (typeof custom.type !== 'string' || typeof custom.data !== 'string') {
          throw new InvalidArgumentError('a custom message needs { type, data } with data in base64')
        }
        try {
          checkCustom({ type: custom.type, data: Buffer.from(custom.data, 'base64') })
        } catch (err) {
          throw new InvalidArgumentError((err as Error).message)
        }
        message.kind = 'custom'
        message.custom = { type: custom.type, data: Buffer.from(custom.data, 'base64').toString('base64') }
      } else {
        message.text = checkText(request.text)
      }
      const burn = checkBurn(request.burnSeconds)
      if (burn != null) message.burn = { seconds: burn }
      if (request.replyTo != null) {
        const quoted = await stored(request.replyTo)
        if (quoted.conversation !== message.conversation) {
          throw new MessageNotFoundError(`no message ${request.replyTo} in this conversation`)
        }
        message.replyTo = quoted.id
      }
      // the last point where an abort cancels the message: from here it is stored and will go
      if (options.signal?.aborted === true) {
        throw new AbortError('send was aborted before the message was stored')
      }
      inbound.indexing(message.id)
      await outgoing.queueMessage(entry, message)
      const view = await views.message(message)
      events.emit('message:queued', view)
      return view
    },

    retry: async (id) => {
      const message = await stored(id)
      if (message.direction !== 'out' || message.state !== 'failed') {
        throw new InvalidArgumentError(`message ${message.id} is ${message.state}; only a failed outgoing message can be retried`)
      }
      return views.message(await outgoing.requeue(dmContact(message.conversation), message))
    },

    getMessage: async (id) => views.message(await stored(id)),

    editMessage: async ({ id, text }) => lock(checkMessageId(id), async () => {
      const message = await stored(id)
      if (message.direction !== 'out' || message.kind !== 'text' || message.erased != null) {
        throw new InvalidArgumentError('only your own text messages can be edited')
      }
      const entry = contactOf(message)
      const edited: StoredMessage = { ...message, text: checkText(text), editedAt: Date.now() }
      await outgoing.queueSealed(entry, { kind: 'edit', ref: theirId(message), text: edited.text }, history.putOps(edited))
      return updated(edited)
    }),

    react: async ({ id, emoji, remove }) => lock(checkMessageId(id), async () => {
      const message = await stored(id)
      if (message.erased != null) {
        throw new InvalidArgumentError('that message was erased')
      }
      const entry = contactOf(message)
      const chosen = checkEmoji(emoji)
      const others = (message.reactions ?? []).map(r => ({ emoji: r.emoji, from: r.from.filter(from => !(from === identity.accountId && r.emoji === chosen)) }))
      const reactions = remove === true ? others : [...others.filter(r => r.emoji !== chosen), { emoji: chosen, from: [...(others.find(r => r.emoji === chosen)?.from ?? []), identity.accountId] }]
      const changeId = messageIdToString(outgoing.nextId(Date.now()))
      const reacted: StoredMessage = {
        ...message,
        reactions: reactions.filter(r => r.from.length > 0),
        reactionVersions: { ...message.reactionVersions, [`${identity.accountId} ${chosen}`]: changeId }
      }
      await outgoing.queueSealed(entry, { kind: 'reaction', ref: theirId(message), emoji: chosen, remove: remove === true }, history.putOps(reacted))
      return updated(reacted)
    }),

    recall: async (id) => lock(checkMessageId(id), async () => {
      const message = await stored(id)
      if (message.direction !== 'out') {
        throw new InvalidArgumentError('only your own messages can be recalled')
      }
      if (message.erased != null) {
        return views.message(message)
      }
      const entry = contactOf(message)
      // devices it has not reached yet never get it
      await outgoing.drop(message.id)
      await outgoing.queueSealed(entry, { kind: 'erase', ref: messageIdFromString(message.id), reason: 'recall', at: Date.now() })
      const devices = entry.devices.map(device => ({ deviceId: device.deviceId, confirmed: false }))
      return views.message(await erasure.erase({ ...message, recall: { devices } }, 'recalled'))
    }),

    deleteMessage: async (id) => {
      const message = await stored(id)
      await outgoing.drop(message.id)
      await erasure.remove([message])
      events.emit('message:removed', { id: message.id, conversation: message.conversation })
    },

    deleteConversation: async (conversation) => {
      const entry = dmContact(conversation)
      const id = dmConversation(entry.record.accountId)
      const all: StoredMessage[] = []
      for await (const message of history.newestFirst(id)) {
        all.push(message)
      }
      await Promise.all(all.map(async message => { await outgoing.drop(message.id) }))
      // the record stays, without unread messages: it remembers the newest incoming id, so a
      // replay of a deleted message is known for one
      const record = await inbound.record(id)
      record.unread = 0
      await erasure.remove(all, [history.conversationOp(id, record)])
      events.emit('conversation:removed', { id })
    },

    history: async ({ conversation, limit, before }) => {
      const pageSize = limit ?? limits.defaultHistoryPage
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.maxHistoryPage) {
        throw new InvalidArgumentError(`limit is 1–${limits.maxHistoryPage}`)
      }
      const entry = dmContact(conversation)
      return views.messages(await history.page(dmConversation(entry.record.accountId), pageSize, before == null ? undefined : checkMessageId(before)))
    },

    conversations: async () => {
      const list = []
      for (const entry of contacts.all()) {
        const id = dmConversation(entry.record.accountId)
        const view = await conversationView(id)
        if (view.lastMessage != null) list.push(view)
      }
      return list.sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0))
    },

    markRead: async ({ conversation, upTo }) => {
      const entry = dmContact(conversation)
      const id = dmConversation(entry.record.accountId)
      const until = upTo == null ? undefined : checkMessageId(upTo)
      const read = await writer.exclusive(async () => {
        const record = await inbound.record(id)
        const marked: StoredMessage[] = []
        const ops: BatchOperation[] = []
        let reached = until == null
        let remaining = record.unread
        for await (const message of history.newestFirst(id)) {
          if (remaining <= 0) break
          if (!reached && message.id === until) reached = true
          if (message.direction !== 'in' || message.state === 'read') continue
          remaining--
          if (!reached) continue
          const shown: StoredMessage = { ...message, state: 'read' }
          marked.push(shown)
          ops.push(...history.updateOps(shown))
        }
        const unread = Math.max(0, record.unread - marked.length)
        await store.batch([...ops, history.conversationOp(id, { ...record, unread })])
        // only once durable: a failed batch leaves the count as the database has it
        record.unread = unread
        return marked
      })
      const now = Date.now()
      for (const message of read) {
        const timed = message.burn != null ? await erasure.burnAt(message, now + message.burn.seconds * 1000) : message
        if (timed === message) events.emit('message:updated', await views.message(message))
      }
      if (read.length > 0 && receiptsTo(entry)) {
        // the sender knows each by the id it gave it
        await outgoing.sendReceipts(entry, 'read', read.map(message => message.sentAs ?? message.id))
      }
      const view = await conversationView(id)
      events.emit('conversation:updated', view)
      return view
    },

    stats: async (): Promise<NodeStats> => ({ ...stats.snapshot(), connections: libp2p.getConnections().length })
  }
}
