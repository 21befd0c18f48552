/**
 * The rules of a group's membership log: whether an op's author may do what it says in the
 * state before it, and what it changes. Each refusal is a typed error whose name the log
 * keeps for the op (GroupDissolvedError, NotGroupMemberError, GroupPermissionError,
 * GroupFullError, InvalidGroupLinkError, InvalidGroupOpError). Field limits (name, topic,
 * avatar, secret lengths, account counts) were checked when the op was decoded. Pure: no
 * clock, no store; the order ops are applied in is resolve.ts's.
 */

import {
  GroupDissolvedError, GroupFullError, GroupPermissionError, InvalidGroupLinkError, InvalidGroupOpError,
  NotGroupMemberError, TimError, limits, type AccountId
} from '../../api/index.ts'
import { equalBytes } from '../../crypto/index.ts'
import { joinProof, type SignedGroupOp } from './op.ts'
import { draftOf, isMember, rankOf, type DraftGroupState, type GroupState } from './state.ts'

const MANAGER = 2
const OWNER = 3

/** The state the genesis op makes: its author owns the group. */
export function genesisState (op: SignedGroupOp): DraftGroupState {
  if (op.action.kind !== 'create' || op.parents.length !== 0) {
    throw new InvalidGroupOpError('a group begins with a create op that has no parents')
  }
  const { name, topic, avatar, open, linkSecret } = op.action
  const owner = op.author.accountId
  return {
    id: op.id,
    name,
    topic,
    avatar,
    open,
    linkSecret,
    owner,
    members: new Map([[owner, { role: 'owner', since: op.timestamp }]]),
    removed: new Set(),
    left: new Set(),
    dissolved: false
  }
}

/** The op applied to a copy of `state`; throws the typed error that refuses it. */
export function applyOp (state: GroupState, op: SignedGroupOp): GroupState {
  const draft = draftOf(state)
  applyOpTo(draft, op)
  return draft
}

function requireRank (state: GroupState, author: AccountId, rank: number, what: string): void {
  if (rankOf(state, author) < rank) {
    throw new GroupPermissionError(`only the owner${rank === MANAGER ? ' or a manager' : ''} may ${what}`)
  }
}

/** A member other than the owner: the target of a transfer or a role change. */
function requireOtherMember (state: GroupState, target: AccountId, what: string): void {
  if (!isMember(state, target)) {
    throw new NotGroupMemberError(`cannot ${what} an account that is not a member`)
  }
  if (target === state.owner) {
    throw new InvalidGroupOpError(`cannot ${what} the owner`)
  }
}

function requireRoom (state: GroupState, adding: number): void {
  if (state.members.size + adding > limits.maxGroupMembers) {
    throw new GroupFullError(`the group has ${state.members.size} members; ${adding} more would pass the limit of ${limits.maxGroupMembers}`)
  }
}

function admit (draft: DraftGroupState, account: AccountId, since: number): void {
  draft.members.set(account, { role: 'member', since })
  draft.removed.delete(account)
  draft.left.delete(account)
}

function checkJoin (state: GroupState, op: SignedGroupOp, proof: Uint8Array): void {
  const author = op.author.accountId
  if (isMember(state, author)) {
    throw new InvalidGroupOpError('a member cannot join again')
  }
  if (!state.open) {
    throw new GroupPermissionError('the group is private: joining takes a manager\'s approval')
  }
  if (!equalBytes(proof, joinProof(state.id, op.author.accountKey, state.linkSecret))) {
    throw new InvalidGroupLinkError('the join proof is not for the group\'s current invite link')
  }
  if (state.removed.has(author)) {
    throw new GroupPermissionError('a removed account comes back only when the owner or a manager adds it')
  }
  requireRoom(state, 1)
}

function checkAdd (state: GroupState, author: AccountId, accounts: AccountId[]): void {
  requireRank(state, author, state.open ? 1 : MANAGER, 'add members to a private group')
  if (accounts.some(account => isMember(state, account))) {
    throw new InvalidGroupOpError('an add names an account that is already a member')
  }
  if (rankOf(state, author) < MANAGER && accounts.some(account => state.removed.has(account))) {
    throw new GroupPermissionError('only the owner or a manager may add back a removed account')
  }
  requireRoom(state, accounts.length)
}

