/**
 * Pure helpers for the conversation list: the node lists conversations that have messages;
 * the UI also shows accepted contacts and groups without any yet (so a new contact or group
 * can be written to), named as the contact or group is named now, newest activity first.
 * Items are keyed by ConversationId; a 1:1 conversation also carries its peer's account and
 * contact status.
 */

import {
  dmConversation, dmPeer, type AccountId, type Contact, type Conversation, type ConversationId, type GroupInfo
} from '../../../core/api/index.ts'

export interface ConversationItem extends Conversation {
  /** the other account of a 1:1 conversation; null for groups and rooms */
  peer: AccountId | null
  /** the contact's status, when the peer is a contact */
  status: Contact['status'] | null
  /** when to sort it: its last message, else when the contact was added */
  activity: number
}

export function conversationItems (conversations: readonly Conversation[], contacts: readonly Contact[], groups: readonly GroupInfo[] = []): ConversationItem[] {
  const byAccount = new Map<AccountId, Contact>(contacts.map(contact => [contact.accountId, contact]))
  const byGroup = new Map<ConversationId, GroupInfo>(groups.map(group => [group.id, group]))
  const items: ConversationItem[] = conversations.map(conversation => {
    const peer = dmPeer(conversation.id)
    const contact = peer === null ? undefined : byAccount.get(peer)
    return {
      ...conversation,
      peer,
      name: contact?.name ?? byGroup.get(conversation.id)?.name ?? conversation.name,
      status: contact?.status ?? null,
      activity: conversation.lastMessage?.timestamp ?? contact?.addedAt ?? 0
    }
  })
  const listed = new Set(conversations.map(conversation => conversation.id))
  for (const contact of contacts) {
    const id = dmConversation(contact.accountId)
    if (listed.has(id) || contact.status !== 'accepted') continue
    items.push({ id, kind: 'dm', peer: contact.accountId, name: contact.name, unread: 0, lastMessage: null, status: contact.status, activity: contact.addedAt })
  }
  for (const group of groups) {
    if (listed.has(group.id)) continue
    items.push({ id: group.id, kind: 'group', peer: null, name: group.name, unread: 0, lastMessage: null, status: null, activity: 0 })
  }
  return items.sort((a, b) => b.activity - a.activity || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Requests first, then accepted contacts, then blocked ones; by name within each. */
export function sortContacts (contacts: readonly Contact[]): Contact[] {
  const order: Record<Contact['status'], number> = { request: 0, accepted: 1, blocked: 2 }
  return [...contacts].sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name))
}
