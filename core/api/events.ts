/**
 * MessengerEvents: what a node tells its clients as it happens. Event names are
 * `'domain:verb'`; payloads are JSON-safe DTOs from types.ts. Every change a client could
 * show reaches every client as an event, whichever client (or peer) made it.
 */

import type { ConversationId } from './conversation-id.ts'
import type {
  AccountId, Contact, Conversation, GroupInfo, GroupJoinRequestInfo, Message, MessageId, MessagePath, MessageState, Presence, Reachability
} from './types.ts'

export interface MessageStateChange {
  id: MessageId
  conversation: ConversationId
  state: MessageState
  path: MessagePath | null
  failure?: string
}

export interface ReachabilityChange {
  accountId: AccountId
  reachability: Reachability
}

export interface MessageRemoval {
  id: MessageId
  conversation: ConversationId
}

export interface ConversationRemoval {
  id: ConversationId
}

export interface ContactRemoval {
  accountId: AccountId
}

export interface TypingChange {
  conversation: ConversationId
  from: AccountId
  typing: boolean
}

export interface PresenceChange {
  accountId: AccountId
  presence: Presence
}

export interface MessengerEvents {
  /** a message from another account was persisted here */
  'message:received': Message
  /** one of our own messages was queued (pending), by whichever client sent it */
  'message:queued': Message
  /** one of our outgoing messages changed state (sent, delivered, read, failed …) */
  'message:state': MessageStateChange
  /** a stored message changed: edited, reacted to, read, recalled, burnt */
  'message:updated': Message
  /** a message was deleted from this node */
  'message:removed': MessageRemoval
  /**
   * a conversation was read (on any client); a message that arrives is told as
   * `message:received` instead (one more unread), and a renamed contact as `contact:updated`
   */
  'conversation:updated': Conversation
  /** a conversation's history was deleted from this node */
  'conversation:removed': ConversationRemoval
  /** someone started or stopped typing in a conversation */
  'conversation:typing': TypingChange
  /** a contact became reachable another way, or unreachable */
  'contact:reachability': ReachabilityChange
  /** a valid account that is not a contact sent a message or a contact request: accept or block it */
  'contact:request': Contact
  /** a contact was added, accepted, blocked, unblocked, renamed or verified */
  'contact:updated': Contact
  /** a contact was removed */
  'contact:removed': ContactRemoval
  /** a contact's presence changed */
  'contact:presence': PresenceChange
  /**
   * a group this account is in (or was in) changed: created, joined, members, roles, name,
   * link; also when this account left, was removed, or the group was dissolved (`ended`)
   */
  'group:updated': GroupInfo
  /** an account asks to join a private group that this account manages */
  'group:request': GroupJoinRequestInfo
}

export type MessengerEventName = keyof MessengerEvents

/** `Record` makes the compiler flag an event added to MessengerEvents but missing here. */
const eventNames: Record<MessengerEventName, true> = {
  'message:received': true,
  'message:queued': true,
  'message:state': true,
  'message:updated': true,
  'message:removed': true,
  'conversation:updated': true,
  'conversation:removed': true,
  'conversation:typing': true,
  'contact:reachability': true,
  'contact:request': true,
  'contact:updated': true,
  'contact:removed': true,
  'contact:presence': true,
  'group:updated': true,
  'group:request': true
}

export const messengerEventNames = Object.keys(eventNames) as readonly MessengerEventName[]

export function isMessengerEventName (name: unknown): name is MessengerEventName {
  return typeof name === 'string' && (messengerEventNames as readonly string[]).includes(name)
}

export type MessengerEventListener<E extends MessengerEventName> = (detail: MessengerEvents[E]) => void

/** A subscription surface every transport implements the same way. */
export interface MessengerEventSource {
  on: <E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>) => () => void
}
