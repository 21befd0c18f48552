/**
 * What arrives: every opened envelope's body, from a /tim/msg stream or a mailbox, is handled
 * here by its kind. Messages (text, custom, and kinds this node does not know) are stored once
 * however often they arrive, counted unread, and announced; a stranger's open a message
 * request within its limits. Receipts move our messages' states; edits, reactions and
 * erasures change a message of that conversation (the newest change wins, whatever order they
 * arrive in); a contact request records that the other side added us. A blocked account's
 * envelopes are acked and dropped, as if nobody were there to read them.
 */

import type { Logger } from '@libp2p/interface'
import {
  dmConversation, ReplayedEnvelopeError, type Contact, type ConversationId, type MessagePath
} from '../api/index.ts'
import type { VerifiedDevice } from '../identity/index.ts'
import { messageIdToString, type Body, type Envelope } from '../wire/index.ts'
import { isForeignKind, type ForeignBodies, type ForeignKind } from './foreign-bodies.ts'
import type { BatchWriter, LatestOperation } from './batch-writer.ts'
import type { ContactBook, ContactEntry } from './contacts.ts'
import type { Erasure } from './erasure.ts'
import type { KeyedLock } from './keyed-locks.ts'
import type { EventHub } from './events.ts'
import type { ConversationRecord, MessageStore, StoredMessage } from './message-store.ts'
import type { Outgoing } from './outgoing.ts'
import { applyReaction } from './reactions.ts'
import type { RequestCounter } from './requests.ts'
import type { Stats } from './stats.ts'
import type { Views } from './views.ts'

export interface InboundComponents {
  history: MessageStore
  writer: BatchWriter
  contacts: ContactBook
  requests: RequestCounter
  outgoing: Outgoing
  erasure: Erasure
  views: Views
  events: EventHub
  stats: Stats
  /** what clients are shown of a contact */
  contactView: (entry: ContactEntry) => Promise<Contact>
  /** one change at a time per message */
  lock: KeyedLock
  /** whether receipts may go to this contact now (an accepted contact, and we are not invisible) */
  receiptsTo: (entry: ContactEntry) => boolean
  /** the kinds the rooms above messaging own (group ops, sender keys) */
  foreign: ForeignBodies
  log: Logger
}

/** What inbound reads of the envelope (or group message) a body came in. */
export type Arrival = Pick<Envelope, 'id' | 'timestamp'>

export interface Inbound {
  /** resolves once stored (or deliberately dropped), or with the error that refuses it for good */
  /**
   * `conversation`: where a message goes; a 1:1 envelope's is the sender's (the default), a
   * group message's its group (whose room checked the sender's membership: no stranger's request)
   */
  accept: (envelope: Arrival, body: Body, sender: VerifiedDevice, path: MessagePath, conversation?: ConversationId) => Promise<Error | undefined>
  /** the conversation's record, loaded once and then kept current in memory */
  record: (conversation: ConversationId) => Promise<ConversationRecord>
  /** the greatest id stored so far (incoming or outgoing): ids above it need no lookup */
  indexing: (id: string) => void
  load: () => Promise<void>
}

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

/** The kinds that are messages of their own, stored in the history. */
export function isMessageBody (body: Body): body is Extract<Body, { kind: 'text' | 'custom' | 'unsupported' }> {
  return body.kind === 'text' || body.kind === 'custom' || body.kind === 'unsupported'
}

