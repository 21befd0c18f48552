/**
 * store — the node's one level database (`<data>/db`) with one sublevel per owning room,
 * atomic batches across sublevels, and numbered schema migrations. Knows nothing about what
 * the rooms keep in their sublevels: each room owns its key layout.
 */

import { Level } from 'level'
import { InvalidArgumentError, StorageError } from '../api/index.ts'
import { migrations, type Migration } from './migrations/index.ts'
import type { BinarySublevel, Database, JsonSublevel, Store } from './types.ts'

export type * from './types.ts'
export type { Migration } from './migrations/index.ts'

export interface StoreInit {
  /** directory of the level database */
  path: string
  /** schema steps to apply; the real list unless a test passes its own */
  migrations?: readonly Migration[]
}

export async function createStore (init: StoreInit): Promise<Store> {
  const db: Database = new Level<string, unknown>(init.path, { valueEncoding: 'json' })
  await db.open()
  const sublevels = new Map<string, JsonSublevel<unknown> | BinarySublevel>()
  const json = <V>(name: string): JsonSublevel<V> => {
    let sublevel = sublevels.get(name)
    if (sublevel == null) {
      sublevel = db.sublevel<string, V>(name, { valueEncoding: 'json' }) as JsonSublevel<unknown>
      sublevels.set(name, sublevel)
    }
    return sublevel as JsonSublevel<V>
  }
  const binary = (name: string): BinarySublevel => {
    let sublevel = sublevels.get(name)
    if (sublevel == null) {
      sublevel = db.sublevel<string, Uint8Array>(name, { valueEncoding: 'view' })
      sublevels.set(name, sublevel)
    }
    return sublevel as BinarySublevel
  }
  const meta = json<number>('meta')
  const schemaVersion = async (): Promise<number> => (await meta.get('schemaVersion')) ?? 0

  const store: Store = {
    path: init.path,
    json,
    binary,
    batch: async (operations) => {
      try {
        await db.batch(operations)
      } catch (err) {
        throw new StorageError(`could not write to the database at ${init.path}: ${(err as Error).message}`)
      }
    },
    schemaVersion,
    close: async () => { await db.close() }
  }
  try {
    await migrate(store, init.migrations ?? migrations)
  } catch (err) {
    await db.close()
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
    await store.json<number>('meta').put('schemaVersion', step.version)
  }
}
