/**
 * The renderer's root: connects the transport (Electron bridge or web mode), creates the
 * store, and shows what stands in the way until both exist — the web-mode login screen, or
 * a node that cannot be reached (retried with backoff). Once running, the messenger stays
 * on screen whatever happens to the connection (the banner says what to do), so that
 * nothing typed is lost; a new login link opened in this tab reloads it (main.tsx).
 */

import { useEffect, useState, type ReactNode } from 'react'
import { createMessengerStore, type MessengerStore } from './state/messenger-store.ts'
import { MessengerProvider } from './state/use-messenger.tsx'
import { Shell } from './components/shell.tsx'
import { ConnectingScreen, LoginScreen, UnreachableScreen } from './components/status-screens.tsx'
import { connectTransport, normalizeError, type Transport } from './transport/index.ts'

type Boot =
  | { kind: 'connecting' }
  | { kind: 'login', error: Error | null }
  | { kind: 'unreachable', error: Error }
  | { kind: 'ready', transport: Transport, store: MessengerStore }

const RETRY_MIN_MS = 1000
const RETRY_MAX_MS = 30_000

export function App (): ReactNode {
  const [boot, setBoot] = useState<Boot>({ kind: 'connecting' })
  const [attempt, setAttempt] = useState(0)
  const [retrying, setRetrying] = useState(false)

  useEffect(() => {
    let cancelled = false
    let transport: Transport | undefined
    let retryTimer: ReturnType<typeof setTimeout> | undefined
    let stopStore: (() => void) | undefined
    setRetrying(true)

    connectTransport().then(connected => {
      if (cancelled) {
        void connected.close()
        return
      }
      transport = connected
      const store = createMessengerStore(connected)
      stopStore = store.start()
      setRetrying(false)
      setBoot({ kind: 'ready', transport: connected, store })
    }, (err: unknown) => {
      if (cancelled) return
      setRetrying(false)
      const error = normalizeError(err)
      if (error.name === 'LoginRequiredError' || error.name === 'UnauthorizedError' || error.name === 'SessionEndedError') {
        setBoot({ kind: 'login', error })
        return
      }
      setBoot({ kind: 'unreachable', error })
      const delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(attempt, 10))
      retryTimer = setTimeout(() => { setAttempt(n => n + 1) }, delay)
    })

    return () => {
      cancelled = true
      clearTimeout(retryTimer)
      stopStore?.()
      void transport?.close()
    }
  }, [attempt])

  switch (boot.kind) {
    case 'connecting': return <ConnectingScreen />
    case 'login': return <LoginScreen error={boot.error} />
    case 'unreachable': return <UnreachableScreen error={boot.error} retrying={retrying} onRetry={() => { setAttempt(n => n + 1) }} />
    case 'ready':
      return (
        <MessengerProvider transport={boot.transport} store={boot.store}>
          <Shell />
        </MessengerProvider>
      )
  }
}
