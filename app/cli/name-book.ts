/**
 * How the CLI names accounts and conversations in what it prints: a contact by its name,
 * this node's own account as "you", anyone else by account id; a 1:1 conversation by the
 * other account's name. Learns names as contacts change (for `tim watch`).
 */

import { dmPeer, type AccountId, type Contact, type ConversationId, type MessengerApi } from '../../core/api/index.ts'
import { callOptions } from './connect.ts'

export interface NameBook {
  account: (account: AccountId) => string
  conversation: (conversation: ConversationId) => string
  learn: (contact: Contact) => void
}

export function createNameBook (contacts: readonly Contact[], self?: AccountId): NameBook {
  const names = new Map<AccountId, string>()
  const learn = (contact: Contact): void => { names.set(contact.accountId, contact.name) }
  contacts.forEach(learn)
  const account = (id: AccountId): string => id === self ? 'you' : names.get(id) ?? id
  return {
    account,
    conversation: conversation => {
      const peer = dmPeer(conversation)
      return peer === null ? conversation : account(peer)
    },
    learn
  }
}

/** The node's contacts, and the names it knows (its own account as "you"). */
export async function fetchNameBook (api: Pick<MessengerApi, 'listContacts' | 'getIdentity'>): Promise<{ contacts: Contact[], names: NameBook }> {
  const [contacts, identity] = await Promise.all([api.listContacts(callOptions()), api.getIdentity(callOptions())])
  return { contacts, names: createNameBook(contacts, identity.accountId) }
}