function checkRemove (state: GroupState, author: AccountId, target: AccountId): void {
  requireRank(state, author, MANAGER, 'remove members')
  if (!isMember(state, target)) {
    throw new NotGroupMemberError('cannot remove an account that is not a member')
  }
  if (target === author) {
    throw new InvalidGroupOpError('a member leaves instead of removing itself')
  }
  if (rankOf(state, author) < OWNER && rankOf(state, target) >= MANAGER) {
    throw new GroupPermissionError('a manager cannot remove a manager or the owner')
  }
}

function checkMute (state: GroupState, author: AccountId, target: AccountId): void {
  requireRank(state, author, MANAGER, 'mute members')
  if (!isMember(state, target)) {
    throw new NotGroupMemberError('cannot mute an account that is not a member')
  }
  if (target === state.owner || (rankOf(state, author) < OWNER && rankOf(state, target) >= MANAGER)) {
    throw new GroupPermissionError('a manager cannot mute a manager or the owner, and nobody mutes the owner')
  }
}

/** Applies `op` to `draft` when allowed; returns the name of the error that refuses it otherwise. */
export function applyOrRefuse (draft: DraftGroupState, op: SignedGroupOp): string | undefined {
  try {
    applyOpTo(draft, op)
    return undefined
  } catch (err) {
    if (!(err instanceof TimError)) throw err
    return err.name
  }
}

/**
 * Checks `op` against `draft` (the state at its place) and, when it is allowed, applies it to
 * `draft`. A refused op throws before anything changes.
 */
export function applyOpTo (draft: DraftGroupState, op: SignedGroupOp): void {
  const { action } = op
  const author = op.author.accountId
  if (action.kind === 'create') {
    throw new InvalidGroupOpError('a group has one create op: its genesis')
  }
  if (draft.dissolved) {
    throw new GroupDissolvedError('the group was dissolved')
  }
  if (action.kind === 'join') {
    checkJoin(draft, op, action.proof)
    admit(draft, author, op.timestamp)
    return
  }
  if (!isMember(draft, author)) {
    throw new NotGroupMemberError('the author is not a member of the group at this op')
  }
  const [target] = op.targets
  switch (action.kind) {
    case 'add':
      checkAdd(draft, author, op.targets)
      op.targets.forEach(account => { admit(draft, account, op.timestamp) })
      return
    case 'remove':
      checkRemove(draft, author, target)
      draft.members.delete(target)
      draft.removed.add(target)
      return
    case 'leave':
      if (author === draft.owner) {
        throw new GroupPermissionError('the owner transfers the group or dissolves it instead of leaving')
      }
      draft.members.delete(author)
      draft.left.add(author)
      return
    case 'dissolve':
      requireRank(draft, author, OWNER, 'dissolve the group')
      draft.dissolved = true
      return
    case 'transfer':
      requireRank(draft, author, OWNER, 'transfer the group')
      requireOtherMember(draft, target, 'transfer the group to')
      setRole(draft, target, 'owner')
      setRole(draft, author, 'manager')
      draft.owner = target
      return
    case 'set-role':
      requireRank(draft, author, OWNER, 'change roles')
      requireOtherMember(draft, target, 'change the role of')
      setRole(draft, target, action.role)
      return
    case 'mute':
      checkMute(draft, author, target)
      mute(draft, target, action.until)
      return
    case 'edit':
      requireRank(draft, author, MANAGER, 'edit the group')
      if (action.name != null) draft.name = action.name
      if (action.topic != null) draft.topic = action.topic
      if (action.avatar != null) draft.avatar = action.avatar
      if (action.open != null) draft.open = action.open
      return
    case 'set-link':
      requireRank(draft, author, MANAGER, 'reset the invite link')
      draft.linkSecret = action.linkSecret
  }
}

/** A new owner is never muted (nobody mutes the owner). */
function setRole (draft: DraftGroupState, account: AccountId, role: 'owner' | 'manager' | 'member'): void {
  const member = draft.members.get(account)
  if (member == null) return
  draft.members.set(account, role === 'owner' ? { role, since: member.since } : { ...member, role })
}

function mute (draft: DraftGroupState, account: AccountId, until: number): void {
  const member = draft.members.get(account)
  if (member == null) return
  draft.members.set(account, until === 0 ? { role: member.role, since: member.since } : { ...member, mutedUntil: until })
}
