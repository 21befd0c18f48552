/**
 * The outbox sublevel: what send() persists comes back after a restart, in message order
 * (messages as ids to seal again from the history, sealed payloads with their envelopes), and an outbox
 * written by an earlier Tim (schema 2: JSON records of signed envelopes) is migrated, nothing
 * lost. That a restarted node really sends the texts again is the crash tests' part.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import type { OutboundEnvelope } from '../../../core/messaging/delivery.ts'
import { createOutbox, type StoredOutboundEnvelope } from '../../../core/messaging/outbox.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { migrations } from '../../../core/store/migrations/index.ts'
import { createMessageIdGenerator, decodeEnvelope, encodeEnvelope, messageIdToString, type Body } from '../../../core/wire/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { newIdentity, type TestIdentity } from './helpers.ts'

const nextId = createMessageIdGenerator()

function envelopeFor (from: TestIdentity, to: TestIdentity, kind: OutboundEnvelope['kind'], text: string): OutboundEnvelope {
  const id = nextId()
  const body: Body = kind === 'message'
    ? { kind: 'text', text, burnSeconds: 0 }
    : { kind: 'receipt', receipt: 'read', refs: [nextId()], at: Date.now() }
  const envelope = createEnvelopeCodec(from.identity).seal(to.device, id, Date.now(), body)
  return { id: messageIdToString(id), deviceId: to.identity.deviceId, kind, encoded: encodeEnvelope(envelope), queuedAt: 0 }
}

async function openStore (t: AfterHook, path: string, upTo?: number): Promise<Store> {
  const store = await createStore({ path, ...(upTo != null ? { migrations: migrations.filter(step => step.version <= upTo) } : {}) })
  t.after(async () => { await store.close().catch(() => {}) })
  return store
}

/** what the outbox must give back for these: a message's id and device, a sealed payload's bytes too */
const expected = (items: OutboundEnvelope[]): StoredOutboundEnvelope[] =>
  items.map(({ id, deviceId, kind, encoded }) => kind === 'message' ? { kind, id, deviceId } : { kind, id, deviceId, encoded })

const summary = (entries: StoredOutboundEnvelope[]): unknown[] =>
  entries.map(entry => 'encoded' in entry ? { ...entry, encoded: Buffer.from(entry.encoded).toString('hex') } : entry)

test('persisted envelopes load back after a reopen, oldest message first, minus those deleted', async (t) => {
  const [alice, bob, carol] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob'), await newIdentity(t, 'Carol')]
  const items = [envelopeFor(alice, carol, 'message', 'one'), envelopeFor(alice, bob, 'sealed', ''), envelopeFor(alice, carol, 'message', 'three')]
  const path = join(await tempDir(t), 'db')
  const first = await openStore(t, path)
  const outbox = createOutbox(first)
  await first.batch(outbox.putOps([items[2], items[0], items[1]]))
  await first.batch([outbox.delOp(items[1])])
  await first.close()

  const loaded = await createOutbox(await openStore(t, path)).load()
  assert.deepEqual(summary(loaded), summary(expected([items[0], items[2]])))
})

test('a receipt comes back with its envelope, unsigned, and a text message without one', async (t) => {
  const [alice, bob] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob')]
  const items = [envelopeFor(alice, bob, 'message', 'hello'), envelopeFor(alice, bob, 'sealed', '')]
  const store = await openStore(t, join(await tempDir(t), 'db'))
  const outbox = createOutbox(store)
  await store.batch(outbox.putOps(items))
  const loaded = await outbox.load()
  assert.deepEqual(summary(loaded), summary(expected(items)))
  const receipt = loaded[1]
  assert.ok(receipt.kind === 'sealed' && decodeEnvelope(receipt.encoded, 'batch').signature.byteLength === 0)
  // the text's envelope was not written: its entry is one byte
  assert.deepEqual((await store.binary('outbox').values().all()).map(value => value.byteLength).sort((a, b) => a - b)[0], 1)
})

test('an outbox of schema 2 (JSON, signed envelopes) is migrated and loads every envelope, unsigned', async (t) => {
  const [alice, bob] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob')]
  const codec = createEnvelopeCodec(alice.identity)
  const items = [envelopeFor(alice, bob, 'message', 'sent before the upgrade'), envelopeFor(alice, bob, 'sealed', '')]
  const path = join(await tempDir(t), 'db')
  const v2 = await openStore(t, path, 2)
  for (const item of items) {
    // exactly what schema 2 wrote: a JSON document with the signed envelope in base64
    const record = { id: item.id, deviceId: item.deviceId, kind: item.kind === 'message' ? 'text' : 'receipt', envelope: Buffer.from(encodeEnvelope(codec.sign(decodeEnvelope(item.encoded, 'batch')))).toString('base64') }
    await v2.binary('outbox').put(`${item.deviceId}!${item.id}`, Buffer.from(JSON.stringify(record)))
  }
  await v2.close()

  const store = await openStore(t, path)
  assert.equal(await store.schemaVersion(), migrations.at(-1)?.version)
  assert.deepEqual(summary(await createOutbox(store).load()), summary(expected(items)))
})

test('an unreadable outbox entry is skipped and kept; the others load', async (t) => {
  const [alice, bob] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob')]
  const item = envelopeFor(alice, bob, 'message', 'fine')
  const store = await openStore(t, join(await tempDir(t), 'db'))
  const outbox = createOutbox(store)
  await store.batch(outbox.putOps([item]))
  await store.binary('outbox').put(`${item.deviceId}!00000000000000000000000000`, Uint8Array.from([7, 1, 2, 3]))
  assert.deepEqual(summary(await outbox.load()), summary(expected([item])))
  assert.equal((await store.binary('outbox').keys().all()).length, 2)
})
