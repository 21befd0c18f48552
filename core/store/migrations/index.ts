/**
 * Numbered schema migrations, applied in order at open. A migration may only add to or
 * rewrite data in the layout its version describes; never remove a step once released.
 */

import type { BatchOperation, Store } from '../types.ts'
import { conversationIds, conversationIdsDescription } from './conversation-ids.ts'
import { mailboxSenderKeys, mailboxSenderKeysDescription } from './mailbox-sender-keys.ts'
import { outboxReceiptsV1, outboxReceiptsV1Description } from './outbox-receipts-v1.ts'

export interface Migration {
  version: number
  description: string
  up: (store: Store) => Promise<void>
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'layout 1: contacts, conversations, messages (conversation!timestamp!id), message-index, outbox, libp2p',
    // the first layout starts empty: nothing to rewrite
    up: async () => {}
  },
  {
    version: 2,
    description: 'conversations record the greatest incoming message id (newestIncoming)',
    up: async (store) => {
      const newest = new Map<string, string>()
      for await (const message of store.json<{ conversation: string, id: string, direction: string }>('messages').values()) {
        if (message.direction === 'in' && message.id > (newest.get(message.conversation) ?? '')) {
          newest.set(message.conversation, message.id)
        }
      }
      const conversations = store.json<{ unread: number, newestIncoming?: string }>('conversations')
      for (const [peer, id] of newest) {
        const record = (await conversations.get(peer)) ?? { unread: 0 }
        await conversations.put(peer, { ...record, newestIncoming: id })
      }
    }
  },
  {
    version: 3,
    description: 'outbox values are binary: one kind byte, 0 for a text (sealed again from the history at start), 1 for a receipt followed by its envelope bytes',
    up: async (store) => {
      const outbox = store.binary('outbox')
      const ops: BatchOperation[] = []
      for await (const [key, value] of outbox.iterator()) {
        if (value[0] !== '{'.charCodeAt(0)) {
          continue // already binary: an earlier run of this step wrote it
        }
        const record = JSON.parse(Buffer.from(value).toString('utf8')) as { kind: string, envelope: string }
        let binary = Uint8Array.of(0)
        if (record.kind !== 'text') {
          const envelope = Buffer.from(record.envelope, 'base64')
          binary = new Uint8Array(1 + envelope.byteLength)
          binary[0] = 1
          binary.set(envelope, 1)
        }
        ops.push({ type: 'put', sublevel: outbox, key, value: binary } as BatchOperation)
      }
      await store.batch(ops)
    }
  },
  {
    version: 4,
    description: mailboxSenderKeysDescription,
    up: mailboxSenderKeys
  },
  {
    version: 5,
    description: outboxReceiptsV1Description,
    up: outboxReceiptsV1
  },
  {
    version: 6,
    description: conversationIdsDescription,
    up: conversationIds
  }
]
