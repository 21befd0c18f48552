/**
 * Message history and conversations. Owns the `messages` sublevel
 * (conversation!timestamp!id → StoredMessage: its content, rewritten when it is edited,
 * reacted to or erased; a range is one conversation in order; the conversation is a
 * ConversationId such as `dm:<account>`), `message-states` (id → its state, path and failure once they changed: a 1 KiB text
 * is written once, not again for every receipt), `message-index` (id → messages key, for
 * lookups and deduplication) and `conversations` (conversation id → unread count). An incoming message is known by its sender and
 * id together: when another account's message already holds its id here, it is filed under
 * a local id, and `message-index` maps `~<sender>!<id>` to that local id. Builds batch
 * operations; the caller decides when to write them. Every read returns current states and
 * waits until the store has settled, so it sees every batch written before it.
 */

import { MessageNotFoundError, type AccountId, type ConversationId, type Message, type MessageId } from '../api/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../store/index.ts'

/**
 * A message as stored: the API's Message without its state (kept in `message-states`), and a
 * reply names the message it quotes by id only, so that erasing a message leaves no copy of its
 * text in the quotes of replies.
 */
export type StoredMessage = Omit<Message, 'replyTo'> & {
  replyTo?: MessageId
  /** the envelope id of the edit that set the text: an older edit arriving late is ignored */
  lastEditId?: MessageId
  /** per `<account> <emoji>`, the envelope id of the latest reaction change: older ones are ignored */
  reactionVersions?: Record<string, MessageId>
}

export interface ConversationRecord {
  unread: number
  /**
   * The greatest id of the incoming messages stored in this conversation (ids sort in time
   * order as text). An incoming id above it is new for sure, which spares a lookup.
   */
  newestIncoming?: MessageId
}

export interface MessageStore {
  /** operations that store a message (new, or its content rewritten) and its index entry */
  putOps: (message: StoredMessage) => BatchOperation[]
  /** operations that record a stored message's new state, path and failure */
  updateOps: (message: StoredMessage) => BatchOperation[]
  /** operations that delete a message, its index entry and its state */
  delOps: (message: StoredMessage) => BatchOperation[]
  conversationOp: (conversation: ConversationId, record: ConversationRecord) => BatchOperation
  get: (id: MessageId) => Promise<StoredMessage>
  /** the messages with these ids, undefined where none is stored: one read per sublevel for all */
  getMany: (ids: MessageId[]) => Promise<Array<StoredMessage | undefined>>
  /** the conversation of the message stored under this id, or null; lookups made together share one read */
  holder: (id: MessageId) => Promise<ConversationId | null>
  /** the local id of `sender`'s message `id` when it had to be filed under another, or null */
  aliasOf: (sender: AccountId, id: MessageId) => Promise<MessageId | null>
  /** the operation that files `sender`'s message `id` under `localId` */
  aliasOp: (sender: AccountId, id: MessageId, localId: MessageId) => BatchOperation
  /** the greatest message id stored (ids sort in time order), or null when none is */
  newestId: () => Promise<MessageId | null>
  /** up to `limit` messages older than `before` (exclusive, and of this conversation), oldest first */
  page: (conversation: ConversationId, limit: number, before?: MessageId) => Promise<StoredMessage[]>
  /** messages newest first, for scans that stop early */
  newestFirst: (conversation: ConversationId) => AsyncIterable<StoredMessage>
  last: (conversation: ConversationId) => Promise<StoredMessage | null>
  /** how many messages the conversation holds, counting no further than `limit` (keys only) */
  countUpTo: (conversation: ConversationId, limit: number) => Promise<number>
  conversation: (conversation: ConversationId) => Promise<ConversationRecord>
  /** the conversations that have a record (an unread count) */
  conversationIds: () => Promise<ConversationId[]>
}

const TIMESTAMP_DIGITS = 15
/** index keys of aliases start with this (above every message id character) */
const ALIAS_PREFIX = '~'
/** messages newestFirst reads at a time */
const NEWEST_FIRST_PAGE = 64

function messageKey (message: Pick<StoredMessage, 'conversation' | 'timestamp' | 'id'>): string {
  return `${message.conversation}!${String(Math.max(0, Math.floor(message.timestamp))).padStart(TIMESTAMP_DIGITS, '0')}!${message.id}`
}

/** A message's state since it was stored, kept apart so that a change never rewrites its text. */
type MessageStateRecord = Pick<StoredMessage, 'state' | 'path' | 'failure'>

function withState (message: StoredMessage, record: MessageStateRecord | undefined): StoredMessage {
  if (record == null) {
    return message
  }
  const current: StoredMessage = { ...message, state: record.state, path: record.path }
  if (record.failure != null) {
    current.failure = record.failure
  } else {
    delete current.failure
  }
  return current
}

