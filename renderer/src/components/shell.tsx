/**
 * The messenger once connected: onboarding until an account exists, then the navigation,
 * the current view (Chats with the open conversation, Contacts, Invite, Settings), the
 * Add contact, New group, Join group and status dialogs, the reconnection banner, and what the user is told of new
 * messages (an aria-live announcement; a browser notification in web mode). Reloads
 * everything after a reconnection. The open conversation is remembered across reloads.
 */

import { useEffect, useRef, useState, type ReactNode } from 'react'
import { dmConversation, type AccountId, type Contact, type ConversationId, type GroupInfo } from '../../../core/api/index.ts'
import { alertFor, showNotification } from '../state/incoming-alerts.ts'
import { useConnection, useMessengerState, useStore, useTransport } from '../state/use-messenger.tsx'
import { AddContactDialog } from './add-contact-dialog.tsx'
import { ChatView } from './chat-view.tsx'
import { ConnectionBanner } from './connection-banner.tsx'
import { ContactsView } from './contacts-view.tsx'
import { ConversationList } from './conversation-list.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { InviteView } from './invite-view.tsx'
import { JoinGroupDialog } from './join-group-dialog.tsx'
import { NewGroupDialog } from './new-group-dialog.tsx'
import { NavBar, type View } from './nav-bar.tsx'
import { Onboarding } from './onboarding.tsx'
import { Unlock } from './unlock.tsx'
import { SettingsView } from './settings-view.tsx'
import { StatusDialog } from './status-dialog.tsx'
import { ConnectingScreen } from './status-screens.tsx'

const OPEN_CONVERSATION_KEY = 'tim.open'

function readOpenConversation (): ConversationId | null {
  try {
    return sessionStorage.getItem(OPEN_CONVERSATION_KEY)
  } catch {
    return null
  }
}

function keepOpenConversation (conversation: ConversationId | null): void {
  try {
    if (conversation === null) sessionStorage.removeItem(OPEN_CONVERSATION_KEY)
    else sessionStorage.setItem(OPEN_CONVERSATION_KEY, conversation)
  } catch {
    // storage disabled: a reload starts on the list
  }
}

/** Announces every received message to screen readers, and notifies in web mode; returns the announcement. */
function useIncomingAlerts (onOpen: (conversation: ConversationId) => void): string {
  const transport = useTransport()
  const store = useStore()
  const [announcement, setAnnouncement] = useState('')
  const open = useRef(onOpen)
  open.current = onOpen
  useEffect(() => transport.on('message:received', message => {
    const { contacts, groups } = store.getState()
    const alert = alertFor(message, contacts.find(contact => contact.accountId === message.from), groups.find(group => group.id === message.conversation))
    if (alert === null) return
    setAnnouncement(alert.announcement)
    if (transport.mode === 'web' && alert.notification !== null) showNotification(alert.notification, () => { open.current(message.conversation) })
  }), [transport, store])
  return announcement
}

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
  const [conversation, setConversationState] = useState<ConversationId | null>(readOpenConversation)
  const [adding, setAdding] = useState(false)
  const [groupDialog, setGroupDialog] = useState<'new' | 'join' | null>(null)
  const [pickingStatus, setPickingStatus] = useState(false)
  const presence = useMessengerState(state => state.presence)
  const setConversation = (next: ConversationId | null): void => {
    keepOpenConversation(next)
    setConversationState(next)
  }

  const unread = items.reduce((sum, item) => sum + item.unread, 0)
  const requests = contacts.filter(contact => contact.status === 'request').length

  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Tim` : 'Tim'
  }, [unread])

  const openConversation = (next: ConversationId): void => {
    setConversation(next)
    setView('chats')
  }
  const openChat = (peer: AccountId): void => { openConversation(dmConversation(peer)) }
  const announcement = useIncomingAlerts(openConversation)

  const onAdded = (contact: Contact): void => {
    setAdding(false)
    openChat(contact.accountId)
  }
  const onGroup = (group: ConversationId): void => {
    setGroupDialog(null)
    openConversation(group)
  }

  return (
    <>
      <div className='shell' aria-hidden={adding || pickingStatus || groupDialog !== null ? true : undefined}>
        <NavBar
          view={view}
          onView={setView}
          onAddContact={() => { setAdding(true) }}
          onNewGroup={() => { setGroupDialog('new') }}
          onJoinGroup={() => { setGroupDialog('join') }}
          onStatus={() => { setPickingStatus(true) }}
          presence={presence?.status ?? null}
          unread={unread}
          requests={requests}
        />
        <main className='main' data-view={view}>
          {view === 'chats' && (
            <div className='chats-layout' data-open={conversation === null ? 'list' : 'chat'}>
              <ConversationList selected={conversation} onSelect={setConversation} />
              <div className='chat-pane'>
                {conversation === null
                  ? <div className='chat-placeholder muted'><p>Choose a conversation.</p></div>
                  : <ChatView conversation={conversation} onBack={() => { setConversation(null) }} />}
              </div>
            </div>
          )}
          {view === 'contacts' && <ContactsView onOpenChat={openChat} />}
          {view === 'invite' && <InviteView />}
          {view === 'settings' && <SettingsView />}
        </main>
      </div>
      <AddContactDialog open={adding} onClose={() => { setAdding(false) }} onAdded={onAdded} />
      <StatusDialog open={pickingStatus} onClose={() => { setPickingStatus(false) }} />
      <NewGroupDialog open={groupDialog === 'new'} onClose={() => { setGroupDialog(null) }} onCreated={(group: GroupInfo) => { onGroup(group.id) }} />
      <JoinGroupDialog open={groupDialog === 'join'} onClose={() => { setGroupDialog(null) }} onJoined={onGroup} />
      <div className='sr-only' role='log' aria-live='polite' aria-relevant='additions text'>{announcement}</div>
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
