/**
 * Abort helpers every room shares: a caller's AbortSignal bounded by a deadline (the caller
 * gives the time; rooms never bury it), and a promise raced against a signal.
 */

import { AbortError } from './errors.ts'

export function withDeadline (signal: AbortSignal | undefined, ms: number): AbortSignal {
  const deadline = AbortSignal.timeout(ms)
  return signal == null ? deadline : AbortSignal.any([signal, deadline])
}

/** `promise`, or AbortError with `message` as soon as `signal` aborts; leaves no listener behind. */
export function raceAbort<T> (promise: Promise<T>, signal: AbortSignal | undefined, message: string): Promise<T> {
  if (signal == null) {
    return promise
  }
  if (signal.aborted) {
    return Promise.reject(new AbortError(message))
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(new AbortError(message)) }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}
