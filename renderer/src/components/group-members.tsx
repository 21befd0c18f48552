/**
 * A group's member list: each member's name, role and mute, and, by our role, a menu of
 * what we may do to them (state/groups.ts: promote or demote, mute for an hour or a day,
 * unmute, make owner, remove). Making someone owner and removing them are asked first.
 * Every change comes back as the group's new GroupInfo, which the store holds.
 */

import { useState, type ReactNode } from 'react'
import type { AccountId, GroupInfo, GroupMember } from '../../../core/api/index.ts'
import { formatFull, formatTime } from '../state/format.ts'
import { isMuted, memberActions, muteDurations, roleLabels, type MemberAction } from '../state/groups.ts'
import { useAction } from '../state/use-action.ts'
import { useMessengerState, useStore, useTransport } from '../state/use-messenger.tsx'
import { ConfirmDialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { Icon } from './icons.tsx'
import { Menu } from './menu.tsx'

const actionLabels: Record<MemberAction, string> = {
  promote: 'Make manager',
  demote: 'Remove as manager',
  'mute-hour': 'Mute for 1 hour',
  'mute-day': 'Mute for 1 day',
  unmute: 'Unmute',
  transfer: 'Make owner…',
  kick: 'Remove from group…'
}

function MemberItem ({ group, member, name }: { group: GroupInfo, member: GroupMember, name: string }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const me = useMessengerState(state => state.identity?.accountId ?? '')
  const action = useAction()
  const [asking, setAsking] = useState<'transfer' | 'kick' | null>(null)
  const now = Date.now()
  const target = { conversation: group.id, account: member.accountId }

  const perform = async (chosen: MemberAction): Promise<void> => {
    const call = (): Promise<GroupInfo> => {
      switch (chosen) {
        case 'promote': return transport.setMemberRole({ ...target, role: 'manager' })
        case 'demote': return transport.setMemberRole({ ...target, role: 'member' })
        case 'mute-hour':
        case 'mute-day': return transport.muteMember({ ...target, until: Date.now() + muteDurations[chosen] })
        case 'unmute': return transport.muteMember({ ...target, until: null })
        case 'transfer': return transport.transferGroup(target)
        case 'kick': return transport.kickMember(target)
      }
    }
    store.holdGroup(await call())
  }
  const choose = (chosen: MemberAction): void => {
    if (chosen === 'transfer' || chosen === 'kick') setAsking(chosen)
    else void action.run(async () => { await perform(chosen) })
  }
  const actions = memberActions(group.myRole, member, me, now)

  return (
    <li className='member-item' data-account={member.accountId} data-role={member.role}>
      <span className='member-name'>{name}</span>
      {member.role !== 'member' && <span className={`tag tag-role-${member.role}`}>{roleLabels[member.role]}</span>}
      {isMuted(member, now) && member.mutedUntil !== undefined && (
        <span className='tag tag-muted' title={formatFull(member.mutedUntil)}>Muted until {formatTime(member.mutedUntil)}</span>
      )}
      {actions.length > 0 && (
        <Menu label={`Actions for ${name}`} items={actions.map(chosen => ({ label: actionLabels[chosen], onSelect: () => { choose(chosen) }, danger: chosen === 'kick' }))}>
          <Icon name='more' />
        </Menu>
      )}
      <ErrorAlert error={action.error} />
      <ConfirmDialog open={asking === 'kick'} title={`Remove ${name} from ${group.name}?`} confirmLabel='Remove' danger onClose={() => { setAsking(null) }} onConfirm={async () => { await perform('kick') }}>
        <p>{name} can no longer read or write in the group. The keys change, so nothing sent from now on reaches them.</p>
      </ConfirmDialog>
      <ConfirmDialog open={asking === 'transfer'} title={`Make ${name} the owner of ${group.name}?`} confirmLabel='Make owner' onClose={() => { setAsking(null) }} onConfirm={async () => { await perform('transfer') }}>
        <p>{name} can then do anything in the group, also remove you. You stay in it as a manager.</p>
      </ConfirmDialog>
    </li>
  )
}

export function GroupMembers ({ group, members, nameOf }: { group: GroupInfo, members: readonly GroupMember[], nameOf: (account: AccountId) => string }): ReactNode {
  const order: Record<GroupMember['role'], number> = { owner: 0, manager: 1, member: 2 }
  const sorted = [...members].sort((a, b) => order[a.role] - order[b.role] || nameOf(a.accountId).localeCompare(nameOf(b.accountId)))
  return (
    <ul className='member-list' aria-label='Members'>
      {sorted.map(member => <MemberItem key={member.accountId} group={group} member={member} name={nameOf(member.accountId)} />)}
    </ul>
  )
}
