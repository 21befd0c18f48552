/**
 * Verify a contact: the safety number both sides compute from their keys (60 digits in 12
 * groups of 5) and its QR code, to compare in person or over another channel; then mark
 * the contact verified (or clear that). Says plainly when the contact's keys changed since.
 */

import { useEffect, useState, type ReactNode } from 'react'
import type { Contact, SafetyNumber } from '../../../core/api/index.ts'
import { useAction } from '../state/use-action.ts'
import { useStore, useTransport } from '../state/use-messenger.tsx'
import { normalizeError } from '../transport/errors.ts'
import { Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { QrCode } from './qr-code.tsx'

export function VerifyDialog ({ contact, open, onClose }: { contact: Contact, open: boolean, onClose: () => void }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const [number, setNumber] = useState<SafetyNumber | null>(null)
  const [loadError, setLoadError] = useState<Error | null>(null)
  const action = useAction()

  useEffect(() => {
    if (!open) return
    const controller = new AbortController()
    setNumber(null)
    setLoadError(null)
    transport.safetyNumber(contact.accountId, { signal: controller.signal }).then(setNumber, (err: unknown) => {
      if (!controller.signal.aborted) setLoadError(normalizeError(err))
    })
    return () => { controller.abort() }
  }, [open, transport, contact.accountId])

  const verify = async (verified: boolean): Promise<void> => {
    if (await action.run(async () => { await store.verifyContact(contact.accountId, verified) })) onClose()
  }

  return (
    <Dialog open={open} title={`Verify ${contact.name}`} onClose={onClose} className='verify-dialog'>
      {contact.keysChanged && (
        <p className='warning-note' role='note'>
          <strong>{contact.name}’s keys changed</strong> since you verified them. This happens when they add a
          device or reinstall, or when someone is in between. Compare the safety number again.
        </p>
      )}
      <p className='muted'>
        Compare this number with the one {contact.name} sees for you, in person or on a call. If they match,
        nobody is in between.
      </p>
      <ErrorAlert error={loadError} title='Could not compute the safety number' />
      {number === null && loadError === null && <p role='status' className='muted'>Computing…</p>}
      {number !== null && (
        <div className='safety'>
          <p className='safety-number mono' aria-label='Safety number' data-testid='safety-number'>
            {number.safetyNumber.split(/\s+/).map((group, i) => <span key={i}>{group}</span>)}
          </p>
          <QrCode value={number.qr} label={`QR code of the safety number with ${contact.name}`} />
        </div>
      )}
      <ErrorAlert error={action.error} title='Could not save' />
      <div className='dialog-actions'>
        <button type='button' className='button' onClick={onClose}>Close</button>
        {contact.verified && !contact.keysChanged
          ? <button type='button' className='button' disabled={action.busy} onClick={() => { void verify(false) }}>Clear verification</button>
          : <button type='button' className='button primary' disabled={action.busy || number === null} onClick={() => { void verify(true) }}>Mark as verified</button>}
      </div>
    </Dialog>
  )
}
