/**
 * Unlock: the node's account keys are encrypted at rest and not opened yet. Asks for the
 * passphrase chosen at onboarding; a wrong one is said so, and nothing else happens.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { useStore } from '../state/use-messenger.tsx'
import { ErrorAlert } from './error-alert.tsx'

export function Unlock (): ReactNode {
  const store = useStore()
  const [passphrase, setPassphrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy || passphrase === '') return
    setBusy(true)
    setError(null)
    try {
      await store.unlock(passphrase)
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }

  return (
    <main className='center-screen'>
      <form className='card onboarding' onSubmit={e => { void submit(e) }} aria-labelledby='unlock-title' noValidate>
        <h1 id='unlock-title'>Unlock Tim</h1>
        <p className='muted'>Your keys are encrypted on this disk. Enter the passphrase you chose when you created the account.</p>
        <div className='field'>
          <label htmlFor='unlock-passphrase' className='field-label'>Passphrase</label>
          <input id='unlock-passphrase' type='password' value={passphrase} onChange={e => { setPassphrase(e.target.value) }} autoComplete='current-password' autoFocus required />
        </div>
        <ErrorAlert error={error} title='Could not unlock' />
        <button type='submit' className='button primary' disabled={busy || passphrase === ''}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  )
}
