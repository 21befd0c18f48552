/**
 * Group commit: callers hand over batch operations and await them; operations that arrive
 * while a write is in flight go out together in the next single level batch. One writer per
 * node keeps read-modify-write updates (unread counters) serial and writes cheap.
 */

import type { BatchOperation, Store } from '../store/index.ts'

export interface BatchWriter {
  /** resolves once the operations are durably in the database */
  write: (operations: BatchOperation[]) => Promise<void>
  /** runs `task` alone, between batches: for updates that must read what they change */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>
}

interface Pending {
  operations: BatchOperation[]
  resolve: () => void
  reject: (err: Error) => void
}

export function createBatchWriter (store: Store): BatchWriter {
  let queue: Pending[] = []
  let tail: Promise<unknown> = Promise.resolve()
  let scheduled = false

  const flush = async (): Promise<void> => {
    scheduled = false
    const batch = queue
    queue = []
    if (batch.length === 0) {
      return
    }
    try {
      await store.batch(batch.flatMap(pending => pending.operations))
      batch.forEach(pending => { pending.resolve() })
    } catch (err) {
      batch.forEach(pending => { pending.reject(err as Error) })
    }
  }

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task)
    tail = result.catch(() => {})
    return result
  }

  return {
    write: async (operations) => {
      if (operations.length === 0) {
        return
      }
      const done = new Promise<void>((resolve, reject) => { queue.push({ operations, resolve, reject }) })
      if (!scheduled) {
        scheduled = true
        void enqueue(flush)
      }
      return done
    },
    exclusive: enqueue
  }
}
