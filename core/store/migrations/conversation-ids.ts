/**
 * Migration step: conversations are named by ConversationId (issue 11). Layout 5 keyed a 1:1
 * conversation by the peer's bare account id; from layout 6 it is `dm:<account id>`:
 * - `messages`: key `<account>!<time>!<id>` → `dm:<account>!<time>!<id>`; in the value,
 *   `conversation` becomes the conversation id, `to` goes (the conversation names the peer) and
 *   `kind: 'text'` is added (every message of layout 5 is a text);
 * - `message-index`: each id's value (a messages key) follows; alias entries (`~<sender>!<id>`,
 *   whose value is a local id) stay as they are;
 * - `conversations`: key `<account>` → `dm:<account>`.
 * One batch: a crash leaves layout 5 whole, and the step runs again. Keys already starting with
 * a conversation kind are left alone, so running it twice changes nothing.
 */

import type { BatchOperation, Store } from '../types.ts'

export const conversationIdsDescription = 'conversations, messages and the message index are keyed by conversation id (dm:<account>), not by the peer\'s account id'

const DM = 'dm:'
const ALIAS_PREFIX = '~'

function isConversationId (key: string): boolean {
  return /^(dm|group|room):/.test(key)
}

export async function conversationIds (store: Store): Promise<void> {
  const ops: BatchOperation[] = []
  const messages = store.json<Record<string, unknown>>('messages')
  for await (const [key, value] of messages.iterator()) {
    if (isConversationId(key)) continue
    const { to: _to, ...rest } = value
    ops.push({ type: 'del', sublevel: messages, key } as BatchOperation)
    ops.push({ type: 'put', sublevel: messages, key: DM + key, value: { ...rest, kind: rest.kind ?? 'text', conversation: DM + String(value.conversation) } } as BatchOperation)
  }
  const index = store.json<string>('message-index')
  for await (const [id, messageKey] of index.iterator()) {
    if (id.startsWith(ALIAS_PREFIX) || isConversationId(messageKey)) continue
    ops.push({ type: 'put', sublevel: index, key: id, value: DM + messageKey } as BatchOperation)
  }
  const conversations = store.json<unknown>('conversations')
  for await (const [key, value] of conversations.iterator()) {
    if (isConversationId(key)) continue
    ops.push({ type: 'del', sublevel: conversations, key } as BatchOperation)
    ops.push({ type: 'put', sublevel: conversations, key: DM + key, value } as BatchOperation)
  }
  await store.batch(ops)
}
