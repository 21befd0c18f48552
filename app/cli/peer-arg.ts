/**
 * What a contact or conversation argument on the command line means. A contact is named by
 * its account id or, for accepted contacts, by its name (any case); a 1:1 conversation by the
 * same words or by its conversation id (`dm:<account>`). Resolved here against the node's
 * contact list, so the API is called with account ids and ConversationIds only. Throws
 * errors whose messages say what to type instead; no I/O.
 */

import {
  checkConversationId, dmConversation, UnknownContactError,
  type AccountId, type Contact, type ConversationId
} from '../../core/api/index.ts'
import { looksLikeAccountId, publicKeyFromAccountId } from '../../core/identity/account-id.ts'

/**
 * The contact `word` names: an exact account id (any status), else the one accepted contact
 * with that name (a stranger chooses its own name, so requests and blocked accounts are found
 * by id only). Undefined for a valid account id that is not a contact (the node decides what
 * it may do with it); an error for a mistyped id, an ambiguous name or an unknown one.
 */
export function findContact (contacts: readonly Contact[], word: string): Contact | undefined {
  // an id or name pasted with a stray space or newline still means the same contact
  const text = word.trim()
  const byId = contacts.find(contact => contact.accountId === text)
  if (byId !== undefined) return byId
  const wanted = text.toLowerCase()
  const named = contacts.filter(contact => contact.status === 'accepted' && contact.name.toLowerCase() === wanted)
  if (named.length === 1) return named[0]
  if (named.length > 1) {
    throw new UnknownContactError(`${named.length} contacts are named "${text}" (${named.map(contact => contact.accountId).join(', ')}): use the account id`)
  }
  if (looksLikeAccountId(text)) {
    // a mistyped id hears what is wrong with it (checksum, length) rather than "no such name"
    publicKeyFromAccountId(text)
    return undefined
  }
  throw new UnknownContactError(`no contact is named "${text}" (see \`tim contacts\`; message requests and blocked accounts go by account id)`)
}

/** The account `word` names, whether or not it is (still) a contact, and what to call it: its contact name, else its id. */
export function namedAccount (contacts: readonly Contact[], word: string): { accountId: AccountId, name: string } {
  const contact = findContact(contacts, word)
  return contact === undefined ? { accountId: word.trim(), name: word.trim() } : { accountId: contact.accountId, name: contact.name }
}

/** The conversation `word` names: a conversation id as given, else the 1:1 conversation with the contact it names. */
export function conversationOf (contacts: readonly Contact[], word: string): ConversationId {
  const text = word.trim()
  if (/^(dm|group|room):/.test(text)) {
    checkConversationId(text)
    return text
  }
  return dmConversation(namedAccount(contacts, text).accountId)
}
