/**
 * The main navigation: Chats, Contacts, Invite, Settings, Add contact, New group and Join
 * group (each opens its dialog) and Status (the status picker, with this account's presence as a dot). Counts (unread messages, message requests) are shown beside the names and told
 * to screen readers as descriptions, so each button's name stays exactly its word.
 */

import { useId, type ReactNode } from 'react'
import type { PresenceStatus } from '../../../core/api/index.ts'
import { Icon } from './icons.tsx'

export type View = 'chats' | 'contacts' | 'invite' | 'settings'

export interface NavBarProps {
  view: View
  onView: (view: View) => void
  onAddContact: () => void
  onNewGroup: () => void
  onJoinGroup: () => void
  onStatus: () => void
  /** this account's status; null until known */
  presence: PresenceStatus | null
  unread: number
  requests: number
}

function NavButton ({ name, icon, current, count, countLabel, onClick }: {
  name: string
  icon: 'chats' | 'contacts' | 'invite' | 'settings' | 'add-contact' | 'group' | 'join'
  current?: boolean
  count?: number
  countLabel?: string
  onClick: () => void
}): ReactNode {
  const countId = useId()
  const hasCount = count !== undefined && count > 0
  return (
    <button
      type='button'
      className='nav-button'
      aria-current={current === true ? 'page' : undefined}
      aria-describedby={hasCount ? countId : undefined}
      onClick={onClick}
    >
      <Icon name={icon} />
      <span className='nav-text'>{name}</span>
      {hasCount && <span className='nav-count' aria-hidden='true' title={countLabel}>{count > 99 ? '99+' : count}</span>}
      {hasCount && <span className='sr-only' id={countId} aria-hidden='true'>{countLabel}</span>}
    </button>
  )
}

const statusWords: Record<PresenceStatus, string> = { online: 'Online', away: 'Away', busy: 'Busy', invisible: 'Invisible' }

export function NavBar ({ view, onView, onAddContact, onNewGroup, onJoinGroup, onStatus, presence, unread, requests }: NavBarProps): ReactNode {
  return (
    <nav className='nav-bar' aria-label='Main'>
      <div className='brand' aria-hidden='true'>Tim</div>
      <NavButton name='Chats' icon='chats' current={view === 'chats'} count={unread} countLabel={`${unread} unread`} onClick={() => { onView('chats') }} />
      <NavButton name='Contacts' icon='contacts' current={view === 'contacts'} count={requests} countLabel={`${requests} message request${requests === 1 ? '' : 's'}`} onClick={() => { onView('contacts') }} />
      <NavButton name='Invite' icon='invite' current={view === 'invite'} onClick={() => { onView('invite') }} />
      <NavButton name='Add contact' icon='add-contact' onClick={onAddContact} />
      <NavButton name='New group' icon='group' onClick={onNewGroup} />
      <NavButton name='Join group' icon='join' onClick={onJoinGroup} />
      <span className='nav-spacer' />
      <button type='button' className='nav-button status-button' onClick={onStatus} aria-description={presence === null ? undefined : `You are ${statusWords[presence].toLowerCase()}`}>
        <span className={`presence-dot presence-${presence === 'invisible' ? 'offline' : presence ?? 'unknown'}`} data-my-presence={presence ?? 'unknown'} aria-hidden='true' />
        <span className='nav-text'>Status</span>
      </button>
      <NavButton name='Settings' icon='settings' current={view === 'settings'} onClick={() => { onView('settings') }} />
    </nav>
  )
}
