/**
 * What the API shows of stored messages and conversations: a message's current state (a
 * message in flight is ahead of the store), the quote of the message a reply answers (looked
 * up when shown, never copied, so an erased message leaves no text in replies), and a
 * conversation's name, unread count, first unread message and last message.
 */

import { parseConversationId, type Conversation, type ConversationKind, type ConversationId, type Message, type MessageQuote } from '../api/index.ts'
import type { ChannelRegistry } from './channels.ts'
import type { ContactBook } from './contacts.ts'
import type { MessageStore, StoredMessage } from './message-store.ts'
import type { Outgoing } from './outgoing.ts'

/** Characters of a quoted message's text that a reply shows. */
const QUOTE_LENGTH = 200

export interface Views {
  messages: (stored: StoredMessage[]) => Promise<Message[]>
  message: (stored: StoredMessage) => Promise<Message>
  /** a conversation as the API shows it (`firstUnread`: a scan of up to `unread` messages) */
  conversation: (id: ConversationId, unread: number) => Promise<Conversation>
}

export interface ViewsComponents {
  history: MessageStore
  outgoing: Pick<Outgoing, 'withState'>
  contacts: ContactBook
  /** the other conversation kinds' channels, for their names */
  channels: ChannelRegistry
}

function quoteOf (id: string, quoted: StoredMessage | undefined): MessageQuote {
  if (quoted == null) {
    return { id, from: '', text: '' }
  }
  return { id, from: quoted.from, text: quoted.erased != null ? '' : quoted.text.slice(0, QUOTE_LENGTH) }
}

export function createViews (components: ViewsComponents): Views {
  const { history, outgoing, contacts, channels } = components

  /** a contact's or a group's name; undefined for a conversation that has none now */
  const nameOf = (kind: ConversationKind, id: string): string | undefined => {
    if (kind === 'dm') return contacts.get(id)?.record.name
    try {
      return channels.get(kind)?.(id).name
    } catch {
      return undefined
    }
  }

  const messages = async (stored: StoredMessage[]): Promise<Message[]> => {
    const refs = stored.flatMap(message => message.replyTo != null ? [message.replyTo] : [])
    const quoted = new Map((await history.getMany(refs)).flatMap(message => message == null ? [] : [[message.id, message] as const]))
    return stored.map(message => {
      const { replyTo, lastEditId: _edit, reactionVersions: _versions, ...current } = outgoing.withState(message)
      return replyTo == null ? { ...current } : { ...current, replyTo: quoteOf(replyTo, quoted.get(replyTo)) }
    })
  }

  /** the oldest of the conversation's `unread` newest incoming unread messages */
  const firstUnread = async (id: ConversationId, unread: number): Promise<string | undefined> => {
    let remaining = unread
    let oldest: string | undefined
    for await (const message of history.newestFirst(id)) {
      if (remaining <= 0) break
      if (message.direction === 'in' && message.state !== 'read') {
        oldest = message.id
        remaining--
      }
    }
    return oldest
  }

  return {
    messages,
    message: async (stored) => (await messages([stored]))[0],
    conversation: async (id, unread) => {
      const parsed = parseConversationId(id)
      const last = await history.last(id)
      const conversation: Conversation = {
        id,
        kind: parsed?.kind ?? 'dm',
        name: (parsed == null ? undefined : nameOf(parsed.kind, parsed.id)) ?? parsed?.id ?? id,
        unread,
        lastMessage: last == null ? null : (await messages([last]))[0]
      }
      const first = unread > 0 ? await firstUnread(id, unread) : undefined
      if (first != null) {
        conversation.firstUnread = first
      }
      return conversation
    }
  }
}
