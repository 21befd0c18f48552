/**
 * Graceful shutdown on SIGINT/SIGTERM for the long-running commands (`tim node`,
 * `tim watch`): the first signal runs `stop`, a second one exits at once. A repeat of the
 * same signal within DUPLICATE_MS is not a second one: pressing Ctrl-C under the Node 20
 * launcher in app/bin/tim.js delivers SIGINT twice (terminal + forwarded copy).
 */

const DUPLICATE_MS = 500

export interface ShutdownHandlers {
  /** the graceful path, run on the first signal */
  stop: (signal: NodeJS.Signals) => Promise<void>
  /** runs synchronously before the immediate exit on a second signal */
  force?: () => void
}

/** Resolves once a signal came and `stop` finished (rejects if `stop` failed). */
export async function waitForShutdown (handlers: ShutdownHandlers): Promise<void> {
  let first: { signal: NodeJS.Signals, at: number } | undefined
  return await new Promise<void>((resolve, reject) => {
    const handle = (signal: NodeJS.Signals): void => {
      const now = Date.now()
      if (first === undefined) {
        first = { signal, at: now }
        handlers.stop(signal).then(resolve, reject)
        return
      }
      if (signal === first.signal && now - first.at < DUPLICATE_MS) return
      process.stderr.write(`${signal} again: exiting now\n`)
      handlers.force?.()
      process.exit(1)
    }
    process.on('SIGINT', handle)
    process.on('SIGTERM', handle)
  })
}
