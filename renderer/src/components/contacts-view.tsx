/**
 * The Contacts screen: message requests first (Accept, with the note that came with them),
 * then contacts with their presence, how each is reachable right now and whether it is
 * verified, then blocked accounts (Unblock). Every contact has the contact menu (rename,
 * verify, block, remove, delete chat). Live from the store's events.
 */

import type { ReactNode } from 'react'
import type { AccountId, Contact } from '../../../core/api/index.ts'
import { formatFull, formatWhen, peerLabel, shortId } from '../state/format.ts'
import { useAction } from '../state/use-action.ts'
import { useConnection, useMessengerState, useStore } from '../state/use-messenger.tsx'
import { Avatar } from './avatar.tsx'
import { ContactMenu } from './contact-menu.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { PresenceDot, PresenceText } from './presence.tsx'
import { ReachabilityBadge } from './reachability-badge.tsx'

function ContactItem ({ contact, onOpenChat }: { contact: Contact, onOpenChat: (peer: AccountId) => void }): ReactNode {
  const store = useStore()
  const action = useAction()
  const stale = useConnection().kind !== 'connected'
  const hasChat = useMessengerState(state => state.items.some(item => item.peer === contact.accountId && item.lastMessage !== null))
  const label = peerLabel(contact)
  const peer = contact.accountId
  return (
    <li className={`contact-item contact-${contact.status}`} data-status={contact.status} data-account={peer}>
      <span className='avatar-with-presence'>
        <Avatar name={label.claimed === null ? label.title : '?'} />
        {contact.status === 'accepted' && <PresenceDot presence={contact.presence} stale={stale} />}
      </span>
      <div className='contact-main'>
        <div className='contact-line'>
          <span className='contact-name'>{label.title}</span>
          <ReachabilityBadge reachability={contact.reachability} stale={stale} />
          {contact.status === 'request' && <span className='tag tag-request'>Message request</span>}
          {contact.status === 'blocked' && <span className='tag tag-blocked'>Blocked</span>}
          {contact.status === 'accepted' && contact.friend && <span className='tag tag-friend' title='You added each other'>Friend</span>}
          {contact.verified && !contact.keysChanged && <span className='tag tag-verified' title='You compared safety numbers'>Verified</span>}
          {contact.keysChanged && <span className='tag tag-blocked' title='Their keys changed since you verified them'>Keys changed</span>}
        </div>
        {label.claimed !== null && <div className='contact-claim small'>calls themselves “{label.claimed}” — not one of your contacts</div>}
        {contact.note !== undefined && contact.note !== '' && <div className='contact-note small'>“{contact.note}”</div>}
        <div className='contact-sub muted small'>
          {contact.status === 'accepted' && <><PresenceText presence={contact.presence} stale={stale} />{' · '}</>}
          <span className='mono' title={peer}>{shortId(peer)}</span>
          {' · '}
          {contact.devices.length} device{contact.devices.length === 1 ? '' : 's'}
          {' · '}
          <span title={formatFull(contact.addedAt)}>added {formatWhen(contact.addedAt, Date.now(), 'today')}</span>
        </div>
        <ErrorAlert error={action.error} />
      </div>
      <div className='contact-actions'>
        {contact.status === 'request' && (
          <button type='button' className='button primary small' disabled={action.busy} onClick={() => { void action.run(async () => { await store.acceptContact(peer) }) }}>Accept</button>
        )}
        {contact.status === 'blocked' && (
          <button type='button' className='button small' disabled={action.busy} aria-label={`Unblock ${label.title}`} onClick={() => { void action.run(async () => { await store.unblockContact(peer) }) }}>Unblock</button>
        )}
        {contact.status !== 'blocked' && (
          <button type='button' className='button small' aria-label={`Chat with ${label.title}`} onClick={() => { onOpenChat(peer) }}>Chat</button>
        )}
        <ContactMenu peer={peer} contact={contact} name={label.title} hasChat={hasChat} />
      </div>
    </li>
  )
}

export function ContactsView ({ onOpenChat }: { onOpenChat: (peer: AccountId) => void }): ReactNode {
  const contacts = useMessengerState(state => state.contacts)
  const requests = contacts.filter(contact => contact.status === 'request').length
  return (
    <section className='page' aria-labelledby='contacts-title'>
      <header className='page-header'>
        <h1 id='contacts-title'>Contacts</h1>
        <p className='muted'>
          {contacts.length === 0
            ? 'No contacts yet. Add one from an invite link, or share yours from Invite.'
            : requests > 0
              ? `${requests} message request${requests === 1 ? '' : 's'}: accept to reply, or block.`
              : `${contacts.length} contact${contacts.length === 1 ? '' : 's'}.`}
        </p>
      </header>
      <ul className='contact-list' aria-label='Contacts'>
        {contacts.map(contact => <ContactItem key={contact.accountId} contact={contact} onOpenChat={onOpenChat} />)}
      </ul>
    </section>
  )
}
