/**
 * Message requests: what a stranger (an account that is not an accepted contact) may leave
 * before it is accepted. Each stranger's first `maxPerStranger` messages are kept, and all
 * strangers together keep at most `maxTotal`; past either, a stranger's message is refused
 * with RequestLimitError until the request is accepted. A contact request (an introduction,
 * with its note) opens a request without taking a message's room; at most `maxTotal` requests
 * are open at once. Contacts are never counted, so no
 * number of strangers can crowd one out. Counts live in memory (at most `maxTotal` entries),
 * taken from the history at start; an account that stopped being a request (accepted,
 * blocked) is dropped from them at the next admission.
 */

import { dmConversation, RequestLimitError, type AccountId } from '../api/index.ts'
import type { ContactBook } from './contacts.ts'
import type { MessageStore } from './message-store.ts'

export interface RequestLimits {
  /** messages one stranger may leave before its request is accepted */
  maxRequestMessagesPerStranger: number
  /** messages all strangers together may leave */
  maxRequestMessages: number
}

export interface RequestCounter {
  /** counts the messages each pending request holds now */
  load: () => Promise<void>
  /**
   * reserves room for one more message from this stranger, or the error that refuses it; an
   * 'introduction' (a contact request with its note) takes no message's room, but opens a
   * request only while fewer than `maxRequestMessages` are open
   */
  admit: (account: AccountId, what?: 'message' | 'introduction') => Error | undefined
  /** gives back a reservation whose message was not stored */
  release: (account: AccountId) => void
  /** counts an account that became a request again (unblocked) from what it holds */
  recount: (account: AccountId) => Promise<void>
}

export function createRequestCounter (components: { contacts: ContactBook, history: MessageStore }, limits: RequestLimits): RequestCounter {
  const { contacts, history } = components
  const held = new Map<AccountId, number>()
  let total = 0

  /** recounts from the pending requests only: accepted or blocked accounts leave the counts */
  const forgetSettled = (): void => {
    for (const [account, count] of held) {
      // no entry yet: its first message is being stored
      const status = contacts.get(account)?.record.status
      if (status != null && status !== 'request') {
        held.delete(account)
        total -= count
      }
    }
  }

  const countRequest = async (account: AccountId): Promise<void> => {
    // a count at the cap means "full": counting further would only cost time
    const count = await history.countUpTo(dmConversation(account), limits.maxRequestMessagesPerStranger)
    total += count - (held.get(account) ?? 0)
    held.set(account, count)
  }

  return {
    load: async () => {
      held.clear()
      total = 0
      for (const entry of contacts.all().filter(entry => entry.record.status === 'request')) {
        await countRequest(entry.record.accountId)
      }
    },

    admit: (account, what = 'message') => {
      forgetSettled()
      if (what === 'introduction') {
        if (held.has(account)) return undefined
        if (held.size >= limits.maxRequestMessages) {
          return new RequestLimitError('this node holds as many message requests as it keeps: wait until yours is accepted')
        }
        held.set(account, 0)
        return undefined
      }
      const count = held.get(account) ?? 0
      if (count >= limits.maxRequestMessagesPerStranger) {
        return new RequestLimitError(`your message request already holds ${count} messages: wait until it is accepted`)
      }
      if (total >= limits.maxRequestMessages) {
        return new RequestLimitError('this node holds as many message requests as it keeps: wait until yours is accepted')
      }
      held.set(account, count + 1)
      total++
      return undefined
    },

    recount: countRequest,

    release: (account) => {
      const count = held.get(account)
      if (count === 0) {
        held.delete(account)
      } else if (count != null) {
        held.set(account, count - 1)
        total--
      }
    }
  }
}
