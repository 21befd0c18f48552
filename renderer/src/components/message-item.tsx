/**
 * One message of a chat, as Signal Desktop shows one: a day divider when it opens a new day,
 * the "N unread" divider above the first unread one, the quote it replies to, the text (safe
 * markdown and links), reactions (counts per emoji, click to toggle), the time ("edited"), a
 * burn countdown, and on outgoing messages a small state tick (data-state) whose title and
 * the details dialog say the path (data-path). A recalled or burnt message is a tombstone; a
 * kind this node does not know says so. Hover or focus shows Reply, React and More (edit,
 * recall, delete for me, details). A failed message says why and offers Retry; a pending one
 * to an offline contact says what it waits for. In a group, an incoming message shows its
 * sender's name, and ours a "Read by…" button that asks who has read it (read-by-dialog.tsx).
 */

import { memo, useEffect, useState, type ReactNode } from 'react'
import type { AccountId, Message, MessagePath, MessageState } from '../../../core/api/index.ts'
import { errorText } from '../state/error-text.ts'
import { formatDay, formatFull, formatTime, stateDescription, stateLabel } from '../state/format.ts'
import { messageSummary, type ShownMessage } from '../state/messages.ts'
import { useAction } from '../state/use-action.ts'
import { useStore } from '../state/use-messenger.tsx'
import { ConfirmDialog, Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { Icon } from './icons.tsx'
import { Menu } from './menu.tsx'
import { ReadByDialog } from './read-by-dialog.tsx'
import { RichText } from './rich-text.tsx'

/** The reactions the picker offers. */
export const COMMON_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const

const pathDescriptions: Record<MessagePath, string> = {
  direct: 'over a direct connection',
  relayed: 'through a relay node',
  'hole-punched': 'over a direct connection opened through NAT (hole punching)',
  mailbox: 'through mailbox nodes while the recipient was offline'
}

const stateMarks: Record<MessageState, string> = {
  pending: '◷',
  sent: '✓',
  stored: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!'
}

function tickTitle (message: Message): string {
  const travelled = message.path === null ? '' : ` · travelled ${pathDescriptions[message.path]}`
  return `${stateDescription(message.state)}${travelled}`
}

/** The state of an outgoing message as a tick; data-state and data-path for tests and tools. */
export function StateTick ({ message }: { message: Message }): ReactNode {
  return (
    <span className={`tick state-${message.state}`} data-state={message.state} data-path={message.path ?? 'none'} title={tickTitle(message)}>
      <span aria-hidden='true'>{stateMarks[message.state]}</span>
      <span className='sr-only'>{stateLabel(message.state, message.direction)}</span>
    </span>
  )
}

function useNow (active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => { setNow(Date.now()) }, 1000)
    return () => { clearInterval(timer) }
  }, [active])
  return now
}

