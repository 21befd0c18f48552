/**
 * The banner over the app while the web-mode connection is down. It keeps trying by itself
 * ("Reconnecting…", with a button to try at once); after a few attempts it says what to do
 * if the node was restarted elsewhere; when the node refused this page's session (it
 * restarted) it says plainly to open the new login link. Either way what is on screen stays
 * (greyed where stale) and drafts and unsent messages are kept. Nothing is shown while connected.
 */

import { useEffect, useState, type ReactNode } from 'react'
import type { ConnectionState } from '../transport/index.ts'

/** attempts before the banner mentions a restarted node */
const HINT_AFTER_ATTEMPTS = 3

export function ConnectionBanner ({ state, onRetry }: { state: ConnectionState, onRetry: () => void }): ReactNode {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (state.kind !== 'reconnecting') return
    const timer = setInterval(() => { setNow(Date.now()) }, 1000)
    return () => { clearInterval(timer) }
  }, [state])

  if (state.kind === 'connected') return null
  if (state.kind === 'signed-out') {
    return (
      <div className='banner banner-error' role='alert' data-connection='signed-out'>
        <strong>Your Tim node restarted.</strong>
        <span>Open the new login link it printed to continue. Your drafts and unsent messages are kept.</span>
      </div>
    )
  }
  const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000))
  return (
    <div className='banner banner-warn' role='status' data-connection='reconnecting'>
      <span className='spinner' aria-hidden='true' />
      <strong>Your Tim node cannot be reached.</strong>
      <span className='muted'>
        {seconds > 0 ? `Trying again in ${seconds} s.` : 'Trying again…'}
        {state.attempt >= HINT_AFTER_ATTEMPTS && ' If it was restarted, open the new login link it printed.'}
        {' '}Messages you send now go out when it is back.
      </span>
      <button type='button' className='button small' onClick={onRetry}>Try now</button>
    </div>
  )
}
