/**
 * One group's membership log in memory: the verified ops of the group, their resolved state
 * (resolve.ts) and the bounds a hostile peer meets when it hands ops in. An op whose parents
 * are not all known is held in a pending pool (bounded, oldest evicted, each expiring) and
 * inserted when they arrive; an op from an account the log never named (not added, not the
 * founder) is refused at once unless it is a join showing a proof of one of the group's invite
 * links; each author account may have only so many ops per hour of its own clock (so that a
 * log caught up from history meets the bound as one filled live does); the log holds only so
 * many. An op that extends the current heads exactly is applied to the state as it is; any
 * other insert replays the whole log, once per add or addMany. No store, no network: the
 * service persists `all()`.
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
/** Most ops of one author account in one group's log per hour of the author's clock (op timestamps). */
export const MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR = 500

const HOUR_MS = 60 * 60 * 1000

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

export interface GroupLogBatchResult {
  /** the ops inserted (with the held ops they completed), parents first */
  added: SignedGroupOp[]
  missing: Uint8Array[]
  /** the typed error of each op refused */
  refused: Error[]
}

export interface GroupLog {
  readonly id: Uint8Array
  /** whether the log ever named the account (founder, added, joined): who may hand us a sender key */
  named: (account: AccountId) => boolean
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
  /**
   * Inserts many ops (a page of a catch-up, the log read back from the store) with one replay
   * at the end instead of one per op inserted off the heads; each refusal is in `refused`,
   * `missing` the parents of held ops that are neither known nor held.
   */
  addMany: (ops: SignedGroupOp[], now?: number) => GroupLogBatchResult
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

/**
 * How many ops each author has in the log per hour of their own clock (the op timestamps): a
 * bound that a log caught up from history meets the same way as one filled live.
 */
function createAuthorHours (max: number): { check: (op: SignedGroupOp) => void, count: (op: SignedGroupOp) => void } {
  const counts = new Map<string, number>()
  const slot = (op: SignedGroupOp): string => `${op.author.accountId}@${Math.floor(op.timestamp / HOUR_MS)}`
  return {
    check: (op) => {
      if ((counts.get(slot(op)) ?? 0) >= max) {
        throw new RateLimitedError(`account ${op.author.accountId} wrote ${max} ops of this group in that hour already (the limit)`)
      }
    },
    count: (op) => { counts.set(slot(op), (counts.get(slot(op)) ?? 0) + 1) }
  }
}

export function createGroupLog (genesis: SignedGroupOp, init: GroupLogInit = {}): GroupLog {
  const maxPending = init.maxPending ?? MAX_PENDING_GROUP_OPS
  const pendingTtlMs = init.pendingTtlMs ?? PENDING_GROUP_OP_TTL_MS
  const maxOps = init.maxOps ?? MAX_GROUP_LOG_OPS
  const authorHours = createAuthorHours(init.maxOpsPerAuthorPerHour ?? MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR)
  const id = genesis.id
  const ops = new Map<string, SignedGroupOp>()
  const held = new Map<string, HeldOp>()
  /** accounts the log ever named: the founder, every added account, every joiner */
  const named = new Set<AccountId>()
  /** every invite link secret the log ever set (a join may race a link reset) */
  const linkSecrets: Uint8Array[] = []

  const record = (op: SignedGroupOp): void => {
    ops.set(op.key, op)
    authorHours.count(op)
    const { action } = op
    if (action.kind === 'create' || action.kind === 'join') named.add(op.author.accountId)
    if (action.kind === 'add') op.targets.forEach(account => named.add(account))
    if (action.kind === 'create' || action.kind === 'set-link') linkSecrets.push(action.linkSecret)
  }

  record(genesis)
  let { state, order, rejected, heads } = resolveGroup(ops.values())
  /** ops were inserted off the heads: state, order, rejected and heads wait for a replay */
  let stale = false

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

  /** held op keys by the key of each parent they wait for */
  const waiting = new Map<string, Set<string>>()

  const unhold = (key: string): void => {
    held.get(key)?.op.parents.forEach(parent => {
      const keys = waiting.get(opKey(parent))
      keys?.delete(key)
      if (keys?.size === 0) waiting.delete(opKey(parent))
    })
    held.delete(key)
  }

  const expireHeld = (now: number): void => {
    held.forEach((entry, key) => { if (entry.expires <= now) unhold(key) })
  }

  const hold = (op: SignedGroupOp, now: number): void => {
    if (held.size >= maxPending) {
      unhold(held.keys().next().value as string)
    }
    held.set(op.key, { op, expires: now + pendingTtlMs })
    op.parents.forEach(parent => {
      const key = opKey(parent)
      if (!ops.has(key)) waiting.set(key, (waiting.get(key) ?? new Set()).add(op.key))
    })
  }

  const extendsHeads = (op: SignedGroupOp): boolean =>
    op.parents.length === heads.length && op.parents.every((parent, i) => equalBytes(parent, heads[i]))

  /** Takes an op whose parents are all in the log, or throws the error that refuses it. */
  const take = (op: SignedGroupOp): void => {
    requireRoom()
    requireNamed(op)
    authorHours.check(op)
    record(op)
    if (stale || !extendsHeads(op)) {
      stale = true
      return
    }
    // its parents are exactly the heads: it follows every op of the log, so it goes last
    const draft = draftOf(state)
    const refusal = applyOrRefuse(draft, op)
    if (refusal != null) rejected.set(op.key, refusal)
    state = draft
    order.push(op)
    heads = [op.id]
  }

  /** The held ops that `op` completes (and those they complete), parents first, that the log takes. */
  const release = (op: SignedGroupOp): SignedGroupOp[] => {
    const released: SignedGroupOp[] = []
    const queue = [op]
    for (let next = queue.shift(); next != null; next = queue.shift()) {
      for (const key of waiting.get(next.key) ?? []) {
        const child = held.get(key)?.op
        if (child == null || !child.parents.every(parent => ops.has(opKey(parent)))) continue
        unhold(key)
        try {
          take(child)
          released.push(child)
          queue.push(child)
        } catch {
          // refused now as it would have been on arrival; nobody waits for an answer
        }
      }
    }
    return released
  }

  const insert = (op: SignedGroupOp, now: number): GroupLogAddResult => {
    if (!equalBytes(op.group, id)) {
      throw new InvalidGroupOpError('the op belongs to another group')
    }
    requireNotOwnParent(op)
    if (ops.has(op.key) || held.has(op.key)) return { duplicate: true }
    expireHeld(now)
    requireRoom()
    const unknown = op.parents.filter(parent => !ops.has(opKey(parent)))
    if (unknown.length > 0) {
      hold(op, now)
      return { missing: unknown.filter(parent => !held.has(opKey(parent))) }
    }
    take(op)
    return { added: [op, ...release(op)] }
  }

  /** Brings state, order, rejected and heads up to date after inserts off the heads. */
  const settle = (): void => {
    if (!stale) return
    ({ state, order, rejected, heads } = resolveGroup(ops.values()))
    stale = false
  }

  const add = (op: SignedGroupOp, now = Date.now()): GroupLogAddResult => {
    try {
      return insert(op, now)
    } finally {
      settle()
    }
  }

  const addMany = (batch: SignedGroupOp[], now = Date.now()): GroupLogBatchResult => {
    const result: GroupLogBatchResult = { added: [], missing: [], refused: [] }
    try {
      for (const op of batch) {
        try {
          const one = insert(op, now)
          if ('added' in one) result.added.push(...one.added)
        } catch (err) {
          result.refused.push(err as Error)
        }
      }
    } finally {
      settle()
    }
    const missing = new Map(batch.flatMap(op => held.has(op.key) ? op.parents : []).map(parent => [opKey(parent), parent]))
    result.missing = [...missing].filter(([key]) => !ops.has(key) && !held.has(key)).map(([, parent]) => parent)
    return result
  }

  return {
    id,
    named: (account) => named.has(account),
    state: () => state,
    heads: () => [...heads],
    has: (opId) => ops.has(opKey(opId)),
    get: (key) => ops.get(key),
    add,
    addMany,
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
