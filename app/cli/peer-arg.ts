/**
 * What a contact, group or conversation argument on the command line means. A contact is
 * named by its account id or, for accepted contacts, by its name (any case); a group by its
 * conversation id (`group:<id>`) or its name (any case); a conversation by either, or by its
 * conversation id (`dm:<account>`, `group:<id>`). A name names a contact first and a group
 * only when no contact has it, so that a name never widens who reads a message. Resolved
 * here against the lists the node gave, so the API is called with account ids and
 * ConversationIds only. Throws errors whose messages say what to type instead; no I/O.
 */

import {
  checkConversationId, dmConversation, UnknownContactError, UnknownGroupError,
  type AccountId, type Contact, type ConversationId, type GroupInfo, type TimError
} from '../../core/api/index.ts'
import { looksLikeAccountId, publicKeyFromAccountId } from '../../core/identity/account-id.ts'

/** How `oneNamed` speaks of what it looks through. */
export interface NamedKind<T> {
  /** 'contacts', 'groups', 'members' */
  plural: string
  idOf: (item: T) => string
  /** what to type instead of an ambiguous name: 'account id', 'group id' */
  idWord: string
  error: typeof TimError
}

/**
 * The one item whose name is `word` (any case), undefined when none is. Several of that name
 * are refused with their ids, so a name never picks one of them at random.
 */
export function oneNamed<T extends { name: string }> (items: readonly T[], word: string, kind: NamedKind<T>): T | undefined {
  const wanted = word.toLowerCase()
  const named = items.filter(item => item.name !== '' && item.name.toLowerCase() === wanted)
  if (named.length > 1) {
    throw new kind.error(`${named.length} ${kind.plural} are named "${word}" (${named.map(kind.idOf).join(', ')}): use the ${kind.idWord}`)
  }
  return named[0]
}

const contactKind: NamedKind<Contact> = { plural: 'contacts', idOf: contact => contact.accountId, idWord: 'account id', error: UnknownContactError }
const groupKind: NamedKind<GroupInfo> = { plural: 'groups', idOf: group => group.id, idWord: 'group id', error: UnknownGroupError }

/**
 * The contact `text` names (see findContact); undefined for a valid account id that is not a
 * contact; null when `text` is neither an account id nor an accepted contact's name.
 */
function matchContact (contacts: readonly Contact[], text: string): Contact | undefined | null {
  const byId = contacts.find(contact => contact.accountId === text)
  if (byId !== undefined) return byId
  const named = oneNamed(contacts.filter(contact => contact.status === 'accepted'), text, contactKind)
  if (named !== undefined) return named
  if (looksLikeAccountId(text)) {
    // a mistyped id hears what is wrong with it (checksum, length) rather than "no such name"
    publicKeyFromAccountId(text)
    return undefined
  }
  return null
}

function unknownName (text: string, groupsToo: boolean): Error {
  return groupsToo
    ? new UnknownContactError(`no contact is named "${text}", and no group either (see \`tim contacts\` and \`tim groups\`; message requests and blocked accounts go by account id)`)
    : new UnknownContactError(`no contact is named "${text}" (see \`tim contacts\`; message requests and blocked accounts go by account id)`)
}

/**
 * The contact `word` names: an exact account id (any status), else the one accepted contact
 * with that name (a stranger chooses its own name, so requests and blocked accounts are found
 * by id only). Undefined for a valid account id that is not a contact (the node decides what
 * it may do with it); an error for a mistyped id, an ambiguous name or an unknown one.
 */
export function findContact (contacts: readonly Contact[], word: string): Contact | undefined {
  // an id or name pasted with a stray space or newline still means the same contact
  const text = word.trim()
  const found = matchContact(contacts, text)
  if (found === null) throw unknownName(text, false)
  return found
}

/** The account `word` names, whether or not it is (still) a contact, and what to call it: its contact name, else its id. */
export function namedAccount (contacts: readonly Contact[], word: string): { accountId: AccountId, name: string } {
  const contact = findContact(contacts, word)
  return contact === undefined ? { accountId: word.trim(), name: word.trim() } : { accountId: contact.accountId, name: contact.name }
}

function isConversationId (text: string): boolean {
  return /^(dm|group|room):/.test(text)
}

/** Whether `word` is a name that no contact has: only then may it name a group (conversationOf wants the groups). */
export function mayNameGroup (contacts: readonly Contact[], word: string): boolean {
  const text = word.trim()
  return !isConversationId(text) && matchContact(contacts, text) === null
}

/**
 * The conversation `word` names: a conversation id as given, else the 1:1 conversation with
 * the contact it names, else (when `groups` are given) the group of that name.
 */
export function conversationOf (contacts: readonly Contact[], word: string, groups?: readonly GroupInfo[]): ConversationId {
  const text = word.trim()
  if (isConversationId(text)) {
    checkConversationId(text)
    return text
  }
  const contact = matchContact(contacts, text)
  if (contact !== null) return dmConversation(contact?.accountId ?? text)
  const group = groups === undefined ? undefined : oneNamed(groups, text, groupKind)
  if (group === undefined) throw unknownName(text, groups !== undefined)
  return group.id
}

/** The group `word` names: its conversation id (`group:<id>`) as given, else the one group of that name. */
export function groupOf (groups: readonly GroupInfo[], word: string): ConversationId {
  const text = word.trim()
  if (isConversationId(text)) {
    if (checkConversationId(text).kind !== 'group') throw new UnknownGroupError(`${text} is not a group (a group's id starts with group:)`)
    return text
  }
  const group = oneNamed(groups, text, groupKind)
  if (group === undefined) throw new UnknownGroupError(`no group is named "${text}" (see \`tim groups\`)`)
  return group.id
}

/** What `accountOf` looks through: 'members' of a group, or the 'requests' to join it. */
export interface PeopleKind {
  plural: string
  /** said when no one is named so: 'no member is named "X" (see `tim groups members …`)' */
  unknown: (text: string) => Error
}

/**
 * The account `word` names among `people` (a group's members, the accounts asking to join):
 * an account id (passed on as it is: the node says whether it is one of them), else the one
 * of them with that name (their contact name, else the name they gave themselves).
 */
export function accountOf (people: ReadonlyArray<{ accountId: AccountId, name: string }>, word: string, kind: PeopleKind): AccountId {
  const text = word.trim()
  if (people.some(person => person.accountId === text)) return text
  const named = oneNamed(people, text, { plural: kind.plural, idOf: person => person.accountId, idWord: 'account id', error: UnknownContactError })
  if (named !== undefined) return named.accountId
  if (!looksLikeAccountId(text)) throw kind.unknown(text)
  publicKeyFromAccountId(text)
  return text
}
