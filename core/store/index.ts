/**
 * store — the node's one level database (`<data>/db`) with one sublevel per owning room,
 * atomic batches across sublevels written through a journal (`<data>/db.journal`: a batch
 * counts as written once appended there, see journaled-writes.ts), and numbered schema
 * migrations. Knows nothing about what the rooms keep in their sublevels: each room owns its
 * key layout.
 */

import { Level } from 'level'
import { InvalidArgumentError, StorageError } from '../api/index.ts'
import type { JournalOperation } from './journal.ts'
import { openJournaledWrites } from './journaled-writes.ts'
import { migrations, type Migration } from './migrations/index.ts'
import type { BatchOperation, BinarySublevel, Database, JsonSublevel, Store } from './types.ts'

export type * from './types.ts'
export type { Migration } from './migrations/index.ts'

/**
 * LevelDB's memtable: 8 MiB instead of its 4 MiB default halves how often it is flushed and
 * compacted; writing 57,200 messages' worth of batches (5 operations each) took 11% less CPU
 * (3 runs each), at up to two memtables of memory.
 */
const WRITE_BUFFER_BYTES = 8 * 1024 * 1024

export interface StoreInit {
  /** directory of the level database */
  path: string
  /** schema steps to apply; the real list unless a test passes its own */
  migrations?: readonly Migration[]
}

export async function createStore (init: StoreInit): Promise<Store> {
  const db: Database = new Level<string, unknown>(init.path, { valueEncoding: 'json', writeBufferSize: WRITE_BUFFER_BYTES })
  await db.open()
  let writes
  try {
    writes = await openJournaledWrites(db, `${init.path}.journal`)
  } catch (err) {
    await db.close()
    throw new StorageError(`could not open the journal of the database at ${init.path}: ${(err as Error).message}`)
  }
  const sublevels = new Map<string, JsonSublevel<unknown> | BinarySublevel>()
  /** how each sublevel's operations are journaled: its key prefix, and whether its values are raw bytes */
  const forms = new Map<object, { prefix: string, binary: boolean }>()
  const sublevel = <V>(name: string, binary: boolean): JsonSublevel<V> | BinarySublevel => {
    let opened = sublevels.get(name)
    if (opened == null) {
      opened = binary
        ? db.sublevel<string, Uint8Array>(name, { valueEncoding: 'view' })
        : db.sublevel<string, V>(name, { valueEncoding: 'json' }) as JsonSublevel<unknown>
      sublevels.set(name, opened)
      forms.set(opened, { prefix: opened.prefix, binary })
    }
    return opened as JsonSublevel<V> | BinarySublevel
  }
  const json = <V>(name: string): JsonSublevel<V> => sublevel<V>(name, false) as JsonSublevel<V>
  const binary = (name: string): BinarySublevel => sublevel(name, true) as BinarySublevel

  /** an operation as the journal keeps it: the key and value as LevelDB stores them */
  const journalOperation = (op: BatchOperation): JournalOperation => {
    const form = op.sublevel == null ? undefined : forms.get(op.sublevel)
    if (form == null) {
      throw new InvalidArgumentError('a batch operation must name a sublevel of this store')
    }
    if (typeof op.key !== 'string' || op.key.length === 0) {
      throw new InvalidArgumentError('a batch operation needs a key: a string that is not empty')
    }
    const key = form.prefix + op.key
    if (op.type === 'del') {
      return { type: 'del', key }
    }
    if (op.value == null || (form.binary && !(op.value instanceof Uint8Array))) {
      throw new InvalidArgumentError(`a put needs a value${form.binary ? ' of bytes' : ''}`)
    }
    return { type: 'put', key, value: form.binary ? op.value as Uint8Array : Buffer.from(JSON.stringify(op.value)) }
  }
  const meta = json<number>('meta')
  const schemaVersion = async (): Promise<number> => (await meta.get('schemaVersion')) ?? 0

  const store: Store = {
    path: init.path,
    json,
    binary,
    batch: async (operations) => {
      if (operations.length === 0) {
        return
      }
      const journaled = operations.map(journalOperation)
      try {
        await writes.write(journaled)
      } catch (err) {
        throw err instanceof StorageError ? err : new StorageError(`could not write to the database at ${init.path}: ${(err as Error).message}`)
      }
    },
    settled: writes.settled,
    schemaVersion,
    close: async () => {
      await writes.close()
      await db.close()
    }
  }
  try {
    await migrate(store, init.migrations ?? migrations)
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}

async function migrate (store: Store, steps: readonly Migration[]): Promise<void> {
  const current = await store.schemaVersion()
  const latest = steps.at(-1)?.version ?? 0
  if (current > latest) {
    throw new InvalidArgumentError(`the database at ${store.path} has schema version ${current}, newer than this Tim knows (${latest}): upgrade Tim`)
  }
  for (const step of steps.filter(s => s.version > current)) {
    await step.up(store)
    await store.settled()
    await store.json<number>('meta').put('schemaVersion', step.version)
  }
}
