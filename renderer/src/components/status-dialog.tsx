/**
 * The status picker: what contacts see of this account — online, away, busy or invisible
 * (appears offline, still receives), a status text, and whether they may see when it was
 * last online. Saved with setPresence; the store keeps what the node answered.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { limits, type MyPresence, type PresenceStatus } from '../../../core/api/index.ts'
import { useAction } from '../state/use-action.ts'
import { useMessengerState, useStore } from '../state/use-messenger.tsx'
import { Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { TextField } from './text-field.tsx'

const choices: ReadonlyArray<{ status: PresenceStatus, label: string, hint: string }> = [
  { status: 'online', label: 'Online', hint: 'Contacts see that you are here.' },
  { status: 'away', label: 'Away', hint: 'You are here, but not looking.' },
  { status: 'busy', label: 'Busy', hint: 'Messages still arrive; contacts see you would rather not be disturbed.' },
  { status: 'invisible', label: 'Invisible', hint: 'You appear offline: no status, no typing, no read receipts. Messages still arrive.' }
]

const DEFAULT_PRESENCE: MyPresence = { status: 'online', shareLastSeen: true }

export function StatusDialog ({ open, onClose }: { open: boolean, onClose: () => void }): ReactNode {
  return (
    <Dialog open={open} title='Your status' onClose={onClose}>
      <StatusForm onClose={onClose} />
    </Dialog>
  )
}

/** mounted each time the dialog opens: starts from what is saved */
function StatusForm ({ onClose }: { onClose: () => void }): ReactNode {
  const store = useStore()
  const current = useMessengerState(state => state.presence) ?? DEFAULT_PRESENCE
  const [status, setStatus] = useState<PresenceStatus>(current.status)
  const [text, setText] = useState(current.text ?? '')
  const [shareLastSeen, setShareLastSeen] = useState(current.shareLastSeen)
  const action = useAction()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (await action.run(async () => { await store.setPresence({ status, text: text.trim(), shareLastSeen }) })) onClose()
  }

  return (
    <form onSubmit={e => { void submit(e) }}>
      <fieldset className='status-choices'>
        <legend className='sr-only'>Status</legend>
        {choices.map(choice => (
          <label key={choice.status} className='status-choice'>
            <input type='radio' name='status' value={choice.status} checked={status === choice.status} onChange={() => { setStatus(choice.status) }} />
            <span className={`presence-dot presence-${choice.status === 'invisible' ? 'offline' : choice.status}`} aria-hidden='true' />
            <span><strong>{choice.label}</strong><span className='hint block'>{choice.hint}</span></span>
          </label>
        ))}
      </fieldset>
      <TextField label='Status text' value={text} onChange={setText} maxLength={limits.maxStatusTextLength} placeholder='What are you up to?' />
      <label className='checkbox'>
        <input type='checkbox' checked={shareLastSeen} onChange={e => { setShareLastSeen(e.target.checked) }} />
        Let contacts see when I was last online
      </label>
      <ErrorAlert error={action.error} title='Could not change your status' />
      <div className='dialog-actions'>
        <button type='button' className='button' onClick={onClose}>Cancel</button>
        <button type='submit' className='button primary' disabled={action.busy}>Save</button>
      </div>
    </form>
  )
}
