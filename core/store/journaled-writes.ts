/**
 * Batches that count as written once the journal has them: each is appended to the journal
 * (one synchronous write), then applied to LevelDB in the background, records that queue up
 * while one level batch is in flight going out together in the next. Readers wait for
 * `settled()` to see every batch written before they asked. The journal is emptied whenever
 * everything in it is applied, and a writer waits for that when it grows past its cap, so a
 * database that cannot keep up slows writers down instead of growing the journal without end.
 * A failing level batch is retried with backoff; while it fails, readers and writers past the
 * cap get its StorageError, and what the journal holds is applied at the next open.
 */

import { logger } from '@libp2p/logger'
import { StorageError } from '../api/index.ts'
import { encodeRecord, openJournal, type JournalOperation } from './journal.ts'
import type { Database } from './types.ts'

const log = logger('tim:store')

/** empty the journal once everything in it is applied and it holds this much */
const RESET_BYTES = 256 * 1024
/** past this, writers wait until the journal can be emptied */
const MAX_JOURNAL_BYTES = 8 * 1024 * 1024
/** a writer waits this many times for a full journal to be emptied before it gives up */
const FULL_JOURNAL_TRIES = 3
const RETRY_MIN_MS = 50
const RETRY_MAX_MS = 5_000
/** level batch options for journal operations: keys and values as LevelDB stores them */
const STORED_FORM = { keyEncoding: 'utf8', valueEncoding: 'view' } as const

export interface JournaledWrites {
  /** resolves once the batch is in the journal (at once, unless the journal is full) */
  write: (operations: JournalOperation[]) => Promise<void>
  /** resolves once every batch written before the call is in LevelDB */
  settled: () => Promise<void>
  /**
   * waits until everything written is applied and empties the journal, when nothing was written
   * meanwhile (it then holds nothing that LevelDB does not)
   */
  empty: () => Promise<void>
  /** applies what is left (or leaves it in the journal for the next open) and closes the journal */
  close: () => Promise<void>
}

interface Waiter {
  /** resolves once this many records are applied */
  upTo: number
  resolve: () => void
  reject: (err: Error) => void
}

/** one level batch for these records, in order: all of them or none */
async function applyRecords (db: Database, records: JournalOperation[][]): Promise<void> {
  await db.batch(records.flat(), STORED_FORM)
}

export async function openJournaledWrites (db: Database, journalPath: string): Promise<JournaledWrites> {
  const { journal, leftover } = openJournal(journalPath)
  if (leftover.length > 0) {
    log('applying %d batches left in the journal %s', leftover.length, journalPath)
    await applyRecords(db, leftover)
  }
  journal.reset()

  /** appended, not yet handed to LevelDB */
  let queue: JournalOperation[][] = []
  let appended = 0
  let applied = 0
  let applying: Promise<void> | null = null
  /** the last level batch failed and is being retried */
  let failure: Error | null = null
  let closing = false
  let closed = false
  let waiters: Waiter[] = []

  const idle = (): boolean => queue.length === 0 && applying == null

  /** empties the journal when everything in it is applied; a failure only leaves it longer */
  const resetIfIdle = (): void => {
    if (!idle()) {
      return
    }
    try {
      journal.reset()
    } catch (err) {
      log.error('could not empty the journal %s: %e', journalPath, err)
    }
  }

  const wake = (): void => {
    const ready = waiters.filter(waiter => waiter.upTo <= applied)
    waiters = waiters.filter(waiter => waiter.upTo > applied)
    ready.forEach(waiter => { waiter.resolve() })
  }

  const fail = (err: Error): void => {
    failure = new StorageError(`could not write to the database: ${err.message}`)
    const failed = waiters
    waiters = []
    failed.forEach(waiter => { waiter.reject(failure as Error) })
  }

  const applyQueued = async (): Promise<void> => {
    let retryMs = RETRY_MIN_MS
    while (queue.length > 0) {
      const records = queue
      queue = []
      try {
        await applyRecords(db, records)
      } catch (err) {
        queue = [...records, ...queue]
        fail(err as Error)
        log.error('could not apply journaled batches, retrying in %d ms: %e', retryMs, err)
        if (closing) {
          return
        }
        await new Promise(resolve => setTimeout(resolve, retryMs))
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
        continue
      }
      failure = null
      retryMs = RETRY_MIN_MS
      applied += records.length
      wake()
    }
  }

  let startScheduled = false
  const startApplying = (): void => {
    startScheduled = false
    if (applying != null || closed) {
      return
    }
    applying = applyQueued().finally(() => {
      applying = null
      if (queue.length > 0 && !closing) {
        startApplying()
      } else if (journal.size() >= RESET_BYTES) {
        resetIfIdle()
      }
    })
  }

  const settled = async (): Promise<void> => {
    if (failure != null) {
      throw failure
    }
    if (applied >= appended) {
      return
    }
    await new Promise<void>((resolve, reject) => { waiters.push({ upTo: appended, resolve, reject }) })
  }

  return {
    write: async (operations) => {
      for (let tries = 0; journal.size() >= MAX_JOURNAL_BYTES; tries++) {
        if (tries === FULL_JOURNAL_TRIES) {
          throw new StorageError(`could not write to the database: its journal ${journalPath} is full and could not be emptied`)
        }
        await settled()
        resetIfIdle()
      }
      journal.append(encodeRecord(operations))
      queue.push(operations)
      appended++
      // not now: handing a batch to LevelDB costs the caller's turn tens of µs, and the caller
      // (a message on its way out or in) has more urgent work in this turn
      if (!startScheduled && applying == null) {
        startScheduled = true
        setImmediate(startApplying)
      }
    },
    settled,
    empty: async () => {
      await settled()
      resetIfIdle()
    },
    close: async () => {
      closing = true
      startApplying()
      await applying
      closed = true
      if (queue.length === 0) {
        resetIfIdle()
      } else {
        log.error('closing with %d batches not applied: they stay in the journal for the next open', queue.length)
      }
      journal.close()
    }
  }
}
