/**
 * Add contact: a modal dialog where an invite link is pasted, with an optional name (else
 * the name the invite carries) and a note that goes with the contact request. The node's
 * errors (InvalidInviteError, SelfContactError …) are shown inside the dialog in words. An
 * invite of an account the user blocked is never added silently: the dialog asks whether to
 * unblock it first, and adds it only once that is confirmed. On success it closes and
 * reports the new contact.
 */

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { Contact } from '../../../core/api/index.ts'
import { limits } from '../../../core/api/index.ts'
import { useMessengerState, useStore } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/errors.ts'
import { ErrorAlert } from './error-alert.tsx'
import { TextField } from './text-field.tsx'

/** an account id inside an error's message: `tim` and base58 characters */
const ACCOUNT_IN_MESSAGE = /\btim[1-9A-HJ-NP-Za-km-z]{20,}/

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
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  /** the blocked account the pasted invite belongs to, while asking whether to unblock it */
  const [blocked, setBlocked] = useState<Contact | null>(null)
  const contacts = useMessengerState(state => state.contacts)

  useEffect(() => {
    const dialog = dialogRef.current
    if (dialog === null) return
    if (open && !dialog.open) {
      setInvite('')
      setName('')
      setNote('')
      setBlocked(null)
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
      if (blocked !== null) await store.unblockContact(blocked.accountId)
      const trimmedName = name.trim()
      const trimmedNote = note.trim()
      const contact = await store.addContact({
        invite: link,
        ...(trimmedName === '' ? {} : { name: trimmedName }),
        ...(trimmedNote === '' ? {} : { note: trimmedNote })
      })
      onAdded(contact)
    } catch (err) {
      const failure = normalizeError(err)
      const account = ACCOUNT_IN_MESSAGE.exec(failure.message)?.[0]
      // the node names the blocked account by its id or its name: ask only when that is one account for sure
      const named = contacts.filter(contact => contact.status === 'blocked' && (contact.accountId === account || failure.message.startsWith(`${contact.name} `)))
      const known = named.length === 1 ? named[0] : undefined
      if (failure.name === 'ContactBlockedError' && known !== undefined && blocked === null) setBlocked(known)
      else setError(failure)
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
              onChange={e => { setInvite(e.target.value); setError(null); setBlocked(null) }}
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
          <TextField
            label='Contact name'
            value={name}
            onChange={setName}
            maxLength={limits.maxNameLength}
            hint='Optional: otherwise the name the link carries is used.'
          />
          <TextField
            label='Note'
            value={note}
            onChange={setNote}
            maxLength={limits.maxNoteLength}
            hint='Optional: a few words that go with your contact request (“Hi, it’s Bob from the climbing club”).'
          />
          {blocked !== null && (
            <div className='warning-note' role='alert' data-blocked-invite={blocked.accountId}>
              This invite is from <strong>{blocked.name}</strong>, whom you blocked. Unblock {blocked.name} and add them again?
            </div>
          )}
          <ErrorAlert error={error} title='Could not add the contact' />
          <div className='dialog-actions'>
            <button type='button' className='button' onClick={onClose}>Cancel</button>
            <button type='submit' className='button primary' disabled={busy}>
              {busy ? 'Adding…' : blocked !== null ? 'Unblock and add' : 'Add'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  )
}
