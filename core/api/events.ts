/**
 * MessengerEvents: what a node tells its clients as it happens. Event names are
 * `'domain:verb'`; payloads are JSON-safe DTOs from types.ts.
 */

import type { AccountId, Contact, Message, MessageId, MessagePath, MessageState, Reachability } from './types.ts'

export interface MessageStateChange {
  id: MessageId
  conversation: AccountId
  state: MessageState
  path: MessagePath | null
  failure?: string
}

export interface ReachabilityChange {
  accountId: AccountId
  reachability: Reachability
}

export interface MessengerEvents {
  /** a message from another account was persisted here */
  'message:received': Message
  /** one of our outgoing messages changed state (sent, delivered, read, failed …) */
  'message:state': MessageStateChange
  /** a contact became reachable another way, or unreachable */
  'contact:reachability': ReachabilityChange
  /** a valid account that is not a contact sent a message: accept or block it */
  'contact:request': Contact
}

export type MessengerEventName = keyof MessengerEvents

export const messengerEventNames: readonly MessengerEventName[] = [
  'message:received', 'message:state', 'contact:reachability', 'contact:request'
]

export function isMessengerEventName (name: unknown): name is MessengerEventName {
  return typeof name === 'string' && (messengerEventNames as readonly string[]).includes(name)
}

export type MessengerEventListener<E extends MessengerEventName> = (detail: MessengerEvents[E]) => void

/** A subscription surface every transport implements the same way. */
export interface MessengerEventSource {
  on: <E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>) => () => void
}
