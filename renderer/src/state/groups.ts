/**
 * What the UI shows and offers in a group, by the rules the group log enforces (the node
 * refuses anything else): the actions our role allows on one member, who may invite, edit
 * or answer requests, the words for roles, for why we are out of a group, and for who read
 * one of our messages. Pure functions over the API's DTOs.
 */

import type { AccountId, GroupInfo, GroupMember, GroupRole, ReadByInfo } from '../../../core/api/index.ts'

export type MemberAction = 'promote' | 'demote' | 'mute-hour' | 'mute-day' | 'unmute' | 'transfer' | 'kick'

const HOUR_MS = 60 * 60 * 1000

/** How long each mute action mutes. */
export const muteDurations: Record<'mute-hour' | 'mute-day', number> = { 'mute-hour': HOUR_MS, 'mute-day': 24 * HOUR_MS }

export function isMuted (member: GroupMember, now: number): boolean {
  return member.mutedUntil !== undefined && member.mutedUntil > now
}

/**
 * What we may do to `member` with our role `mine`: the owner anything to anyone else
 * (promote or demote, mute, make owner, remove); a manager mutes and removes plain members
 * only; a member nothing. Nobody acts on themselves here (leaving is apart).
 */
export function memberActions (mine: GroupRole | null, member: GroupMember, me: AccountId, now: number): MemberAction[] {
  if (member.accountId === me || mine === null || mine === 'member') return []
  if (mine === 'manager' && member.role !== 'member') return []
  const mute: MemberAction[] = isMuted(member, now) ? ['unmute'] : ['mute-hour', 'mute-day']
  if (mine === 'manager') return [...mute, 'kick']
  return [member.role === 'manager' ? 'demote' : 'promote', ...mute, 'transfer', 'kick']
}

/** The owner and managers run the group: edit it, answer requests, reset its link. */
export function runsGroup (group: GroupInfo): boolean {
  return group.myRole === 'owner' || group.myRole === 'manager'
}

/** Who may add members: the owner and managers, and any member of an open group. */
export function mayInvite (group: GroupInfo): boolean {
  return runsGroup(group) || (group.open && group.myRole !== null)
}

export const roleLabels: Record<GroupRole, string> = { owner: 'Owner', manager: 'Manager', member: 'Member' }

/** Why we are no longer in a group, as a banner says it; null while we are in it. */
export function endedText (group: GroupInfo): string | null {
  switch (group.ended) {
    case 'removed': return 'You were removed from this group. You can read what was said until then, but not write.'
    case 'left': return 'You left this group. You can read what was said until then, but not write.'
    case 'dissolved': return 'This group was dissolved by its owner. Nothing more can be said in it.'
    case undefined: return group.dissolved ? 'This group was dissolved by its owner. Nothing more can be said in it.' : null
  }
}

/** `3 members` */
export function memberCountText (count: number): string {
  return `${count} member${count === 1 ? '' : 's'}`
}

/** `Read by 2 of 5` */
export function readByText (info: ReadByInfo): string {
  return `Read by ${info.read.length} of ${info.total}`
}

/** The members who have a message but have not read it yet. */
export function deliveredUnread (info: ReadByInfo): AccountId[] {
  return info.delivered.filter(account => !info.read.includes(account))
}
