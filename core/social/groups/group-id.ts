/**
 * Group ids as text: the 32-byte id (the hash of the group's create op) in base58btc without
 * a multibase prefix, and the conversation id `group:<text>` that names the group's chat.
 * Pure helpers; one spelling per id (text that decodes but is spelled otherwise is refused).
 */

import { fromString, toString } from 'uint8arrays'
import { InvalidArgumentError, parseConversationId, type ConversationId } from '../../api/index.ts'
import { GROUP_ID_BYTES } from '../../wire/index.ts'

export function groupIdToString (id: Uint8Array): string {
  if (id.byteLength !== GROUP_ID_BYTES) {
    throw new InvalidArgumentError(`a group id is ${GROUP_ID_BYTES} bytes, got ${id.byteLength}`)
  }
  return toString(id, 'base58btc')
}

/** The 32 bytes of a group id's text; InvalidArgumentError on anything else. */
export function groupIdFromString (text: string): Uint8Array {
  let id: Uint8Array
  try {
    id = fromString(text, 'base58btc')
  } catch {
    throw new InvalidArgumentError(`${JSON.stringify(text).slice(0, 80)} is not a group id: it has characters outside base58`)
  }
  if (id.byteLength !== GROUP_ID_BYTES || toString(id, 'base58btc') !== text) {
    throw new InvalidArgumentError(`${JSON.stringify(text).slice(0, 80)} is not a group id (${GROUP_ID_BYTES} bytes in base58btc)`)
  }
  return id
}

/** The conversation id of a group: `group:<id text>`. */
export function groupConversation (id: Uint8Array): ConversationId {
  return `group:${groupIdToString(id)}`
}

/** The group id a `group:` conversation id names; InvalidArgumentError for any other text. */
export function groupIdOfConversation (conversation: ConversationId): Uint8Array {
  const parsed = parseConversationId(conversation)
  if (parsed?.kind !== 'group') {
    throw new InvalidArgumentError(`${JSON.stringify(conversation)?.slice(0, 80)} is not a group conversation id (group:<id>)`)
  }
  return groupIdFromString(parsed.id)
}