export function createMessageStore (store: Store): MessageStore {
  const messages: JsonSublevel<StoredMessage> = store.json<StoredMessage>('messages')
  const index: JsonSublevel<string> = store.json<string>('message-index')
  const states: JsonSublevel<MessageStateRecord> = store.json<MessageStateRecord>('message-states')
  const conversations: JsonSublevel<ConversationRecord> = store.json<ConversationRecord>('conversations')

  /** the messages with their current states */
  const current = async (stored: StoredMessage[]): Promise<StoredMessage[]> => {
    if (stored.length === 0) {
      return stored
    }
    const records = await states.getMany(stored.map(message => message.id))
    return stored.map((message, i) => withState(message, records[i]))
  }

  const getMany = async (ids: MessageId[]): Promise<Array<StoredMessage | undefined>> => {
    if (ids.length === 0) {
      return []
    }
    await store.settled()
    const keys = (await index.getMany(ids)).filter(key => key != null)
    const stored = (await messages.getMany(keys)).filter(message => message != null)
    const found = new Map((await current(stored)).map(message => [message.id, message]))
    return ids.map(id => found.get(id))
  }

  const get = async (id: MessageId): Promise<StoredMessage> => {
    const [message] = await getMany([id])
    if (message == null) {
      throw new MessageNotFoundError(`no message ${id}`)
    }
    return message
  }

  let lookups: Array<{ key: string, resolve: (value: string | null) => void, reject: (err: Error) => void }> = []
  const lookUpTogether = (): void => {
    const batch = lookups
    lookups = []
    store.settled().then(async () => index.getMany(batch.map(lookup => lookup.key))).then(
      values => { batch.forEach((lookup, i) => { lookup.resolve(values[i] ?? null) }) },
      (err: Error) => { batch.forEach(lookup => { lookup.reject(err) }) }
    )
  }
  /** the index entry under `key`, or null */
  const indexed = async (key: string): Promise<string | null> => new Promise((resolve, reject) => {
    lookups.push({ key, resolve, reject })
    if (lookups.length === 1) {
      setImmediate(lookUpTogether)
    }
  })

  return {
    putOps: (message) => [
      { type: 'put', sublevel: messages, key: messageKey(message), value: message },
      { type: 'put', sublevel: index, key: message.id, value: messageKey(message) }
    ] as BatchOperation[],
    updateOps: (message) => [
      { type: 'put', sublevel: states, key: message.id, value: { state: message.state, path: message.path, ...(message.failure != null ? { failure: message.failure } : {}) } }
    ] as BatchOperation[],
    delOps: (message) => [
      { type: 'del', sublevel: messages, key: messageKey(message) },
      { type: 'del', sublevel: index, key: message.id },
      { type: 'del', sublevel: states, key: message.id }
    ] as BatchOperation[],
    conversationOp: (conversation, record) => ({ type: 'put', sublevel: conversations, key: conversation, value: record }) as BatchOperation,
    get,
    getMany,
    holder: async (id) => {
      const key = await indexed(id)
      return key == null ? null : key.slice(0, key.indexOf('!'))
    },
    aliasOf: async (sender, id) => indexed(`${ALIAS_PREFIX}${sender}!${id}`),
    aliasOp: (sender, id, localId) => ({ type: 'put', sublevel: index, key: `${ALIAS_PREFIX}${sender}!${id}`, value: localId }) as BatchOperation,
    newestId: async () => {
      await store.settled()
      const [id] = await index.keys({ lt: ALIAS_PREFIX, reverse: true, limit: 1 }).all()
      return id ?? null
    },
    page: async (conversation, limit, before) => {
      let upper = `${conversation}!~`
      if (before != null) {
        const from = await get(before)
        // a key from another conversation would bound a range that spans other conversations
        if (from.conversation !== conversation) {
          throw new MessageNotFoundError(`no message ${before} in the conversation with ${conversation}`)
        }
        upper = messageKey(from)
      }
      await store.settled()
      const page = await messages.values({ gte: `${conversation}!`, lt: upper, reverse: true, limit }).all()
      return (await current(page)).reverse()
    },
    newestFirst: async function * (conversation) {
      // a page of messages at a time, so that their states come in one read per page
      await store.settled()
      const stored = messages.values({ gte: `${conversation}!`, lt: `${conversation}!~`, reverse: true })
      try {
        for (let page = await stored.nextv(NEWEST_FIRST_PAGE); page.length > 0; page = await stored.nextv(NEWEST_FIRST_PAGE)) {
          yield * await current(page)
        }
      } finally {
        await stored.close()
      }
    },
    last: async (conversation) => {
      await store.settled()
      const [message] = await current(await messages.values({ gte: `${conversation}!`, lt: `${conversation}!~`, reverse: true, limit: 1 }).all())
      return message ?? null
    },
    countUpTo: async (conversation, limit) => {
      await store.settled()
      return (await messages.keys({ gte: `${conversation}!`, lt: `${conversation}!~`, limit }).all()).length
    },
    conversation: async (conversation) => {
      await store.settled()
      return (await conversations.get(conversation)) ?? { unread: 0 }
    },
    conversationIds: async () => {
      await store.settled()
      return await conversations.keys().all()
    }
  }
}
