/**
 * store — the node's one level database (`<data>/db`) with one sublevel per owning room,
 * atomic batches across sublevels written through a journal (`<data>/db.journal`: a batch
 * counts as written once appended there, see journaled-writes.ts), and numbered schema
 * migrations. Knows nothing about what the rooms keep in their sublevels: each room owns its
 * key layout.
 *
 * File modes: the database directory is 0700 and its files and the journal 0600, whatever
 * they were before (set at open and again at close). LevelDB creates its files itself, at any
 * time (a compaction, a new log), with mode 0644 less the process umask, so while any store
 * is open the process umask also masks group and other bits (0077), and the umask it had is
 * restored when the last store closes. A umask is process-wide: in the Electron main process
 * and in `tim node --ui`, which host the node in-process, every file that process creates
 * while a node runs is owner-only too. That is chosen on purpose: Chromium already writes its
 * profile owner-only, and nothing there writes files meant for other users. Where the umask
 * cannot be set (a worker thread), the directory's 0700 still keeps others out, and the modes
 * are put right at close and at the next open.
 */

import { chmod, lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
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

/** Keys below and above every sublevel's keys (which start with `!`): see `purge`. */
const PURGE_LOW = '\u0000purge'
const PURGE_HIGH = '\uffffpurge'

/** What `level` is on Node (classic-level) and its types leave out. */
interface Compactable {
  compactRange: (start: string, end: string) => Promise<void>
}

export interface StoreInit {
  /** directory of the level database */
  path: string
  /** schema steps to apply; the real list unless a test passes its own */
  migrations?: readonly Migration[]
}

/** Stores open in this process; while there is one, the umask masks 0077. */
let ownerOnlyHolds = 0
/** the umask before the first store opened; undefined when it could not be changed */
let umaskBefore: number | undefined

/** Makes files created from now on owner-only, until the returned function is called. */
function holdOwnerOnlyUmask (): () => void {
  if (ownerOnlyHolds++ === 0) {
    try {
      const previous = process.umask(0o077)
      if ((previous | 0o077) !== 0o077) process.umask(previous | 0o077)
      umaskBefore = previous
    } catch {
      // worker threads cannot change the umask: the directory's 0700 and the chmods must do
      umaskBefore = undefined
    }
  }
  let released = false
  return () => {
    if (released) return
    released = true
    if (--ownerOnlyHolds === 0 && umaskBefore !== undefined) {
      process.umask(umaskBefore)
      umaskBefore = undefined
    }
  }
}

/**
 * Makes a private tree its owner's only: every directory 0700, every file 0600, from `path`
 * down. Symbolic links are neither followed nor changed; an entry that disappears meanwhile
 * (a database compacting) is skipped.
 */
export async function restrictToOwner (path: string): Promise<void> {
  let entry
  try {
    entry = await lstat(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  if (entry.isSymbolicLink()) return
  const mode = entry.isDirectory() ? 0o700 : 0o600
  try {
    if ((entry.mode & 0o777) !== mode) await chmod(path, mode)
    if (entry.isDirectory()) {
      for (const name of await readdir(path)) await restrictToOwner(join(path, name))
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}

export async function createStore (init: StoreInit): Promise<Store> {
  const journalPath = `${init.path}.journal`
  const release = holdOwnerOnlyUmask()
  const db: Database = new Level<string, unknown>(init.path, { valueEncoding: 'json', writeBufferSize: WRITE_BUFFER_BYTES })
  try {
    await Promise.all([restrictToOwner(init.path), restrictToOwner(journalPath)])
    await db.open()
  } catch (err) {
    release()
    throw err
  }
  let writes
  try {
    writes = await openJournaledWrites(db, journalPath)
  } catch (err) {
    await db.close()
    release()
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
    purge: async () => {
      await writes.empty()
      // A compaction of the whole key range flushes the memtable (its log file is then deleted)
      // and merges each level into the next, dropping overwritten and deleted versions, down to
      // the deepest level that has files, which it leaves as it is. But a memtable flush keeps
      // every version it held and may be written straight to level 2, the deepest one in a small
      // database. So each pass first writes two marker keys spanning the whole key range: the
      // second pass's flush then overlaps every file and lands above the deepest level, and the
      // compaction merges that level too. The markers live outside every sublevel.
      for (let pass = 0; pass < 2; pass++) {
        await db.batch([{ type: 'put', key: PURGE_LOW, value: pass }, { type: 'put', key: PURGE_HIGH, value: pass }])
        await (db as Database & Compactable).compactRange(PURGE_LOW, PURGE_HIGH)
      }
      // the journal keeps applied batches until it is emptied: empty it now
      await writes.empty()
    },
    close: async () => {
      try {
        await writes.close()
        await db.close()
        await Promise.all([restrictToOwner(init.path), restrictToOwner(journalPath)])
      } finally {
        release()
      }
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
