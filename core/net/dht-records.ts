/**
 * What a node holds for others in the DHT, bounded. kad-dht stores every record a peer PUTs
 * (after our validators) and every provider entry a peer ADDs straight into libp2p's
 * datastore, with no limit and no ordering: one stranger with free accounts could fill the
 * disk, and anyone could overwrite an account record with an older one it kept. This
 * datastore (libp2p's own, CacheDatastore, with a guard on kad-dht's keys) is the one place
 * every such write passes — the PUT_VALUE handler, the node's own puts and kad-dht's
 * corrections — so it enforces, on the keys under `/dht/record/` and `/dht/provider/`:
 * - order: for a namespace with an ordering (account records: by seq), a record older than
 *   the one held is refused (StaleRecordError); kad-dht's handler then resets the stream, so
 *   the putting peer sees its put fail;
 * - a global cap (`maxRecords` entries, `maxBytes` bytes): past it a NEW key is refused
 *   (RecordStoreFullError) while held keys can still be updated. Before refusing, entries past
 *   their expiry (an account record's own expiry, else kad-dht's 48 h validity) are dropped,
 *   at most once per `sweepMs`. Keys the node keeps for itself (`keep`: its own account
 *   record) are never refused for space.
 * Everything else libp2p keeps there (the peer store) passes through untouched. Must not:
 * read or write the network, or verify signatures (the validators did, before the put).
 */

import { defaultLogger } from '@libp2p/logger'
import { Key } from 'interface-datastore'
import { reader } from 'protons-runtime'
import { toString as uint8ArrayToString } from 'uint8arrays/to-string'
import type { AbortOptions, Logger } from '@libp2p/interface'
import type { Level } from 'level'
import { CacheDatastore } from './datastore.ts'


/** A record older than the one this node holds for its key. */
export class StaleRecordError extends Error {
  override name = 'StaleRecordError'
}

/** This node holds as many DHT entries as it allows: a new key is refused. */
export class RecordStoreFullError extends Error {
  override name = 'RecordStoreFullError'
}

export interface DhtRecordLimits {
  /** most entries (records and provider entries) held for anyone (default 10,000) */
  maxRecords: number
  /** most bytes of those entries (default 16 MiB) */
  maxBytes: number
  /** dropping expired entries to make room runs at most this often, ms (default 60,000) */
  sweepMs: number
}

export const defaultDhtRecordLimits: DhtRecordLimits = {
  maxRecords: 10_000,
  maxBytes: 16 * 1024 * 1024,
  sweepMs: 60_000
}

/** Per DHT namespace (the first segment of a record key): how its records are ordered and expire. */
export interface RecordNamespace {
  /** whether `incoming` may replace `held` (both record values); false refuses it as stale */
  replaces?: (held: Uint8Array, incoming: Uint8Array) => boolean
  /** when a record value stops being valid, ms since epoch */
  expires?: (value: Uint8Array) => number | undefined
}

export interface DhtRecordUsage {
  records: number
  bytes: number
  maxRecords: number
  maxBytes: number
  /** puts refused because the node already held a newer record for the key */
  staleRefused: number
  /** new keys refused because the store was full */
  fullRefused: number
}

/** kad-dht's validity of a record or provider entry it received (PROVIDERS_VALIDITY) */
const RECEIVED_VALIDITY_MS = 48 * 60 * 60 * 1000
const RECORD_PREFIX = '/dht/record/'
const PROVIDER_PREFIX = '/dht/provider/'

interface Held {
  bytes: number
  /** ms since epoch */
  expires: number
}

interface DecodedRecord {
  key: Uint8Array
  value: Uint8Array
  timeReceived: string
}

/** Decodes kad-dht's stored record (libp2p's Record protobuf: key 1, value 2, timeReceived 5). */
function decodeRecord (bytes: Uint8Array): DecodedRecord {
  const r = reader(bytes)
  const record: DecodedRecord = { key: new Uint8Array(0), value: new Uint8Array(0), timeReceived: '' }
  while (r.pos < r.len) {
    const tag = r.uint32()
    switch (tag >>> 3) {
      case 1: record.key = r.bytes(); break
      case 2: record.value = r.bytes(); break
      case 5: record.timeReceived = r.string(); break
      default: r.skipType(tag & 7)
    }
  }
  return record
}

function namespaceOf (recordKey: Uint8Array): string {
  return uint8ArrayToString(recordKey).split('/')[1] ?? ''
}

/** libp2p's datastore with the guard on kad-dht's entries. */
export class DhtRecordDatastore extends CacheDatastore {
  private readonly limits: DhtRecordLimits
  private readonly namespaces: Record<string, RecordNamespace>
  private readonly kept = new Set<string>()
  private held: Map<string, Held> | undefined
  private bytes = 0
  private lastSweep = 0
  private queue: Promise<unknown> = Promise.resolve()
  private readonly counters = { staleRefused: 0, fullRefused: 0 }

  /** `log`: the node's `tim:net:dht-records` logger */
  constructor (level: Level<string, Uint8Array>, limits: Partial<DhtRecordLimits> = {}, namespaces: Record<string, RecordNamespace> = {},
    log: Logger = defaultLogger().forComponent('tim:net:dht-records')) {
    super(level, log)
    this.limits = { ...defaultDhtRecordLimits, ...limits }
    this.namespaces = namespaces
  }

