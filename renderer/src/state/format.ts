/**
 * Words and times the UI shows for API values: message states, paths, reachability,
 * timestamps. Pure functions.
 */

import type { Message, MessageState, Reachability } from '../../../core/api/index.ts'

export function stateLabel (state: MessageState, direction: Message['direction']): string {
  if (direction === 'in') return state === 'read' ? 'Read' : 'Received'
  switch (state) {
    case 'pending': return 'Sending'
    case 'sent': return 'Sent'
    case 'stored': return 'Stored'
    case 'delivered': return 'Delivered'
    case 'read': return 'Read'
    case 'failed': return 'Failed'
  }
}

export function stateDescription (state: MessageState): string {
  switch (state) {
    case 'pending': return 'Waiting in the outbox to be sent'
    case 'sent': return 'Written to the recipient’s device, not acknowledged yet'
    case 'stored': return 'Held by mailbox nodes until the recipient comes online'
    case 'delivered': return 'The recipient’s device stored it'
    case 'read': return 'Read'
    case 'failed': return 'Will not be delivered'
  }
}

export function reachabilityLabel (reachability: Reachability): string {
  switch (reachability) {
    case 'direct': return 'Direct'
    case 'relayed': return 'Relayed'
    case 'offline': return 'Offline'
  }
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
const shortDayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' })
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' })

export function formatTime (ms: number): string {
  return timeFormat.format(ms)
}

export function formatFull (ms: number): string {
  return fullFormat.format(ms)
}

export function dayKey (ms: number): string {
  const date = new Date(ms)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

export function formatDay (ms: number, now = Date.now()): string {
  if (dayKey(ms) === dayKey(now)) return 'Today'
  if (dayKey(ms) === dayKey(now - 86_400_000)) return 'Yesterday'
  return dayFormat.format(ms)
}

/** For lists: the time today (or `today` when given), else a short date. */
export function formatWhen (ms: number, now = Date.now(), today?: string): string {
  return dayKey(ms) === dayKey(now) ? (today ?? timeFormat.format(ms)) : shortDayFormat.format(ms)
}

/** `tim1abc…xyz`: an id short enough for a list, the whole id in a title. */
export function shortId (id: string, keep = 8): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`
}

/**
 * What a peer is called on screen. A contact by the name it has in the contact book; a
 * stranger (a message request) chose its own name, which may be a contact's or yours, so it
 * is called by its account id, and its claim is shown apart (`claimed`) as a claim.
 */
export function peerLabel (peer: { name: string, status: string | null, accountId: string }): { title: string, claimed: string | null } {
  if (peer.status === 'request') {
    return { title: `Unknown ${shortId(peer.accountId, 6)}`, claimed: peer.name }
  }
  return { title: peer.name, claimed: null }
}
