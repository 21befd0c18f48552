/**
 * One message of a chat: a day divider when it opens a new day, the text, the time, where it
 * travelled (path badge, data-path) and, for its state (data-state), a badge; a failed
 * message says why and offers Retry.
 */

import { useState, type ReactNode } from 'react'
import type { Message, MessagePath, MessageState } from '../../../core/api/index.ts'
import { formatDay, formatFull, formatTime, pathLabel, stateDescription, stateLabel } from '../state/format.ts'
import { ErrorAlert } from './error-alert.tsx'

const pathDescriptions: Record<MessagePath, string> = {
  direct: 'Travelled over a direct connection',
  relayed: 'Travelled through a relay node',
  'hole-punched': 'Travelled over a direct connection opened through NAT (hole punching)',
  mailbox: 'Travelled through mailbox nodes while the recipient was offline'
}

const stateMarks: Record<MessageState, string> = {
  pending: '◷',
  sent: '✓',
  stored: '⤓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!'
}

export function StateBadge ({ message }: { message: Message }): ReactNode {
  return (
    <span className={`badge state state-${message.state}`} data-state={message.state} title={stateDescription(message.state)}>
      {message.direction === 'out' && <span className='state-mark' aria-hidden='true'>{stateMarks[message.state]}</span>}
      {stateLabel(message.state, message.direction)}
    </span>
  )
}

export function PathBadge ({ path }: { path: MessagePath | null }): ReactNode {
  return (
    <span className={`badge path path-${path ?? 'none'}`} data-path={path ?? 'none'} title={path === null ? undefined : pathDescriptions[path]} aria-hidden={path === null ? true : undefined}>
      {pathLabel(path)}
    </span>
  )
}

export interface MessageItemProps {
  message: Message
  /** the message before it, for the day divider */
  previous: Message | undefined
  onRetry: (message: Message) => Promise<void>
}

export function MessageItem ({ message, previous, onRetry }: MessageItemProps): ReactNode {
  const [retrying, setRetrying] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const newDay = previous === undefined || new Date(previous.timestamp).toDateString() !== new Date(message.timestamp).toDateString()

  const retry = async (): Promise<void> => {
    setRetrying(true)
    setError(null)
    try {
      await onRetry(message)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setRetrying(false)
    }
  }

  return (
    <div className={`message-row message-${message.direction}`}>
      {newDay && <div className='day-divider'><span>{formatDay(message.timestamp)}</span></div>}
      <div className={`bubble ${message.state === 'failed' ? 'bubble-failed' : ''}`}>
        <p className='message-text'>{message.text}</p>
        <div className='message-meta'>
          <time dateTime={new Date(message.timestamp).toISOString()} title={formatFull(message.timestamp)}>{formatTime(message.timestamp)}</time>
          <PathBadge path={message.path} />
          <StateBadge message={message} />
        </div>
        {message.state === 'failed' && (
          <div className='message-failure'>
            <span>{message.failure ?? 'Not delivered.'}</span>
            <button type='button' className='button small' disabled={retrying} onClick={() => { void retry() }}>
              {retrying ? 'Retrying…' : 'Retry'}
            </button>
          </div>
        )}
        <ErrorAlert error={error} title='Could not retry' />
      </div>
    </div>
  )
}
