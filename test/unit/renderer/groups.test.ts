/**
 * What the UI offers and says in a group (renderer/src/state/groups.ts), without a browser:
 * the actions on a member follow the roles the group log enforces (a manager acts on plain
 * members only, nobody on themselves), who may invite, edit and answer requests, why we are
 * out of a group, who read one of our messages, and the conversation list's group items.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { GroupInfo, GroupMember, GroupRole } from '../../../core/api/index.ts'
import { conversationItems } from '../../../renderer/src/state/conversations.ts'
import {
  deliveredUnread, endedText, isMuted, mayInvite, memberActions, readByText, runsGroup
} from '../../../renderer/src/state/groups.ts'

const now = Date.UTC(2026, 0, 1)
const me = 'timMe'

function member (accountId: string, role: GroupRole, mutedUntil?: number): GroupMember {
  return { accountId, name: accountId, role, since: 0, ...(mutedUntil === undefined ? {} : { mutedUntil }) }
}

function group (fields: Partial<GroupInfo>): GroupInfo {
  return { id: 'group:g', name: 'Family', topic: '', avatar: null, open: false, owner: me, myRole: 'owner', memberCount: 3, dissolved: false, ...fields }
}

test('the owner may promote, mute, make owner and remove anyone else; a manager is demoted instead of promoted', () => {
  assert.deepEqual(memberActions('owner', member('carol', 'member'), me, now), ['promote', 'mute-hour', 'mute-day', 'transfer', 'kick'])
  assert.deepEqual(memberActions('owner', member('dave', 'manager'), me, now), ['demote', 'mute-hour', 'mute-day', 'transfer', 'kick'])
  assert.deepEqual(memberActions('owner', member(me, 'owner'), me, now), [], 'nothing on ourselves')
})

test('a manager mutes and removes plain members only; a member, or someone out of the group, does nothing to anyone', () => {
  assert.deepEqual(memberActions('manager', member('carol', 'member'), me, now), ['mute-hour', 'mute-day', 'kick'])
  assert.deepEqual(memberActions('manager', member('dave', 'manager'), me, now), [], 'not another manager')
  assert.deepEqual(memberActions('manager', member('owen', 'owner'), me, now), [], 'not the owner')
  assert.deepEqual(memberActions('member', member('carol', 'member'), me, now), [])
  assert.deepEqual(memberActions(null, member('carol', 'member'), me, now), [])
})

test('a muted member is offered Unmute until the mute runs out', () => {
  const muted = member('carol', 'member', now + 60_000)
  assert.equal(isMuted(muted, now), true)
  assert.deepEqual(memberActions('manager', muted, me, now), ['unmute', 'kick'])
  assert.deepEqual(memberActions('manager', muted, me, now + 60_000), ['mute-hour', 'mute-day', 'kick'], 'a mute that ran out is over')
})

test('the owner and managers run the group; any member of an open group may invite; nobody out of it', () => {
  assert.equal(runsGroup(group({ myRole: 'manager' })), true)
  assert.equal(runsGroup(group({ myRole: 'member' })), false)
  assert.equal(mayInvite(group({ myRole: 'member' })), false)
  assert.equal(mayInvite(group({ myRole: 'member', open: true })), true)
  assert.equal(mayInvite(group({ myRole: null, open: true, ended: 'removed' })), false)
})

test('the banner says why we are out of a group, and nothing while we are in it', () => {
  assert.equal(endedText(group({})), null)
  assert.match(endedText(group({ myRole: null, ended: 'removed' })) ?? '', /^You were removed from this group/)
  assert.match(endedText(group({ myRole: null, ended: 'left' })) ?? '', /^You left this group/)
  assert.match(endedText(group({ myRole: null, ended: 'dissolved', dissolved: true })) ?? '', /dissolved/)
  assert.match(endedText(group({ dissolved: true })) ?? '', /dissolved/, 'a dissolved group ends for its owner too')
})

test('read by N of M counts who read it; the others who have it are listed apart', () => {
  const info = { id: 'm', total: 5, delivered: ['a', 'b', 'c'], read: ['a'] }
  assert.equal(readByText(info), 'Read by 1 of 5')
  assert.deepEqual(deliveredUnread(info), ['b', 'c'])
})

test('the conversation list shows a group before its first message, and a group by the name it has now', () => {
  const quiet = group({ id: 'group:quiet', name: 'Quiet club' })
  const renamed = group({ id: 'group:busy', name: 'Busy club' })
  const last = {
    id: 'm', conversation: renamed.id, from: 'timBob', direction: 'in' as const, kind: 'text' as const, text: 'hi',
    timestamp: now, state: 'delivered' as const, path: 'direct' as const
  }
  const items = conversationItems([{ id: renamed.id, kind: 'group', name: 'Old name', unread: 1, lastMessage: last }], [], [quiet, renamed])
  assert.deepEqual(items.map(item => [item.id, item.name, item.unread]), [[renamed.id, 'Busy club', 1], [quiet.id, 'Quiet club', 0]])
  assert.equal(items[1]?.peer, null, 'a group has no peer')
})
