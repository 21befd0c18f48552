/**
 * A group's info panel (a dialog from the chat header): its picture, name, topic and type;
 * the invite link with its QR code (and, for the owner and managers, a new link); contacts
 * to add; the requests to join waiting for an answer (live: the chat holds them, and says
 * so above the messages); the members with what our role
 * may do to each (group-members.tsx); the owner's and managers' edit form; and leaving, or
 * dissolving for the owner. Once we are out of the group it shows what it last knew.
 */

import { useState, type FormEvent, type ReactNode } from 'react'
import { limits, type AccountId, type GroupInfo, type GroupJoinRequestInfo } from '../../../core/api/index.ts'
import { formatFull } from '../state/format.ts'
import { endedText, mayInvite, memberCountText, roleLabels, runsGroup } from '../state/groups.ts'
import { useAction } from '../state/use-action.ts'
import { useGroupMembers, useMemberNames, type GroupRequests } from '../state/use-group.ts'
import { useStore, useTransport } from '../state/use-messenger.tsx'
import { CopyField } from './copy-field.tsx'
import { ConfirmDialog, Dialog } from './dialog.tsx'
import { ErrorAlert } from './error-alert.tsx'
import { AvatarPicker, ContactPicker, GroupAvatar } from './group-fields.tsx'
import { GroupMembers } from './group-members.tsx'
import { QrCode } from './qr-code.tsx'
import { TextField } from './text-field.tsx'

function InviteLink ({ group, link }: { group: GroupInfo, link: string }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const [asking, setAsking] = useState(false)
  return (
    <section className='group-section' aria-label='Invite link'>
      <CopyField label='Invite link' value={link} buttonLabel='Copy link' rows={3} />
      <QrCode value={link} label={`QR code of the invite link of ${group.name}`} />
      <p className='muted small'>{group.open ? 'Anyone with this link joins the group.' : 'Whoever opens this link asks to join; you or a manager let them in.'}</p>
      {runsGroup(group) && <button type='button' className='button small' onClick={() => { setAsking(true) }}>Reset link…</button>}
      <ConfirmDialog open={asking} title='Make a new invite link?' confirmLabel='Reset link' onClose={() => { setAsking(false) }} onConfirm={async () => { store.holdGroup(await transport.resetGroupLink(group.id)) }}>
        <p>The link you shared so far stops working: nobody joins with it any more.</p>
      </ConfirmDialog>
    </section>
  )
}

function AddMembers ({ group, members }: { group: GroupInfo, members: ReadonlySet<AccountId> }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const action = useAction()
  const [chosen, setChosen] = useState<ReadonlySet<AccountId>>(new Set())
  const add = async (): Promise<void> => {
    if (await action.run(async () => { store.holdGroup(await transport.inviteToGroup({ conversation: group.id, members: [...chosen] })) })) setChosen(new Set())
  }
  return (
    <section className='group-section'>
      <ContactPicker legend='Add contacts' exclude={members} selected={chosen} onChange={setChosen} />
      <ErrorAlert error={action.error} title='Could not add them' />
      <button type='button' className='button small' disabled={chosen.size === 0 || action.busy} onClick={() => { void add() }}>Add to group</button>
    </section>
  )
}

function JoinRequest ({ request, onSettled }: { request: GroupJoinRequestInfo, onSettled: () => void }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const action = useAction()
  const target = { conversation: request.conversation, account: request.accountId }
  const answer = async (approve: boolean): Promise<void> => {
    const done = await action.run(async () => {
      if (approve) store.holdGroup(await transport.approveJoin(target))
      else await transport.rejectJoin(target)
    })
    if (done) onSettled()
  }
  return (
    <li className='request-item' data-account={request.accountId}>
      <span><strong>{request.name}</strong> <span className='muted small' title={formatFull(request.at)}>asks to join</span></span>
      {request.note !== '' && <span className='request-note'>“{request.note}”</span>}
      <span className='request-actions'>
        <button type='button' className='button primary small' disabled={action.busy} aria-label={`Approve ${request.name}`} onClick={() => { void answer(true) }}>Approve</button>
        <button type='button' className='button small' disabled={action.busy} aria-label={`Reject ${request.name}`} onClick={() => { void answer(false) }}>Reject</button>
      </span>
      <ErrorAlert error={action.error} />
    </li>
  )
}

function JoinRequests ({ waiting }: { waiting: GroupRequests }): ReactNode {
  const { requests, error, settle } = waiting
  if (requests.length === 0 && error === null) return null
  return (
    <section className='group-section'>
      <h3 className='subhead'>Requests to join</h3>
      <ErrorAlert error={error} title='Could not load the requests' />
      <ul className='request-list' aria-label='Requests to join'>
        {requests.map(request => <JoinRequest key={request.accountId} request={request} onSettled={() => { settle(request.accountId) }} />)}
      </ul>
    </section>
  )
}

