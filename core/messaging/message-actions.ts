/**
 * The MessengerApi methods on messages and conversations: send (text, replies, burn timers,
 * custom kinds), retry, edit, react, recall, delete for this node, delete a conversation,
 * history, the conversation list and marking read. Checks what callers pass, then asks the
 * parts (outgoing, inbound, erasure, views) to do it; every change is told to clients.
 */

import {
  AbortError, checkConversationId, dmConversation, InvalidArgumentError, MessageNotFoundError, limits,
  type AccountId, type Contact, type ConversationId, type Message, type MessengerApi, type SendRequest
} from '../api/index.ts'
import { looksLikeAccountId, publicKeyFromAccountId, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import type { BatchOperation, Store } from '../store/index.ts'
import { checkCustom, messageIdFromString, messageIdToString } from '../wire/index.ts'
import type { BatchWriter } from './batch-writer.ts'
import { dmChannel, type Channel, type ChannelRegistry } from './channels.ts'
import { checkBurn, checkEmoji, checkMessageId, checkText } from './checks.ts'
import type { ContactBook, ContactEntry } from './contacts.ts'
import type { Erasure } from './erasure.ts'
import type { EventHub } from './events.ts'
import type { Inbound } from './inbound.ts'
import type { KeyedLock } from './keyed-locks.ts'
import type { MessageStore, StoredMessage } from './message-store.ts'
import type { Outgoing } from './outgoing.ts'
import { applyReaction } from './reactions.ts'
import type { Views } from './views.ts'

export type MessageActions = Pick<MessengerApi,
  'send' | 'retry' | 'getMessage' | 'editMessage' | 'react' | 'recall' | 'deleteMessage' | 'deleteConversation' | 'history' | 'conversations' | 'markRead'>

export interface MessageActionsComponents {
  identity: LocalIdentity
  store: Store
  history: MessageStore
  writer: BatchWriter
  contacts: ContactBook
  outgoing: Outgoing
  inbound: Inbound
  erasure: Erasure
  views: Views
  events: EventHub
  lock: KeyedLock
  /** whether read receipts go to this contact */
  receiptsTo: (entry: ContactEntry) => boolean
  /** the channels of conversation kinds other than 1:1, as the rooms above register them */
  channels: ChannelRegistry
  /** devices the rooms above know of an account that is not a contact (a fellow group member) */
  memberDevices: (account: AccountId) => VerifiedDevice[]
  /** tells clients about a contact added here */
  contactView: (entry: ContactEntry) => Promise<Contact>
}

export function createMessageActions (components: MessageActionsComponents): MessageActions {
  const { identity, store, history, writer, contacts, outgoing, inbound, erasure, views, events, lock, receiptsTo, channels } = components

  /** the other account of a 1:1 conversation's id part: an account id, or a contact's name */
  const dmAccount = (id: string): AccountId => {
    if (contacts.get(id) != null) return id
    if (looksLikeAccountId(id)) {
      publicKeyFromAccountId(id)
      return id
    }
    return contacts.resolve(id).record.accountId
  }

  /** the channel of a conversation id (a 1:1 one may name its contact by name) */
  const channelOf = (conversation: unknown): Channel => {
    const parsed = checkConversationId(conversation)
    if (parsed.kind === 'dm') {
      const account = dmAccount(parsed.id)
      return dmChannel(contacts.resolve(account), dmConversation(account), { outgoing, receiptsTo })
    }
    const open = channels.get(parsed.kind)
    if (open == null) {
      throw new InvalidArgumentError(`${parsed.kind} conversations are not supported yet`)
    }
    return open(parsed.id)
  }

  /** the id a conversation's messages are stored under, whether or not it still has a channel (a removed contact's) */
  const storedConversation = (conversation: unknown): ConversationId => {
    const parsed = checkConversationId(conversation)
    return parsed.kind === 'dm' ? dmConversation(dmAccount(parsed.id)) : channelOf(conversation).conversation
  }

  /**
   * the channel a new message goes through; a 1:1 conversation with a fellow group member who
   * is not a contact yet makes them one (they see a message request, as from anyone new)
   */
  const sendChannel = async (conversation: unknown): Promise<Channel> => {
    const parsed = checkConversationId(conversation)
    if (parsed.kind === 'dm' && contacts.get(parsed.id) == null && looksLikeAccountId(parsed.id) && parsed.id !== identity.accountId) {
      const [first, ...more] = components.memberDevices(parsed.id)
      if (first != null) {
        let entry = await contacts.save({ accountId: parsed.id, name: first.name, status: 'accepted', devices: [], addedAt: Date.now() }, first)
        for (const device of more) entry = await contacts.save(entry.record, device)
        events.emit('contact:updated', await components.contactView(entry))
      }
    }
    return channelOf(conversation)
  }

  /** a stored message, with its current state */
  const stored = async (id: unknown): Promise<StoredMessage> => outgoing.withState(await history.get(checkMessageId(id)))

  /** the channel of the message's conversation, where changes may be sent now */
  const changeChannel = (message: StoredMessage): Channel => {
    const channel = channelOf(message.conversation)
    channel.checkSend('change')
    return channel
  }

  /** the id the other side knows a message by */
  const theirId = (message: StoredMessage): Uint8Array => messageIdFromString(message.sentAs ?? message.id)

  const updated = async (message: StoredMessage): Promise<Message> => {
    const view = await views.message(message)
    events.emit('message:updated', view)
    return view
  }

  const conversationView = async (conversation: ConversationId) => views.conversation(conversation, (await inbound.record(conversation)).unread)

  return {
    send: async (request: SendRequest, options = {}) => {
      const channel = await sendChannel(request.conversation)
      channel.checkSend('message')
      const now = Date.now()
      const message: StoredMessage = {
        id: messageIdToString(outgoing.nextId(now)),
        conversation: channel.conversation,
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
      const view = await views.message(message)
      // told once stored and before it can have moved on (sent, delivered)
      await channel.send(message, () => { events.emit('message:queued', view) })
      return view
    },

    retry: async (id) => {
      const message = await stored(id)
      if (message.direction !== 'out' || message.state !== 'failed') {
        throw new InvalidArgumentError(`message ${message.id} is ${message.state}; only a failed outgoing message can be retried`)
      }
      return views.message(await channelOf(message.conversation).retry(message))
    },

    getMessage: async (id) => views.message(await stored(id)),

    editMessage: async ({ id, text }) => lock(checkMessageId(id), async () => {
      const message = await stored(id)
      if (message.direction !== 'out' || message.kind !== 'text' || message.erased != null) {
        throw new InvalidArgumentError('only your own text messages can be edited')
      }
      const channel = changeChannel(message)
      const edited: StoredMessage = { ...message, text: checkText(text), editedAt: Date.now() }
      await channel.change({ kind: 'edit', ref: theirId(message), text: edited.text }, history.putOps(edited))
      return updated(edited)
    }),

    react: async ({ id, emoji, remove }) => lock(checkMessageId(id), async () => {
      const message = await stored(id)
      if (message.erased != null) {
        throw new InvalidArgumentError('that message was erased')
      }
      const channel = changeChannel(message)
      const chosen = checkEmoji(emoji)
      const change = { account: identity.accountId, emoji: chosen, remove: remove === true, id: messageIdToString(outgoing.nextId(Date.now())) }
      // a change made now is newer than any this node holds
      const reacted = applyReaction(message, change) ?? message
      await channel.change({ kind: 'reaction', ref: theirId(message), emoji: chosen, remove: remove === true }, history.putOps(reacted))
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
      const channel = changeChannel(message)
      // devices it has not reached yet never get it
      await outgoing.drop(message.id)
      await channel.change({ kind: 'erase', ref: messageIdFromString(message.id), reason: 'recall', at: Date.now() })
      const devices = channel.recipients().map(deviceId => ({ deviceId, confirmed: false }))
      return views.message(await erasure.erase({ ...message, recall: { devices } }, 'recalled'))
    }),

    deleteMessage: async (id) => {
      const message = await stored(id)
      await outgoing.drop(message.id)
      await erasure.remove([message])
      events.emit('message:removed', { id: message.id, conversation: message.conversation })
    },

    deleteConversation: async (conversation) => {
      const id = storedConversation(conversation)
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
      return views.messages(await history.page(storedConversation(conversation), pageSize, before == null ? undefined : checkMessageId(before)))
    },

    conversations: async () => {
      const list = []
      // a removed contact's conversation stays until it is deleted
      const ids = new Set([...contacts.all().map(entry => dmConversation(entry.record.accountId)), ...await history.conversationIds()])
      for (const id of ids) {
        const view = await conversationView(id)
        if (view.lastMessage != null) list.push(view)
      }
      return list.sort((a, b) => (b.lastMessage?.timestamp ?? 0) - (a.lastMessage?.timestamp ?? 0))
    },

    markRead: async ({ conversation, upTo }) => {
      const id = storedConversation(conversation)
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
      // a removed contact's conversation has no channel left to tell
      const channel = (() => { try { return channelOf(id) } catch { return null } })()
      await channel?.read(read)
      const view = await conversationView(id)
      events.emit('conversation:updated', view)
      return view
    }
  }
}
