/**
 * An error shown where it happened: role="alert" with what went wrong in words, the node's
 * own message verbatim and the stable error name (for bug reports and tests).
 */

import type { ReactNode } from 'react'

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
      <span className='error-message'>{error.message}</span>
      {error.name !== 'Error' && <code className='error-name'>{error.name}</code>}
    </div>
  )
}
