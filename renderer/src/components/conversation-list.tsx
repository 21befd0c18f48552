/**
 * The conversation list: one button per conversation (data-conversation), named by the
 * contact's or group's name (with its unread count), described by the last message (or
 * "typing…") and its time, with the contact's presence dot or the group's picture. Live from the store, newest activity first.
 * Arrow keys move between conversations.
 */

import { useId, type KeyboardEvent, type ReactNode } from 'react'
import type { ConversationId } from '../../../core/api/index.ts'
import type { ConversationItem } from '../state/conversations.ts'
import { formatFull, formatWhen, peerLabel } from '../state/format.ts'
import { messageSummary } from '../state/messages.ts'
import { useConnection, useMessengerState } from '../state/use-messenger.tsx'
import { Avatar } from './avatar.tsx'
import { GroupAvatar } from './group-fields.tsx'
import { PresenceDot } from './presence.tsx'

function preview (item: ConversationItem): string {
  const last = item.lastMessage
  if (last === null) return 'No messages yet'
  const text = messageSummary(last)
  return last.direction === 'out' ? `You: ${text}` : text
}

function ConversationButton ({ item, selected, onSelect }: { item: ConversationItem, selected: boolean, onSelect: (conversation: ConversationId) => void }): ReactNode {
  const describedBy = useId()
  const last = item.lastMessage
  const label = peerLabel({ name: item.name, status: item.status, accountId: item.peer ?? item.id })
  const typing = useMessengerState(state => (state.typing.get(item.id) ?? []).length > 0)
  const presence = useMessengerState(state => item.peer === null ? undefined : state.contacts.find(contact => contact.accountId === item.peer)?.presence)
  const group = useMessengerState(state => item.kind === 'group' ? state.groups.find(held => held.id === item.id) : undefined)
  const stale = useConnection().kind !== 'connected'
  return (
    <li>
      <button
        type='button'
        className={`conversation ${item.unread > 0 ? 'has-unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        aria-describedby={describedBy}
        data-conversation={item.id}
        onClick={() => { onSelect(item.id) }}
      >
        <span className='avatar-with-presence'>
          {group !== undefined ? <GroupAvatar group={group} /> : <Avatar name={label.claimed === null ? label.title : '?'} />}
          {presence !== undefined && item.status === 'accepted' && <PresenceDot presence={presence} stale={stale} />}
        </span>
        <span className='conversation-main'>
          <span className='conversation-top'>
            <span className='conversation-name'>{label.title}</span>
            {item.unread > 0 && <span className='unread' aria-label={`${item.unread} unread`}>{item.unread > 999 ? '999+' : item.unread}</span>}
          </span>
          <span className='conversation-bottom' id={describedBy} aria-hidden='true'>
            {item.status === 'request' && <span className='tag tag-request'>Request</span>}
            {item.status === 'blocked' && <span className='tag tag-blocked'>Blocked</span>}
            <span className={`conversation-preview ${typing ? 'typing' : ''}`}>{typing ? 'typing…' : preview(item)}</span>
            {last !== null && <time className='conversation-time' dateTime={new Date(last.timestamp).toISOString()} title={formatFull(last.timestamp)}>{formatWhen(last.timestamp)}</time>}
          </span>
        </span>
      </button>
    </li>
  )
}

export function ConversationList ({ selected, onSelect }: { selected: ConversationId | null, onSelect: (conversation: ConversationId) => void }): ReactNode {
  const items = useMessengerState(state => state.items)

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button.conversation')]
    const at = buttons.findIndex(button => button === document.activeElement)
    const next = event.key === 'Home'
      ? 0
      : event.key === 'End'
        ? buttons.length - 1
        : Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))
    buttons[next]?.focus()
    event.preventDefault()
  }

  return (
    <div className='conversations-pane'>
      <h2 className='pane-title'>Conversations</h2>
      {items.length === 0 && (
        <p className='muted empty-note'>
          No conversations yet. Use <strong>Add contact</strong> to paste someone’s invite, or
          share yours from <strong>Invite</strong>.
        </p>
      )}
      <ul className='conversation-list' aria-label='Conversations' onKeyDown={onKeyDown}>
        {items.map(item => <ConversationButton key={item.id} item={item} selected={item.id === selected} onSelect={onSelect} />)}
      </ul>
    </div>
  )
}
