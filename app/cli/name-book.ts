/**
 * How the CLI names accounts and conversations in what it prints: a contact by its name (a
 * group member that is no contact by the name the group lists), this node's own account as
 * "you", anyone else by account id; a 1:1 conversation by the other account's name, a group
 * by its name. Learns names as contacts and groups change (for `tim watch`).
 */

import {
  dmPeer, type AccountId, type Contact, type ConversationId, type GroupInfo, type GroupMember, type MessengerApi
} from '../../core/api/index.ts'
import { callOptions } from './connect.ts'

export interface NameBook {
  account: (account: AccountId) => string
  conversation: (conversation: ConversationId) => string
  learn: (contact: Contact) => void
  /** a group's name */
  learnGroup: (group: Pick<GroupInfo, 'id' | 'name'>) => void
  /** group members' names, for those no contact names */
  learnMembers: (members: readonly GroupMember[]) => void
}

export function createNameBook (contacts: readonly Contact[], self?: AccountId): NameBook {
  const names = new Map<AccountId, string>()
  /** members' names: a contact's name wins over the one a group lists */
  const memberNames = new Map<AccountId, string>()
  const groupNames = new Map<ConversationId, string>()
  const learn = (contact: Contact): void => { names.set(contact.accountId, contact.name) }
  contacts.forEach(learn)
  const account = (id: AccountId): string => id === self ? 'you' : names.get(id) ?? memberNames.get(id) ?? id
  return {
    account,
    conversation: conversation => {
      const peer = dmPeer(conversation)
      return peer === null ? groupNames.get(conversation) ?? conversation : account(peer)
    },
    learn,
    learnGroup: group => { groupNames.set(group.id, group.name) },
    learnMembers: members => {
      for (const member of members) if (member.name !== '') memberNames.set(member.accountId, member.name)
    }
  }
}

/** Teaches `names` the names of a group's members, as the node lists them. */
export async function learnMembersOf (api: Pick<MessengerApi, 'groupMembers'>, names: NameBook, group: ConversationId): Promise<void> {
  names.learnMembers(await api.groupMembers(group, callOptions()))
}

/** The node's contacts, and the names it knows (its own account as "you"). */
export async function fetchNameBook (api: Pick<MessengerApi, 'listContacts' | 'getIdentity'>): Promise<{ contacts: Contact[], names: NameBook }> {
  const [contacts, identity] = await Promise.all([api.listContacts(callOptions()), api.getIdentity(callOptions())])
  return { contacts, names: createNameBook(contacts, identity.accountId) }
}
