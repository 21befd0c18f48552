/**
 * One user action that may fail: `run(fn)` marks it busy, keeps the error it ended with (as
 * an Error with its stable name) for an ErrorAlert, and returns whether it succeeded.
 */

import { useCallback, useState } from 'react'
import { normalizeError } from '../transport/errors.ts'

export interface Action {
  busy: boolean
  error: Error | null
  run: (fn: () => Promise<unknown>) => Promise<boolean>
  clear: () => void
}

export function useAction (): Action {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Error | null>(null)
  const run = useCallback(async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    try {
      await fn()
      return true
    } catch (err) {
      setError(normalizeError(err))
      return false
    } finally {
      setBusy(false)
    }
  }, [])
  const clear = useCallback(() => { setError(null) }, [])
  return { busy, error, run, clear }
}
