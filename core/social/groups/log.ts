/**
 * One group's membership log in memory: the verified ops of the group, their resolved state
 * (resolve.ts) and the bounds a hostile peer meets when it hands ops in. An op whose parents
 * are not all known is held in a pending pool (bounded, oldest evicted, each expiring) and
 * inserted when they arrive; an op from an account the log never named (not added, not the
 * founder) is refused at once unless it is a join showing a proof of one of the group's invite
 * links; each author account may hand in only so many ops an hour; the log holds only so many.
 * An op that extends the current heads exactly is applied to the state as it is; any other
 * insert replays the whole log. No store, no network: the service persists `all()`.
 */

import {
  GroupFullError, InvalidGroupOpError, NotGroupMemberError, RateLimitedError, type AccountId
} from '../../api/index.ts'
import { equalBytes } from '../../crypto/index.ts'
import { joinProof, opKey, requireNotOwnParent, type SignedGroupOp } from './op.ts'
import { resolveGroup } from './resolve.ts'
import { applyOrRefuse } from './rules.ts'
import { draftOf, type GroupState } from './state.ts'

/** Most ops held for missing parents, per group. */
export const MAX_PENDING_GROUP_OPS = 256
/** How long an op is held for its missing parents. */
export const PENDING_GROUP_OP_TTL_MS = 10 * 60 * 1000
/** Most ops one group's log holds. */
export const MAX_GROUP_LOG_OPS = 20_000
/** Most ops one author account may hand in to one group's log in an hour. */
export const MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR = 500

const HOUR_MS = 60 * 60 * 1000
/** Authors with recent ops tracked before the ones with none in the last hour are swept out. */
const AUTHOR_WINDOWS_SWEEP_AT = 4096

export interface GroupLogInit {
  maxPending?: number
  pendingTtlMs?: number
  maxOps?: number
  maxOpsPerAuthorPerHour?: number
}

export type GroupLogAddResult =
  | { added: SignedGroupOp[] }
  | { duplicate: true }
  /** held until its parents arrive; `missing`: the ids neither known nor held (to fetch) */
  | { missing: Uint8Array[] }

export interface GroupLog {
  readonly id: Uint8Array
  state: () => GroupState
  /** the ops no other op names as a parent, ascending: the parents of the next op written here */
  heads: () => Uint8Array[]
  has: (id: Uint8Array) => boolean
  get: (key: string) => SignedGroupOp | undefined
  /**
   * Inserts a verified op (and the held ops it completes, parents first: all in `added`);
   * 'duplicate' if known or held; `missing` when held for its parents; throws a typed error
   * when refused (InvalidGroupOpError, NotGroupMemberError, RateLimitedError, GroupFullError).
   */
  add: (op: SignedGroupOp, now?: number) => GroupLogAddResult
  /** the ops the holder of `heads` lacks, parents before children (unknown heads are ignored) */
  missingFor: (heads: Uint8Array[]) => SignedGroupOp[]
  /** every op, parents before children (the order they were replayed in) */
  all: () => SignedGroupOp[]
  /** the error name of an op that was refused at its place (a no-op in the log) */
  rejected: (key: string) => string | undefined
  /** how many ops are held for missing parents */
  pending: () => number
}

interface HeldOp {
  op: SignedGroupOp
  expires: number
}

/** A sliding hour of op times per author account. */
function createAuthorWindows (max: number): (author: AccountId, now: number) => void {
  const windows = new Map<AccountId, number[]>()
  const recent = (times: number[], now: number): number[] => times.filter(time => time > now - HOUR_MS)
  return (author, now) => {
    if (windows.size >= AUTHOR_WINDOWS_SWEEP_AT) {
      windows.forEach((times, account) => { if (recent(times, now).length === 0) windows.delete(account) })
    }
    const times = recent(windows.get(author) ?? [], now)
    if (times.length >= max) {
      throw new RateLimitedError(`account ${author} handed in ${times.length} ops of this group in the last hour (the limit is ${max})`)
    }
    times.push(now)
    windows.set(author, times)
  }
}

