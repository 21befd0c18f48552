/**
 * Conversation ids: one name for a conversation of any shape. `dm:<account id>` is the 1:1
 * conversation with that account, `group:<id>` a group, `room:<id>` a room. Pure helpers only.
 */

import { InvalidArgumentError } from './errors.ts'

export type ConversationKind = 'dm' | 'group' | 'room'

/** `dm:<account id>`, `group:<id>` or `room:<id>`. */
export type ConversationId = string

export const conversationKinds: readonly ConversationKind[] = ['dm', 'group', 'room']

/** The longest conversation id accepted (a prefix and an account id fit with room to spare). */
const MAX_CONVERSATION_ID_LENGTH = 128

/** The 1:1 conversation with an account. */
export function dmConversation (account: string): ConversationId {
  return `dm:${account}`
}

export interface ParsedConversationId {
  kind: ConversationKind
  /** the account (dm) or the group's or room's own id */
  id: string
}

/** The kind and id of a conversation id, or null when `text` is not one. */
export function parseConversationId (text: unknown): ParsedConversationId | null {
  if (typeof text !== 'string' || text.length > MAX_CONVERSATION_ID_LENGTH) return null
  const colon = text.indexOf(':')
  const kind = text.slice(0, colon) as ConversationKind
  const id = text.slice(colon + 1)
  if (colon < 0 || !conversationKinds.includes(kind) || !/^[A-Za-z0-9_-]+$/.test(id)) return null
  return { kind, id }
}

/** The parsed id, or InvalidArgumentError saying what a conversation id looks like. */
export function checkConversationId (text: unknown): ParsedConversationId {
  const parsed = parseConversationId(text)
  if (parsed == null) {
    throw new InvalidArgumentError(`${JSON.stringify(text)?.slice(0, 80)} is not a conversation id (dm:<account id>, group:<id> or room:<id>)`)
  }
  return parsed
}

/** The other account (its account id) of a 1:1 conversation id; null for any other conversation. */
export function dmPeer (conversation: ConversationId): string | null {
  const parsed = parseConversationId(conversation)
  return parsed?.kind === 'dm' ? parsed.id : null
}
