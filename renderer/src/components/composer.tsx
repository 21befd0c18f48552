/**
 * The message composer: Enter sends, Shift+Enter starts a new line (IME composition is left
 * alone). The text is cleared as it is sent and given back if sending fails; the node's
 * error (MessageTooLargeError, ContactBlockedError …) is shown right here. Shows the size
 * once a message nears the protocol limit.
 */

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { limits } from '../../../core/api/index.ts'
import { ErrorAlert } from './error-alert.tsx'
import { Icon } from './icons.tsx'

const encoder = new TextEncoder()

export interface ComposerProps {
  /** a new peer gets a fresh draft and the focus */
  peer: string
  onSend: (text: string) => Promise<void>
  disabled?: boolean
  disabledReason?: string
}

/** Drafts survive switching conversations (not reloads). */
const drafts = new Map<string, string>()

export function Composer ({ peer, onSend, disabled = false, disabledReason }: ComposerProps): ReactNode {
  const [text, setText] = useState(() => drafts.get(peer) ?? '')
  const [error, setError] = useState<Error | null>(null)
  const [sending, setSending] = useState(0)
  const fieldRef = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    setText(drafts.get(peer) ?? '')
    setError(null)
    fieldRef.current?.focus()
  }, [peer])

  useEffect(() => {
    if (text === '') drafts.delete(peer)
    else drafts.set(peer, text)
  }, [peer, text])

  const bytes = text.length * 3 > limits.maxTextBytes * 0.8 ? encoder.encode(text).length : 0
  const showSize = bytes > limits.maxTextBytes * 0.8

  const send = async (): Promise<void> => {
    if (disabled || text.trim() === '') return
    const sent = text
    setText('')
    setError(null)
    setSending(n => n + 1)
    try {
      await onSend(sent)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      // give the text back unless something new was typed meanwhile
      setText(current => current === '' ? sent : current)
    } finally {
      setSending(n => n - 1)
      fieldRef.current?.focus()
    }
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void send()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void send()
    }
  }

  return (
    <form className='composer' onSubmit={onSubmit} aria-busy={sending > 0}>
      <ErrorAlert error={error} title='Not sent' className='composer-error' />
      <div className='composer-row'>
        <textarea
          ref={fieldRef}
          aria-label='Message'
          aria-describedby='composer-hint'
          value={text}
          onChange={e => { setText(e.target.value); if (error !== null) setError(null) }}
          onKeyDown={onKeyDown}
          rows={1}
          placeholder={disabled ? disabledReason : 'Write a message'}
          disabled={disabled}
          autoFocus
        />
        <button type='submit' className='button primary send-button' disabled={disabled || text.trim() === ''}>
          <Icon name='send' /><span>Send</span>
        </button>
      </div>
      <p id='composer-hint' className='composer-hint muted small'>
        <span>Enter sends · Shift+Enter adds a line</span>
        {showSize && (
          <span className={bytes > limits.maxTextBytes ? 'too-large' : ''}>
            {bytes.toLocaleString()} / {limits.maxTextBytes.toLocaleString()} bytes
          </span>
        )}
      </p>
    </form>
  )
}
