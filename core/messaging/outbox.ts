/**
 * The outbox: every envelope is persisted here before send() returns and stays until its
 * device acks it or a mailbox holds it, so that a restarted node sends it again. Owns the
 * `outbox` sublevel: deviceId!messageId → one kind byte, then
 *   - for a message (kind 0): nothing. It is in the message history, so a restarted node seals
 *     it again (a fresh nonce, the same id: the recipient keeps it once); the 1 KiB envelope is
 *     not written a second time.
 *   - for everything else (kind 1: receipts, edits, reactions, erasures, contact requests, which
 *     have no history entry to seal them from): the unsigned envelope's protobuf bytes.
 *   - kind 2: a receipt stored as envelope v1, before envelopes bound their sender (store
 *     migration 5 marks them: the store holds no keys). Recipients refuse v1, so `load` seals
 *     it again as v2 through the envelope codec (the same pair key opens what we sealed) and
 *     writes it back as kind 1; until its contact device is known it stays, unsent.
 */

import { logger } from '@libp2p/logger'
import type { DeviceId, MessageId } from '../api/index.ts'
import type { VerifiedDevice } from '../identity/index.ts'
import type { BatchOperation, BinarySublevel, Store } from '../store/index.ts'
import { decodeEnvelope, encodeEnvelope, ENVELOPE_VERSION_V1, type Envelope } from '../wire/index.ts'
import type { OutboundEnvelope } from './delivery.ts'
import type { EnvelopeCodec } from './envelopes.ts'

/** What the outbox gives back: a sealed envelope's bytes, or a message to seal again from the history. */
export type StoredOutboundEnvelope =
  | { kind: 'sealed', id: MessageId, deviceId: DeviceId, encoded: Uint8Array<ArrayBuffer> }
  | { kind: 'message', id: MessageId, deviceId: DeviceId }

/** What the outbox needs to seal again, as v2, receipts stored as envelope v1. */
export interface OutboxInit {
  codec: Pick<EnvelopeCodec, 'reseal'>
  /** the contact device a stored envelope is for, when known */
  device: (deviceId: DeviceId) => VerifiedDevice | undefined
}

export interface Outbox {
  /** operations that persist these envelopes */
  putOps: (items: OutboundEnvelope[]) => BatchOperation[]
  /** the operation that forgets one envelope */
  delOp: (item: Pick<OutboundEnvelope, 'deviceId' | 'id'>) => BatchOperation
  /** everything persisted, oldest message first; receipts stored as v1 are sealed again as v2 first */
  load: () => Promise<StoredOutboundEnvelope[]>
}

const log = logger('tim:outbox')

const TEXT = 0
const RECEIPT = 1
/** a receipt stored as envelope v1 (see the header) */
const RECEIPT_V1 = 2
const TEXT_VALUE = Uint8Array.of(TEXT)

const outboxKey = (deviceId: DeviceId, id: MessageId): string => `${deviceId}!${id}`

/** A receipt envelope without a signature of its own (an outbox of schema 2 held signed ones). */
function unsignedEnvelope (bytes: Uint8Array<ArrayBuffer>): Envelope {
  const envelope = decodeEnvelope(bytes, 'any')
  return envelope.signature.byteLength === 0 ? envelope : { ...envelope, signature: new Uint8Array(0) }
}

function receiptValue (encoded: Uint8Array): Uint8Array {
  const value = new Uint8Array(1 + encoded.byteLength)
  value[0] = RECEIPT
  value.set(encoded, 1)
  return value
}

/** `init` seals v1 receipts again; without it they stay stored and unsent. */
export function createOutbox (store: Store, init?: OutboxInit): Outbox {
  const outbox: BinarySublevel = store.binary('outbox')

  /** a stored envelope in a version peers open: sealed again when stored as v1 */
  const receiptV2 = (deviceId: DeviceId, envelope: Envelope): Envelope => {
    if (envelope.version !== ENVELOPE_VERSION_V1) {
      return envelope
    }
    const device = init?.device(deviceId)
    if (init == null || device == null) {
      throw new Error(`it was sealed as envelope v${envelope.version} and contact device ${deviceId} is not known to seal it again`)
    }
    return init.codec.reseal(envelope, device)
  }

  return {
    putOps: (items) => items.map(item => {
      const value = item.kind === 'sealed' ? receiptValue(item.encoded) : TEXT_VALUE
      return { type: 'put', sublevel: outbox, key: outboxKey(item.deviceId, item.id), value } as BatchOperation
    }),

    delOp: (item) => ({ type: 'del', sublevel: outbox, key: outboxKey(item.deviceId, item.id) }) as BatchOperation,

    load: async () => {
      const entries: StoredOutboundEnvelope[] = []
      /** receipts sealed again as v2, written back */
      const resealed: BatchOperation[] = []
      await store.settled()
      // level's 'view' values lie over plain ArrayBuffers
      for await (const [key, value] of outbox.iterator()) {
        const split = key.lastIndexOf('!')
        const [deviceId, id] = [key.slice(0, split), key.slice(split + 1)]
        try {
          if (value[0] === TEXT) {
            entries.push({ kind: 'message', id, deviceId })
          } else if (value[0] === RECEIPT || value[0] === RECEIPT_V1) {
            const stored = unsignedEnvelope(value.subarray(1) as Uint8Array<ArrayBuffer>)
            const envelope = receiptV2(deviceId, stored)
            const encoded = encodeEnvelope(envelope)
            if (envelope !== stored || value[0] !== RECEIPT) {
              resealed.push({ type: 'put', sublevel: outbox, key, value: receiptValue(encoded) } as BatchOperation)
            }
            entries.push({ kind: 'sealed', id, deviceId, encoded })
          } else {
            throw new Error(`unknown kind ${value[0]}`)
          }
        } catch (err) {
          // kept, not deleted: a later Tim may read what this one cannot
          log.error('outbox entry %s is unreadable and is not sent: %s', key, (err as Error).message)
        }
      }
      await store.batch(resealed)
      return entries.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    }
  }
}
