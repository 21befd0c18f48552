/**
 * A wake-up signal for loops that wait for "something changed": `notify` wakes every current
 * waiter; `wait(ms)` resolves true when woken, false when `ms` passed first.
 */

export interface Notifier {
  notify: () => void
  wait: (timeoutMs?: number) => Promise<boolean>
}

export function createNotifier (): Notifier {
  let current = Promise.withResolvers<boolean>()
  return {
    notify: () => {
      current.resolve(true)
      current = Promise.withResolvers<boolean>()
    },
    wait: async (timeoutMs) => {
      if (timeoutMs == null) {
        return current.promise
      }
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<boolean>(resolve => { timer = setTimeout(() => { resolve(false) }, timeoutMs) })
      try {
        return await Promise.race([current.promise, timeout])
      } finally {
        clearTimeout(timer)
      }
    }
  }
}
