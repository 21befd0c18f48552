/**
 * One open conversation: header (name, reachability, request actions), the message history
 * in a VirtualList (older pages load when scrolled near the top), and the composer. While it
 * is open and the page is visible, the conversation is marked read as messages arrive.
 */

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import type { AccountId, Message } from '../../../core/api/index.ts'
import { peerLabel, shortId } from '../state/format.ts'
import { usePageVisible } from '../state/use-page-visible.ts'
import { useMessengerState, useStore } from '../state/use-messenger.tsx'
import { Avatar } from './avatar.tsx'
import { Composer } from './composer.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { Icon } from './icons.tsx'
import { MessageItem } from './message-item.tsx'
import { ReachabilityBadge } from './reachability-badge.tsx'
import { VirtualList, type VirtualListHandle } from './virtual-list.tsx'

const messageKey = (message: Message): string => message.id
const messageAttributes = (message: Message): Record<`data-${string}`, string> => ({
  'data-direction': message.direction,
  'data-message-id': message.id
})

export interface ChatViewProps {
  peer: AccountId
  /** narrow layouts: back to the conversation list */
  onBack?: () => void
}

export function ChatView ({ peer, onBack }: ChatViewProps): ReactNode {
  const store = useStore()
  const chat = useMessengerState(state => state.chats.get(peer))
  const item = useMessengerState(state => state.items.find(candidate => candidate.peer === peer))
  const contact = useMessengerState(state => state.contacts.find(candidate => candidate.accountId === peer))
  const visible = usePageVisible()
  const listRef = useRef<VirtualListHandle>(null)
  const [atBottom, setAtBottom] = useState(true)
  const [actionError, setActionError] = useState<Error | null>(null)
  const lastSeen = useRef<string | undefined>(undefined)
  const [missed, setMissed] = useState(0)

  useEffect(() => {
    setActionError(null)
    setMissed(0)
    setAtBottom(true)
    lastSeen.current = undefined
    void store.openChat(peer)
  }, [store, peer])

  const unread = item?.unread ?? 0
  useEffect(() => {
    if (visible && unread > 0) void store.markRead(peer).catch(() => { /* shown as unread still */ })
  }, [store, peer, unread, visible])

  // "N new messages" while scrolled up: what arrived after the newest message seen at the bottom
  const messages = chat?.messages
  const newestId = messages?.at(-1)?.id
  useEffect(() => {
    if (messages === undefined) return
    if (atBottom || lastSeen.current === undefined) {
      lastSeen.current = newestId
      setMissed(0)
      return
    }
    if (newestId === lastSeen.current) return
    const at = messages.findIndex(message => message.id === lastSeen.current)
    if (at >= 0) setMissed(n => n + messages.length - 1 - at)
    lastSeen.current = newestId
  }, [messages, newestId, atBottom])

  const loadOlder = useCallback(() => { void store.loadOlder(peer) }, [store, peer])
  const retry = useCallback(async (message: Message) => { await store.retry(message.id) }, [store])
  const send = useCallback(async (text: string) => {
    await store.send(peer, text)
    listRef.current?.scrollToBottom()
  }, [store, peer])

  const act = async (action: (peer: AccountId) => Promise<void>): Promise<void> => {
    setActionError(null)
    try {
      await action(peer)
    } catch (err) {
      setActionError(err instanceof Error ? err : new Error(String(err)))
    }
  }

  const status = contact?.status ?? item?.status ?? null
  const label = peerLabel({ name: item?.name ?? contact?.name ?? shortId(peer), status, accountId: peer })
  const name = label.title

  const renderMessage = useCallback((message: Message, index: number) => (
    <MessageItem message={message} previous={chat?.messages[index - 1]} onRetry={retry} />
  ), [chat?.messages, retry])

  return (
    <section className='chat' aria-label={`Chat with ${name}`}>
      <header className='chat-header'>
        {onBack !== undefined && (
          <button type='button' className='icon-button back-button' onClick={onBack} aria-label='Back to conversations'>
            <Icon name='back' />
          </button>
        )}
        <Avatar name={label.claimed === null ? name : '?'} />
        <div className='chat-title'>
          <h2>{name}</h2>
          <span className='muted small mono' title={peer}>{shortId(peer, 10)}</span>
        </div>
        {contact !== undefined && <ReachabilityBadge reachability={contact.reachability} />}
      </header>

      {status === 'request' && (
        <div className='request-bar'>
          <p>
            <strong>{name}</strong> is not in your contacts{label.claimed !== null && <> and calls themselves “{label.claimed}”: anyone can choose any name</>}.
            {' '}Accept to reply, or block to hear no more from them.
          </p>
          <div className='request-actions'>
            <button type='button' className='button primary small' onClick={() => { void act(store.acceptContact) }}>Accept</button>
            <button type='button' className='button danger small' onClick={() => { void act(store.blockContact) }}>Block</button>
          </div>
        </div>
      )}
      {status === 'blocked' && (
        <div className='request-bar'>
          <p>You blocked <strong>{name}</strong>: nothing from them reaches you, and they cannot tell you from someone offline.</p>
          <div className='request-actions'>
            <button type='button' className='button small' onClick={() => { void act(store.unblockContact) }}>Unblock</button>
          </div>
        </div>
      )}
      <ErrorAlert error={actionError} />

      {chat === undefined || (chat.status === 'loading' && chat.messages.length === 0)
        ? <div className='chat-placeholder muted' role='status'>Loading messages…</div>
        : chat.status === 'error'
          ? <div className='chat-placeholder'><ErrorAlert error={chat.error} title='Could not load the messages' /></div>
          : (
            <VirtualList
              key={peer}
              ref={listRef}
              items={chat.messages}
              itemKey={messageKey}
              itemAttributes={messageAttributes}
              renderItem={renderMessage}
              label='Messages'
              estimatedHeight={72}
              onNearTop={chat.hasMore && !chat.loadingOlder ? loadOlder : undefined}
              onAtBottomChange={setAtBottom}
              className='message-list'
              overlay={
                <>
                  {chat.loadingOlder && <div className='list-overlay top' role='status'>Loading older messages…</div>}
                  {chat.error !== null && <div className='list-overlay top'><ErrorAlert error={chat.error} title='Could not load older messages' /></div>}
                  {!atBottom && (
                    <button type='button' className='button small list-overlay bottom jump' onClick={() => { listRef.current?.scrollToBottom() }}>
                      <Icon name='down' />{missed > 0 ? `${missed} new message${missed === 1 ? '' : 's'}` : 'Jump to latest'}
                    </button>
                  )}
                </>
              }
              empty={<p className='chat-empty muted'>No messages yet. Say hello to {name}!</p>}
            />
            )}

      <Composer
        peer={peer}
        onSend={send}
        disabled={status === 'blocked'}
        disabledReason={`${name} is blocked`}
      />
    </section>
  )
}
