/**
 * The Contacts screen: message requests first (Accept / Block), then contacts with how each
 * is reachable right now (live from contact:reachability), then blocked accounts.
 */

import { useState, type ReactNode } from 'react'
import type { AccountId, Contact } from '../../../core/api/index.ts'
import { formatFull, formatWhen, peerLabel, shortId } from '../state/format.ts'
import { useMessengerState, useStore } from '../state/use-messenger.tsx'
import { Avatar } from './avatar.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { ReachabilityBadge } from './reachability-badge.tsx'

function ContactItem ({ contact, onOpenChat }: { contact: Contact, onOpenChat: (peer: AccountId) => void }): ReactNode {
  const store = useStore()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)

  const act = async (action: (peer: AccountId) => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await action(contact.accountId)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setBusy(false)
    }
  }

  const label = peerLabel(contact)
  return (
    <li className={`contact-item contact-${contact.status}`} data-status={contact.status}>
      <Avatar name={label.claimed === null ? label.title : '?'} />
      <div className='contact-main'>
        <div className='contact-line'>
          <span className='contact-name'>{label.title}</span>
          <ReachabilityBadge reachability={contact.reachability} />
          {contact.status === 'request' && <span className='tag tag-request'>Message request</span>}
          {contact.status === 'blocked' && <span className='tag tag-blocked'>Blocked</span>}
        </div>
        {label.claimed !== null && <div className='contact-claim small'>calls themselves “{label.claimed}” — not one of your contacts</div>}
        <div className='contact-sub muted small'>
          <span className='mono' title={contact.accountId}>{shortId(contact.accountId)}</span>
          {' · '}
          {contact.devices.length} device{contact.devices.length === 1 ? '' : 's'}
          {' · '}
          <span title={formatFull(contact.addedAt)}>added {formatWhen(contact.addedAt, Date.now(), 'today')}</span>
        </div>
        <ErrorAlert error={error} />
      </div>
      <div className='contact-actions'>
        {contact.status === 'request' && (
          <>
            <button type='button' className='button primary small' disabled={busy} onClick={() => { void act(store.acceptContact) }}>Accept</button>
            <button type='button' className='button danger small' disabled={busy} onClick={() => { void act(store.blockContact) }}>Block</button>
          </>
        )}
        {contact.status === 'blocked' && (
          <button type='button' className='button small' disabled={busy} aria-label={`Unblock ${label.title}`} onClick={() => { void act(store.unblockContact) }}>Unblock</button>
        )}
        {contact.status === 'accepted' && (
          <button type='button' className='button small' aria-label={`Chat with ${contact.name}`} onClick={() => { onOpenChat(contact.accountId) }}>Chat</button>
        )}
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
