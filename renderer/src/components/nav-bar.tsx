/**
 * The main navigation: Chats, Contacts, Invite, Settings, and Add contact (opens the
 * dialog). Counts (unread messages, message requests) are shown beside the names and told
 * to screen readers as descriptions, so each button's name stays exactly its word.
 */

import { useId, type ReactNode } from 'react'
import { Icon } from './icons.tsx'

export type View = 'chats' | 'contacts' | 'invite' | 'settings'

export interface NavBarProps {
  view: View
  onView: (view: View) => void
  onAddContact: () => void
  unread: number
  requests: number
}

function NavButton ({ name, icon, current, count, countLabel, onClick }: {
  name: string
  icon: 'chats' | 'contacts' | 'invite' | 'settings' | 'add-contact'
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

export function NavBar ({ view, onView, onAddContact, unread, requests }: NavBarProps): ReactNode {
  return (
    <nav className='nav-bar' aria-label='Main'>
      <div className='brand' aria-hidden='true'>Tim</div>
      <NavButton name='Chats' icon='chats' current={view === 'chats'} count={unread} countLabel={`${unread} unread`} onClick={() => { onView('chats') }} />
      <NavButton name='Contacts' icon='contacts' current={view === 'contacts'} count={requests} countLabel={`${requests} message request${requests === 1 ? '' : 's'}`} onClick={() => { onView('contacts') }} />
      <NavButton name='Invite' icon='invite' current={view === 'invite'} onClick={() => { onView('invite') }} />
      <NavButton name='Add contact' icon='add-contact' onClick={onAddContact} />
      <span className='nav-spacer' />
      <NavButton name='Settings' icon='settings' current={view === 'settings'} onClick={() => { onView('settings') }} />
    </nav>
  )
}
