/**
 * One open conversation: the header (name, presence, reachability, verified, the contact
 * menu), the request or blocked bar, the history in a VirtualList (older pages load near the
 * top) with the "N unread" divider and jumps to the first unread and to the newest, who is
 * typing, and the composer (reply, edit, burn timer). Messages are marked read only when
 * they are on screen while the window has the focus (use-seen-messages.ts), and never for a
 * message request that is only opened: it must be accepted first ("Accept to reply").
 * A group's chat names each message's sender, offers "Read by…" on ours, opens the group's
 * info panel from its header, and once we are out of it (removed, left, dissolved) says so
 * in a banner and disables the composer.
 */

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { dmPeer, type ConversationId, type Message } from '../../../core/api/index.ts'
import { formatTime, peerLabel, shortId } from '../state/format.ts'
import { endedText, memberCountText, runsGroup } from '../state/groups.ts'
import { firstUnreadIn, type ShownMessage } from '../state/messages.ts'
import { useAttention } from '../state/use-attention.ts'
import { useAction } from '../state/use-action.ts'
import { useGroup, useGroupMembers, useGroupRequests, useMemberNames, useMutedUntil } from '../state/use-group.ts'
import { useConnection, useMessengerState, useStore, useTransport } from '../state/use-messenger.tsx'
import { useSeenMessages } from '../state/use-seen-messages.ts'
import { normalizeError } from '../transport/errors.ts'
import { Avatar } from './avatar.tsx'
import { Composer } from './composer.tsx'
import { ContactMenu } from './contact-menu.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { GroupAvatar } from './group-fields.tsx'
import { GroupInfoDialog } from './group-info-dialog.tsx'
import { Icon } from './icons.tsx'
import { MessageItem } from './message-item.tsx'
import { PresenceDot, PresenceText } from './presence.tsx'
import { ReachabilityBadge } from './reachability-badge.tsx'
import { VirtualList, type VirtualListHandle } from './virtual-list.tsx'

const messageKey = (message: Message): string => message.id
const messageAttributes = (message: ShownMessage): Record<`data-${string}`, string> => ({
  'data-direction': message.direction,
  'data-message-id': message.id,
  // a local echo: shown before the node confirmed it
  ...(message.local !== undefined ? { 'data-local': 'true' } : {})
})

export interface ChatViewProps {
  conversation: ConversationId
  /** narrow layouts: back to the conversation list */
  onBack?: () => void
}

interface Divider { id: string, count: number }

/** Whether message `id` is above every message on screen. */
function isAboveSeen (messages: readonly Message[], id: string, seen: ReadonlySet<string>): boolean {
  const at = messages.findIndex(message => message.id === id)
  const topSeen = messages.findIndex(message => seen.has(message.id))
  return at >= 0 && topSeen >= 0 && at < topSeen
}

