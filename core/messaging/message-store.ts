/**
 * Message history and conversations. Owns the `messages` sublevel
 * (conversation!timestamp!id → Message, so a range is one conversation in order),
 * `message-index` (id → messages key, for lookups and deduplication) and `conversations`
 * (peer → unread count). Builds batch operations; the caller decides when to write them.
 */

import { MessageNotFoundError, type AccountId, type Message, type MessageId } from '../api/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../store/index.ts'

export interface ConversationRecord {
  unread: number
  /**
   * The greatest id of the incoming messages stored in this conversation (ids sort in time
   * order as text). An incoming id above it is new for sure, which spares a lookup.
   */
  newestIncoming?: MessageId
}

export interface MessageStore {
  /** operations that store a new message and its index entry */
  putOps: (message: Message) => BatchOperation[]
  /** operations that overwrite a stored message (its id and timestamp unchanged) */
  updateOps: (message: Message) => BatchOperation[]
  conversationOps: (peer: AccountId, record: ConversationRecord) => BatchOperation[]
  get: (id: MessageId) => Promise<Message>
  /** whether a message with this id is stored; lookups made together share one read */
  known: (id: MessageId) => Promise<boolean>
  /** up to `limit` messages older than `before` (exclusive, and of this conversation), oldest first */
  page: (conversation: AccountId, limit: number, before?: MessageId) => Promise<Message[]>
  /** messages newest first, for scans that stop early */
  newestFirst: (conversation: AccountId) => AsyncIterable<Message>
  last: (conversation: AccountId) => Promise<Message | null>
  conversation: (peer: AccountId) => Promise<ConversationRecord>
  conversationPeers: () => Promise<AccountId[]>
}

const TIMESTAMP_DIGITS = 15

function messageKey (message: Pick<Message, 'conversation' | 'timestamp' | 'id'>): string {
  return `${message.conversation}!${String(Math.max(0, Math.floor(message.timestamp))).padStart(TIMESTAMP_DIGITS, '0')}!${message.id}`
}

export function createMessageStore (store: Store): MessageStore {
  const messages: JsonSublevel<Message> = store.json<Message>('messages')
  const index: JsonSublevel<string> = store.json<string>('message-index')
  const conversations: JsonSublevel<ConversationRecord> = store.json<ConversationRecord>('conversations')

  const get = async (id: MessageId): Promise<Message> => {
    const key = await index.get(id)
    const message = key == null ? undefined : await messages.get(key)
    if (message == null) {
      throw new MessageNotFoundError(`no message ${id}`)
    }
    return message
  }

  let lookups: Array<{ id: MessageId, resolve: (known: boolean) => void, reject: (err: Error) => void }> = []
  const lookUpTogether = (): void => {
    const batch = lookups
    lookups = []
    index.getMany(batch.map(lookup => lookup.id)).then(
      keys => { batch.forEach((lookup, i) => { lookup.resolve(keys[i] != null) }) },
      (err: Error) => { batch.forEach(lookup => { lookup.reject(err) }) }
    )
  }
  const known = async (id: MessageId): Promise<boolean> => new Promise((resolve, reject) => {
    lookups.push({ id, resolve, reject })
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
      { type: 'put', sublevel: messages, key: messageKey(message), value: message }
    ] as BatchOperation[],
    conversationOps: (peer, record) => [
      { type: 'put', sublevel: conversations, key: peer, value: record }
    ] as BatchOperation[],
    get,
    known,
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
      const page = await messages.values({ gte: `${conversation}!`, lt: upper, reverse: true, limit }).all()
      return page.reverse()
    },
    newestFirst: (conversation) => messages.values({ gte: `${conversation}!`, lt: `${conversation}!~`, reverse: true }),
    last: async (conversation) => {
      const [message] = await messages.values({ gte: `${conversation}!`, lt: `${conversation}!~`, reverse: true, limit: 1 }).all()
      return message ?? null
    },
    conversation: async (peer) => (await conversations.get(peer)) ?? { unread: 0 },
    conversationPeers: async () => conversations.keys().all()
  }
}
