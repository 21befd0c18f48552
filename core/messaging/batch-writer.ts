/**
 * Group commit: callers hand over batch operations and await them; operations that arrive
 * while a write is in flight go out together in the next single level batch, where only the
 * last operation on each key is kept (the others would be overwritten in the same write). One
 * writer per node keeps read-modify-write updates (unread counters) serial and writes cheap.
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

/** The operations in order, less those that a later operation on the same key overrides. */
export function lastPerKey (operations: BatchOperation[]): BatchOperation[] {
  const later = new Map<unknown, Set<unknown>>()
  const kept: BatchOperation[] = []
  for (let i = operations.length - 1; i >= 0; i--) {
    const operation = operations[i]
    let keys = later.get(operation.sublevel)
    if (keys == null) {
      keys = new Set()
      later.set(operation.sublevel, keys)
    }
    if (!keys.has(operation.key)) {
      keys.add(operation.key)
      kept.push(operation)
    }
  }
  return kept.reverse()
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
      await store.batch(lastPerKey(batch.flatMap(pending => pending.operations)))
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
