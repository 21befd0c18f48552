/**
 * The banner over the app while the web-mode connection is down: "Reconnecting…" with the
 * attempt and a button to try at once, or, once every attempt failed, that the node is
 * unreachable. Nothing is shown while connected.
 */

import { useEffect, useState, type ReactNode } from 'react'
import type { ConnectionState } from '../transport/index.ts'

export function ConnectionBanner ({ state, onRetry }: { state: ConnectionState, onRetry: () => void }): ReactNode {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (state.kind !== 'reconnecting') return
    const timer = setInterval(() => { setNow(Date.now()) }, 1000)
    return () => { clearInterval(timer) }
  }, [state])

  if (state.kind === 'connected' || state.kind === 'signed-out') return null
  if (state.kind === 'reconnecting') {
    const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000))
    return (
      <div className='banner banner-warn' role='status'>
        <span className='spinner' aria-hidden='true' />
        <strong>Reconnecting…</strong>
        <span className='muted'>
          {seconds > 0 ? `attempt ${state.attempt} of ${state.of} in ${seconds} s` : `attempt ${state.attempt} of ${state.of}`}
        </span>
        <button type='button' className='button small' onClick={onRetry}>Try now</button>
      </div>
    )
  }
  return (
    <div className='banner banner-error' role='status'>
      <strong>The Tim node cannot be reached.</strong>
      <span className='muted'>{state.error.message}</span>
      <button type='button' className='button small' onClick={onRetry}>Try again</button>
    </div>
  )
}
