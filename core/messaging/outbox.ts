/**
 * The outbox: every envelope is persisted here before send() returns and stays until its
 * device acks it or a mailbox holds it, so that a restarted node sends it again. Owns the
 * `outbox` sublevel: deviceId!messageId → one kind byte, then the unsigned envelope's
 * protobuf bytes (the bytes a batch frame carries, so they are encoded once).
 */

import { logger } from '@libp2p/logger'
import type { DeviceId, MessageId } from '../api/index.ts'
import type { BatchOperation, BinarySublevel, Store } from '../store/index.ts'
import { decodeEnvelope, encodeEnvelope, messageIdToString } from '../wire/index.ts'
import type { OutboundEnvelope } from './delivery.ts'

export interface Outbox {
  /** operations that persist these envelopes */
  putOps: (items: OutboundEnvelope[]) => BatchOperation[]
  /** the operation that forgets one envelope */
  delOp: (item: Pick<OutboundEnvelope, 'deviceId' | 'id'>) => BatchOperation
  /** everything persisted, oldest message first */
  load: () => Promise<OutboundEnvelope[]>
}

const log = logger('tim:outbox')

const KIND_BYTES: Record<OutboundEnvelope['kind'], number> = { text: 0, receipt: 1 }
const KINDS: ReadonlyArray<OutboundEnvelope['kind']> = ['text', 'receipt']

const outboxKey = (deviceId: DeviceId, id: MessageId): string => `${deviceId}!${id}`

export function createOutbox (store: Store): Outbox {
  const outbox: BinarySublevel = store.binary('outbox')
  return {
    putOps: (items) => items.map(item => {
      const value = new Uint8Array(1 + item.encoded.byteLength)
      value[0] = KIND_BYTES[item.kind]
      value.set(item.encoded, 1)
      return { type: 'put', sublevel: outbox, key: outboxKey(item.deviceId, item.id), value } as BatchOperation
    }),

    delOp: (item) => ({ type: 'del', sublevel: outbox, key: outboxKey(item.deviceId, item.id) }) as BatchOperation,

    load: async () => {
      const items: OutboundEnvelope[] = []
      const queuedAt = Date.now()
      for await (const [key, value] of outbox.iterator()) {
        try {
          const kind = KINDS[value[0]]
          if (kind == null) {
            throw new Error(`unknown kind ${value[0]}`)
          }
          let encoded = value.subarray(1)
          let envelope = decodeEnvelope(encoded, 'any')
          if (envelope.signature.byteLength > 0) {
            // written before envelopes travelled in signed batches
            envelope = { ...envelope, signature: new Uint8Array(0) }
            encoded = encodeEnvelope(envelope)
          }
          const deviceId = key.slice(0, key.lastIndexOf('!'))
          items.push({ id: messageIdToString(envelope.id), deviceId, kind, encoded, queuedAt })
        } catch (err) {
          // kept, not deleted: a later Tim may read what this one cannot
          log.error('outbox entry %s is unreadable and is not sent: %s', key, (err as Error).message)
        }
      }
      return items.sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    }
  }
}
