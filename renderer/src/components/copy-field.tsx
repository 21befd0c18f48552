/**
 * A read-only value with a Copy button: the Clipboard API, else the field's own selection
 * (which stays selected when even that fails, so Ctrl+C works). Reports the outcome politely.
 */

import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import { copyText } from '../state/clipboard.ts'
import { Icon } from './icons.tsx'

export interface CopyFieldProps {
  label: string
  value: string
  /** the button's text, e.g. "Copy invite" */
  buttonLabel: string
  /** show the value over several lines (long links) */
  rows?: number
  className?: string
}

type Outcome = 'idle' | 'copied' | 'selected'

export function CopyField ({ label, value, buttonLabel, rows, className }: CopyFieldProps): ReactNode {
  const id = useId()
  const fieldRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null)
  const [outcome, setOutcome] = useState<Outcome>('idle')

  useEffect(() => {
    if (outcome === 'idle') return
    const timer = setTimeout(() => { setOutcome('idle') }, 2500)
    return () => { clearTimeout(timer) }
  }, [outcome])

  const copy = async (): Promise<void> => {
    const ok = await copyText(value, fieldRef.current)
    setOutcome(ok ? 'copied' : 'selected')
  }

  const select = (): void => { fieldRef.current?.select() }

  return (
    <div className={`copy-field ${className ?? ''}`}>
      <label htmlFor={id} className='field-label'>{label}</label>
      <div className='copy-field-row'>
        {rows !== undefined
          ? <textarea id={id} ref={fieldRef} readOnly value={value} rows={rows} spellCheck={false} onFocus={select} className='mono' />
          : <input id={id} ref={fieldRef} readOnly value={value} spellCheck={false} onFocus={select} className='mono' />}
        <button type='button' className='button' onClick={() => { void copy() }}>
          <Icon name='copy' />{buttonLabel}
        </button>
      </div>
      <p className='copy-outcome' role='status' aria-live='polite'>
        {outcome === 'copied' ? 'Copied to the clipboard.' : outcome === 'selected' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  )
}
