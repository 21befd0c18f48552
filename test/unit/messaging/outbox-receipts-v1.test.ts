/**
 * Store migration 5 and the outbox's first load after it: a receipt an older Tim stored in the
 * outbox as envelope v1 (which recipients now refuse) is sealed again as the current version, written back, and
 * opens on the recipient's device to the same receipt.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import { createOutbox } from '../../../core/messaging/outbox.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { migrations } from '../../../core/store/migrations/index.ts'
import {
  createMessageIdGenerator, decodeEnvelope, decodeMsgFrame, encodeEnvelope, encodeMsgFrame, ENVELOPE_VERSION, ENVELOPE_VERSION_V1,
  messageIdToString, type Body
} from '../../../core/wire/index.ts'
import { sealV1 } from '../../helpers/envelope-v1.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { newIdentity } from './helpers.ts'

const nextId = createMessageIdGenerator()

async function openStore (t: AfterHook, path: string, upTo?: number): Promise<Store> {
  const store = await createStore({ path, ...(upTo != null ? { migrations: migrations.filter(step => step.version <= upTo) } : {}) })
  t.after(async () => { await store.close().catch(() => {}) })
  return store
}

test('a read receipt stored as envelope v1 is sealed again as the current version after the upgrade, and Alice accepts it', async (t) => {
  const [alice, bob] = [await newIdentity(t, 'Alice'), await newIdentity(t, 'Bob')]
  const path = join(await tempDir(t), 'db')
  const id = nextId()
  const refs = [nextId(), nextId()]
  const key = `${alice.identity.deviceId}!${messageIdToString(id)}`

  // what Bob's Tim of schema 3 left in its outbox: kind 1, then the v1 envelope's bytes
  const old = await openStore(t, path, 3)
  const read: Body = { kind: 'receipt', receipt: 'read', refs, at: 0 }
  const v1 = encodeEnvelope(sealV1(bob.identity, alice.device, id, 1_700_000_000_000, read))
  assert.equal(decodeEnvelope(v1, 'batch').version, ENVELOPE_VERSION_V1)
  await old.binary('outbox').put(key, Uint8Array.from([1, ...v1]))
  await old.close()

  const store = await openStore(t, path)
  assert.equal(await store.schemaVersion(), migrations.at(-1)?.version)
  assert.equal((await store.binary('outbox').get(key))?.[0], 2, 'migration 5 marks it as a v1 receipt')

  // without the codec (or the contact device) it stays, unsent
  assert.deepEqual(await createOutbox(store).load(), [])
  const bobCodec = createEnvelopeCodec(bob.identity)
  const outbox = createOutbox(store, { codec: bobCodec, device: deviceId => deviceId === alice.identity.deviceId ? alice.device : undefined })
  const [receipt] = await outbox.load()
  assert.ok(receipt?.kind === 'sealed')
  assert.equal(decodeEnvelope(receipt.encoded, 'batch').version, ENVELOPE_VERSION)

  // Alice accepts it, on Bob's stream as on its own through a mailbox
  const batch = decodeMsgFrame(encodeMsgFrame({ batch: { envelopes: [receipt.encoded] } })).batch
  assert.ok(batch != null)
  const aliceCodec = createEnvelopeCodec(alice.identity)
  const [opened] = aliceCodec.openBatch(batch, bob.device)
  assert.equal(opened.error, undefined)
  assert.deepEqual(opened.body, read)
  assert.deepEqual(aliceCodec.open(bobCodec.sign(decodeEnvelope(receipt.encoded, 'batch')), bob.device), read)
  // while the v1 bytes it replaced would have been refused
  assert.throws(() => aliceCodec.open(bobCodec.sign(decodeEnvelope(v1, 'batch')), bob.device), { name: 'UnsupportedVersionError' })

  // written back as a current receipt: the next start loads it as it is
  await store.settled()
  const stored = await store.binary('outbox').get(key)
  assert.equal(stored?.[0], 1)
  assert.equal(decodeEnvelope(stored?.subarray(1) ?? new Uint8Array(0), 'batch').version, ENVELOPE_VERSION)
  assert.deepEqual((await createOutbox(store).load()).map(entry => entry.kind === 'sealed' ? entry.encoded : undefined), [receipt.encoded])
})