  /** Never refuse this record key (kad-dht's key: `/tim-account/<id>`) for space: the node's own record. */
  keep (recordKey: Uint8Array): void {
    this.kept.add(`${RECORD_PREFIX}${uint8ArrayToString(recordKey, 'base32')}`)
  }

  usage (): DhtRecordUsage {
    return {
      records: this.held?.size ?? 0,
      bytes: this.bytes,
      maxRecords: this.limits.maxRecords,
      maxBytes: this.limits.maxBytes,
      ...this.counters
    }
  }

  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    const name = key.toString()
    if (!name.startsWith(RECORD_PREFIX) && !name.startsWith(PROVIDER_PREFIX)) {
      return await super.put(key, value, options)
    }
    // one guarded write at a time: the check and the write are one step
    const run = this.queue.then(async () => { await this.guardedPut(key, name, value, options) })
    this.queue = run.catch(() => {})
    await run
    return key
  }

  override async delete (key: Key, options?: AbortOptions): Promise<void> {
    await super.delete(key, options)
    const name = key.toString()
    const entry = this.held?.get(name)
    if (entry != null) {
      this.held?.delete(name)
      this.bytes -= entry.bytes
    }
  }

  private async guardedPut (key: Key, name: string, value: Uint8Array, options?: AbortOptions): Promise<void> {
    const held = await this.load()
    const now = Date.now()
    const isRecord = name.startsWith(RECORD_PREFIX)
    const incoming = isRecord ? decodeRecord(value) : undefined
    const namespace = incoming != null ? this.namespaces[namespaceOf(incoming.key)] : undefined
    const previous = held.get(name)

    if (previous != null && incoming != null && namespace?.replaces != null) {
      const stored = await this.heldValue(key, options)
      if (stored != null && !namespace.replaces(stored, incoming.value)) {
        this.counters.staleRefused++
        this.log('refusing an older record for %s', name)
        throw new StaleRecordError('this node holds a newer record for that key')
      }
    }

    if (previous == null && !this.kept.has(name)) {
      if (!this.fits(value.byteLength, 0)) this.sweep(held, now)
      if (!this.fits(value.byteLength, 0)) {
        this.counters.fullRefused++
        this.log('refusing a new DHT entry %s: %d entries, %d bytes held', name, held.size, this.bytes)
        throw new RecordStoreFullError(`this node holds as many DHT entries as it allows (${this.limits.maxRecords} entries, ${this.limits.maxBytes} bytes)`)
      }
    } else if (previous != null && !this.kept.has(name) && !this.fits(value.byteLength - previous.bytes, 1)) {
      this.counters.fullRefused++
      throw new RecordStoreFullError(`this node holds as many DHT bytes as it allows (${this.limits.maxBytes})`)
    }

    await super.put(key, value, options)
    const expires = Math.min(now + RECEIVED_VALIDITY_MS, (incoming != null ? namespace?.expires?.(incoming.value) : undefined) ?? Infinity)
    held.set(name, { bytes: value.byteLength, expires })
    this.bytes += value.byteLength - (previous?.bytes ?? 0)
  }

  /** whether `extraBytes` more (and one more entry unless `replacing`) stay within the caps */
  private fits (extraBytes: number, replacing: 0 | 1): boolean {
    const count = (this.held?.size ?? 0) + 1 - replacing
    return count <= this.limits.maxRecords && this.bytes + extraBytes <= this.limits.maxBytes
  }

  /** drops expired entries (at most once per sweepMs) */
  private sweep (held: Map<string, Held>, now: number): void {
    if (now - this.lastSweep < this.limits.sweepMs) return
    this.lastSweep = now
    let dropped = 0
    for (const [name, entry] of held) {
      if (entry.expires <= now && !this.kept.has(name)) {
        held.delete(name)
        this.bytes -= entry.bytes
        dropped++
        void super.delete(new Key(name, false)).catch(() => {})
      }
    }
    if (dropped > 0) this.log('dropped %d expired DHT entries', dropped)
  }

  private async heldValue (key: Key, options?: AbortOptions): Promise<Uint8Array | undefined> {
    try {
      return decodeRecord(await super.get(key, options)).value
    } catch {
      return undefined
    }
  }

  /** what the datastore already holds under the guarded prefixes (read once, at the first guarded write) */
  private async load (): Promise<Map<string, Held>> {
    if (this.held != null) return this.held
    const held = new Map<string, Held>()
    let bytes = 0
    for (const prefix of [RECORD_PREFIX, PROVIDER_PREFIX]) {
      for await (const { key, value } of super.query({ prefix })) {
        const name = key.toString()
        let expires = Date.now() + RECEIVED_VALIDITY_MS
        if (prefix === RECORD_PREFIX) {
          try {
            const record = decodeRecord(value)
            const received = Date.parse(record.timeReceived)
            if (Number.isFinite(received)) expires = received + RECEIVED_VALIDITY_MS
            expires = Math.min(expires, this.namespaces[namespaceOf(record.key)]?.expires?.(record.value) ?? Infinity)
          } catch {
            expires = 0
          }
        }
        held.set(name, { bytes: value.byteLength, expires })
        bytes += value.byteLength
      }
    }
    this.held = held
    this.bytes = bytes
    return held
  }
}
