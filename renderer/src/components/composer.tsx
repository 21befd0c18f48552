/**
 * The message composer: Enter sends, Shift+Enter starts a new line (IME composition is left
 * alone). The draft of each conversation is kept (state/drafts.ts: across switching,
 * reloads and node restarts). Shows the message being replied to or edited, a burn timer
 * choice, and a size counter near the protocol limit: Send is disabled over it. While text
 * is being typed it tells the conversation (throttled); sending clears the box at once (the
 * message shows as a local echo).
 */

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { limits, type ConversationId, type Message } from '../../../core/api/index.ts'
import { readDraft, writeDraft } from '../state/drafts.ts'
import { messageSummary } from '../state/messages.ts'
import { Icon } from './icons.tsx'

const encoder = new TextEncoder()

/** how often a "typing" is repeated while the user keeps typing (it lapses after ~6 s) */
export const TYPING_REFRESH_MS = 3000

const BURN_CHOICES: ReadonlyArray<{ seconds: number, label: string }> = [
  { seconds: 0, label: 'Off' },
  { seconds: 30, label: '30 seconds' },
  { seconds: 5 * 60, label: '5 minutes' },
  { seconds: 60 * 60, label: '1 hour' },
  { seconds: 24 * 60 * 60, label: '1 day' }
]

export interface ComposerProps {
  /** a new conversation gets its own draft and the focus */
  conversation: ConversationId
  onSend: (text: string, burnSeconds: number | undefined) => void
  /** saves an edit of `editing` */
  onEdit: (message: Message, text: string) => Promise<void>
  onTyping: (typing: boolean) => void
  /** the message a reply quotes; null when not replying */
  replyTo: Message | null
  /** the message whose text is being edited; null when not editing */
  editing: Message | null
  /** what the quote or the edited message is called: "You", "Bob" */
  authorOf: (message: Message) => string
  onCancel: () => void
  disabled?: boolean
  disabledReason?: string
  /** shown under the box: "Will be sent when your Tim node is back" */
  notice?: string | null
}

export function Composer (props: ComposerProps): ReactNode {
  const { conversation, onSend, onEdit, onTyping, replyTo, editing, authorOf, onCancel, disabled = false, disabledReason, notice } = props
  const [text, setText] = useState(() => readDraft(conversation))
  const [burn, setBurn] = useState(0)
  const [saving, setSaving] = useState(false)
  const fieldRef = useRef<HTMLTextAreaElement>(null)
  const lastTyping = useRef(0)

  useEffect(() => { setBurn(0) }, [conversation])

  // leaving the conversation (or the page) while typing: say it stopped
  useEffect(() => () => {
    if (lastTyping.current === 0) return
    lastTyping.current = 0
    onTyping(false)
  }, [conversation, onTyping])

  // a conversation opens on its draft, an edit on the message's text; cancelling it brings the draft back
  useEffect(() => {
    setText(editing === null ? readDraft(conversation) : editing.text)
    fieldRef.current?.focus()
  }, [editing, conversation])

  useEffect(() => { if (replyTo !== null) fieldRef.current?.focus() }, [replyTo])

  const change = (next: string): void => {
    setText(next)
    if (editing === null) writeDraft(conversation, next)
    const now = Date.now()
    if (next.trim() !== '' && now - lastTyping.current >= TYPING_REFRESH_MS) {
      lastTyping.current = now
      onTyping(true)
    } else if (next.trim() === '' && lastTyping.current !== 0) {
      lastTyping.current = 0
      onTyping(false)
    }
  }

  const bytes = encoder.encode(text).length
  const tooLarge = bytes > limits.maxTextBytes
  const showSize = bytes > limits.maxTextBytes * 0.8
  const blank = text.trim() === ''

  const submit = async (): Promise<void> => {
    if (disabled || blank || tooLarge || saving) return
    if (lastTyping.current !== 0) {
      lastTyping.current = 0
      onTyping(false)
    }
    if (editing !== null) {
      setSaving(true)
      try {
        await onEdit(editing, text)
      } finally {
        setSaving(false)
      }
      return
    }
    onSend(text, burn === 0 ? undefined : burn)
    setText('')
    writeDraft(conversation, '')
    fieldRef.current?.focus()
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void submit()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Escape' && (editing !== null || replyTo !== null)) {
      event.preventDefault()
      onCancel()
      return
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void submit()
    }
  }

  const context = editing ?? replyTo
  return (
    <form className='composer' onSubmit={onSubmit} aria-busy={saving}>
      {context !== null && (
        <div className='composer-context' data-context={editing !== null ? 'edit' : 'reply'}>
          <div className='composer-context-text'>
            <strong>{editing !== null ? 'Editing your message' : `Replying to ${authorOf(context)}`}</strong>
            <span className='muted'>{messageSummary(context)}</span>
          </div>
          <button type='button' className='icon-button small' aria-label={editing !== null ? 'Cancel editing' : 'Cancel reply'} onClick={onCancel}><Icon name='close' /></button>
        </div>
      )}
      <div className='composer-row'>
        <textarea
          ref={fieldRef}
          aria-label='Message'
          aria-describedby='composer-hint'
          value={text}
          onChange={e => { change(e.target.value) }}
          onKeyDown={onKeyDown}
          rows={1}
          placeholder={disabled ? disabledReason : 'Write a message'}
          disabled={disabled}
          aria-invalid={tooLarge}
          autoFocus
        />
        {editing === null && (
          <label className={`burn-choice ${burn > 0 ? 'on' : ''}`} title='Disappearing message: erased for both of you this long after it is read'>
            <Icon name='timer' />
            <span className='sr-only'>Disappear after reading</span>
            <select value={burn} onChange={e => { setBurn(Number(e.target.value)) }} disabled={disabled} aria-label='Disappear after reading'>
              {BURN_CHOICES.map(choice => <option key={choice.seconds} value={choice.seconds}>{choice.label}</option>)}
            </select>
          </label>
        )}
        <button type='submit' className='button primary send-button' disabled={disabled || blank || tooLarge || saving}>
          <Icon name='send' /><span>{editing !== null ? 'Save' : 'Send'}</span>
        </button>
      </div>
      <p id='composer-hint' className='composer-hint muted small'>
        <span>{notice ?? (editing !== null ? 'Enter saves · Escape cancels' : 'Enter sends · Shift+Enter adds a line · **bold** *italic* `code`')}</span>
        {showSize && (
          <span className={tooLarge ? 'too-large' : ''} data-size={bytes}>
            {tooLarge ? 'Too long: ' : ''}{bytes.toLocaleString()} / {limits.maxTextBytes.toLocaleString()} bytes
          </span>
        )}
      </p>
    </form>
  )
}
