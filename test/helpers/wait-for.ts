/**
 * `waitFor` polls a condition with a bound on time, so no test can hang. Apart from peers.ts so
 * that unit tests can use it without starting whole nodes.
 */

export interface WaitOptions {
  timeoutMs?: number
  intervalMs?: number
  /** what the test was waiting for, for the failure message */
  what?: string
}

/** Polls `read` until `done(value)` holds; returns the value or throws with the last value seen. */
export async function waitFor<T> (read: () => Promise<T> | T, done: (value: T) => boolean, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000)
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await read()
    if (done(last)) {
      return last
    }
    await new Promise(resolve => setTimeout(resolve, options.intervalMs ?? 50))
  }
  throw new Error(`timed out waiting for ${options.what ?? 'a condition'}; last value: ${JSON.stringify(last)?.slice(0, 500)}`)
}
