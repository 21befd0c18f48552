import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeRecords, encodeRecord, type JournalOperation } from '../../../core/store/journal.ts'
import { createStore } from '../../../core/store/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

const killedWriter = fileURLToPath(new URL('./killed-writer.ts', import.meta.url))
/** batches the killed writer writes */
const COUNT = 50

const operations: JournalOperation[] = [
  { type: 'put', key: '!contacts!ünïcødé ✓', value: Uint8Array.from(Buffer.from('{"name":"Zoë"}')) },
  { type: 'del', key: '!outbox!gone' },
  { type: 'put', key: '!outbox!empty', value: new Uint8Array(0) },
  { type: 'put', key: '!outbox!bytes', value: Uint8Array.of(0, 1, 2, 255) }
]

test('journal records read back as the operations written, in order', () => {
  const bytes = Buffer.concat([encodeRecord(operations), encodeRecord(operations.slice(1, 2))])
  const { records, validBytes } = decodeRecords(bytes)
  assert.equal(validBytes, bytes.byteLength)
  assert.deepEqual(records, [operations, operations.slice(1, 2)])
})

test('reading a journal stops at a torn or corrupt record and keeps the ones before it', () => {
  const first = encodeRecord(operations)
  const second = encodeRecord(operations.slice(0, 1))
  for (let cut = 1; cut < second.byteLength; cut++) {
    const { records, validBytes } = decodeRecords(Buffer.concat([first, second.subarray(0, cut)]))
    assert.deepEqual(records, [operations], `second record cut after ${cut} bytes`)
    assert.equal(validBytes, first.byteLength)
  }
  const corrupt = Buffer.from(second)
  corrupt[corrupt.byteLength - 1] ^= 1
  const { records } = decodeRecords(Buffer.concat([first, corrupt, first]))
  assert.deepEqual(records, [operations], 'nothing after a record whose checksum fails')
})

test('batches that resolved survive a SIGKILL before LevelDB applied them, and the next open applies them', async (t) => {
  const path = join(await tempDir(t), 'db')
  const child = spawnSync(process.execPath, ['--import', 'tsx', killedWriter, path, String(COUNT)], { encoding: 'utf8', timeout: 30_000 })
  assert.equal(child.signal, 'SIGKILL', `the writer killed itself (stderr: ${child.stderr})`)
  assert.ok(statSync(`${path}.journal`).size > 0, 'the batches were in the journal when the process died')

  const store = await createStore({ path })
  t.after(async () => { await store.close() })
  const contacts = store.json<{ n: number }>('contacts')
  const outbox = store.binary('outbox')
  for (let n = 0; n < COUNT; n++) {
    assert.deepEqual(await contacts.get(`k${n}`), { n })
    assert.deepEqual([...await outbox.get(`k${n}`) ?? []], [n, 255])
  }
  assert.equal(statSync(`${path}.journal`).size, 0, 'the journal is emptied once applied')
})

test('a torn record at the end of the journal is dropped; every whole record before it is applied', async (t) => {
  const path = join(await tempDir(t), 'db')
  spawnSync(process.execPath, ['--import', 'tsx', killedWriter, path, String(COUNT)], { timeout: 30_000 })
  const whole = readFileSync(`${path}.journal`)
  // a record whose write was cut short: only part of its payload reached the file
  appendFileSync(`${path}.journal`, encodeRecord(operations).subarray(0, 20))

  const store = await createStore({ path })
  t.after(async () => { await store.close() })
  assert.deepEqual(await store.json<{ n: number }>('contacts').get(`k${COUNT - 1}`), { n: COUNT - 1 })
  assert.equal(await store.binary('outbox').get('bytes'), undefined, 'the torn record wrote nothing')
  assert.ok(whole.byteLength > 0)
})

test('a batch is readable once the store settled, and a bad operation is refused before it reaches the journal', async (t) => {
  const path = join(await tempDir(t), 'db')
  const store = await createStore({ path })
  t.after(async () => { await store.close() })
  const contacts = store.json<string>('contacts')
  await store.batch([{ type: 'put', sublevel: contacts, key: 'a', value: 'A' }])
  await store.settled()
  assert.equal(await contacts.get('a'), 'A')

  const before = statSync(`${path}.journal`).size
  await assert.rejects(store.batch([{ type: 'put', sublevel: contacts, key: 'b', value: undefined as unknown as string }]), { name: 'InvalidArgumentError' })
  await assert.rejects(store.batch([{ type: 'put', key: 'no-sublevel', value: 'x' } as never]), { name: 'InvalidArgumentError' })
  assert.equal(statSync(`${path}.journal`).size, before)
})

test('closing applies everything and leaves an empty journal; a journal left over opens fine when empty', async (t) => {
  const path = join(await tempDir(t), 'db')
  const store = await createStore({ path })
  await store.batch([{ type: 'put', sublevel: store.json<string>('contacts'), key: 'kept', value: 'yes' }])
  await store.close()
  assert.equal(statSync(`${path}.journal`).size, 0)
  writeFileSync(`${path}.journal`, '')
  const again = await createStore({ path })
  t.after(async () => { await again.close() })
  assert.equal(await again.json<string>('contacts').get('kept'), 'yes')
})

test('a writer waits while the journal is past its cap until everything is applied and the journal emptied; nothing is lost', async (t) => {
  const path = join(await tempDir(t), 'db')
  const store = await createStore({ path })
  t.after(async () => { await store.close() })
  const outbox = store.binary('outbox')
  const MiB = 1024 * 1024
  let largest = 0
  for (let n = 0; n < 20; n++) {
    await store.batch([{ type: 'put', sublevel: outbox, key: `big${n}`, value: new Uint8Array(MiB).fill(n) }])
    largest = Math.max(largest, statSync(`${path}.journal`).size)
  }
  assert.ok(largest <= 9 * MiB + 4096, `the journal stayed near its 8 MiB cap (largest ${largest} B)`)
  await store.settled()
  for (let n = 0; n < 20; n++) {
    const value = await outbox.get(`big${n}`)
    assert.equal(value?.byteLength, MiB)
    assert.equal(value?.[MiB - 1], n)
  }
})
