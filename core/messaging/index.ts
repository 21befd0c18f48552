/**
 * messaging — 1:1 delivery: contacts and message requests, the persisted outbox, acks,
 * retries, receipts, deduplication, ordering and history. Owns the `contacts`,
 * `conversations`, `messages`, `message-index` and `outbox` sublevels. Never touches sockets
 * directly: it asks `net` for streams and `crypto` (through envelopes.ts) for envelopes.
 */

import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import {
  ContactBlockedError, InvalidArgumentError, MessageTooLargeError, ReplayedEnvelopeError, SelfContactError,
  UnknownContactError, limits,
  type AccountId, type Contact, type Conversation, type DeviceId, type Message, type MessagePath, type MessageState,
  type MessageStateChange, type MessengerApi, type NodeStats
} from '../api/index.ts'
import {
  createInvite, looksLikeAccountId, parseInvite, publicKeyFromAccountId, verifyDeviceCertificate,
  type LocalIdentity, type VerifiedAccountRecord, type VerifiedDevice
} from '../identity/index.ts'
import { bestPath, bestReachability, upgradeFailure, type TimLibp2p } from '../net/index.ts'
import type { BatchOperation, Store } from '../store/index.ts'
import {
  createMessageIdGenerator, decodeEnvelope, encodeEnvelope, messageIdFromString, messageIdToString,
  MAX_IDS_PER_FRAME, Payload, type Envelope
} from '../wire/index.ts'
import { createBatchWriter, type LatestOperation } from './batch-writer.ts'
import { createContactBook, type ContactEntry, type ContactRecord } from './contacts.ts'
import { createDelivery, type DeliveryInit, type OutboundEnvelope } from './delivery.ts'
import { createEnvelopeCodec } from './envelopes.ts'
import type { EventHub } from './events.ts'
import { MSG_PROTOCOL } from './frames.ts'
import { createAccountDirectory, type AccountDirectoryInit } from './directory.ts'
import type { MailboxPort } from './mailbox-port.ts'
import { createMessageStore, type ConversationRecord } from './message-store.ts'
import { createOutbox } from './outbox.ts'
import { createReceiver, type ReceiverInit } from './receiver.ts'
import { createTicketBook } from './tickets.ts'
import { createRequestCounter, type RequestLimits } from './requests.ts'
import { createStats, type Stats } from './stats.ts'

export { createEventHub, type EventHub } from './events.ts'
export { MSG_PROTOCOL } from './frames.ts'
export type { CollectedMail, MailboxPort, MailPage } from './mailbox-port.ts'
export { createStats, type Stats } from './stats.ts'

const log = logger('tim:messaging')

export interface MessagingInit extends DeliveryInit, ReceiverInit, AccountDirectoryInit, RequestLimits {
  /** least time between two directory lookups of one account, ms */
  lookupIntervalMs: number
  /** first collection of mailbox mail after start, ms */
  collectDelayMs: number
  /** how often mailboxes are checked for mail, ms */
  collectIntervalMs: number
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
}

/** The MessengerApi methods messaging implements, plus its lifecycle. */
export interface Messaging extends Omit<MessengerApi, 'getIdentity' | 'createAccount' | 'unlock' | 'setServing'> {
  start: () => Promise<void>
  stop: () => Promise<void>
  invite: () => string
  /** takes this device's mail from its mailboxes now; resolves with the envelopes taken */
  collectMail: () => Promise<number>
}

/** An outgoing message that moved to a new state (already set on it), and the change to announce. */
interface StateUpdate {
  message: Message
  change: MessageStateChange
}

const stateRank: Record<MessageState, number> = { pending: 0, sent: 1, stored: 2, delivered: 3, read: 4, failed: 5 }

/**
 * How far ahead of its arrival a sender's clock may put a message. Past it the message takes
 * its arrival time: a sender cannot pin a message above all others in the history and the
 * conversation list.
 */
const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000

/** The time an incoming message is filed under: the sender's, unless it lies in the future. */
function filedTime (sentAt: bigint, arrivedAt: number): number {
  const sent = Number(sentAt)
  return sent > arrivedAt + MAX_CLOCK_AHEAD_MS ? arrivedAt : sent
}

function textPayload (text: string): Payload {
  return { kind: Payload.Kind.TEXT, text, refs: [], recipientAccount: new Uint8Array(0) }
}

