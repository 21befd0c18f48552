/**
 * Modal dialogs on the native <dialog> (focus trap, Escape, inert background for free):
 * `Dialog` shows its children while `open`; `ConfirmDialog` asks one question before an
 * action that is hard to undo (block, remove, delete) and shows the action's error in place.
 * A dialog may open another (a confirmation inside a panel); closing it leaves the outer open.
 */

import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useAction } from '../state/use-action.ts'
import { ErrorAlert } from './error-alert.tsx'

export interface DialogProps {
  open: boolean
  title: string
  onClose: () => void
  children: ReactNode
  className?: string
}

export function Dialog ({ open, title, onClose, children, className }: DialogProps): ReactNode {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (open && !dialog.open) dialog.showModal()
    else if (!open && dialog.open) dialog.close()
  }, [open])
  return (
    // React passes a nested dialog's close event up to this one's handler: only our own closes us
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={titleId} onClose={event => { if (event.target === event.currentTarget) onClose() }}>
      {open && (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      )}
    </dialog>
  )
}

export interface ConfirmDialogProps {
  open: boolean
  title: string
  /** what happens, in a sentence or two */
  children: ReactNode
  /** the button that does it: "Block", "Remove" */
  confirmLabel: string
  danger?: boolean
  onConfirm: () => Promise<unknown>
  onClose: () => void
}

export function ConfirmDialog ({ open, title, children, confirmLabel, danger = false, onConfirm, onClose }: ConfirmDialogProps): ReactNode {
  const action = useAction()
  useEffect(() => { if (open) action.clear() }, [open, action.clear])
  const confirm = async (): Promise<void> => {
    if (await action.run(onConfirm)) onClose()
  }
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <div className='dialog-body'>{children}</div>
      <ErrorAlert error={action.error} title={`Could not ${confirmLabel.toLowerCase()}`} />
      <div className='dialog-actions'>
        <button type='button' className='button' onClick={onClose}>Cancel</button>
        <button type='button' className={`button ${danger ? 'danger-solid' : 'primary'}`} disabled={action.busy} onClick={() => { void confirm() }} autoFocus>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}
