/**
 * Pure helpers for message lists: the order history uses (timestamp, then id), inserting
 * and updating by id, and the rule that keeps a message's state from going backwards when
 * events and call results arrive out of order.
 */

import type { Message, MessageState } from '../../../core/api/index.ts'
import type { MessageStateChange } from '../../../core/api/index.ts'

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
export function applyStateChange (message: Message, change: Pick<MessageStateChange, 'state' | 'path' | 'failure'>): Message {
  if (!mayMoveTo(message.state, change.state)) return message
  const next: Message = {
    ...message,
    state: change.state,
    path: change.state === 'pending' ? change.path : (change.path ?? message.path)
  }
  if (change.state === 'failed') next.failure = change.failure ?? message.failure
  else delete next.failure
  if (next.state === message.state && next.path === message.path && next.failure === message.failure) return message
  return next
}

/** The newer knowledge of one message: `incoming` merged onto `known` without going backwards. */
export function mergeMessage (known: Message, incoming: Message): Message {
  const merged = applyStateChange(known, incoming)
  return merged.text === incoming.text ? merged : { ...merged, text: incoming.text }
}

export function compareMessages (a: Message, b: Message): number {
  if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** `list` (sorted) with each of `incoming` added or merged, still sorted; `list` itself when nothing changed. */
export function upsertMessages (list: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  if (incoming.length === 0) return list
  const index = new Map(list.map((message, i) => [message.id, i]))
  let next: Message[] | null = null
  const added: Message[] = []
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

/** Whether `a` is newer than `b` in history order. */
export function isNewer (a: Message, b: Message | null): boolean {
  return b === null || compareMessages(a, b) > 0
}
