/**
 * Channels: how the messages of one conversation travel. A 1:1 conversation's channel is its
 * contact's devices through outgoing (outbox, delivery, mailboxes); the channels of other
 * kinds (groups) come from the rooms above messaging, which register an opener for their
 * kind. message-actions sends, changes and marks read through a channel and never asks which
 * kind it is.
 */

import { ContactBlockedError, InvalidArgumentError, type ConversationId, type ConversationKind, type DeviceId } from '../api/index.ts'
import type { BatchOperation } from '../store/index.ts'
import type { Body } from '../wire/index.ts'
import type { ContactEntry } from './contacts.ts'
import type { StoredMessage } from './message-store.ts'
import type { Outgoing } from './outgoing.ts'

export interface Channel {
  /** the conversation id messages are stored under */
  conversation: ConversationId
  /** what the conversation is called: the contact's or the group's name */
  name: string
  /** throws the typed error that says why nothing may be sent now (blocked, not a member, muted) */
  checkSend: (what: 'message' | 'change') => void
  /** stores a new outgoing message (`message.conversation` is ours) and sends it; `stored` runs once stored, before it can move on */
  send: (message: StoredMessage, stored: () => void) => Promise<void>
  /** puts a failed message back on its way */
  retry: (message: StoredMessage) => Promise<StoredMessage>
  /** sends a change of one of this conversation's messages (edit, reaction, erasure), with `also` written together */
  change: (body: Body, also?: BatchOperation[]) => Promise<void>
  /** the devices that are to confirm a recall of one of our messages */
  recipients: () => DeviceId[]
  /** tells the senders of these incoming messages that they were read */
  read: (messages: StoredMessage[]) => Promise<void>
}

/** A conversation kind's channels, by the id part of a conversation id (`group:<id>` → `<id>`); throws when there is no such conversation. */
export type ChannelOpener = (id: string) => Channel

export type ChannelRegistry = Map<Exclude<ConversationKind, 'dm'>, ChannelOpener>

export interface DmChannelComponents {
  outgoing: Outgoing
  /** whether read receipts go to this contact now */
  receiptsTo: (entry: ContactEntry) => boolean
}

/** The channel of a 1:1 conversation: the contact's devices. */
export function dmChannel (entry: ContactEntry, conversation: ConversationId, { outgoing, receiptsTo }: DmChannelComponents): Channel {
  return {
    conversation,
    name: entry.record.name,
    checkSend: (what) => {
      if (entry.record.status === 'blocked') {
        throw new ContactBlockedError(`${entry.record.name} is blocked: unblock them ${what === 'message' ? 'to send' : 'first'}`)
      }
      if (what === 'message' && entry.record.status === 'request') {
        throw new InvalidArgumentError(`${entry.record.name}'s message request is not accepted: accept it to reply`)
      }
    },
    send: async (message, stored) => { await outgoing.queueMessage(entry, message, stored) },
    retry: async (message) => outgoing.requeue(entry, message),
    change: async (body, also) => { await outgoing.queueSealed(entry, body, also) },
    recipients: () => entry.devices.map(device => device.deviceId),
    read: async (messages) => {
      if (messages.length === 0 || !receiptsTo(entry)) return
      // the sender knows each by the id it gave it
      await outgoing.sendReceipts(entry, 'read', messages.map(message => message.sentAs ?? message.id))
    }
  }
}
