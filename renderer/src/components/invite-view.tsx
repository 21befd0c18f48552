/**
 * The Invite screen: this account's `tim://` invite as text (read-only, with Copy invite)
 * and as a QR code. Whoever adds it can message this account; nothing else is needed.
 */

import type { ReactNode } from 'react'
import { useMessengerState } from '../state/use-messenger.tsx'
import { CopyField } from './copy-field.tsx'
import { QrCode } from './qr-code.tsx'

export function InviteView (): ReactNode {
  const identity = useMessengerState(state => state.identity)
  if (identity === null) return null
  return (
    <section className='page' aria-labelledby='invite-title'>
      <header className='page-header'>
        <h1 id='invite-title'>Invite</h1>
        <p className='muted'>
          Send this link to someone, or let them scan the code, so that they can add you as{' '}
          <strong>{identity.name}</strong>. It carries your account id and where to reach this
          device; it is safe to share but anyone who has it can message you.
        </p>
      </header>
      <div className='invite-layout'>
        <CopyField label='Your invite link' value={identity.invite} buttonLabel='Copy invite' rows={4} className='invite-field' />
        <figure className='qr-figure'>
          <QrCode value={identity.invite} label='QR code of your invite link' />
          <figcaption className='muted small'>Scan to add {identity.name}</figcaption>
        </figure>
      </div>
    </section>
  )
}