function EditGroup ({ group }: { group: GroupInfo }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const action = useAction()
  const [name, setName] = useState(group.name)
  const [topic, setTopic] = useState(group.topic)
  const [avatar, setAvatar] = useState(group.avatar)
  const [open, setOpen] = useState(group.open)
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    await action.run(async () => { store.holdGroup(await transport.editGroup({ conversation: group.id, name: name.trim(), topic: topic.trim(), avatar, open })) })
  }
  return (
    <form className='group-section' aria-label='Edit group' onSubmit={event => { void save(event) }}>
      <h3 className='subhead'>Edit group</h3>
      <TextField label='Group name' value={name} onChange={setName} maxLength={limits.maxNameLength} />
      <TextField label='Topic' value={topic} onChange={setTopic} maxLength={limits.maxGroupTopicLength} />
      <AvatarPicker value={avatar} onChange={setAvatar} />
      <label className='checkbox'>
        <input type='checkbox' checked={open} onChange={event => { setOpen(event.currentTarget.checked) }} />
        Anyone with the invite link can join
      </label>
      <ErrorAlert error={action.error} title='Could not save the group' />
      <button type='submit' className='button small' disabled={action.busy || name.trim() === ''}>Save changes</button>
    </form>
  )
}

function LeaveOrDissolve ({ group }: { group: GroupInfo }): ReactNode {
  const transport = useTransport()
  const store = useStore()
  const [asking, setAsking] = useState<'leave' | 'dissolve' | null>(null)
  const owner = group.myRole === 'owner'
  return (
    <section className='group-section'>
      {owner
        ? <button type='button' className='button danger small' onClick={() => { setAsking('dissolve') }}>Dissolve group…</button>
        : <button type='button' className='button danger small' onClick={() => { setAsking('leave') }}>Leave group…</button>}
      {owner && <p className='muted small'>To leave, make someone else the owner first (from their menu).</p>}
      <ConfirmDialog open={asking === 'leave'} title={`Leave ${group.name}?`} confirmLabel='Leave' danger onClose={() => { setAsking(null) }} onConfirm={async () => { store.holdGroup(await transport.leaveGroup(group.id)) }}>
        <p>You no longer get its messages. You keep what was said until now.</p>
      </ConfirmDialog>
      <ConfirmDialog open={asking === 'dissolve'} title={`Dissolve ${group.name}?`} confirmLabel='Dissolve' danger onClose={() => { setAsking(null) }} onConfirm={async () => { store.holdGroup(await transport.dissolveGroup(group.id)) }}>
        <p>The group ends for everyone: nobody can write in it any more. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  )
}

function GroupPanel ({ group, requests }: { group: GroupInfo, requests: GroupRequests }): ReactNode {
  const { members, error } = useGroupMembers(group)
  const nameOf = useMemberNames(members)
  const ended = endedText(group)
  const memberIds = new Set((members ?? []).map(member => member.accountId))
  return (
    <div className='group-panel'>
      <header className='group-summary'>
        <GroupAvatar group={group} />
        <div>
          {group.topic !== '' && <p className='group-topic'>{group.topic}</p>}
          <p className='muted small'>
            {group.open ? 'Open group' : 'Private group'} · {memberCountText(group.memberCount)}
            {group.myRole !== null && <> · you are {roleLabels[group.myRole].toLowerCase()}</>}
          </p>
        </div>
      </header>
      {ended !== null && <p className='warning-note' role='status'>{ended}</p>}
      {ended === null && group.link !== undefined && <InviteLink group={group} link={group.link} />}
      {ended === null && mayInvite(group) && <AddMembers group={group} members={memberIds} />}
      {ended === null && <JoinRequests waiting={requests} />}
      {/* once we are out, the node may no longer list the members: nothing to show then */}
      {(ended === null || members !== null) && (
        <section className='group-section'>
          <h3 className='subhead'>Members</h3>
          <ErrorAlert error={error} title='Could not load the members' />
          {members === null ? error === null && <p className='muted' role='status'>Loading members…</p> : <GroupMembers group={group} members={members} nameOf={nameOf} />}
        </section>
      )}
      {ended === null && runsGroup(group) && <EditGroup key={`${group.name}\n${group.topic}\n${String(group.open)}`} group={group} />}
      {ended === null && <LeaveOrDissolve group={group} />}
    </div>
  )
}

export interface GroupInfoDialogProps {
  group: GroupInfo
  /** the requests to join waiting for us (useGroupRequests) */
  requests: GroupRequests
  open: boolean
  onClose: () => void
}

export function GroupInfoDialog ({ group, requests, open, onClose }: GroupInfoDialogProps): ReactNode {
  return (
    <Dialog open={open} title={group.name} onClose={onClose} className='group-dialog'>
      <GroupPanel group={group} requests={requests} />
      <div className='dialog-actions'><button type='button' className='button' onClick={onClose}>Close</button></div>
    </Dialog>
  )
}
