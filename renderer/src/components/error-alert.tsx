/**
 * An error shown where it happened: role="alert" with what went wrong in plain words
 * (state/error-text.ts). The stable error name stays in data-error for tests and bug
 * reports; neither it nor the node's developer message is shown or read aloud.
 */

import type { ReactNode } from 'react'
import { errorText } from '../state/error-text.ts'

export interface ErrorAlertProps {
  error: Error | null | undefined
  /** what the user tried: "Could not send" */
  title?: string
  className?: string
}

export function ErrorAlert ({ error, title, className }: ErrorAlertProps): ReactNode {
  if (error == null) return null
  return (
    <div role='alert' className={`error-alert ${className ?? ''}`} data-error={error.name}>
      {title !== undefined && <strong className='error-title'>{title}: </strong>}
      <span className='error-message'>{errorText(error)}</span>
    </div>
  )
}
