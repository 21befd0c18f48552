/**
 * The outbox: every envelope is persisted here before send() returns and stays until its
 * device acks it or a mailbox holds it, so that a restarted node sends it again. Owns the
 * `outbox` sublevel: deviceId!messageId → one kind byte, then
 *   - for a text: nothing. Its text is in the message history, so a restarted node seals it
 *     again (a fresh nonce, the same id: the recipient keeps it once); the 1 KiB envelope is
 *     not written a second time.
 *   - for a receipt: the unsigned envelope's protobuf bytes (receipts have no history entry).
 */

import { logger } from '@libp2p/logger'
import type { DeviceId, MessageId } from '../api/index.ts'
import type { BatchOperation, BinarySublevel, Store } from '../store/index.ts'
import { decodeEnvelope, encodeEnvelope } from '../wire/index.ts'
import type { OutboundEnvelope } from './delivery.ts'

/** What the outbox gives back: a receipt's envelope bytes, or a text to seal again. */
export type StoredOutboundEnvelope =
  | { kind: 'receipt', id: MessageId, deviceId: DeviceId, encoded: Uint8Array<ArrayBuffer> }
  | { kind: 'text', id: MessageId, deviceId: DeviceId }

export interface Outbox {
  /** operations that persist these envelopes */
  putOps: (items: OutboundEnvelope[]) => BatchOperation[]
  /** the operation that forgets one envelope */
  delOp: (item: Pick<OutboundEnvelope, 'deviceId' | 'id'>) => BatchOperation
  /** everything persisted, oldest message first */
  load: () => Promise<StoredOutboundEnvelope[]>
}

const log = logger('tim:outbox')

const TEXT = 0
const RECEIPT = 1
const TEXT_VALUE = Uint8Array.of(TEXT)

const outboxKey = (deviceId: DeviceId, id: MessageId): string => `${deviceId}!${id}`

/** A receipt envelope without a signature of its own (an outbox of schema 2 held signed ones). */
function unsignedEnvelopeBytes (bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const envelope = decodeEnvelope(bytes, 'any')
  return envelope.signature.byteLength === 0 ? bytes : encodeEnvelope({ ...envelope, signature: new Uint8Array(0) })
}

export function createOutbox (store: Store): Outbox {
  const outbox: BinarySublevel = store.binary('outbox')
  return {
    putOps: (items) => items.map(item => {
      let value = TEXT_VALUE
      if (item.kind === 'receipt') {
        value = new Uint8Array(1 + item.encoded.byteLength)
        value[0] = RECEIPT
        value.set(item.encoded, 1)
      }
      return { type: 'put', sublevel: outbox, key: outboxKey(item.deviceId, item.id), value } as BatchOperation
    }),

    delOp: (item) => ({ type: 'del', sublevel: outbox, key: outboxKey(item.deviceId, item.id) }) as BatchOperation,

    load: async () => {
      const entries: StoredOutboundEnvelope[] = []
      await store.settled()
      // level's 'view' values lie over plain ArrayBuffers
      for await (const [key, value] of outbox.iterator()) {
        const split = key.lastIndexOf('!')
        const [deviceId, id] = [key.slice(0, split), key.slice(split + 1)]
        try {
          if (value[0] === TEXT) {
            entries.push({ kind: 'text', id, deviceId })
          } else if (value[0] === RECEIPT) {
            entries.push({ kind: 'receipt', id, deviceId, encoded: unsignedEnvelopeBytes(value.subarray(1) as Uint8Array<ArrayBuffer>) })
          } else {
            throw new Error(`unknown kind ${value[0]}`)
          }
        } catch (err) {
          // kept, not deleted: a later Tim may read what this one cannot
          log.error('outbox entry %s is unreadable and is not sent: %s', key, (err as Error).message)
        }
      }
      return entries.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    }
  }
}