function formatCountdown (ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

function BurnTimer ({ burn }: { burn: NonNullable<Message['burn']> }): ReactNode {
  const now = useNow(burn.expiresAt !== undefined)
  const left = formatCountdown(burn.expiresAt === undefined ? burn.seconds * 1000 : burn.expiresAt - now)
  const label = burn.expiresAt === undefined ? `Disappears ${left} after it is read` : `Disappears in ${left}`
  return (
    <span className='burn' data-burn={burn.expiresAt === undefined ? 'waiting' : 'running'} title={label}>
      <Icon name='timer' />
      <span className='sr-only'>{label}</span>
      <span aria-hidden='true'>{left}</span>
    </span>
  )
}

function Body ({ message }: { message: Message }): ReactNode {
  if (message.erased !== undefined) {
    return <p className='message-text tombstone' data-erased={message.erased}>{message.erased === 'recalled' ? 'This message was recalled' : 'This message disappeared'}</p>
  }
  if (message.kind !== 'text') return <p className='message-text tombstone' data-kind={message.kind}>{messageSummary(message)} (this version of Tim cannot show it)</p>
  return <p className='message-text'><RichText text={message.text} /></p>
}

function Reactions ({ message, me, onToggle }: { message: Message, me: AccountId, onToggle: (emoji: string, remove: boolean) => void }): ReactNode {
  const reactions = (message.reactions ?? []).filter(reaction => reaction.from.length > 0)
  if (reactions.length === 0) return null
  return (
    <div className='reactions'>
      {reactions.map(reaction => {
        const mine = reaction.from.includes(me)
        const count = reaction.from.length
        return (
          <button
            key={reaction.emoji}
            type='button'
            className='reaction'
            aria-pressed={mine}
            aria-label={`${reaction.emoji} ${count}${mine ? ', yours: click to take it back' : ''}`}
            data-emoji={reaction.emoji}
            onClick={() => { onToggle(reaction.emoji, mine) }}
          >
            <span aria-hidden='true'>{reaction.emoji}</span><span className='reaction-count' aria-hidden='true'>{count}</span>
          </button>
        )
      })}
    </div>
  )
}

function DetailsDialog ({ message, open, onClose }: { message: Message, open: boolean, onClose: () => void }): ReactNode {
  return (
    <Dialog open={open} title='Message details' onClose={onClose}>
      <dl className='details'>
        <dt>{message.direction === 'out' ? 'Sent' : 'Received'}</dt><dd>{formatFull(message.timestamp)}</dd>
        {message.editedAt !== undefined && <><dt>Edited</dt><dd>{formatFull(message.editedAt)}</dd></>}
        {message.direction === 'out' && <><dt>State</dt><dd>{stateDescription(message.state)}</dd></>}
        <dt>Path</dt><dd data-path={message.path ?? 'none'}>{message.path === null ? 'Not sent yet' : `Travelled ${pathDescriptions[message.path]}`}</dd>
        {message.recall !== undefined && (
          <>
            <dt>Recall</dt>
            <dd>
              {message.recall.devices.length === 0
                ? 'No device of the recipient has confirmed yet.'
                : message.recall.devices.map(device => (
                  <span key={device.deviceId} className='block'>{device.confirmed ? 'Erased on' : 'Waiting for'} device <span className='mono'>{device.deviceId.slice(-8)}</span></span>
                ))}
            </dd>
          </>
        )}
        <dt>Id</dt><dd className='mono small break'>{message.id}</dd>
      </dl>
      <div className='dialog-actions'><button type='button' className='button' onClick={onClose} autoFocus>Close</button></div>
    </Dialog>
  )
}

export interface MessageItemProps {
  message: ShownMessage
  /** the message before it, for the day divider */
  previous: Message | undefined
  /** "N unread messages" above this message */
  unreadDivider: number | null
  /** what to call the sender and the recipient: the contact's name */
  peerName: string
  me: AccountId
  /** the recipient is not reachable now: say what a pending message waits for */
  peerOffline: boolean
  onReply: (message: Message) => void
  onEdit: (message: Message) => void
  /** in a group: what to call each member (the sender, a quoted author) */
  group?: { nameOf: (account: AccountId) => string }
}

type Open = 'none' | 'details' | 'recall' | 'delete' | 'read-by'

function MessageItemView ({ message, previous, unreadDivider, peerName, me, peerOffline, onReply, onEdit, group }: MessageItemProps): ReactNode {
  const store = useStore()
  const action = useAction()
  const [open, setOpen] = useState<Open>('none')
  const newDay = previous === undefined || new Date(previous.timestamp).toDateString() !== new Date(message.timestamp).toDateString()
  const out = message.direction === 'out'
  const erased = message.erased !== undefined
  const confirmed = message.local === undefined
  const canReact = confirmed && !erased && message.kind !== 'unsupported'
  const sender = group === undefined || out ? peerName : group.nameOf(message.from)

  const react = (emoji: string, remove: boolean): void => { void action.run(async () => { await store.react(message.id, emoji, remove) }) }
  const failed = message.state === 'failed' || message.local?.error !== undefined

  let note: string | null = null
  if (message.local?.waiting === true) note = 'Will be sent when your Tim node is back'
  else if (out && !erased && peerOffline && (message.state === 'pending' || message.state === 'stored')) {
    note = message.state === 'pending' ? `Waiting for ${peerName} to come online` : `Held in mailboxes until ${peerName} comes online`
  }

  return (
    <div className={`message-row message-${message.direction}`}>
      {newDay && <div className='day-divider' role='separator'><span>{formatDay(message.timestamp)}</span></div>}
      {unreadDivider !== null && (
        <div className='unread-divider' role='separator' data-unread-divider={unreadDivider}>
          <span>{unreadDivider} unread message{unreadDivider === 1 ? '' : 's'}</span>
        </div>
      )}
      <div className='bubble-line'>
        <div className={`bubble ${failed ? 'bubble-failed' : ''} ${erased ? 'bubble-erased' : ''}`}>
          {group !== undefined && !out
            ? <span className='sender' data-sender={message.from}>{sender}<span className='sr-only'>: </span></span>
            : <span className='sr-only'>{out ? 'You' : peerName}: </span>}
          {message.replyTo !== undefined && (
            <blockquote className='quote' data-reply-to={message.replyTo.id}>
              <span className='quote-from'>{message.replyTo.from === me ? 'You' : group?.nameOf(message.replyTo.from) ?? peerName}</span>
              <span className='quote-text'>{message.replyTo.text === '' ? 'Message no longer available' : message.replyTo.text}</span>
            </blockquote>
          )}
          <Body message={message} />
          <div className='message-meta'>
            {message.burn !== undefined && !erased && <BurnTimer burn={message.burn} />}
            {message.editedAt !== undefined && !erased && <span className='edited' data-edited='true'>edited</span>}
            <time dateTime={new Date(message.timestamp).toISOString()} title={formatFull(message.timestamp)}>{formatTime(message.timestamp)}</time>
            {out && <StateTick message={message} />}
            {out && confirmed && group !== undefined && (
              <button type='button' className='link-button read-by' aria-label='Who read this' onClick={() => { setOpen('read-by') }}>Read by…</button>
            )}
          </div>
        </div>
        {confirmed && (
          <div className='message-actions'>
            {!erased && <button type='button' className='icon-button small' aria-label='Reply' title='Reply' onClick={() => { onReply(message) }}><Icon name='reply' /></button>}
            {canReact && (
              <Menu label='React' className='react-menu' align={out ? 'end' : 'start'} items={COMMON_EMOJI.map(emoji => ({
                label: emoji,
                onSelect: () => { react(emoji, message.reactions?.some(reaction => reaction.emoji === emoji && reaction.from.includes(me)) === true) }
              }))}
              >
                <Icon name='smile' />
              </Menu>
            )}
            <Menu label='More actions' align={out ? 'end' : 'start'} items={[
              out && !erased && message.kind === 'text' && { label: 'Edit', onSelect: () => { onEdit(message) } },
              out && !erased && { label: 'Recall for everyone…', onSelect: () => { setOpen('recall') }, danger: true },
              { label: 'Delete for me…', onSelect: () => { setOpen('delete') }, danger: true },
              { label: 'Details', onSelect: () => { setOpen('details') } }
            ]}
            >
              <Icon name='more' />
            </Menu>
          </div>
        )}
      </div>
      <Reactions message={message} me={me} onToggle={react} />
      {note !== null && <p className='message-note' data-waiting='true'>{note}</p>}
      {failed && (
        <div className='message-failure' role='alert'>
          <span data-error={message.local?.error?.name}>{message.local?.error !== undefined ? `Not sent. ${errorText(message.local.error)}` : 'Not delivered.'}</span>
          <button type='button' className='button small' disabled={action.busy} onClick={() => { void action.run(async () => { await store.retry(message.id) }) }}>
            {action.busy ? 'Retrying…' : 'Retry'}
          </button>
          {!confirmed && <button type='button' className='button small' onClick={() => { void store.deleteMessage(message.id) }}>Delete</button>}
        </div>
      )}
      <ErrorAlert error={action.error} />
      {open === 'details' && <DetailsDialog message={message} open onClose={() => { setOpen('none') }} />}
      {open === 'read-by' && group !== undefined && <ReadByDialog id={message.id} nameOf={group.nameOf} onClose={() => { setOpen('none') }} />}
      <ConfirmDialog open={open === 'recall'} title='Recall this message?' confirmLabel='Recall' danger onClose={() => { setOpen('none') }} onConfirm={async () => { await store.recall(message.id) }}>
        <p>It is erased for everyone, on every device, also those that are offline now (once they are back). {peerName} sees that a message was recalled.</p>
      </ConfirmDialog>
      <ConfirmDialog open={open === 'delete'} title='Delete this message for you?' confirmLabel='Delete' danger onClose={() => { setOpen('none') }} onConfirm={async () => { await store.deleteMessage(message.id) }}>
        <p>It is deleted from this device only. {peerName} keeps their copy.</p>
      </ConfirmDialog>
    </div>
  )
}

export const MessageItem = memo(MessageItemView)
