/**
 * The conversation a command-line word names (peer-arg.ts says how), asking the running node
 * for what that takes: its contacts, and its groups only for a name that no contact has.
 */

import type { Contact, ConversationId, MessengerApi } from '../../core/api/index.ts'
import { callOptions } from './connect.ts'
import { conversationOf, mayNameGroup } from './peer-arg.ts'

export async function resolveConversation (
  api: Pick<MessengerApi, 'listContacts' | 'listGroups'>, word: string, contacts?: readonly Contact[]
): Promise<ConversationId> {
  const known = contacts ?? await api.listContacts(callOptions())
  const groups = mayNameGroup(known, word) ? await api.listGroups(callOptions()) : undefined
  return conversationOf(known, word, groups)
}