export function createGroupLog (genesis: SignedGroupOp, init: GroupLogInit = {}): GroupLog {
  const maxPending = init.maxPending ?? MAX_PENDING_GROUP_OPS
  const pendingTtlMs = init.pendingTtlMs ?? PENDING_GROUP_OP_TTL_MS
  const maxOps = init.maxOps ?? MAX_GROUP_LOG_OPS
  const countAuthor = createAuthorWindows(init.maxOpsPerAuthorPerHour ?? MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR)
  const id = genesis.id
  const ops = new Map<string, SignedGroupOp>()
  const held = new Map<string, HeldOp>()
  /** accounts the log ever named: the founder, every added account, every joiner */
  const named = new Set<AccountId>()
  /** every invite link secret the log ever set (a join may race a link reset) */
  const linkSecrets: Uint8Array[] = []
  const record = (op: SignedGroupOp): void => {
    ops.set(op.key, op)
    const { action } = op
    if (action.kind === 'create' || action.kind === 'join') named.add(op.author.accountId)
    if (action.kind === 'add') op.targets.forEach(account => named.add(account))
    if (action.kind === 'create' || action.kind === 'set-link') linkSecrets.push(action.linkSecret)
  }

  record(genesis)
  let { state, order, rejected, heads } = resolveGroup(ops.values())

  const requireNamed = (op: SignedGroupOp): void => {
    if (named.has(op.author.accountId)) return
    const { action } = op
    if (action.kind === 'join' && linkSecrets.some(secret => equalBytes(action.proof, joinProof(id, op.author.accountKey, secret)))) return
    throw new NotGroupMemberError(`account ${op.author.accountId} is not a member of the group and never was`)
  }

  const requireRoom = (): void => {
    if (ops.size >= maxOps) {
      throw new GroupFullError(`the group's log holds its limit of ${maxOps} ops`)
    }
  }

  const expireHeld = (now: number): void => {
    held.forEach((entry, key) => { if (entry.expires <= now) held.delete(key) })
  }

  const hold = (op: SignedGroupOp, now: number): void => {
    if (held.size >= maxPending) {
      held.delete(held.keys().next().value as string)
    }
    held.set(op.key, { op, expires: now + pendingTtlMs })
  }

  /** The held ops whose parents are now all known, parents first, that the log takes. */
  const release = (): SignedGroupOp[] => {
    const released: SignedGroupOp[] = []
    for (let progress = true; progress;) {
      progress = false
      for (const [key, { op }] of held) {
        if (!op.parents.every(parent => ops.has(opKey(parent)))) continue
        held.delete(key)
        progress = true
        try {
          requireRoom()
          requireNamed(op)
        } catch {
          continue // refused now as it would have been on arrival; nobody waits for an answer
        }
        record(op)
        released.push(op)
      }
    }
    return released
  }

  const replay = (): void => {
    ({ state, order, rejected, heads } = resolveGroup(ops.values()))
  }

  const extendsHeads = (op: SignedGroupOp): boolean =>
    op.parents.length === heads.length && op.parents.every((parent, i) => equalBytes(parent, heads[i]))

  /** The op, whose parents are exactly the heads, placed last: it follows every op of the log. */
  const appendToHeads = (op: SignedGroupOp): void => {
    const draft = draftOf(state)
    const refusal = applyOrRefuse(draft, op)
    if (refusal != null) rejected.set(op.key, refusal)
    state = draft
    order.push(op)
    heads = [op.id]
  }

  const add = (op: SignedGroupOp, now = Date.now()): GroupLogAddResult => {
    if (!equalBytes(op.group, id)) {
      throw new InvalidGroupOpError('the op belongs to another group')
    }
    requireNotOwnParent(op)
    if (ops.has(op.key) || held.has(op.key)) return { duplicate: true }
    expireHeld(now)
    requireRoom()
    const unknown = op.parents.filter(parent => !ops.has(opKey(parent)))
    if (unknown.length > 0) {
      countAuthor(op.author.accountId, now)
      hold(op, now)
      return { missing: unknown.filter(parent => !held.has(opKey(parent))) }
    }
    requireNamed(op)
    countAuthor(op.author.accountId, now)
    const canAppend = extendsHeads(op)
    record(op)
    const added = [op, ...release()]
    if (canAppend && added.length === 1) appendToHeads(op)
    else replay()
    return { added }
  }

  return {
    id,
    state: () => state,
    heads: () => [...heads],
    has: (opId) => ops.has(opKey(opId)),
    get: (key) => ops.get(key),
    add,
    missingFor: (theirHeads) => {
      const theirs = new Set<string>()
      const stack = theirHeads.map(opKey).filter(key => ops.has(key))
      for (let key = stack.pop(); key != null; key = stack.pop()) {
        if (theirs.has(key)) continue
        theirs.add(key)
        ops.get(key)?.parents.forEach(parent => stack.push(opKey(parent)))
      }
      return order.filter(op => !theirs.has(op.key))
    },
    all: () => [...order],
    rejected: (key) => rejected.get(key),
    pending: () => held.size
  }
}
