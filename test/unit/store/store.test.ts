import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Level } from 'level'
import { createStore, type BatchOperation, type Migration, type Store } from '../../../core/store/index.ts'
import { migrations as realMigrations } from '../../../core/store/migrations/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

async function dbPath (t: Parameters<typeof tempDir>[0]): Promise<string> {
  return join(await tempDir(t), 'db')
}

/** Opens the level database directly, the way nothing in Tim does: to check what is on disk. */
async function withRawDb<T> (path: string, fn: (db: Level<string, unknown>) => Promise<T>): Promise<T> {
  const db = new Level<string, unknown>(path, { valueEncoding: 'json' })
  await db.open()
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

/** A migration that records when it ran. */
function step (version: number, ran: number[], up: (store: Store) => Promise<void> = async () => {}): Migration {
  return { version, description: `step ${version}`, up: async (store) => { ran.push(version); await up(store) } }
}

test('a fresh store reaches the latest schema version', async (t) => {
  const store = await createStore({ path: await dbPath(t) })
  t.after(async () => { await store.close() })
  const latest = realMigrations.at(-1)?.version
  assert.ok(latest != null && latest >= 1)
  assert.equal(await store.schemaVersion(), latest)
})

test('reopening a store keeps its data and its schema version', async (t) => {
  const path = await dbPath(t)
  const first = await createStore({ path })
  await first.json<{ name: string }>('contacts').put('timBob', { name: 'Bob' })
  await first.binary('libp2p').put('peer', Uint8Array.of(1, 2, 3))
  await first.close()

  const second = await createStore({ path })
  t.after(async () => { await second.close() })
  assert.deepEqual(await second.json<{ name: string }>('contacts').get('timBob'), { name: 'Bob' })
  assert.deepEqual(Uint8Array.from(await second.binary('libp2p').get('peer') ?? []), Uint8Array.of(1, 2, 3))
  assert.equal(await second.schemaVersion(), realMigrations.at(-1)?.version)
})

test('a database written by a newer Tim is refused, naming both schema versions', async (t) => {
  const path = await dbPath(t)
  await (await createStore({ path })).close()
  await withRawDb(path, async (db) => {
    await db.sublevel<string, number>('meta', { valueEncoding: 'json' }).put('schemaVersion', 99)
  })

  const known = realMigrations.at(-1)?.version ?? 0
  await assert.rejects(createStore({ path }), (err: Error) => {
    assert.equal(err.name, 'InvalidArgumentError')
    assert.match(err.message, /\b99\b/)
    assert.match(err.message, new RegExp(`\\(${known}\\)`))
    assert.match(err.message, /upgrade/i)
    return true
  })

  // the refusal closed the database (LevelDB holds a lock while open) and left it untouched
  const version = await withRawDb(path, async (db) => db.sublevel<string, number>('meta', { valueEncoding: 'json' }).get('schemaVersion'))
  assert.equal(version, 99)
})

test('migrations run in order, each exactly once, and a later one sees what an earlier one wrote', async (t) => {
  const path = await dbPath(t)
  const ran: number[] = []
  const steps = [
    step(1, ran, async (store) => { await store.json<string>('contacts').put('layout', 'one') }),
    step(2, ran, async (store) => {
      const contacts = store.json<string>('contacts')
      await contacts.put('layout', `${await contacts.get('layout')}+two`)
    }),
    step(3, ran)
  ]

  const store = await createStore({ path, migrations: steps })
  assert.deepEqual(ran, [1, 2, 3])
  assert.equal(await store.schemaVersion(), 3)
  assert.equal(await store.json<string>('contacts').get('layout'), 'one+two')
  await store.close()

  // reopening runs nothing again; a release that adds step 4 runs only step 4
  await (await createStore({ path, migrations: steps })).close()
  assert.deepEqual(ran, [1, 2, 3])
  const upgraded = await createStore({ path, migrations: [...steps, step(4, ran)] })
  t.after(async () => { await upgraded.close() })
  assert.deepEqual(ran, [1, 2, 3, 4])
  assert.equal(await upgraded.schemaVersion(), 4)
  assert.equal(await upgraded.json<string>('contacts').get('layout'), 'one+two')
})

test('a failing migration leaves the store closed at the last version that completed', async (t) => {
  const path = await dbPath(t)
  const ran: number[] = []
  const broken = step(2, ran, async () => { throw new Error('step 2 is broken') })
  await assert.rejects(createStore({ path, migrations: [step(1, ran), broken] }), /step 2 is broken/)
  assert.deepEqual(ran, [1, 2])

  // closed: the database can be opened again (LevelDB would report it locked otherwise)
  const version = await withRawDb(path, async (db) => db.sublevel<string, number>('meta', { valueEncoding: 'json' }).get('schemaVersion'))
  assert.equal(version, 1)

  // the fixed release runs step 2 (and only step 2) again
  const store = await createStore({ path, migrations: [step(1, ran), step(2, ran)] })
  t.after(async () => { await store.close() })
  assert.deepEqual(ran, [1, 2, 2])
  assert.equal(await store.schemaVersion(), 2)
})

test('a batch across two sublevels writes both, and survives a reopen', async (t) => {
  const path = await dbPath(t)
  const store = await createStore({ path })
  const contacts = store.json<{ name: string }>('contacts')
  const messages = store.json<{ text: string }>('messages')
  await contacts.put('stale', { name: 'Old' })
  await store.batch([
    { type: 'put', sublevel: contacts, key: 'timBob', value: { name: 'Bob' } },
    { type: 'put', sublevel: messages, key: 'timBob!1', value: { text: 'hi' } },
    { type: 'del', sublevel: contacts, key: 'stale' }
  ] as BatchOperation[])
  await store.close()

  const reopened = await createStore({ path })
  t.after(async () => { await reopened.close() })
  assert.deepEqual(await reopened.json('contacts').get('timBob'), { name: 'Bob' })
  assert.deepEqual(await reopened.json('messages').get('timBob!1'), { text: 'hi' })
  assert.equal(await reopened.json('contacts').get('stale'), undefined)
})

test('a batch with one invalid operation writes nothing at all', async (t) => {
  const store = await createStore({ path: await dbPath(t) })
  t.after(async () => { await store.close() })
  const contacts = store.json<{ name: string }>('contacts')
  const messages = store.json<{ text: string }>('messages')
  await contacts.put('timCarol', { name: 'Carol' })

  await assert.rejects(store.batch([
    { type: 'put', sublevel: contacts, key: 'timBob', value: { name: 'Bob' } },
    { type: 'del', sublevel: contacts, key: 'timCarol' },
    { type: 'put', sublevel: messages, key: undefined, value: { text: 'hi' } }
  ] as unknown as BatchOperation[]))

  assert.equal(await contacts.get('timBob'), undefined)
  assert.deepEqual(await contacts.get('timCarol'), { name: 'Carol' })
  assert.deepEqual(await messages.keys().all(), [])
})

test('json and binary sublevels give back exactly what was stored, each in its own namespace', async (t) => {
  const path = await dbPath(t)
  const store = await createStore({ path })
  const doc = { name: 'Zoë 🙂', n: 1.5, big: Number.MAX_SAFE_INTEGER, list: [1, 'two', null, { nested: true }], empty: {} }
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
  await store.json<typeof doc>('contacts').put('k', doc)
  await store.json<string>('messages').put('k', 'another sublevel')
  await store.binary('libp2p').put('k', bytes)
  await store.close()

  const reopened = await createStore({ path })
  t.after(async () => { await reopened.close() })
  assert.deepEqual(await reopened.json<typeof doc>('contacts').get('k'), doc)
  assert.equal(await reopened.json<string>('messages').get('k'), 'another sublevel')
  const read = await reopened.binary('libp2p').get('k')
  assert.ok(read instanceof Uint8Array)
  assert.deepEqual(Uint8Array.from(read), bytes)
  // the same name gives the same sublevel
  assert.equal(reopened.json('contacts'), reopened.json('contacts'))
})

/** the files of the store at `path` (its level directory and its journal) that hold `marker` */
async function filesHolding (path: string, marker: string): Promise<string[]> {
  const files = [...(await readdir(path)).map(name => join(path, name)), `${path}.journal`]
  const holding: string[] = []
  for (const file of files) {
    const bytes = await readFile(file).catch(() => Buffer.alloc(0))
    if (bytes.includes(Buffer.from(marker))) holding.push(file)
  }
  return holding
}

test('purge removes overwritten and deleted values from the database\'s files, not only from reads', async (t) => {
  const path = await dbPath(t)
  const store = await createStore({ path })
  t.after(async () => { await store.close().catch(() => {}) })
  const messages = store.json<{ text: string }>('messages')
  const [overwritten, deleted, kept] = ['overwritten-7f3a9c', 'deleted-51be02', 'kept-c0ffee']
  await store.batch([
    { type: 'put', sublevel: messages, key: 'a', value: { text: overwritten } },
    { type: 'put', sublevel: messages, key: 'b', value: { text: deleted } },
    { type: 'put', sublevel: messages, key: 'c', value: { text: kept } }
  ] as BatchOperation[])
  await store.settled()
  await store.batch([
    { type: 'put', sublevel: messages, key: 'a', value: { text: '' } },
    { type: 'del', sublevel: messages, key: 'b' }
  ] as BatchOperation[])
  await store.settled()
  assert.notDeepEqual(await filesHolding(path, overwritten), [], 'before the purge LevelDB still holds the old value (else this test shows nothing)')

  await store.purge()
  for (const marker of [overwritten, deleted]) {
    assert.deepEqual(await filesHolding(path, marker), [], `${marker} is gone from disk`)
  }
  assert.notDeepEqual(await filesHolding(path, kept), [], 'what is still stored stays')
  assert.deepEqual(await messages.values().all(), [{ text: '' }, { text: kept }])
  await store.close()
  for (const marker of [overwritten, deleted]) {
    assert.deepEqual(await filesHolding(path, marker), [], `${marker} is not back after close`)
  }
})
