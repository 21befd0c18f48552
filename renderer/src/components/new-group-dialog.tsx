/**
 * New group: a dialog with the group's name, topic, picture, whether anyone with the link
 * joins (open) or asks first (private), and the contacts to add at once. The node's errors
 * are shown inside it; on success it closes and reports the group (which the store holds).
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { limits, type AccountId, type GroupInfo } from '../../../core/api/index.ts'
import { useAction } from '../state/use-action.ts'
import { useStore, useTransport } from '../state/use-messenger.tsx'
import { Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { AvatarPicker, ContactPicker } from './group-fields.tsx'
import { TextField } from './text-field.tsx'

function NewGroupForm ({ onClose, onCreated }: { onClose: () => void, onCreated: (group: GroupInfo) => void }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const action = useAction()
  const [name, setName] = useState('')
  const [topic, setTopic] = useState('')
  const [avatar, setAvatar] = useState<string | null>(null)
  const [open, setOpen] = useState(false)
  const [members, setMembers] = useState<ReadonlySet<AccountId>>(new Set())
  const [missingName, setMissingName] = useState(false)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (name.trim() === '') {
      setMissingName(true)
      return
    }
    await action.run(async () => {
      const group = await transport.createGroup({
        name: name.trim(),
        ...(topic.trim() === '' ? {} : { topic: topic.trim() }),
        ...(avatar === null ? {} : { avatar }),
        open,
        members: [...members]
      })
      store.holdGroup(group)
      onCreated(group)
    })
  }

  return (
    <form onSubmit={event => { void submit(event) }} noValidate>
      <TextField label='Group name' value={name} onChange={value => { setName(value); setMissingName(false) }} maxLength={limits.maxNameLength} autoFocus aria-invalid={missingName} />
      {missingName && <p className='hint' role='alert'>A group needs a name.</p>}
      <TextField label='Topic' value={topic} onChange={setTopic} maxLength={limits.maxGroupTopicLength} hint='Optional: what the group is about.' />
      <AvatarPicker value={avatar} onChange={setAvatar} />
      <label className='checkbox'>
        <input type='checkbox' checked={open} onChange={event => { setOpen(event.currentTarget.checked) }} />
        Anyone with the invite link can join (otherwise you and the managers approve each request)
      </label>
      <ContactPicker legend='Members' selected={members} onChange={setMembers} />
      <ErrorAlert error={action.error} title='Could not create the group' />
      <div className='dialog-actions'>
        <button type='button' className='button' onClick={onClose}>Cancel</button>
        <button type='submit' className='button primary' disabled={action.busy}>{action.busy ? 'Creating…' : 'Create group'}</button>
      </div>
    </form>
  )
}

export function NewGroupDialog ({ open, onClose, onCreated }: { open: boolean, onClose: () => void, onCreated: (group: GroupInfo) => void }): ReactNode {
  return (
    <Dialog open={open} title='New group' onClose={onClose}>
      <NewGroupForm onClose={onClose} onCreated={onCreated} />
    </Dialog>
  )
}
