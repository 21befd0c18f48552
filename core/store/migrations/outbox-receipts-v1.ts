/**
 * Migration step: envelopes bind their sender (envelope v2, issue 10, hole 4). Recipients
 * refuse envelope v1, so the outbox's stored receipts (kind byte 1, then an envelope that an
 * older Tim sealed as v1) must be sealed again as v2 before they are sent. Sealing needs this
 * device's box secret key and the contact's box key, which the store does not hold (and
 * core/store may not decode envelopes), so this step only marks them: their kind byte becomes
 * 2 ("a receipt sealed as envelope v1"), and the outbox (core/messaging/outbox.ts) seals each
 * again through the envelope codec at its first load and writes it back as kind 1, v2.
 * Texts (kind 0) are sealed again from the history at every start anyway. Safe to run again:
 * it only touches kind 1.
 */

import type { BatchOperation, Store } from '../types.ts'

export const outboxReceiptsV1Description = 'outbox receipts sealed as envelope v1 are marked kind 2, sealed again as v2 by the outbox at load'

/** the outbox's kind bytes (core/messaging/outbox.ts) */
const RECEIPT = 1
const RECEIPT_V1 = 2

export async function outboxReceiptsV1 (store: Store): Promise<void> {
  const outbox = store.binary('outbox')
  let ops: BatchOperation[] = []
  for await (const [key, value] of outbox.iterator()) {
    if (value[0] !== RECEIPT) {
      continue
    }
    const marked = Uint8Array.from(value)
    marked[0] = RECEIPT_V1
    ops.push({ type: 'put', sublevel: outbox, key, value: marked } as BatchOperation)
    if (ops.length >= 1024) {
      await store.batch(ops)
      ops = []
    }
  }
  await store.batch(ops)
}
