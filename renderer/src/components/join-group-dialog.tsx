/**
 * Join a group: a dialog where a group's invite link (tim://group/…) is pasted, with a note
 * for a private group's owner and managers. An open group is joined at once and reported;
 * a private one says the request went out. The node's errors (InvalidGroupLinkError,
 * GroupFullError …) are shown inside it.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { limits, type ConversationId } from '../../../core/api/index.ts'
import { useAction } from '../state/use-action.ts'
import { useTransport } from '../state/use-messenger.tsx'
import { Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { TextField } from './text-field.tsx'

function JoinGroupForm ({ onClose, onJoined }: { onClose: () => void, onJoined: (conversation: ConversationId) => void }): ReactNode {
  const transport = useTransport()
  const action = useAction()
  const [link, setLink] = useState('')
  const [note, setNote] = useState('')
  const [requested, setRequested] = useState(false)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    await action.run(async () => {
      const result = await transport.joinGroup({ link: link.trim(), ...(note.trim() === '' ? {} : { note: note.trim() }) })
      if (result.status === 'joined') onJoined(result.conversation)
      else setRequested(true)
    })
  }

  if (requested) {
    return (
      <>
        <p role='status'>Your request went to the group’s owner and managers. The group shows up in your chats once one of them lets you in.</p>
        <div className='dialog-actions'><button type='button' className='button primary' onClick={onClose} autoFocus>Done</button></div>
      </>
    )
  }
  return (
    <form onSubmit={event => { void submit(event) }} noValidate>
      <p className='muted'>Paste the group’s invite link (it starts with tim://group/).</p>
      <TextField label='Group link' value={link} onChange={setLink} placeholder='tim://group/…' className='mono' spellCheck={false} autoFocus />
      <TextField label='Note' value={note} onChange={setNote} maxLength={limits.maxNoteLength} hint='Optional: for a private group, a few words to whoever lets you in.' />
      <ErrorAlert error={action.error} title='Could not join the group' />
      <div className='dialog-actions'>
        <button type='button' className='button' onClick={onClose}>Cancel</button>
        <button type='submit' className='button primary' disabled={action.busy || link.trim() === ''}>{action.busy ? 'Joining…' : 'Join'}</button>
      </div>
    </form>
  )
}

export function JoinGroupDialog ({ open, onClose, onJoined }: { open: boolean, onClose: () => void, onJoined: (conversation: ConversationId) => void }): ReactNode {
  return (
    <Dialog open={open} title='Join a group' onClose={onClose}>
      <JoinGroupForm onClose={onClose} onJoined={onJoined} />
    </Dialog>
  )
}
