/**
 * A group's state: what replaying its membership log up to some place gives (name, topic,
 * avatar, open, link secret, owner, members with role, since and mute, removed and left
 * accounts, dissolved), and the questions everyone asks of it (role, rank, membership, may
 * this account send now). A GroupState handed out is never changed afterwards; rules.ts
 * changes DraftGroupStates, which only resolve.ts and log.ts make.
 */

import type { AccountId, GroupRole } from '../../api/index.ts'

export interface MemberState {
  role: GroupRole
  /** the timestamp of the op that made it a member (add or join; create for the founder) */
  since: number
  /** ms since epoch; absent when not muted */
  mutedUntil?: number
}

export interface DraftGroupState {
  id: Uint8Array
  name: string
  topic: string
  /** the avatar image's bytes; empty when none */
  avatar: Uint8Array
  open: boolean
  linkSecret: Uint8Array
  owner: AccountId
  members: Map<AccountId, MemberState>
  /** kicked and not added back since */
  removed: Set<AccountId>
  /** left and not added back (or rejoined) since */
  left: Set<AccountId>
  dissolved: boolean
}

export type GroupState = Readonly<Omit<DraftGroupState, 'members' | 'removed' | 'left'>> & {
  readonly members: ReadonlyMap<AccountId, Readonly<MemberState>>
  readonly removed: ReadonlySet<AccountId>
  readonly left: ReadonlySet<AccountId>
}

/** A copy that rules.ts may change without touching `state`. */
export function draftOf (state: GroupState): DraftGroupState {
  return { ...state, members: new Map(state.members), removed: new Set(state.removed), left: new Set(state.left) }
}

export function roleOf (state: GroupState, account: AccountId): GroupRole | null {
  return state.members.get(account)?.role ?? null
}

export function isMember (state: GroupState, account: AccountId): boolean {
  return state.members.has(account)
}

const ranks: Record<GroupRole, number> = { owner: 3, manager: 2, member: 1 }

/** owner 3 > manager 2 > member 1 > anyone else 0: who goes first among concurrent ops. */
export function rankOf (state: GroupState, account: AccountId): number {
  const role = roleOf(state, account)
  return role == null ? 0 : ranks[role]
}

/** Whether the member is muted at `at` (ms since epoch). */
export function isMuted (state: GroupState, account: AccountId, at: number): boolean {
  const mutedUntil = state.members.get(account)?.mutedUntil
  return mutedUntil != null && at < mutedUntil
}

/** Whether a message from `account` written at `at` counts: a member, not muted then, in a group not dissolved. */
export function canSend (state: GroupState, account: AccountId, at: number): boolean {
  return !state.dissolved && isMember(state, account) && !isMuted(state, account, at)
}
