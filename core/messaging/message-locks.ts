/**
 * One change at a time per message: edits, reactions, erasures and recall confirmations read a
 * stored message and write it back, and two of them at once (a reaction arriving while the
 * user reacts) would each overwrite the other's. Locks are kept only while held.
 */

export type MessageLock = <T>(id: string, task: () => Promise<T>) => Promise<T>

export function createMessageLocks (): MessageLock {
  const tails = new Map<string, Promise<void>>()
  return async (id, task) => {
    const previous = tails.get(id) ?? Promise.resolve()
    let release = (): void => {}
    const held = new Promise<void>(resolve => { release = resolve })
    const tail = previous.then(async () => held)
    tails.set(id, tail)
    await previous
    try {
      return await task()
    } finally {
      release()
      if (tails.get(id) === tail) tails.delete(id)
    }
  }
}
