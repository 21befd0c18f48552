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
}

export interface MessageStore {
  /** operations that store (or overwrite) a message and its index entry */
  putOps: (message: Message) => BatchOperation[]
  conversationOps: (peer: AccountId, record: ConversationRecord) => BatchOperation[]
  get: (id: MessageId) => Promise<Message>
  /** which of these ids are already stored */
  known: (ids: MessageId[]) => Promise<boolean[]>
  /** up to `limit` messages older than `before` (exclusive), oldest first */
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

  return {
    putOps: (message) => [
      { type: 'put', sublevel: messages, key: messageKey(message), value: message },
      { type: 'put', sublevel: index, key: message.id, value: messageKey(message) }
    ] as BatchOperation[],
    conversationOps: (peer, record) => [
      { type: 'put', sublevel: conversations, key: peer, value: record }
    ] as BatchOperation[],
    get,
    known: async (ids) => (await index.getMany(ids)).map(key => key != null),
    page: async (conversation, limit, before) => {
      const upper = before == null ? `${conversation}!~` : messageKey(await get(before))
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