function textBytes (text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

export function createMessaging (components: MessagingComponents, init: MessagingInit): Messaging {
  const { identity, store, libp2p, events } = components
  const contacts = createContactBook(store)
  const tickets = createTicketBook({ identity, store, contacts })
  const history = createMessageStore(store)
  const writer = createBatchWriter(store)
  const codec = createEnvelopeCodec(identity)
  const stats: Stats = components.stats ?? createStats()
  const outbox = createOutbox(store, { codec, device: deviceId => contacts.byDevice(deviceId)?.devices.find(d => d.deviceId === deviceId) })
  const requests = createRequestCounter({ contacts, history }, init)
  const nextMessageId = createMessageIdGenerator()
  /** outgoing messages with envelopes still in the outbox, by id, with their count */
  const live = new Map<string, { message: Message, outstanding: number }>()
  /** incoming messages per conversation whose batch is not built yet: not counted as unread yet */
  const uncounted = new Map<AccountId, number>()
  /** conversation records, loaded once and then updated in memory before every write */
  const conversationRecords = new Map<AccountId, Promise<ConversationRecord>>()
  /** incoming messages being stored now, by sender and id, with the promise of their storage */
  const receiving = new Map<string, Promise<Error | undefined>>()
  /**
   * The greatest id in the history (incoming or outgoing), raised as soon as a message is
   * built: an incoming id above it cannot be held by anyone's message, which spares a lookup.
   */
  let newestIndexed = ''
  const indexing = (id: string): void => {
    if (id > newestIndexed) {
      newestIndexed = id
    }
  }
  const reachability = new Map<AccountId, Contact['reachability']>()
  const directory = createAccountDirectory({ libp2p, identity }, init)
  const lastLookup = new Map<AccountId, number>()

  const conversationRecord = async (peer: AccountId): Promise<ConversationRecord> => {
    let record = conversationRecords.get(peer)
    if (record == null) {
      record = history.conversation(peer)
      conversationRecords.set(peer, record)
    }
    return record
  }

  const contactDto = async (entry: ContactEntry): Promise<Contact> => {
    const devices = await Promise.all(entry.devices.map(async device => {
      const peerId = peerIdFromString(device.deviceId)
      const peer = await libp2p.peerStore.get(peerId).catch(() => undefined)
      const failure = upgradeFailure(libp2p, peerId)
      return {
        deviceId: device.deviceId,
        name: device.name,
        created: device.created,
        addresses: (peer?.addresses ?? []).map(address => address.multiaddr.toString()),
        connection: bestPath(libp2p.getConnections(peerId)),
        ...(failure != null ? { upgradeFailure: failure } : {})
      }
    }))
    return {
      accountId: entry.record.accountId,
      name: entry.record.name,
      status: entry.record.status,
      devices,
      reachability: reachabilityOf(entry),
      addedAt: entry.record.addedAt
    }
  }

  const reachabilityOf = (entry: ContactEntry): Contact['reachability'] =>
    bestReachability(entry.devices.flatMap(device => libp2p.getConnections(peerIdFromString(device.deviceId))))

  const updateReachability = (deviceId: string): void => {
    const entry = contacts.byDevice(deviceId)
    if (entry == null) {
      return
    }
    const now = reachabilityOf(entry)
    if (reachability.get(entry.record.accountId) !== now) {
      reachability.set(entry.record.accountId, now)
      events.emit('contact:reachability', { accountId: entry.record.accountId, reachability: now })
    }
  }

  /**
   * Moves an outgoing message to a new state, never backwards: the update (none when it did
   * not move), to record with `stateOps` and announce once durable.
   */
  const advance = (message: Message, state: MessageState, changes: Partial<Message> = {}): StateUpdate[] => {
    if (stateRank[state] <= stateRank[message.state] && state !== 'failed') {
      return []
    }
    Object.assign(message, changes, { state })
    const change: MessageStateChange = { id: message.id, conversation: message.conversation, state: message.state, path: message.path }
    if (message.failure != null) {
      change.failure = message.failure
    }
    return [{ message, change }]
  }

  const stateOps = (updates: StateUpdate[]): BatchOperation[] => updates.flatMap(update => history.updateOps(update.message))

  const announce = (updates: StateUpdate[]): void => {
    updates.forEach(update => { events.emit('message:state', update.change) })
  }

  /** writes the updates (and `also`), then tells clients: a state they see is on disk */
  const persist = (updates: StateUpdate[], also: BatchOperation[] = []): void => {
    writer.write([...stateOps(updates), ...also])
      .then(() => { announce(updates) }, err => { log.error('could not persist message states: %e', err) })
  }

  /** one fewer envelope of this message awaits delivery */
  const settle = (item: OutboundEnvelope): BatchOperation[] => {
    const ops = [outbox.delOp(item)]
    const entry = live.get(item.id)
    if (entry != null && --entry.outstanding <= 0) {
      live.delete(item.id)
    }
    return ops
  }

  const delivery = createDelivery({
    libp2p,
    identity,
    codec,
    tickets: tickets.hello,
    events: {
      // 'sent' lives in memory only: after a restart nothing is in flight, and the outbox resends
      sent: (items, path) => {
        announce(items.flatMap(item => {
          const message = live.get(item.id)?.message
          return message == null ? [] : advance(message, 'sent', { path })
        }))
      },
      acked: (items, path) => {
        stats.delivered += items.length
        persist(items.flatMap(item => {
          const message = live.get(item.id)?.message
          return message == null ? [] : advance(message, 'delivered', { path })
        }), items.flatMap(settle))
      },
      rejected: (item, error, reason) => {
        const message = live.get(item.id)?.message
        persist(message == null ? [] : advance(message, 'failed', { failure: `${error}: ${reason}` }), settle(item))
      },
      device: (device) => { void learnDevice(device) },
      fault: (err) => { stats.fault(err) },
      unreachable: (deviceId) => { void refreshFromDirectory(deviceId) },
      undeliverable: async (items) => handToMailboxes(items)
    }
  }, init)

  /** devices and addresses of an account from its DHT record, merged into contacts and the peer store */
  const applyRecord = async (record: VerifiedAccountRecord, entry: ContactEntry): Promise<ContactEntry> => {
    let updated = entry
    for (const { device, addresses } of record.devices) {
      updated = await contacts.save(updated.record, device)
      await libp2p.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: addresses.map(address => multiaddr(address)) })
    }
    return updated
  }

  /** looks the device's account up in the directory, at most once per lookup interval */
  const refreshFromDirectory = async (deviceId: DeviceId): Promise<void> => {
    const entry = contacts.byDevice(deviceId)
    const accountId = entry?.record.accountId
    if (entry == null || accountId == null || Date.now() - (lastLookup.get(accountId) ?? 0) < init.lookupIntervalMs) {
      return
    }
    lastLookup.set(accountId, Date.now())
    const record = await directory.lookup(accountId).catch(() => null)
    if (record != null) {
      await applyRecord(record, entry).then(() => { delivery.kick(deviceId) }, (err: Error) => {
        stats.fault(err)
        log('the directory record of %s was not applied: %s', accountId, err.message)
      })
    }
  }

  /** deposits envelopes for an unreachable device; returns those now held by mailboxes */
  const handToMailboxes = async (items: OutboundEnvelope[]): Promise<OutboundEnvelope[]> => {
    const mailbox = components.mailbox
    if (mailbox == null) {
      return []
    }
    const stored: OutboundEnvelope[] = []
    const updates: StateUpdate[] = []
    const ops: BatchOperation[] = []
    for (const item of items) {
      const device = contacts.byDevice(item.deviceId)?.devices.find(d => d.deviceId === item.deviceId)
      if (device == null || await mailbox.deposit(device, codec.sign(decodeEnvelope(item.encoded, 'batch')), { ticket: await tickets.get(device.accountId) }) === 0) {
        continue
      }
      stored.push(item)
      const message = live.get(item.id)?.message
      if (message != null) {
        updates.push(...advance(message, 'stored', { path: 'mailbox' }))
      }
      ops.push(...settle(item))
    }
    await writer.write([...stateOps(updates), ...ops])
    announce(updates)
    return stored
  }

  /** stores a device certificate that a contact's device presented, if it is news */
  const learnDevice = async (device: VerifiedDevice): Promise<void> => {
    const entry = contacts.get(device.accountId)
    if (entry == null) {
      return
    }
    const known = entry.devices.find(d => d.deviceId === device.deviceId)
    if (known != null && known.created >= device.created) {
      return
    }
    // every caller has proof that the device holds its key: a connection authenticated as it, or its signature
    await contacts.save(entry.record, device, { proven: true })
  }

  const queueEnvelopes = async (entry: ContactEntry, kind: OutboundEnvelope['kind'], id: Uint8Array, timestamp: number, payload: Payload, before: BatchOperation[]): Promise<OutboundEnvelope[]> => {
    const idText = messageIdToString(id)
    const queuedAt = Date.now()
    const items = entry.devices.map(device => ({
      id: idText, deviceId: device.deviceId, kind, encoded: encodeEnvelope(codec.seal(device, id, timestamp, payload)), queuedAt
    }))
    await writer.write([...before, ...outbox.putOps(items)])
    return items
  }

  const sendReceipt = async (entry: ContactEntry, kind: Payload.Kind, ids: string[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_FRAME) {
      const refs = ids.slice(i, i + MAX_IDS_PER_FRAME).map(messageIdFromString) as Array<Uint8Array<ArrayBuffer>>
      const now = Date.now()
      const items = await queueEnvelopes(entry, 'receipt', nextMessageId(now), now, { kind, text: '', refs, recipientAccount: new Uint8Array(0) }, [])
      delivery.enqueue(items)
    }
  }

  /**
   * The conversation record goes with the batch that stores its new messages: their count is
   * added when that batch is built and kept once it is durable, so an unread count only ever
   * counts stored messages, and markRead (which runs between batches) never loses one.
   */
  const unreadSlot = (peer: AccountId, conversation: ConversationRecord): LatestOperation => {
    let counting = 0
    return {
      slot: `conversation!${peer}`,
      operation: () => {
        counting = uncounted.get(peer) ?? 0
        uncounted.delete(peer)
        return history.conversationOp(peer, { ...conversation, unread: conversation.unread + counting })
      },
      // a batch that failed counts nothing: its messages come again and are counted then
      written: () => { conversation.unread += counting }
    }
  }

  /**
   * stores an incoming text message once, however often its envelope arrives; resolves with
   * the error that refuses it for good (a stranger past its request limit), if any
   */
  const acceptText = async (envelope: Envelope, payload: Payload, sender: VerifiedDevice, path: MessagePath): Promise<Error | undefined> => {
    const id = messageIdToString(envelope.id)
    // a sender chooses its ids: one account's id never stands in for another's message
    const receivingKey = `${sender.accountId}!${id}`
    const replayed = (): void => { stats.fault(new ReplayedEnvelopeError(`envelope ${id} was already accepted`)) }
    const earlier = receiving.get(receivingKey)
    if (earlier != null) {
      // acked only once the first copy is stored
      const refusal = await earlier
      if (refusal == null) {
        replayed()
      }
      return refusal
    }
    const storing = (async () => {
      const conversation = await conversationRecord(sender.accountId)
      const surelyNew = (conversation.newestIncoming == null || id > conversation.newestIncoming) && id > newestIndexed
      let localId = id
      if (!surelyNew) {
        const holder = await history.holder(id)
        if (holder === sender.accountId || (holder != null && await history.aliasOf(sender.accountId, id) != null)) {
          replayed()
          return undefined
        }
        if (holder != null) {
          // another account's message holds this id: this one is filed under an id of ours
          localId = messageIdToString(nextMessageId(Date.now()))
        }
      }
      return storeText(localId, envelope, payload, sender, path, conversation)
    })()
    receiving.set(receivingKey, storing)
    try {
      return await storing
    } finally {
      receiving.delete(receivingKey)
    }
  }

  const storeText = async (id: string, envelope: Envelope, payload: Payload, sender: VerifiedDevice, path: MessagePath, conversation: ConversationRecord): Promise<Error | undefined> => {
    let entry = contacts.get(sender.accountId)
    if (entry?.record.status === 'blocked') {
      stats.blocked++
      return undefined
    }
    const stranger = entry == null || entry.record.status === 'request'
    if (stranger) {
      const refusal = requests.admit(sender.accountId)
      if (refusal != null) {
        return refusal
      }
    }
    try {
      if (entry == null) {
        entry = await contacts.save({ accountId: sender.accountId, name: sender.name, status: 'request', devices: [], addedAt: Date.now() }, sender, { proven: true })
        events.emit('contact:request', await contactDto(entry))
      }
      await storeIncoming(id, envelope, payload, sender, path, conversation)
    } catch (err) {
      if (stranger) {
        requests.release(sender.accountId)
      }
      throw err
    }
    return undefined
  }

  /** stores the message under `id`: its own id, or a local one when another account's message holds that */
  const storeIncoming = async (id: string, envelope: Envelope, payload: Payload, sender: VerifiedDevice, path: MessagePath, conversation: ConversationRecord): Promise<void> => {
    const sentAs = messageIdToString(envelope.id)
    const message: Message = {
      id,
      conversation: sender.accountId,
      from: sender.accountId,
      to: identity.accountId,
      direction: 'in',
      text: payload.text,
      timestamp: filedTime(envelope.timestamp, Date.now()),
      state: 'delivered',
      path
    }
    if (sentAs !== id) {
      message.sentAs = sentAs
    }
    const ops = history.putOps(message)
    if (sentAs !== id) {
      ops.push(history.aliasOp(sender.accountId, sentAs, id))
    }
    indexing(id)
    uncounted.set(sender.accountId, (uncounted.get(sender.accountId) ?? 0) + 1)
    if (conversation.newestIncoming == null || sentAs > conversation.newestIncoming) {
      conversation.newestIncoming = sentAs
    }
    await writer.write(ops, unreadSlot(sender.accountId, conversation))
    stats.received++
    events.emit('message:received', message)
  }

  /** messages by id: those in flight from memory, the others from the history in one read */
  const messagesById = async (ids: string[]): Promise<Map<string, Message>> => {
    const found = new Map<string, Message>()
    const notLive = [...new Set(ids)].filter(id => {
      const message = live.get(id)?.message
      if (message != null) {
        found.set(id, message)
      }
      return message == null
    })
    const stored = await history.getMany(notLive)
    notLive.forEach((id, i) => {
      const message = stored[i]
      if (message != null) {
        found.set(id, message)
      }
    })
    return found
  }

  /** the recipient read these, or collected them from its mailboxes */
  const acceptReceipt = async (payload: Payload, sender: VerifiedDevice): Promise<void> => {
    const [state, path] = payload.kind === Payload.Kind.READ_RECEIPT ? ['read', undefined] as const : ['delivered', 'mailbox'] as const
    const updates = await writer.exclusive(async () => {
      const ids = payload.refs.map(messageIdToString)
      const messages = await messagesById(ids)
      const found = ids.flatMap(id => {
        const message = messages.get(id)
        return message?.direction === 'out' && message.conversation === sender.accountId ? advance(message, state, path == null ? {} : { path }) : []
      })
      await store.batch(stateOps(found))
      return found
    })
    announce(updates)
  }

  /** resolves once stored, or with the error that refuses the envelope for good */
  const acceptPayload = async (envelope: Envelope, payload: Payload, sender: VerifiedDevice, path: MessagePath): Promise<Error | undefined> => {
    if (payload.kind === Payload.Kind.TEXT) {
      return acceptText(envelope, payload, sender, path)
    }
    await acceptReceipt(payload, sender)
    return undefined
  }

  const collectMail = async (): Promise<number> => {
    const mailbox = components.mailbox
    if (mailbox == null) {
      return 0
    }
    let taken = 0
    const drop = (err: Error): void => {
      // mail that does not open is dropped with the rest of the page: it never will
      stats.fault(err)
      log('dropped mailbox mail: %s', err.message)
    }
    for await (const page of mailbox.collect(stopping.signal)) {
      const opened: Array<{ envelope: Envelope, payload: Payload, sender: VerifiedDevice }> = []
      for (const { envelope, sender: certificate } of page.mail) {
        try {
          const sender = verifyDeviceCertificate(certificate)
          const payload = codec.open(envelope, sender)
          await learnDevice(sender)
          opened.push({ envelope, payload, sender })
        } catch (err) {
          drop(err as Error)
        }
      }
      // stored together, so that their writes share group commits instead of taking one each
      const stored = await Promise.all(opened.map(async ({ envelope, payload, sender }) =>
        acceptPayload(envelope, payload, sender, 'mailbox').then(refusal => {
          if (refusal != null) {
            drop(refusal)
          }
          return refusal == null
        }, (err: Error) => { drop(err); return false })))
      const delivered = new Map<AccountId, string[]>()
      opened.forEach(({ envelope, payload, sender }, i) => {
        if (stored[i] && payload.kind === Payload.Kind.TEXT) {
          const ids = delivered.get(sender.accountId) ?? []
          ids.push(messageIdToString(envelope.id))
          delivered.set(sender.accountId, ids)
        }
      })
      await page.remove(page.mail.map(({ envelope }) => envelope.id))
      taken += page.mail.length
      for (const [accountId, ids] of delivered) {
        const entry = contacts.get(accountId)
        if (entry != null && entry.record.status !== 'blocked') {
          await sendReceipt(entry, Payload.Kind.DELIVERY_RECEIPT, ids)
        }
      }
    }
    return taken
  }

  const receiver = createReceiver({
    identity,
    codec,
    tickets: tickets.hello,
    hooks: {
      hello: async (device) => {
        if (contacts.get(device.accountId)?.record.status === 'blocked') {
          throw new ContactBlockedError(`${device.accountId} is blocked`)
        }
        await learnDevice(device)
      },
      trusted: (device) => contacts.get(device.accountId)?.record.status === 'accepted',
      accept: acceptPayload,
      fault: (err) => { stats.fault(err) }
    }
  }, init)

  /** what the last run left in the outbox, texts sealed again from the history */
  const loadOutbox = async (): Promise<void> => {
    const items: OutboundEnvelope[] = []
    const queuedAt = Date.now()
    const entries = await outbox.load()
    const texts = await messagesById(entries.flatMap(stored => stored.kind === 'text' ? [stored.id] : []))
    for (const stored of entries) {
      if (stored.kind === 'receipt') {
        items.push({ ...stored, queuedAt })
        continue
      }
      const message = texts.get(stored.id)
      const device = contacts.byDevice(stored.deviceId)?.devices.find(d => d.deviceId === stored.deviceId)
      if (message == null || device == null) {
        log.error('outbox text %s for %s has no %s: it is not sent', stored.id, stored.deviceId, message == null ? 'message in the history' : 'contact device')
        continue
      }
      const envelope = codec.seal(device, messageIdFromString(stored.id), message.timestamp, textPayload(message.text))
      items.push({ ...stored, encoded: encodeEnvelope(envelope), queuedAt })
      const entry = live.get(stored.id)
      if (entry != null) {
        entry.outstanding++
      } else {
        live.set(stored.id, { message, outstanding: 1 })
      }
    }
    delivery.enqueue(items)
  }

  const dialContact = (entry: ContactEntry): void => {
    for (const device of entry.devices) {
      libp2p.dial(peerIdFromString(device.deviceId), { signal: AbortSignal.timeout(init.dialTimeoutMs) })
        .catch(err => { log('contact %s is not reachable now: %s', device.deviceId, err.message) })
    }
  }

  const dialContacts = (): void => {
    contacts.all().filter(entry => entry.record.status !== 'blocked').forEach(dialContact)
  }

  /** a blocked account's devices get no connection to this node, as if it were offline */
  const hangUpOn = (entry: ContactEntry): void => {
    for (const device of entry.devices) {
      libp2p.hangUp(peerIdFromString(device.deviceId)).catch(err => { log('could not hang up on %s: %s', device.deviceId, err.message) })
    }
  }

  const onConnectionChange = (event: CustomEvent<{ remotePeer: { toString: () => string } }>): void => {
    const deviceId = event.detail.remotePeer.toString()
    const entry = contacts.byDevice(deviceId)
    if (event.type === 'connection:open' && entry?.record.status === 'blocked') {
      stats.fault(new ContactBlockedError(`${entry.record.accountId} is blocked: its connection was closed`))
      hangUpOn(entry)
      return
    }
    updateReachability(deviceId)
    if (event.type === 'connection:open') {
      delivery.kick(deviceId)
    }
  }

  /** adds a contact from only its account id, through its DHT record */
  const addContactFromDirectory = async (accountId: AccountId, name?: string): Promise<Contact> => {
    publicKeyFromAccountId(accountId)
    if (accountId === identity.accountId) {
      throw new SelfContactError('that is your own account')
    }
    const record = await directory.lookup(accountId)
    if (record == null) {
      throw new UnknownContactError(`no account record for ${accountId} was found in the DHT: ask for an invite link instead`)
    }
    record.devices.forEach(({ device }) => { contacts.checkClaim(device) })
    const chosenName = (name ?? record.devices[0].device.name).trim()
    if (chosenName.length === 0 || chosenName.length > limits.maxNameLength) {
      throw new InvalidArgumentError(`a contact name is 1–${limits.maxNameLength} characters`)
    }
    const existing = contacts.get(accountId)?.record ?? { accountId, name: chosenName, status: 'accepted' as const, devices: [], addedAt: Date.now() }
    const entry = await applyRecord(record, await contacts.save({ ...existing, name: chosenName, status: 'accepted' }))
    dialContact(entry)
    return contactDto(entry)
  }

  let collecting: Promise<number> | null = null
  let collectTimer: NodeJS.Timeout | undefined
  /** aborted by stop(): a collection in progress (a slow DHT lookup, say) gives up */
  const stopping = new AbortController()
  /** one collection at a time; a failed one is logged and retried at the next interval */
  const collectInBackground = (): void => {
    collecting ??= collectMail()
      .catch(err => { log('collecting mail failed: %s', err.message); return 0 })
      .finally(() => { collecting = null })
  }

  const setStatus = async (peer: string, status: ContactRecord['status']): Promise<Contact> => {
    const { record } = contacts.resolve(peer)
    const next: ContactRecord = { ...record, status }
    delete next.unblockedStatus
    if (status === 'blocked' && record.status !== 'blocked') {
      next.unblockedStatus = record.status
    }
    const entry = await contacts.save(next)
    if (status === 'blocked') {
      hangUpOn(entry)
    } else if (record.status === 'blocked') {
      if (status === 'request') {
        await requests.recount(record.accountId)
      }
      dialContact(entry)
    }
    return contactDto(entry)
  }

  return {
    start: async () => {
      await contacts.load()
      await requests.load()
      indexing(await history.newestId() ?? '')
      // a device needs one stream at a time; a few more cover reconnection races
      await libp2p.handle(MSG_PROTOCOL, receiver, { maxInboundStreams: 16 })
      libp2p.addEventListener('connection:open', onConnectionChange)
      libp2p.addEventListener('connection:close', onConnectionChange)
      await loadOutbox()
      dialContacts()
      directory.start()
      if (components.mailbox != null) {
        collectTimer = setTimeout(function collectNow () {
          collectInBackground()
          collectTimer = setTimeout(collectNow, init.collectIntervalMs)
        }, init.collectDelayMs)
      }
    },

    stop: async () => {
      libp2p.removeEventListener('connection:open', onConnectionChange)
      libp2p.removeEventListener('connection:close', onConnectionChange)
      clearTimeout(collectTimer)
      directory.stop()
      stopping.abort(new Error('node is stopping'))
      await collecting
      await delivery.stop()
      await writer.exclusive(async () => {})
    },

    collectMail: async () => {
      collectInBackground()
      return collecting ?? 0
    },

    invite: () => createInvite(identity.certificate, libp2p.getMultiaddrs().map(address => address.toString())),

    addContact: async ({ invite, name }) => {
      if (typeof invite === 'string' && looksLikeAccountId(invite.trim())) {
        return addContactFromDirectory(invite.trim(), name)
      }
      const parsed = parseInvite(invite)
      const device = parsed.device
      if (device.accountId === identity.accountId) {
        throw new SelfContactError('that invite is your own account')
      }
      const chosenName = (name ?? device.name).trim()
      if (chosenName.length === 0 || chosenName.length > limits.maxNameLength) {
        throw new InvalidArgumentError(`a contact name is 1–${limits.maxNameLength} characters`)
      }
      const existing = contacts.get(device.accountId)
      const record: ContactRecord = existing?.record ?? { accountId: device.accountId, name: chosenName, status: 'accepted', devices: [], addedAt: Date.now() }
      const entry = await contacts.save({ ...record, name: chosenName, status: 'accepted' }, device)
      await libp2p.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: parsed.addresses.map(address => multiaddr(address)) })
      dialContact(entry)
      return contactDto(entry)
    },

    listContacts: async () => Promise.all(contacts.all().map(contactDto)),

    acceptContact: async (peer) => setStatus(peer, 'accepted'),

    blockContact: async (peer) => setStatus(peer, 'blocked'),

    unblockContact: async (peer) => {
      const { record } = contacts.resolve(peer)
      if (record.status !== 'blocked') {
        throw new InvalidArgumentError(`${record.name} is not blocked`)
      }
      return setStatus(peer, record.unblockedStatus ?? 'accepted')
    },

    send: async ({ to, text }) => {
      if (typeof text !== 'string' || text.length === 0) {
        throw new InvalidArgumentError('a message needs some text')
      }
      if (textBytes(text) > limits.maxTextBytes) {
        throw new MessageTooLargeError(`a message is at most ${limits.maxTextBytes} bytes of UTF-8; this one is ${textBytes(text)}`)
      }
      let entry = contacts.resolve(to)
      if (entry.record.status === 'blocked') {
        throw new ContactBlockedError(`${entry.record.name} is blocked: unblock them to send`)
      }
      if (entry.record.status === 'request') {
        entry = await contacts.save({ ...entry.record, status: 'accepted' })
      }
      const now = Date.now()
      const id = nextMessageId(now)
      const message: Message = {
        id: messageIdToString(id),
        conversation: entry.record.accountId,
        from: identity.accountId,
        to: entry.record.accountId,
        direction: 'out',
        text,
        timestamp: now,
        state: 'pending',
        path: null
      }
      live.set(message.id, { message, outstanding: entry.devices.length })
      indexing(message.id)
      try {
        const items = await queueEnvelopes(entry, 'text', id, now, textPayload(text), history.putOps(message))
        delivery.enqueue(items)
      } catch (err) {
        live.delete(message.id)
        throw err
      }
      return { ...message }
    },

    retry: async (id) => {
      const message = await history.get(id)
      if (message.direction !== 'out' || message.state !== 'failed') {
        throw new InvalidArgumentError(`message ${id} is ${message.state}; only a failed outgoing message can be retried`)
      }
      const entry = contacts.resolve(message.conversation)
      const retried: Message = { ...message, state: 'pending', path: null }
      delete retried.failure
      live.set(id, { message: retried, outstanding: entry.devices.length })
      const items = await queueEnvelopes(entry, 'text', messageIdFromString(id), message.timestamp, textPayload(message.text), history.updateOps(retried))
      events.emit('message:state', { id, conversation: retried.conversation, state: 'pending', path: null })
      delivery.enqueue(items)
      return { ...retried }
    },

    getMessage: async (id) => {
      const message = live.get(id)?.message ?? await history.get(id)
      return { ...message }
    },

    history: async ({ peer, limit, before }) => {
      const pageSize = limit ?? limits.defaultHistoryPage
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > limits.maxHistoryPage) {
        throw new InvalidArgumentError(`limit is 1–${limits.maxHistoryPage}`)
      }
      const entry = contacts.resolve(peer)
      const page = await history.page(entry.record.accountId, pageSize, before)
      return page.map(message => ({ ...(live.get(message.id)?.message ?? message) }))
    },

    conversations: async () => {
      const list: Conversation[] = []
      for (const entry of contacts.all()) {
        const lastMessage = await history.last(entry.record.accountId)
        if (lastMessage == null) {
          continue
        }
        const { unread } = await conversationRecord(entry.record.accountId)
        list.push({ peer: entry.record.accountId, name: entry.record.name, unread, lastMessage: live.get(lastMessage.id)?.message ?? lastMessage })
      }
      return list.sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0))
    },

    markRead: async ({ peer }) => {
      const entry = contacts.resolve(peer)
      const accountId = entry.record.accountId
      const readIds = await writer.exclusive(async () => {
        const conversation = await conversationRecord(accountId)
        const ids: string[] = []
        const ops: BatchOperation[] = []
        let remaining = conversation.unread
        for await (const message of history.newestFirst(accountId)) {
          if (remaining <= 0) {
            break
          }
          if (message.direction === 'in' && message.state !== 'read') {
            // the sender knows it by the id it gave it
            ids.push(message.sentAs ?? message.id)
            ops.push(...history.updateOps({ ...message, state: 'read' }))
            remaining--
          }
        }
        const unread = Math.max(0, conversation.unread - ids.length)
        await store.batch([...ops, history.conversationOp(accountId, { ...conversation, unread })])
        // only once durable: a failed batch leaves the count as the database has it
        conversation.unread = unread
        return ids
      })
      if (readIds.length > 0 && entry.record.status !== 'blocked') {
        await sendReceipt(entry, Payload.Kind.READ_RECEIPT, readIds)
      }
      const lastMessage = await history.last(accountId)
      return { peer: accountId, name: entry.record.name, unread: (await conversationRecord(accountId)).unread, lastMessage }
    },

    stats: async (): Promise<NodeStats> => ({ ...stats.snapshot(), connections: libp2p.getConnections().length })
  }
}
