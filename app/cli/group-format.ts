/**
 * How the CLI shows groups: a group's fields (`tim groups info`), the rows of `tim groups`,
 * `tim groups members` and `tim groups requests`, and what a member's role and mute say.
 * Pure functions over the API's DTOs.
 */

import type { GroupInfo, GroupJoinRequestInfo, GroupMember } from '../../core/api/index.ts'
import type { NameBook } from './name-book.ts'
import { formatTime, oneLine } from './output.ts'

/** `open (anyone with the link joins)` or `private (…)` */
export function groupType (group: GroupInfo): string {
  return group.open ? 'open' : 'private'
}

/** `owner`, or once this account is out: `you left`, `you were removed`, `dissolved` */
export function myStanding (group: GroupInfo): string {
  if (group.myRole !== null) return group.myRole
  switch (group.ended) {
    case 'left': return 'you left'
    case 'removed': return 'you were removed'
    case 'dissolved': return 'dissolved'
    default: return group.dissolved ? 'dissolved' : 'not a member'
  }
}

/** `3 members` */
export function memberCount (count: number): string {
  return `${count} member${count === 1 ? '' : 's'}`
}

export function groupFields (group: GroupInfo, names: NameBook): Array<[string, string]> {
  const rows: Array<[string, string | undefined]> = [
    ['name', group.name],
    ['group', group.id],
    ['topic', group.topic === '' ? undefined : group.topic],
    ['type', group.open ? 'open: anyone with the link joins' : 'private: joining asks the owner and managers'],
    ['owner', `${names.account(group.owner)} (${group.owner})`],
    ['you', myStanding(group)],
    ['members', String(group.memberCount)],
    ['avatar', group.avatar === null ? undefined : 'yes'],
    ['link', group.link]
  ]
  return rows.filter((row): row is [string, string] => row[1] !== undefined)
}

export const groupListHeader = ['NAME', 'GROUP', 'TYPE', 'MEMBERS', 'YOU']

export function groupRow (group: GroupInfo): string[] {
  return [group.name, group.id, groupType(group), String(group.memberCount), myStanding(group)]
}

/** `muted until 2026-01-31 14:05:09`, or '' when the member may write (`now`: ms since epoch) */
export function muteText (member: GroupMember, now: number): string {
  return member.mutedUntil !== undefined && member.mutedUntil > now ? `muted until ${formatTime(member.mutedUntil)}` : ''
}

export const memberHeader = ['NAME', 'ACCOUNT', 'ROLE', 'SINCE', 'MUTED']

export function memberRow (member: GroupMember, names: NameBook, now: number): string[] {
  return [names.account(member.accountId), member.accountId, member.role, formatTime(member.since), muteText(member, now)]
}

export const requestHeader = ['NAME', 'ACCOUNT', 'ASKED', 'NOTE']

export function requestRow (request: GroupJoinRequestInfo): string[] {
  return [request.name, request.accountId, formatTime(request.at), oneLine(request.note, 60)]
}
