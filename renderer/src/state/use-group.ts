/**
 * One group as a view needs it: its GroupInfo (from the store), its members (asked of the
 * node again whenever the group changes), the join requests waiting (live through
 * 'group:request'), whether we are muted, and what to call each member (a contact by its contact name, anyone else
 * by the name the group lists, else a short account id). Holds nothing beyond the view.
 */

import { useCallback, useEffect, useMemo, useState } from 'react'
import type { AccountId, ConversationId, GroupInfo, GroupJoinRequestInfo, GroupMember } from '../../../core/api/index.ts'
import { normalizeError } from '../transport/errors.ts'
import { shortId } from './format.ts'
import { useMessengerState, useTransport } from './use-messenger.tsx'

export function useGroup (conversation: ConversationId): GroupInfo | undefined {
  return useMessengerState(state => state.groups.find(group => group.id === conversation))
}

export interface GroupMembers {
  /** null until the node answered */
  members: readonly GroupMember[] | null
  error: Error | null
}

/** The members of a group, asked again whenever its GroupInfo changes (a join, a kick, a role). */
export function useGroupMembers (group: GroupInfo | undefined): GroupMembers {
  const transport = useTransport()
  const [members, setMembers] = useState<GroupMembers>({ members: null, error: null })
  useEffect(() => {
    if (group === undefined) return
    let current = true
    transport.groupMembers(group.id).then(
      listed => { if (current) setMembers({ members: listed, error: null }) },
      (err: unknown) => { if (current) setMembers(held => ({ members: held.members, error: normalizeError(err) })) }
    )
    return () => { current = false }
  }, [transport, group])
  return members
}

export interface GroupRequests {
  requests: readonly GroupJoinRequestInfo[]
  error: Error | null
  /** forget one once it was answered */
  settle: (account: AccountId) => void
}

/** The requests to join a group waiting for its owner or managers (`enabled`: we are one). */
export function useGroupRequests (conversation: ConversationId, enabled: boolean): GroupRequests {
  const transport = useTransport()
  const [requests, setRequests] = useState<readonly GroupJoinRequestInfo[]>([])
  const [error, setError] = useState<Error | null>(null)
  useEffect(() => {
    setRequests([])
    if (!enabled) return
    let current = true
    const add = (request: GroupJoinRequestInfo): void => {
      if (request.conversation !== conversation) return
      setRequests(held => [...held.filter(known => known.accountId !== request.accountId), request])
    }
    const stop = transport.on('group:request', add)
    transport.groupRequests(conversation).then(
      listed => { if (current) listed.forEach(add) },
      (err: unknown) => { if (current) setError(normalizeError(err)) }
    )
    return () => { current = false; stop() }
  }, [transport, conversation, enabled])
  const settle = useCallback((account: AccountId) => { setRequests(held => held.filter(request => request.accountId !== account)) }, [])
  return { requests, error, settle }
}

/** Until when `account` is muted in the group (ms since epoch), or null; null again once that time has come. */
export function useMutedUntil (members: readonly GroupMember[] | null, account: AccountId | undefined): number | null {
  const until = members?.find(member => member.accountId === account)?.mutedUntil
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (until === undefined || until <= Date.now()) return
    // a timer's delay is at most 2^31 - 1 ms; a longer mute is looked at again when the group changes
    const timer = setTimeout(() => { setNow(Date.now()) }, Math.min(until - Date.now(), 2 ** 31 - 1))
    return () => { clearTimeout(timer) }
  }, [until])
  return until !== undefined && until > now ? until : null
}

/** What to call an account of a group: "You", its contact name, the group's name for it, else a short id. */
export function useMemberNames (members: readonly GroupMember[] | null): (account: AccountId) => string {
  const contacts = useMessengerState(state => state.contacts)
  const me = useMessengerState(state => state.identity?.accountId)
  return useMemo(() => {
    const names = new Map<AccountId, string>()
    for (const member of members ?? []) if (member.name !== '') names.set(member.accountId, member.name)
    for (const contact of contacts) if (contact.status === 'accepted') names.set(contact.accountId, contact.name)
    return (account: AccountId) => account === me ? 'You' : names.get(account) ?? shortId(account, 6)
  }, [contacts, members, me])
}
