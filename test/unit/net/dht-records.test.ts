/**
 * The DHT store's guard (core/net/dht-records.ts) on a real level database: account records
 * never go back in seq, new keys are refused past the caps while held ones are updated, the
 * node's own record always fits, expired entries make room, what was held before a restart
 * counts, and everything that is not a DHT entry passes through.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { Key } from 'interface-datastore'
import { Level } from 'level'
import { writer } from 'protons-runtime'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair } from '../../../core/crypto/index.ts'
import {
  ACCOUNT_RECORD_NAMESPACE, accountIdFromPublicKey, accountRecordExpiry, accountRecordKey, accountRecordReplaces,
  createAccountRecord, issueDeviceCertificate
} from '../../../core/identity/index.ts'
import { DhtRecordDatastore, type DhtRecordLimits } from '../../../core/net/dht-records.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

const HOUR = 3_600_000
const DEVICE = '12D3KooWKrVQWMFVG9NQhrQ1uGC7WTdu5kB7q3GRfth54g2x4g3L'

interface Account {
  key: Uint8Array
  record: (seq: number, ttlMs?: number) => Uint8Array
}

function newAccount (): Account {
  const signer = createSigner(generateSigningKeyPair())
  const certificate = issueDeviceCertificate({ accountSigner: signer, deviceId: DEVICE, boxKey: generateBoxKeyPair().publicKey, name: 'x' })
  return {
    key: accountRecordKey(accountIdFromPublicKey(signer.publicKey)),
    record: (seq, ttlMs = HOUR) => createAccountRecord(signer, [{ certificate, addresses: [] }], seq, ttlMs)
  }
}

/** kad-dht's stored form: libp2p's Record protobuf */
function stored (key: Uint8Array, value: Uint8Array): Uint8Array {
  const w = writer()
  w.uint32(10); w.bytes(key)
  w.uint32(18); w.bytes(value)
  w.uint32(42); w.string(new Date().toISOString())
  return w.finish()
}

function dsKey (key: Uint8Array): Key {
  return new Key(`/dht/record/${uint8ArrayToString(key, 'base32')}`, false)
}

async function open (t: AfterHook, limits: Partial<DhtRecordLimits>, dir?: string): Promise<{ ds: DhtRecordDatastore, dir: string }> {
  const path = dir ?? join(await tempDir(t), 'db')
  const level = new Level<string, Uint8Array>(path, { valueEncoding: 'view' })
  const ds = new DhtRecordDatastore(level, limits, { [ACCOUNT_RECORD_NAMESPACE]: { replaces: accountRecordReplaces, expires: accountRecordExpiry } })
  await ds.open()
  t.after(async () => { await ds.close() })
  return { ds, dir: path }
}

test('an account record is replaced by a newer one and never by an older one', async (t) => {
  const { ds } = await open(t, {})
  const account = newAccount()
  await ds.put(dsKey(account.key), stored(account.key, account.record(5)))
  await assert.rejects(ds.put(dsKey(account.key), stored(account.key, account.record(3))), { name: 'StaleRecordError' })
  await ds.put(dsKey(account.key), stored(account.key, account.record(5)))
  await ds.put(dsKey(account.key), stored(account.key, account.record(7)))
  assert.deepEqual(ds.usage(), { records: 1, bytes: ds.usage().bytes, maxRecords: 10_000, maxBytes: 16 * 1024 * 1024, staleRefused: 1, fullRefused: 0 })
})

test('past the cap new keys are refused, held ones updated, the node\'s own always fits, and other keys pass', async (t) => {
  const { ds } = await open(t, { maxRecords: 2 })
  const [a, b, c, own] = [newAccount(), newAccount(), newAccount(), newAccount()]
  await ds.put(dsKey(a.key), stored(a.key, a.record(1)))
  await ds.put(dsKey(b.key), stored(b.key, b.record(1)))
  await assert.rejects(ds.put(dsKey(c.key), stored(c.key, c.record(1))), { name: 'RecordStoreFullError' })
  await ds.put(dsKey(b.key), stored(b.key, b.record(2)))
  ds.keep(own.key)
  await ds.put(dsKey(own.key), stored(own.key, own.record(1)))
  // the peer store and the rest of libp2p's data are not DHT entries
  await ds.put(new Key('/peers/somebody'), new Uint8Array(100))
  assert.equal(ds.usage().records, 3)
  assert.equal(ds.usage().fullRefused, 1)
  // the node's own record counts too: a deleted entry makes room only below the cap
  await ds.delete(dsKey(a.key))
  await assert.rejects(ds.put(dsKey(c.key), stored(c.key, c.record(1))), { name: 'RecordStoreFullError' })
  await ds.delete(dsKey(b.key))
  await ds.put(dsKey(c.key), stored(c.key, c.record(1)))
  assert.equal(ds.usage().records, 2)
})

test('expired entries make room for new ones', async (t) => {
  const { ds } = await open(t, { maxRecords: 1, sweepMs: 0 })
  const [short, next] = [newAccount(), newAccount()]
  await ds.put(dsKey(short.key), stored(short.key, short.record(1, 1)))
  await new Promise(resolve => setTimeout(resolve, 5))
  await ds.put(dsKey(next.key), stored(next.key, next.record(1)))
  assert.equal(ds.usage().records, 1)
  await assert.rejects(ds.get(dsKey(short.key)), { name: 'NotFoundError' })
})

test('what a node held before it restarted counts against its cap', async (t) => {
  const first = await open(t, { maxRecords: 2 })
  const [a, b, c] = [newAccount(), newAccount(), newAccount()]
  await first.ds.put(dsKey(a.key), stored(a.key, a.record(1)))
  await first.ds.put(dsKey(b.key), stored(b.key, b.record(1)))
  await first.ds.close()
  const again = await open(t, { maxRecords: 2 }, first.dir)
  await assert.rejects(again.ds.put(dsKey(c.key), stored(c.key, c.record(1))), { name: 'RecordStoreFullError' })
  await assert.rejects(again.ds.put(dsKey(a.key), stored(a.key, a.record(0))), { name: 'StaleRecordError' })
  assert.equal(again.ds.usage().records, 2)
})
