/**
 * Add contact: a modal dialog where an invite link is pasted, with an optional name (else
 * the name the invite carries). The node's errors (InvalidInviteError, SelfContactError …)
 * are shown inside the dialog; on success it closes and reports the new contact.
 */

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { Contact } from '../../../core/api/index.ts'
import { limits } from '../../../core/api/index.ts'
import { useStore } from '../state/use-messenger.tsx'
import { ErrorAlert } from './error-alert.tsx'

export interface AddContactDialogProps {
  open: boolean
  onClose: () => void
  onAdded: (contact: Contact) => void
}

export function AddContactDialog ({ open, onClose, onAdded }: AddContactDialogProps): ReactNode {
  const store = useStore()
  const dialogRef = useRef<HTMLDialogElement>(null)
  const [invite, setInvite] = useState('')
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog === null) return
    if (open && !dialog.open) {
      setInvite('')
      setName('')
      setError(null)
      setBusy(false)
      dialog.showModal()
    } else if (!open && dialog.open) {
      dialog.close()
    }
  }, [open])

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const link = invite.trim()
    if (link === '') {
      setError(new Error('Paste the invite link you were sent (it starts with tim://).'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      const trimmedName = name.trim()
      const contact = await store.addContact(trimmedName === '' ? { invite: link } : { invite: link, name: trimmedName })
      onAdded(contact)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <dialog ref={dialogRef} className='dialog' aria-labelledby='add-contact-title' onClose={onClose}>
      {open && (
        <form onSubmit={e => { void submit(e) }} noValidate>
          <h2 id='add-contact-title'>Add a contact</h2>
          <p className='muted'>Paste the invite link someone shared with you.</p>
          <div className='field'>
            <label htmlFor='add-contact-invite' className='field-label'>Invite</label>
            <textarea
              id='add-contact-invite'
              value={invite}
              onChange={e => { setInvite(e.target.value); setError(null) }}
              rows={4}
              spellCheck={false}
              autoFocus
              onKeyDown={e => {
                // an invite is one line: Enter adds, as in the name field
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault()
                  e.currentTarget.form?.requestSubmit()
                }
              }}
              placeholder='tim://…'
              className='mono'
              aria-invalid={error !== null}
            />
          </div>
          <div className='field'>
            <label htmlFor='add-contact-name' className='field-label'>Contact name</label>
            <input
              id='add-contact-name'
              value={name}
              onChange={e => { setName(e.target.value) }}
              maxLength={limits.maxNameLength}
              aria-describedby='contact-name-hint'
              autoComplete='off'
            />
            <span id='contact-name-hint' className='hint'>Optional: otherwise the name the link carries is used.</span>
          </div>
          <ErrorAlert error={error} title='Could not add the contact' />
          <div className='dialog-actions'>
            <button type='button' className='button' onClick={onClose}>Cancel</button>
            <button type='submit' className='button primary' disabled={busy}>{busy ? 'Adding…' : 'Add'}</button>
          </div>
        </form>
      )}
    </dialog>
  )
}
