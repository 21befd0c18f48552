import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createBatchWriter, type LatestOperation } from '../../../core/messaging/batch-writer.ts'
import { createStore, type BatchOperation, type JsonSublevel, type Store } from '../../../core/store/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

interface CountingStore {
  /** delegates to a real store, counting and (when `hold` is set) holding its batches */
  store: Store
  batches: BatchOperation[][]
  /** the next batches wait for this promise before reaching level */
  hold: Promise<void> | null
  contacts: JsonSublevel<string>
}

async function countingStore (t: Parameters<typeof tempDir>[0]): Promise<CountingStore> {
  const real = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await real.close() })
  const counting: CountingStore = {
    batches: [],
    hold: null,
    contacts: real.json<string>('contacts'),
    store: {
      ...real,
      batch: async (operations) => {
        counting.batches.push(operations)
        await counting.hold
        await real.batch(operations)
      }
    }
  }
  return counting
}

/** what the database holds under `key` once everything written so far is visible to reads */
async function readBack (store: Store, sublevel: JsonSublevel<string>, key: string): Promise<string | undefined> {
  await store.settled()
  return await sublevel.get(key)
}

async function keysBack (store: Store, sublevel: JsonSublevel<string>): Promise<string[]> {
  await store.settled()
  return await sublevel.keys().all()
}

function put (sublevel: JsonSublevel<string>, key: string, value = key): BatchOperation {
  return { type: 'put', sublevel, key, value } as BatchOperation
}

test('writes made together go to level as one batch, and each is in the database once it resolved and the store settled', async (t) => {
  const { store, batches, contacts } = await countingStore(t)
  const writer = createBatchWriter(store)
  const keys = Array.from({ length: 20 }, (_, i) => `k${String(i).padStart(2, '0')}`)

  await Promise.all(keys.map(async key => {
    await writer.write([put(contacts, key)])
    assert.equal(await readBack(store, contacts, key), key, `${key} is stored once its write resolved`)
  }))
  assert.equal(batches.length, 1)
  assert.equal(batches[0].length, 20)
  assert.deepEqual(await keysBack(store, contacts), keys)
})

test('writes that arrive while a batch is in flight go out together in the next one', async (t) => {
  const counting = await countingStore(t)
  const { store, batches, contacts } = counting
  const writer = createBatchWriter(store)
  const gate = Promise.withResolvers<void>()
  counting.hold = gate.promise

  const first = writer.write([put(contacts, 'first')])
  await new Promise(resolve => setImmediate(resolve))
  assert.equal(batches.length, 1, 'the first write is in flight')
  const later = Array.from({ length: 10 }, async (_, i) => writer.write([put(contacts, `later${i}`)]))
  await new Promise(resolve => setImmediate(resolve))
  assert.equal(batches.length, 1, 'nothing else reaches level while a batch is in flight')

  counting.hold = null
  gate.resolve()
  await Promise.all([first, ...later])
  assert.equal(batches.length, 2)
  assert.equal(batches[1].length, 10)
  assert.equal((await keysBack(store, contacts)).length, 11)
})

test('an exclusive task runs alone between batches and sees the batch before it', async (t) => {
  const counting = await countingStore(t)
  const { store, batches, contacts } = counting
  const writer = createBatchWriter(store)
  const gate = Promise.withResolvers<void>()
  counting.hold = gate.promise
  const log: string[] = []

  const before = writer.write([put(contacts, 'unread', '1')]).then(() => { log.push('before written') })
  await new Promise(resolve => setImmediate(resolve))
  const task = writer.exclusive(async () => {
    log.push(`task starts with ${batches.length} batch(es) sent`)
    const unread = Number(await readBack(store, contacts, 'unread'))
    await new Promise(resolve => setTimeout(resolve, 20))
    log.push(`task ends with ${batches.length} batch(es) sent`)
    return unread
  })
  const after = writer.write([put(contacts, 'after')]).then(() => { log.push('after written') })

  await new Promise(resolve => setTimeout(resolve, 10))
  assert.deepEqual(log, [], 'the task waits for the batch in flight')
  counting.hold = null
  gate.resolve()

  const [, unread] = await Promise.all([before, task, after])
  assert.equal(unread, 1, 'the task read what the batch before it wrote')
  assert.deepEqual(log, [
    'before written',
    'task starts with 1 batch(es) sent',
    'task ends with 1 batch(es) sent',
    'after written'
  ])
  assert.equal(batches.length, 2)
})

