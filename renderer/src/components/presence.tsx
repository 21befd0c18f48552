/**
 * A contact's presence: a coloured dot (online, away, busy, offline; data-presence) and, in
 * words, the status, its text and when it was last seen. While the node cannot be reached,
 * what it last said is stale: shown greyed as "unknown" rather than as it was.
 */

import type { ReactNode } from 'react'
import type { Presence } from '../../../core/api/index.ts'
import { formatWhen } from '../state/format.ts'

const statusWords: Record<Presence['status'], string> = {
  online: 'Online',
  away: 'Away',
  busy: 'Busy',
  offline: 'Offline'
}

export function presenceWords (presence: Presence, now = Date.now()): string {
  const words = [statusWords[presence.status]]
  if (presence.status === 'offline' && presence.lastSeen !== undefined) words[0] = `Last seen ${formatWhen(presence.lastSeen, now)}`
  if (presence.text !== undefined && presence.text !== '') words.push(presence.text)
  return words.join(' · ')
}

export function PresenceDot ({ presence, stale = false }: { presence: Presence, stale?: boolean }): ReactNode {
  const status = stale ? 'unknown' : presence.status
  return <span className={`presence-dot presence-${status}`} data-presence={status} title={stale ? 'Unknown while your Tim node is unreachable' : presenceWords(presence)} aria-hidden='true' />
}

export function PresenceText ({ presence, stale = false }: { presence: Presence, stale?: boolean }): ReactNode {
  if (stale) return <span className='presence-text stale'>Status unknown</span>
  return <span className='presence-text' data-presence-text={presence.status}>{presenceWords(presence)}</span>
}