export function createInbound (components: InboundComponents): Inbound {
  const { history, writer, contacts, requests, outgoing, erasure, views, events, stats } = components
  /** incoming messages per conversation whose batch is not built yet: not counted as unread yet */
  const uncounted = new Map<ConversationId, number>()
  /** conversation records, loaded once and then updated in memory before every write */
  const records = new Map<ConversationId, Promise<ConversationRecord>>()
  /** incoming messages being stored now, by sender and id, with the promise of their storage */
  const receiving = new Map<string, Promise<Error | undefined>>()
  let newestIndexed = ''
  const indexing = (id: string): void => {
    if (id > newestIndexed) newestIndexed = id
  }

  const record = async (conversation: ConversationId): Promise<ConversationRecord> => {
    let found = records.get(conversation)
    if (found == null) {
      found = history.conversation(conversation)
      records.set(conversation, found)
    }
    return found
  }

  /**
   * The conversation record goes with the batch that stores its new messages: their count is
   * added when that batch is built and kept once it is durable, so an unread count only ever
   * counts stored messages, and markRead (which runs between batches) never loses one.
   */
  const unreadSlot = (conversation: ConversationId, current: ConversationRecord): LatestOperation => {
    let counting = 0
    return {
      slot: `conversation!${conversation}`,
      operation: () => {
        counting = uncounted.get(conversation) ?? 0
        uncounted.delete(conversation)
        return history.conversationOp(conversation, { ...current, unread: current.unread + counting })
      },
      // a batch that failed counts nothing: its messages come again and are counted then
      written: () => { current.unread += counting }
    }
  }

  /** stores the message under `id`: its own id, or a local one when another account's message holds that */
  const store = async (id: string, envelope: Arrival, body: Extract<Body, { kind: 'text' | 'custom' | 'unsupported' }>, sender: VerifiedDevice, path: MessagePath, conversation: ConversationId, current: ConversationRecord): Promise<void> => {
    const sentAs = messageIdToString(envelope.id)
    const message: StoredMessage = {
      id,
      conversation,
      from: sender.accountId,
      direction: 'in',
      kind: body.kind,
      text: body.kind === 'text' ? body.text : '',
      timestamp: filedTime(envelope.timestamp, Date.now()),
      state: 'delivered',
      path
    }
    if (body.kind === 'text' && body.replyTo != null) {
      const ref = messageIdToString(body.replyTo)
      // a reply to one of the sender's own messages names it by the sender's id
      message.replyTo = await history.aliasOf(sender.accountId, ref) ?? ref
    }
    if (body.kind === 'text' && body.burnSeconds > 0) message.burn = { seconds: body.burnSeconds }
    if (body.kind === 'custom') message.custom = { type: body.type, data: Buffer.from(body.data).toString('base64') }
    if (body.kind === 'unsupported') message.unsupported = { data: Buffer.from(body.bytes).toString('base64') }
    if (sentAs !== id) message.sentAs = sentAs
    const ops = history.putOps(message)
    if (sentAs !== id) ops.push(history.aliasOp(sender.accountId, sentAs, id))
    indexing(id)
    uncounted.set(conversation, (uncounted.get(conversation) ?? 0) + 1)
    if (current.newestIncoming == null || sentAs > current.newestIncoming) {
      current.newestIncoming = sentAs
    }
    await writer.write(ops, unreadSlot(conversation, current))
    stats.received++
    events.emit('message:received', await views.message(message))
  }

  /**
   * a stranger's request record, made once however many of its envelopes arrive together (one
   * `contact:request`); an introduction arriving after its message still says it added us
   */
  const opened = async (sender: VerifiedDevice, note?: string): Promise<void> => {
    const changed = await contacts.update(sender.accountId, current => {
      if (current == null) {
        return { record: { accountId: sender.accountId, name: sender.name, status: 'request', devices: [], addedAt: Date.now(), ...(note != null ? { theyAdded: true, note } : {}) }, device: sender, proven: true }
      }
      return note != null && current.theyAdded !== true ? { record: { ...current, theyAdded: true, note } } : undefined
    })
    if (changed != null) events.emit(changed.created ? 'contact:request' : 'contact:updated', await components.contactView(changed.entry))
  }

  /** a stranger's message opens (or adds to) its request, within the request limits */
  const admitted = async (sender: VerifiedDevice, keep: () => Promise<void>, note?: string): Promise<Error | undefined> => {
    const entry = contacts.get(sender.accountId)
    const stranger = entry == null || entry.record.status === 'request'
    if (stranger) {
      const refusal = requests.admit(sender.accountId, note != null ? 'introduction' : 'message')
      if (refusal != null) return refusal
    }
    try {
      if (entry == null) await opened(sender, note)
      await keep()
    } catch (err) {
      // an introduction took no message's room
      if (stranger && note == null) requests.release(sender.accountId)
      throw err
    }
    return undefined
  }

  /** stores an incoming message once, however often its envelope arrives */
  const acceptMessage = async (envelope: Arrival, body: Extract<Body, { kind: 'text' | 'custom' | 'unsupported' }>, sender: VerifiedDevice, path: MessagePath, conversation: ConversationId): Promise<Error | undefined> => {
    const id = messageIdToString(envelope.id)
    // a sender chooses its ids: one account's id never stands in for another's message
    const receivingKey = `${sender.accountId}!${id}`
    const replayed = (): void => { stats.fault(new ReplayedEnvelopeError(`envelope ${id} was already accepted`)) }
    const earlier = receiving.get(receivingKey)
    if (earlier != null) {
      // acked only once the first copy is stored
      const refusal = await earlier
      if (refusal == null) replayed()
      return refusal
    }
    const storing = (async () => {
      const current = await record(conversation)
      const surelyNew = (current.newestIncoming == null || id > current.newestIncoming) && id > newestIndexed
      let localId = id
      if (!surelyNew) {
        const holder = await history.holder(id)
        if (holder === conversation || (holder != null && await history.aliasOf(sender.accountId, id) != null)) {
          replayed()
          return undefined
        }
        if (holder != null) {
          // another account's message holds this id: this one is filed under an id of ours
          localId = messageIdToString(outgoing.nextId(Date.now()))
        }
      }
      const keep = async (): Promise<void> => { await store(localId, envelope, body, sender, path, conversation, current) }
      if (conversation !== dmConversation(sender.accountId)) {
        await keep()
        return undefined
      }
      return admitted(sender, keep)
    })()
    receiving.set(receivingKey, storing)
    try {
      return await storing
    } finally {
      receiving.delete(receivingKey)
    }
  }

  /**
   * The message of the sender's conversation that `ref` names: one of the sender's, by the id
   * it gave it (waiting for it when it is being stored right now), or one of ours.
   */
  const localId = async (sender: VerifiedDevice, ref: Uint8Array): Promise<string> => {
    const id = messageIdToString(ref)
    await receiving.get(`${sender.accountId}!${id}`)
    return await history.aliasOf(sender.accountId, id) ?? id
  }

  const referenced = async (sender: VerifiedDevice, ref: Uint8Array, conversation: ConversationId): Promise<StoredMessage | undefined> => {
    const local = await localId(sender, ref)
    const found = (await history.getMany([local]))[0]
    const message = found == null ? undefined : outgoing.withState(found)
    return message?.conversation === conversation ? message : undefined
  }

  const rewrite = async (message: StoredMessage): Promise<void> => {
    await writer.write(history.putOps(message))
    events.emit('message:updated', await views.message(message))
  }

  /** the sender's own message that a change names, unless it is gone */
  const sendersOwn = async (sender: VerifiedDevice, ref: Uint8Array, conversation: ConversationId): Promise<StoredMessage | undefined> => {
    const message = await referenced(sender, ref, conversation)
    return message?.direction === 'in' && message.from === sender.accountId && message.erased == null ? message : undefined
  }

  type Handler<K extends Body['kind']> = (envelope: Arrival, body: Extract<Body, { kind: K }>, sender: VerifiedDevice, path: MessagePath, conversation: ConversationId) => Promise<Error | undefined>
  const handlers: { [K in Exclude<Body['kind'], ForeignKind>]: Handler<K> } = {
    text: acceptMessage,
    custom: acceptMessage,
    unsupported: acceptMessage,

    receipt: async (_envelope, body, sender) => {
      const refs = body.refs.map(messageIdToString)
      if (body.receipt === 'erased') {
        for (const id of refs) {
          await components.lock(id, async () => {
            const [message] = await history.getMany([id])
            if (message?.direction !== 'out' || message.recall == null || message.conversation !== dmConversation(sender.accountId)) return
            const devices = message.recall.devices.map(device => device.deviceId === sender.deviceId ? { ...device, confirmed: true } : device)
            await rewrite({ ...message, recall: { devices } })
          })
        }
        return undefined
      }
      const moved = await outgoing.receipt(sender, body.receipt, refs)
      // the rest may be a room's (a group message of ours): those are not 1:1 messages that moved
      const movedIds = new Set(moved.map(message => message.id))
      await components.foreign.receipt(sender, body.receipt, refs.filter(id => !movedIds.has(id)))
      if (body.receipt === 'read') {
        // a burn timer starts when the message is first shown, on the reader's clock (never in the future)
        const shownAt = Math.min(body.at > 0 ? body.at : Date.now(), Date.now())
        const burning = moved.filter(m => m.burn != null && m.burn.expiresAt == null).map(m => m.id)
        for (const found of (await history.getMany(burning)).filter(m => m != null)) {
          const message = outgoing.withState(found)
          const expiresAt = Math.max(shownAt, message.timestamp) + (message.burn?.seconds ?? 0) * 1000
          const entry = contacts.get(sender.accountId)
          if (entry != null) {
            // the recipient's other devices learn it too, through their mailboxes if need be
            await outgoing.queueSealed(entry, { kind: 'erase', ref: body.refs[refs.indexOf(message.id)], reason: 'burn', at: expiresAt })
          }
          await erasure.burnAt(message, expiresAt)
        }
      }
      return undefined
    },

    edit: async (envelope, body, sender, _path, conversation) => components.lock(await localId(sender, body.ref), async () => {
      const message = await sendersOwn(sender, body.ref, conversation)
      const editId = messageIdToString(envelope.id)
      if (message == null || message.kind !== 'text' || (message.lastEditId != null && message.lastEditId >= editId)) return undefined
      await rewrite({ ...message, text: body.text, editedAt: filedTime(envelope.timestamp, Date.now()), lastEditId: editId })
      return undefined
    }),

    reaction: async (envelope, body, sender, _path, conversation) => components.lock(await localId(sender, body.ref), async () => {
      const message = await referenced(sender, body.ref, conversation)
      const reacted = message == null || message.erased != null
        ? null
        : applyReaction(message, { account: sender.accountId, emoji: body.emoji, remove: body.remove, id: messageIdToString(envelope.id) })
      if (reacted != null) await rewrite(reacted)
      return undefined
    }),

    erase: async (_envelope, body, sender, _path, conversation) => components.lock(await localId(sender, body.ref), async () => {
      const message = await sendersOwn(sender, body.ref, conversation)
      if (message == null) return undefined
      if (body.reason === 'recall') {
        await erasure.erase(message, 'recalled')
        const entry = contacts.get(sender.accountId)
        if (entry != null && components.receiptsTo(entry)) {
          await outgoing.sendReceipts(entry, 'erased', [message.sentAs ?? message.id])
        }
      } else if (message.burn != null) {
        await erasure.burnAt(message, body.at)
      }
      return undefined
    }),

    'contact-request': async (_envelope, body, sender) => {
      const entry = contacts.get(sender.accountId)
      if (entry == null) {
        return admitted(sender, async () => {}, body.note)
      }
      if (entry.record.theyAdded === true && entry.record.note === body.note) return undefined
      const updated = await contacts.save({ ...entry.record, theyAdded: true, ...(body.note.length > 0 ? { note: body.note } : {}) })
      events.emit('contact:updated', await components.contactView(updated))
      return undefined
    }
  }

  return {
    record,
    indexing,
    load: async () => { indexing(await history.newestId() ?? '') },
    accept: async (envelope, body, sender, path, conversation = dmConversation(sender.accountId)) => {
      if (contacts.get(sender.accountId)?.record.status === 'blocked') {
        stats.blocked++
        return undefined
      }
      if (isForeignKind(body.kind)) {
        return components.foreign.handle(body as Extract<Body, { kind: ForeignKind }>, sender)
      }
      const handle = handlers[body.kind] as Handler<Body['kind']>
      return handle(envelope, body, sender, path, conversation)
    }
  }
}
