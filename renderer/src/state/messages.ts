/**
 * Pure helpers for message lists: the order history uses (timestamp, then id), inserting,
 * updating and removing by id, and the rule that keeps a message's state from going
 * backwards when events and call results arrive out of order. A `ShownMessage` is a Message
 * as the UI holds it: possibly a local echo (shown at once, before the node answered).
 */

import type { Message, MessageState, MessageStateChange } from '../../../core/api/index.ts'

/** What the UI knows of a message that the node has not confirmed yet. */
export interface LocalEcho {
  /** the node cannot be reached: it is sent once the node is back */
  waiting: boolean
  /** sending it failed: why, in words */
  error?: Error
}

export type ShownMessage = Message & { local?: LocalEcho }

const rank: Record<MessageState, number> = { failed: -1, pending: 0, sent: 1, stored: 2, delivered: 3, read: 4 }

/** Whether a message in state `from` may move to `to` (late events must not undo later ones). */
export function mayMoveTo (from: MessageState, to: MessageState): boolean {
  if (from === to) return true
  // a retry starts over; whatever happens after it may already have arrived
  if (from === 'failed') return true
  if (to === 'failed') return rank[from] < rank.delivered
  return rank[to] > rank[from]
}

/** `message` with the state of `change` applied, or `message` itself when it would go backwards. */
export function applyStateChange<M extends Message> (message: M, change: Pick<MessageStateChange, 'state' | 'path' | 'failure'>): M {
  if (!mayMoveTo(message.state, change.state)) return message
  const next: M = {
    ...message,
    state: change.state,
    path: change.state === 'pending' ? change.path : (change.path ?? message.path)
  }
  if (change.state === 'failed') next.failure = change.failure ?? message.failure
  else delete next.failure
  if (next.state === message.state && next.path === message.path && next.failure === message.failure) return message
  return next
}

/**
 * The newer knowledge of one message: the content of `incoming` (an edit, reactions, a
 * recall …) with the state that does not go backwards.
 */
export function mergeMessage (known: ShownMessage, incoming: ShownMessage): ShownMessage {
  const state = applyStateChange(known, incoming)
  const merged: ShownMessage = { ...incoming, state: state.state, path: state.path }
  if (state.failure !== undefined) merged.failure = state.failure
  else delete merged.failure
  return sameMessage(known, merged) ? known : merged
}

function sameMessage (a: ShownMessage, b: ShownMessage): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function compareMessages (a: Message, b: Message): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** `list` (sorted) with each of `incoming` added or merged, still sorted; `list` itself when nothing changed. */
export function upsertMessages (list: readonly ShownMessage[], incoming: readonly ShownMessage[]): readonly ShownMessage[] {
  if (incoming.length === 0) return list
  const index = new Map(list.map((message, i) => [message.id, i]))
  let next: ShownMessage[] | null = null
  const added: ShownMessage[] = []
  for (const message of incoming) {
    const at = index.get(message.id)
    if (at === undefined) {
      added.push(message)
      continue
    }
    const current = (next ?? list)[at]
    if (current === undefined) continue
    const merged = mergeMessage(current, message)
    if (merged !== current) {
      next ??= [...list]
      next[at] = merged
    }
  }
  if (added.length === 0) return next ?? list
  const result = next ?? [...list]
  for (const message of added.sort(compareMessages)) {
    // nearly always an append: search from the end
    let at = result.length
    while (at > 0) {
      const before = result[at - 1]
      if (before === undefined || compareMessages(before, message) <= 0) break
      at--
    }
    result.splice(at, 0, message)
  }
  return result
}

/** `list` without the message `id`; `list` itself when it was not there. */
export function removeMessage (list: readonly ShownMessage[], id: string): readonly ShownMessage[] {
  const at = list.findIndex(message => message.id === id)
  return at < 0 ? list : [...list.slice(0, at), ...list.slice(at + 1)]
}

/** Whether `a` is newer than `b` in history order. */
export function isNewer (a: Message, b: Message | null): boolean {
  return b === null || compareMessages(a, b) > 0
}

/** What a message says in one line (lists, notifications, quotes). */
export function messageSummary (message: Message): string {
  if (message.erased === 'recalled') return 'Message recalled'
  if (message.erased === 'burnt') return 'Message burnt'
  if (message.kind === 'unsupported') return 'Unsupported message'
  if (message.kind === 'custom') return `Custom message (${message.custom?.type ?? 'unknown type'})`
  return message.text.replace(/\s+/g, ' ').trim()
}

/**
 * The oldest of the newest `unread` incoming messages not read yet: where the "N unread"
 * divider goes when the node did not say (its events carry no firstUnread); undefined when
 * fewer are held.
 */
export function firstUnreadIn (messages: readonly Message[], unread: number): string | undefined {
  if (unread <= 0) return undefined
  const waiting = messages.filter(message => message.direction === 'in' && message.state !== 'read')
  return waiting.length >= unread ? waiting[waiting.length - unread]?.id : undefined
}