export function ChatView ({ conversation, onBack }: ChatViewProps): ReactNode {
  const store = useStore()
  const transport = useTransport()
  const peer = dmPeer(conversation)
  const chat = useMessengerState(state => state.chats.get(conversation))
  const item = useMessengerState(state => state.items.find(candidate => candidate.id === conversation))
  const contact = useMessengerState(state => peer === null ? undefined : state.contacts.find(candidate => candidate.accountId === peer))
  const me = useMessengerState(state => state.identity?.accountId ?? '')
  const typing = useMessengerState(state => state.typing.get(conversation))
  const connected = useConnection().kind === 'connected'
  const attentive = useAttention()
  const listRef = useRef<VirtualListHandle>(null)
  const [atBottom, setAtBottom] = useState(true)
  const request = useAction()
  const lastSeen = useRef<string | undefined>(undefined)
  const [missed, setMissed] = useState(0)
  const [divider, setDivider] = useState<Divider | null>(null)
  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const [editing, setEditing] = useState<Message | null>(null)
  const [editError, setEditError] = useState<Error | null>(null)
  const group = useGroup(conversation)
  const groupMembers = useGroupMembers(group).members
  const nameOf = useMemberNames(groupMembers)
  const mutedUntil = useMutedUntil(groupMembers, me)
  const inGroup = group !== undefined
  const groupNames = useMemo(() => inGroup ? { nameOf } : undefined, [inGroup, nameOf])
  const ended = group === undefined ? null : endedText(group)
  const [showingGroup, setShowingGroup] = useState(false)
  const joinRequests = useGroupRequests(conversation, group !== undefined && ended === null && runsGroup(group))
  const asking = joinRequests.requests

  useEffect(() => {
    request.clear()
    setMissed(0)
    setAtBottom(true)
    setDivider(null)
    setPlaced(false)
    setReplyTo(null)
    setEditing(null)
    setShowingGroup(false)
    lastSeen.current = undefined
    void store.openChat(conversation)
  }, [store, conversation, request.clear])

  const status = contact?.status ?? item?.status ?? null
  const label = peerLabel({ name: item?.name ?? contact?.name ?? shortId(peer ?? conversation), status, accountId: peer ?? conversation })
  const name = label.title
  const unread = item?.unread ?? 0
  const messages = chat?.messages
  const firstUnread = item?.firstUnread ?? firstUnreadIn(messages ?? [], unread)
  const ready = chat?.status === 'ready'

  // the "N unread" divider where the chat was left, and the view opened there (older pages
  // loaded until it is held); nothing is marked read before that, so the count is what was left
  const [placed, setPlaced] = useState(false)
  const held = firstUnread !== undefined && messages?.some(message => message.id === firstUnread) === true
  const hasMore = chat?.hasMore === true
  const loadingOlder = chat?.loadingOlder === true
  useEffect(() => {
    if (!ready || placed) return
    if (unread > 0 && !held && hasMore) {
      if (!loadingOlder) void store.loadOlder(conversation)
      return
    }
    setPlaced(true)
    if (unread === 0 || firstUnread === undefined || !held) return
    setDivider({ id: firstUnread, count: unread })
    requestAnimationFrame(() => { listRef.current?.scrollToKey(firstUnread) })
  }, [ready, placed, unread, firstUnread, held, hasMore, loadingOlder, store, conversation])

  // read receipts: only what is on screen while the window has the focus, never for a request
  const mayMarkRead = status === 'accepted' || (peer === null && item !== undefined)
  const seen = useSeenMessages({
    list: listRef,
    messages: messages ?? [],
    active: attentive && mayMarkRead && ready && placed && unread > 0,
    onSeen: useCallback((upTo: string) => store.markRead(conversation, upTo), [store, conversation])
  })

  // "N new messages" while scrolled up: what arrived after the newest message seen at the bottom
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
    if (at >= 0) setMissed(n => n + messages.slice(at + 1).filter(message => message.direction === 'in').length)
    lastSeen.current = newestId
  }, [messages, newestId, atBottom])

  const loadOlder = useCallback(() => { void store.loadOlder(conversation) }, [store, conversation])
  const send = useCallback((text: string, burnSeconds: number | undefined) => {
    store.send({ conversation, text, ...(replyTo !== null ? { replyTo: replyTo.id } : {}), ...(burnSeconds !== undefined ? { burnSeconds } : {}) })
    setReplyTo(null)
    listRef.current?.scrollToBottom()
  }, [store, conversation, replyTo])
  const edit = useCallback(async (message: Message, text: string) => {
    setEditError(null)
    try {
      await store.editMessage(message.id, text)
      setEditing(null)
    } catch (err) {
      setEditError(normalizeError(err))
    }
  }, [store])
  const onTyping = useCallback((typing: boolean) => {
    if (status !== 'accepted' || !connected) return
    transport.setTyping({ conversation, typing }).catch(() => { /* typing is best effort */ })
  }, [transport, conversation, status, connected])
  const startReply = useCallback((message: Message) => { setEditing(null); setReplyTo(message) }, [])
  const startEdit = useCallback((message: Message) => { setReplyTo(null); setEditing(message) }, [])
  const authorOf = useCallback((message: Message) => message.from === me ? 'you' : groupNames?.nameOf(message.from) ?? name, [me, name, groupNames])

  const peerOffline = contact?.reachability === 'offline'
  const renderMessage = useCallback((message: Message, index: number) => (
    <MessageItem
      message={message}
      previous={messages?.[index - 1]}
      unreadDivider={divider?.id === message.id ? divider.count : null}
      peerName={name}
      me={me}
      peerOffline={peerOffline}
      onReply={startReply}
      onEdit={startEdit}
      group={groupNames}
    />
  ), [messages, divider, name, me, peerOffline, startReply, startEdit, groupNames])

  const typingNow = (typing ?? []).length > 0
  const typingNames = groupNames === undefined ? name : (typing ?? []).map(groupNames.nameOf).join(', ')
  // below what is on screen, "Newest" leads to it
  const firstUnreadAbove = firstUnread !== undefined && isAboveSeen(messages ?? [], firstUnread, seen)
  const stale = !connected

  return (
    <section className='chat' aria-label={`Chat with ${name}`}>
      <header className='chat-header'>
        {onBack !== undefined && (
          <button type='button' className='icon-button back-button' onClick={onBack} aria-label='Back to conversations'>
            <Icon name='back' />
          </button>
        )}
        <span className='avatar-with-presence'>
          {group !== undefined ? <GroupAvatar group={group} /> : <Avatar name={label.claimed === null ? name : '?'} />}
          {contact !== undefined && status === 'accepted' && <PresenceDot presence={contact.presence} stale={stale} />}
        </span>
        <div className='chat-title'>
          <h2>
            {name}
            {contact?.verified === true && !contact.keysChanged && <span className='verified' title='You verified the safety number'> ✓ verified</span>}
          </h2>
          <span className='chat-subtitle muted small' aria-live='polite'>
            {typingNow
              ? <span className='typing' data-typing='true'>typing…</span>
              : contact !== undefined && status === 'accepted'
                ? <PresenceText presence={contact.presence} stale={stale} />
                : group !== undefined
                  ? <span data-member-count={group.memberCount}>{memberCountText(group.memberCount)}{group.topic === '' ? '' : ` · ${group.topic}`}</span>
                  : <span className='mono' title={peer ?? conversation}>{shortId(peer ?? conversation, 10)}</span>}
          </span>
        </div>
        {contact?.keysChanged === true && <span className='tag tag-blocked' title='Their keys changed since you verified them: compare safety numbers again'>Keys changed</span>}
        {contact !== undefined && <ReachabilityBadge reachability={contact.reachability} stale={stale} />}
        {peer !== null && <ContactMenu peer={peer} contact={contact} name={name} hasChat />}
        {group !== undefined && (
          <button type='button' className='button small' onClick={() => { setShowingGroup(true) }}>Group info</button>
        )}
      </header>
      {group !== undefined && showingGroup && <GroupInfoDialog group={group} requests={joinRequests} open onClose={() => { setShowingGroup(false) }} />}
      {asking.length > 0 && (
        <div className='request-bar' role='status' data-join-requests={asking.length}>
          <p>{asking.length === 1 ? `${asking[0]?.name ?? ''} asks to join ${name}.` : `${asking.length} people ask to join ${name}.`}</p>
          <div className='request-actions'>
            <button type='button' className='button primary small' onClick={() => { setShowingGroup(true) }}>Answer</button>
          </div>
        </div>
      )}
      {ended !== null && (
        <div className='request-bar group-ended' role='status' data-ended={group?.ended ?? 'dissolved'}>
          <p>{ended}</p>
        </div>
      )}

      {status === 'request' && (
        <div className='request-bar'>
          <p>
            <strong>{name}</strong> is not in your contacts{label.claimed !== null && <> and calls themselves “{label.claimed}”: anyone can choose any name</>}.
            {' '}Accept to reply, or block to hear no more from them. They will not know that you read this until you accept.
          </p>
          {contact?.note !== undefined && contact.note !== '' && <p className='request-note'>Their note: “{contact.note}”</p>}
          <div className='request-actions'>
            <button type='button' className='button primary small' disabled={request.busy} onClick={() => { void request.run(async () => { if (peer !== null) await store.acceptContact(peer) }) }}>Accept</button>
            <button type='button' className='button danger small' disabled={request.busy} onClick={() => { void request.run(async () => { if (peer !== null) await store.blockContact(peer) }) }}>Block</button>
          </div>
        </div>
      )}
      {status === 'blocked' && (
        <div className='request-bar'>
          <p>You blocked <strong>{name}</strong>: nothing from them reaches you, and they cannot tell you from someone offline.</p>
          <div className='request-actions'>
            <button type='button' className='button small' disabled={request.busy} onClick={() => { void request.run(async () => { if (peer !== null) await store.unblockContact(peer) }) }}>Unblock</button>
          </div>
        </div>
      )}
      <ErrorAlert error={request.error} />

      {chat === undefined || (chat.status === 'loading' && chat.messages.length === 0)
        ? <div className='chat-placeholder muted' role='status'>Loading messages…</div>
        : chat.status === 'error'
          ? <div className='chat-placeholder'><ErrorAlert error={chat.error} title='Could not load the messages' /></div>
          : (
            <VirtualList
              key={conversation}
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
                  {!chat.loadingOlder && unread > 0 && firstUnread !== undefined && firstUnreadAbove && (
                    <button type='button' className='button small list-overlay top jump' onClick={() => { listRef.current?.scrollToKey(firstUnread) }}>
                      <Icon name='up' />{unread} unread
                    </button>
                  )}
                  {!atBottom && (
                    <button type='button' className='button small list-overlay bottom jump' onClick={() => { listRef.current?.scrollToBottom() }} aria-label={missed > 0 ? `${missed} new message${missed === 1 ? '' : 's'}: scroll to the newest` : 'Scroll to the newest message'}>
                      <Icon name='down' />{missed > 0 ? `${missed} new message${missed === 1 ? '' : 's'}` : 'Newest'}
                    </button>
                  )}
                </>
              }
              empty={<p className='chat-empty muted'>No messages yet. Say hello to {name}!</p>}
            />
            )}

      <p className='typing-line muted small' role='status' aria-live='polite'>
        {typingNow ? `${typingNames} ${groupNames !== undefined && (typing ?? []).length > 1 ? 'are' : 'is'} typing…` : ''}
      </p>
      <ErrorAlert error={editError} title='Could not save the edit' />
      <Composer
        conversation={conversation}
        onSend={send}
        onEdit={edit}
        onTyping={onTyping}
        replyTo={replyTo}
        editing={editing}
        authorOf={authorOf}
        onCancel={() => { setReplyTo(null); setEditing(null); setEditError(null) }}
        disabled={status === 'blocked' || status === 'request' || ended !== null || mutedUntil !== null}
        disabledReason={ended !== null
          ? 'You can no longer write in this group'
          : mutedUntil !== null
            ? `You are muted in this group until ${formatTime(mutedUntil)}`
            : status === 'request' ? 'Accept to reply' : `Unblock ${name} to write to them`}
        notice={stale ? 'Your Tim node is unreachable: messages will be sent when it is back' : null}
      />
    </section>
  )
}
