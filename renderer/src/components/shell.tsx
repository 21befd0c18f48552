/**
 * The messenger once connected: onboarding until an account exists, then the navigation,
 * the current view (Chats with the open conversation, Contacts, Invite, Settings), the
 * Add contact dialog and the reconnection banner. Reloads everything after a reconnection.
 */

import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { AccountId, Contact } from '../../../core/api/index.ts'
import { useConnection, useMessengerState, useStore, useTransport } from '../state/use-messenger.tsx'
import { AddContactDialog } from './add-contact-dialog.tsx'
import { ChatView } from './chat-view.tsx'
import { ConnectionBanner } from './connection-banner.tsx'
import { ContactsView } from './contacts-view.tsx'
import { ConversationList } from './conversation-list.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { InviteView } from './invite-view.tsx'
import { NavBar, type View } from './nav-bar.tsx'
import { Onboarding } from './onboarding.tsx'
import { Unlock } from './unlock.tsx'
import { SettingsView } from './settings-view.tsx'
import { ConnectingScreen } from './status-screens.tsx'

function useReloadOnReconnect (): void {
  const transport = useTransport()
  const store = useStore()
  const wasConnected = useRef(true)
  useEffect(() => transport.onConnection(state => {
    const connected = state.kind === 'connected'
    if (connected && !wasConnected.current) store.reload().catch(() => { /* the banner or the lists show it */ })
    wasConnected.current = connected
  }), [transport, store])
}

function Messenger (): ReactNode {
  const items = useMessengerState(state => state.items)
  const contacts = useMessengerState(state => state.contacts)
  const [view, setView] = useState<View>('chats')
  const [peer, setPeer] = useState<AccountId | null>(null)
  const [adding, setAdding] = useState(false)

  const unread = items.reduce((sum, item) => sum + item.unread, 0)
  const requests = contacts.filter(contact => contact.status === 'request').length

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Tim` : 'Tim'
  }, [unread])

  const openChat = (next: AccountId): void => {
    setPeer(next)
    setView('chats')
  }

  const onAdded = (contact: Contact): void => {
    setAdding(false)
    openChat(contact.accountId)
  }

  return (
    <>
      <div className='shell' aria-hidden={adding ? true : undefined}>
        <NavBar view={view} onView={setView} onAddContact={() => { setAdding(true) }} unread={unread} requests={requests} />
        <main className='main' data-view={view}>
          {view === 'chats' && (
            <div className='chats-layout' data-open={peer === null ? 'list' : 'chat'}>
              <ConversationList selected={peer} onSelect={setPeer} />
              <div className='chat-pane'>
                {peer === null
                  ? <div className='chat-placeholder muted'><p>Choose a conversation.</p></div>
                  : <ChatView peer={peer} onBack={() => { setPeer(null) }} />}
              </div>
            </div>
          )}
          {view === 'contacts' && <ContactsView onOpenChat={openChat} />}
          {view === 'invite' && <InviteView />}
          {view === 'settings' && <SettingsView />}
        </main>
      </div>
      <AddContactDialog open={adding} onClose={() => { setAdding(false) }} onAdded={onAdded} />
    </>
  )
}

export function Shell (): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const phase = useMessengerState(state => state.phase)
  const error = useMessengerState(state => state.error)
  const connection = useConnection()
  useReloadOnReconnect()

  return (
    <div className='app'>
      <ConnectionBanner state={connection} onRetry={transport.reconnectNow} />
      {phase === 'loading' && <ConnectingScreen what='Loading your messages…' />}
      {phase === 'onboarding' && <Onboarding />}
      {phase === 'locked' && <Unlock />}
      {phase === 'error' && (
        <main className='center-screen'>
          <div className='card narrow'>
            <h1>Tim could not load</h1>
            <ErrorAlert error={error} />
            <button type='button' className='button primary' onClick={() => { store.reload().catch(() => {}) }}>Try again</button>
          </div>
        </main>
      )}
      {phase === 'ready' && <Messenger />}
    </div>
  )
}