test('a failed batch rejects exactly the writes in it; later writes still succeed', async (t) => {
  const counting = await countingStore(t)
  const { store, batches, contacts } = counting
  const writer = createBatchWriter(store)
  const gate = Promise.withResolvers<void>()
  counting.hold = gate.promise

  // batch 1: in flight, fine
  const ok = writer.write([put(contacts, 'ok')])
  await new Promise(resolve => setImmediate(resolve))
  // batch 2: one good write and one with an invalid key, grouped together
  const good = writer.write([put(contacts, 'grouped')])
  const bad = writer.write([{ type: 'put', sublevel: contacts, key: undefined, value: 'x' } as unknown as BatchOperation])
  const settled = Promise.allSettled([ok, good, bad])
  counting.hold = null
  gate.resolve()

  const [okResult, goodResult, badResult] = await settled
  assert.equal(okResult.status, 'fulfilled')
  assert.equal(goodResult.status, 'rejected', 'a write grouped with a bad one fails with it')
  assert.equal(badResult.status, 'rejected')
  assert.equal(batches.length, 2)
  assert.equal(await readBack(store, contacts, 'grouped'), undefined, 'the failed batch wrote nothing')

  await writer.write([put(contacts, 'afterwards')])
  assert.equal(await readBack(store, contacts, 'afterwards'), 'afterwards')
  assert.equal(await readBack(store, contacts, 'ok'), 'ok')
  assert.equal(batches.length, 3)
})

test('a failing exclusive task rejects its caller only', async (t) => {
  const { store, contacts } = await countingStore(t)
  const writer = createBatchWriter(store)
  await assert.rejects(writer.exclusive(async () => { throw new Error('task failed') }), /task failed/)
  await writer.write([put(contacts, 'still works')])
  assert.equal(await writer.exclusive(async () => readBack(store, contacts, 'still works')), 'still works')
})

test('an empty write resolves without touching level', async (t) => {
  const { store, batches } = await countingStore(t)
  await createBatchWriter(store).write([])
  assert.equal(batches.length, 0)
})

test('in one group commit only the latest entry of each slot reaches level, after the others, and is told once durable', async (t) => {
  const { store, batches, contacts } = await countingStore(t)
  const writer = createBatchWriter(store)
  const told: string[] = []
  const unread = (count: string): LatestOperation => ({ slot: 'unread', operation: () => put(contacts, 'unread', count), written: () => { told.push(count) } })
  const afterwards = writer.exclusive(async () => { told.push('exclusive task') })
  await Promise.all([
    afterwards,
    writer.write([put(contacts, 'a')], unread('1')),
    writer.write([put(contacts, 'b')], unread('2')),
    writer.write([], unread('3')),
    writer.write([put(contacts, 'c')], { slot: 'other', operation: () => put(contacts, 'other') })
  ])
  assert.equal(batches.length, 1)
  assert.deepEqual(batches[0].map(op => `${String(op.key)}=${String(op.type === 'put' ? op.value : '')}`), ['a=a', 'b=b', 'c=c', 'unread=3', 'other=other'])
  assert.equal(await readBack(store, contacts, 'unread'), '3')
  assert.deepEqual(told, ['exclusive task', '3'], 'only the slot\'s latest entry is told, after the batch it went in')

  const next = writer.write([put(contacts, 'd')], unread('4'))
  const task = writer.exclusive(async () => { told.push('next task') })
  await Promise.all([next, task])
  assert.deepEqual(batches[1].map(op => String(op.key)), ['d', 'unread'])
  assert.deepEqual(told.slice(2), ['4', 'next task'], 'told before a later task runs')
})

test('a slot whose batch fails is not told', async (t) => {
  const { store, contacts } = await countingStore(t)
  const told: string[] = []
  const failing = { ...store, batch: async () => { throw new Error('disk full') } }
  const writer = createBatchWriter(failing)
  await assert.rejects(writer.write([put(contacts, 'a')], { slot: 'unread', operation: () => put(contacts, 'unread', '1'), written: () => { told.push('1') } }), /disk full/)
  assert.deepEqual(told, [])
})

test('a caller that writes again as soon as each write resolves does not hold the event loop: I/O gets turns in between', async (t) => {
  const { store, batches, contacts } = await countingStore(t)
  const writer = createBatchWriter(store)
  // a client writing back to back: each write resolves in a microtask after its batch, so
  // without the per-turn budget none of this would let a socket, timer or immediate run
  let turns = 0
  let stop = false
  const countTurns = (): void => {
    turns++
    if (!stop) {
      setImmediate(countTurns)
    }
  }
  setImmediate(countTurns)
  const started = performance.now()
  let written = 0
  while (performance.now() - started < 100 && written < 100_000) {
    await writer.write([put(contacts, `k${String(written).padStart(6, '0')}`)])
    written++
  }
  stop = true
  assert.ok(turns >= 5, `the event loop turned ${turns} times during 100 ms of back-to-back writes (${written} writes in ${batches.length} batches)`)
  assert.equal((await keysBack(store, contacts)).length, written, 'every write is stored')
})
