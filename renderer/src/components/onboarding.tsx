/**
 * Onboarding: the node has no account yet. Asks for a display name and an optional
 * passphrase (asked twice) that encrypts the keys at rest, then createAccount.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { limits } from '../../../core/api/index.ts'
import { useStore } from '../state/use-messenger.tsx'
import { ErrorAlert } from './error-alert.tsx'

export function Onboarding (): ReactNode {
  const store = useStore()
  const [name, setName] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [repeat, setRepeat] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (busy) return
    const trimmed = name.trim()
    if (trimmed === '') {
      setError(new Error('Choose the name your contacts will see.'))
      return
    }
    if (passphrase !== '' && passphrase !== repeat) {
      setError(new Error('The two passphrases differ.'))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await store.createAccount(passphrase === '' ? { name: trimmed } : { name: trimmed, passphrase })
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)))
      setBusy(false)
    }
  }

  return (
    <main className='center-screen'>
      <form className='card onboarding' onSubmit={e => { void submit(e) }} aria-labelledby='onboarding-title' noValidate>
        <h1 id='onboarding-title'>Welcome to Tim</h1>
        <p className='muted'>
          Tim is a messenger without servers: your account lives on this device, and messages
          travel end-to-end encrypted between devices. Create your account to start.
        </p>
        <div className='field'>
          <label htmlFor='onboarding-name' className='field-label'>Display name</label>
          <input
            id='onboarding-name'
            value={name}
            onChange={e => { setName(e.target.value) }}
            maxLength={limits.maxNameLength}
            autoComplete='nickname'
            autoFocus
            required
            aria-describedby='name-hint'
          />
          <span id='name-hint' className='hint'>What your contacts see first. 1–{limits.maxNameLength} characters.</span>
        </div>
        <div className='field'>
          <label htmlFor='onboarding-passphrase' className='field-label'>Passphrase (optional)</label>
          <input id='onboarding-passphrase' type='password' value={passphrase} onChange={e => { setPassphrase(e.target.value) }} autoComplete='new-password' aria-describedby='passphrase-hint' />
          <span id='passphrase-hint' className='hint'>Encrypts your keys on this disk. It cannot be recovered if you forget it.</span>
        </div>
        {passphrase !== '' && (
          <div className='field'>
            <label htmlFor='onboarding-repeat' className='field-label'>Repeat the passphrase</label>
            <input id='onboarding-repeat' type='password' value={repeat} onChange={e => { setRepeat(e.target.value) }} autoComplete='new-password' />
          </div>
        )}
        <ErrorAlert error={error} title='Could not create the account' />
        <button type='submit' className='button primary' disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </main>
  )
}
