/**
 * Migration step: a mailbox node keeps mail by (sender account, id), no longer by the bare id
 * the sender chose (issue 10, hole 5). Held mail moves from `i!<account>!<device>!<id>` to
 * `i!<account>!<device>!<id>!<sender account>` (the sender is in the stored value). Tombstones
 * `t!<device>!<id>` stay as they are: they do not say whose mail was collected, so the mailbox
 * keeps reading them as "every sender's mail under this id was collected" until they expire
 * (one TTL); new ones name the sender. Safe to run again: keys already in the new layout have
 * five parts and are left alone.
 */

import type { BatchOperation, Store } from '../types.ts'

export const mailboxSenderKeysDescription = 'mailbox items are kept by (sender account, id): i!account!device!id!sender'

export async function mailboxSenderKeys (store: Store): Promise<void> {
  const mailbox = store.json<unknown>('mailbox')
  let ops: BatchOperation[] = []
  for await (const [key, value] of mailbox.iterator({ gte: 'i!', lt: 'i!~' })) {
    const sender = (value as { senderAccount?: unknown } | null)?.senderAccount
    if (key.split('!').length !== 4 || typeof sender !== 'string') {
      continue
    }
    ops.push({ type: 'del', sublevel: mailbox, key } as BatchOperation)
    ops.push({ type: 'put', sublevel: mailbox, key: `${key}!${sender}`, value } as BatchOperation)
    if (ops.length >= 1024) {
      await store.batch(ops)
      ops = []
    }
  }
  await store.batch(ops)
}
