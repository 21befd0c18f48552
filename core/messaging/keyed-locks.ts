/**
 * One change at a time per key: a read-modify-write of one stored thing (a message, a contact)
 * waits for the one before it. Edits, reactions and erasures of a message, or a contact request
 * arriving while the user adds that account, would otherwise each overwrite the other's.
 * Locks are kept only while held.
 */

export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>

export function createKeyedLocks (): KeyedLock {
  const tails = new Map<string, Promise<void>>()
  return async (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve()
    let release = (): void => {}
    const held = new Promise<void>(resolve => { release = resolve })
    const tail = previous.then(async () => held)
    tails.set(key, tail)
    await previous
    try {
      return await task()
    } finally {
      release()
      if (tails.get(key) === tail) tails.delete(key)
    }
  }
}
