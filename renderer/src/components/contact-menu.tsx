/**
 * The actions on one account, as a menu (chat header, contact list): accept a request,
 * rename, verify, block (after a confirmation), unblock, remove (confirmed), delete the chat
 * (confirmed). Owns the dialogs those open; the store applies the results.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { dmConversation, limits, type AccountId, type Contact } from '../../../core/api/index.ts'
import { useAction } from '../state/use-action.ts'
import { useStore } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/errors.ts'
import { ConfirmDialog, Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { Icon } from './icons.tsx'
import { Menu } from './menu.tsx'
import { TextField } from './text-field.tsx'
import { VerifyDialog } from './verify-dialog.tsx'

type Open = 'none' | 'block' | 'remove' | 'delete-chat' | 'rename' | 'verify'

function RenameDialog ({ contact, open, onClose }: { contact: Contact, open: boolean, onClose: () => void }): ReactNode {
  const store = useStore()
  const [name, setName] = useState(contact.name)
  const action = useAction()
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const trimmed = name.trim()
    if (trimmed === '') return
    if (await action.run(async () => { await store.renameContact({ peer: contact.accountId, name: trimmed }) })) onClose()
  }
  return (
    <Dialog open={open} title={`Rename ${contact.name}`} onClose={onClose}>
      <form onSubmit={e => { void submit(e) }}>
        <TextField label='Name' value={name} onChange={setName} maxLength={limits.maxNameLength} autoFocus hint='Only you see this name.' />
        <ErrorAlert error={action.error} title='Could not rename' />
        <div className='dialog-actions'>
          <button type='button' className='button' onClick={onClose}>Cancel</button>
          <button type='submit' className='button primary' disabled={action.busy || name.trim() === ''}>Save</button>
        </div>
      </form>
    </Dialog>
  )
}

export interface ContactMenuProps {
  /** the account; with no `contact` (it was removed) only its chat can be deleted */
  peer: AccountId
  contact: Contact | undefined
  /** what the account is called on screen */
  name: string
  hasChat?: boolean
}

export function ContactMenu ({ peer, contact, name, hasChat = true }: ContactMenuProps): ReactNode {
  const store = useStore()
  const [open, setOpen] = useState<Open>('none')
  const [error, setError] = useState<Error | null>(null)
  const close = (): void => { setOpen('none') }
  const act = (fn: () => Promise<void>) => () => {
    setError(null)
    fn().catch((err: unknown) => { setError(normalizeError(err)) })
  }
  const status = contact?.status

  return (
    <>
      <Menu
        label={`Actions for ${name}`}
        items={[
          status === 'request' && { label: 'Accept', onSelect: act(async () => { await store.acceptContact(peer) }) },
          (status === 'accepted' || status === 'blocked') && { label: 'Rename…', onSelect: () => { setOpen('rename') } },
          status === 'accepted' && { label: contact?.verified === true ? 'Safety number…' : 'Verify safety number…', onSelect: () => { setOpen('verify') } },
          status === 'blocked' && { label: 'Unblock', onSelect: act(async () => { await store.unblockContact(peer) }) },
          (status === 'accepted' || status === 'request') && { label: 'Block…', onSelect: () => { setOpen('block') }, danger: true },
          (status === 'accepted' || status === 'blocked') && { label: 'Remove contact…', onSelect: () => { setOpen('remove') }, danger: true },
          hasChat && { label: 'Delete chat…', onSelect: () => { setOpen('delete-chat') }, danger: true }
        ]}
      >
        <Icon name='more' />
      </Menu>
      {error !== null && <ErrorAlert error={error} className='menu-error' />}
      <ConfirmDialog open={open === 'block'} title={`Block ${name}?`} confirmLabel='Block' danger onClose={close} onConfirm={async () => { await store.blockContact(peer) }}>
        <p>Nothing {name} sends will reach you, and they cannot tell you from someone who is offline. You can unblock them later.</p>
      </ConfirmDialog>
      <ConfirmDialog open={open === 'remove'} title={`Remove ${name}?`} confirmLabel='Remove' danger onClose={close} onConfirm={async () => { await store.removeContact(peer) }}>
        <p>{name} leaves your contacts. Your chat stays until you delete it; a new message from them arrives as a message request.</p>
      </ConfirmDialog>
      <ConfirmDialog open={open === 'delete-chat'} title={`Delete the chat with ${name}?`} confirmLabel='Delete' danger onClose={close} onConfirm={async () => { await store.deleteConversation(dmConversation(peer)) }}>
        <p>Every message of this chat is deleted from this device. {name} keeps their copy.</p>
      </ConfirmDialog>
      {open === 'rename' && contact !== undefined && <RenameDialog contact={contact} open onClose={close} />}
      {open === 'verify' && contact !== undefined && <VerifyDialog contact={contact} open onClose={close} />}
    </>
  )
}
