/**
 * Full-page states before the messenger can be shown: connecting, web mode without a
 * login (open the link the node printed), a node that cannot be reached, a failure to load.
 */

import type { ReactNode } from 'react'
import { ErrorAlert } from './error-alert.tsx'

export function ConnectingScreen ({ what = 'Connecting to your Tim node…' }: { what?: string }): ReactNode {
  return (
    <main className='center-screen' aria-busy='true'>
      <div className='card narrow'>
        <span className='spinner' aria-hidden='true' />
        <p role='status'>{what}</p>
      </div>
    </main>
  )
}

export function LoginScreen ({ error }: { error: Error | null }): ReactNode {
  const refused = error !== null && error.name !== 'LoginRequiredError'
  const title = error?.name === 'SessionEndedError' ? 'This session has ended' : 'That link did not log in'
  return (
    <main className='center-screen'>
      <div className='card narrow'>
        <h1>Open the link printed by <code>tim node --ui</code></h1>
        <p className='muted'>
          This page is the web interface of a Tim node running on this computer. To use it,
          open the one-time login link the node printed in its terminal, of the form
          <code> http://127.0.0.1:PORT/#login=…</code>.
        </p>
        {refused && <ErrorAlert error={error} title={title} />}
        <p className='muted small'>
          A link works once, for a few minutes. <code>kill -USR1 &lt;pid&gt;</code> makes a
          running node print a new one.
        </p>
      </div>
    </main>
  )
}

export function UnreachableScreen ({ error, onRetry, retrying }: { error: Error, onRetry: () => void, retrying: boolean }): ReactNode {
  return (
    <main className='center-screen'>
      <div className='card narrow'>
        <h1>Your Tim node cannot be reached</h1>
        <ErrorAlert error={error} />
        <p className='muted'>Is it still running? This page tries again by itself.</p>
        <button type='button' className='button primary' onClick={onRetry} disabled={retrying}>
          {retrying ? 'Trying…' : 'Try again'}
        </button>
      </div>
    </main>
  )
}
