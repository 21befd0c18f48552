/**
 * Resolution of a group's membership log: every member replays the same ops in the same
 * linear order and so reaches the same state, whatever order the ops arrived in. The order
 * is Kahn's topological order over the op graph where, among the ops whose parents are all
 * placed, the next is the one whose author has the highest rank in the state replayed so far
 * (owner 3 > manager 2 > member 1 > anyone else 0), then the smallest depth (longest path
 * from the genesis op), then the smallest op id (bytewise). Each op is checked against the
 * state at its place (rules.ts): allowed, it is applied; refused, it stays in the graph as a
 * no-op with its error name, and its descendants still count. Pure and deterministic.
 */

import { InvalidGroupOpError, MissingParentsError, type AccountId } from '../../api/index.ts'
import { equalBytes } from '../../crypto/index.ts'
import { opKey, type SignedGroupOp } from './op.ts'
import { applyOrRefuse, genesisState } from './rules.ts'
import { rankOf, type DraftGroupState, type GroupState } from './state.ts'

export interface GroupResolution {
  state: GroupState
  /** every op in the order it was replayed (parents before children) */
  order: SignedGroupOp[]
  /** op key → the error name that refused it */
  rejected: Map<string, string>
  /** the ops no other op names as a parent, ascending */
  heads: Uint8Array[]
}

interface Node {
  op: SignedGroupOp
  children: Node[]
  unplacedParents: number
  depth: number
  placed: boolean
}

interface Entry {
  node: Node
  /** the author's rank when the entry was pushed: stale once the rank changed */
  rank: number
}

/** A binary min-heap of ready ops by (depth, id). */
class ReadyHeap {
  private readonly entries: Entry[] = []

  get size (): number { return this.entries.length }

  peek (): Entry | undefined { return this.entries[0] }

  push (entry: Entry): void {
    const entries = this.entries
    entries.push(entry)
    let i = entries.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(entries[i], entries[parent])) break
      ;[entries[i], entries[parent]] = [entries[parent], entries[i]]
      i = parent
    }
  }

  pop (): void {
    const entries = this.entries
    const last = entries.pop()
    if (last == null || entries.length === 0) return
    entries[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let smallest = i
      if (left < entries.length && before(entries[left], entries[smallest])) smallest = left
      if (right < entries.length && before(entries[right], entries[smallest])) smallest = right
      if (smallest === i) return
      ;[entries[i], entries[smallest]] = [entries[smallest], entries[i]]
      i = smallest
    }
  }
}

function before (a: Entry, b: Entry): boolean {
  return a.node.depth !== b.node.depth ? a.node.depth < b.node.depth : a.node.op.key < b.node.op.key
}

const RANKS = 4

/** The ready ops, by their author's rank in the state replayed so far. */
class ReadySet {
  private readonly heaps = Array.from({ length: RANKS }, () => new ReadyHeap())
  private readonly byAuthor = new Map<AccountId, Set<Node>>()

  constructor (private readonly state: GroupState) {}

  add (node: Node): void {
    const author = node.op.author.accountId
    const nodes = this.byAuthor.get(author) ?? new Set()
    nodes.add(node)
    this.byAuthor.set(author, nodes)
    const rank = rankOf(this.state, author)
    this.heaps[rank].push({ node, rank })
  }

  /** Files the ready ops of an account whose rank changed under its new rank. */
  rerank (account: AccountId): void {
    const rank = rankOf(this.state, account)
    this.byAuthor.get(account)?.forEach(node => { this.heaps[rank].push({ node, rank }) })
  }

  /** Takes the next op to place, or undefined when none is ready. */
  take (): Node | undefined {
    for (let rank = RANKS - 1; rank >= 0; rank--) {
      const heap = this.heaps[rank]
      for (let entry = heap.peek(); entry != null; entry = heap.peek()) {
        heap.pop()
        const author = entry.node.op.author.accountId
        if (entry.node.placed || rankOf(this.state, author) !== entry.rank) continue
        this.byAuthor.get(author)?.delete(entry.node)
        return entry.node
      }
    }
    return undefined
  }
}

function graphOf (ops: Iterable<SignedGroupOp>): { genesis: Node, nodes: Map<string, Node> } {
  const nodes = new Map<string, Node>()
  for (const op of ops) {
    nodes.set(op.key, { op, children: [], unplacedParents: op.parents.length, depth: 0, placed: false })
  }
  const geneses = [...nodes.values()].filter(node => node.op.action.kind === 'create')
  if (geneses.length !== 1) {
    throw new InvalidGroupOpError(`a group log has one create op, not ${geneses.length}`)
  }
  const [genesis] = geneses
  for (const node of nodes.values()) {
    if (node !== genesis && !equalBytes(node.op.group, genesis.op.id)) {
      throw new InvalidGroupOpError('an op of another group')
    }
    for (const parent of node.op.parents) {
      const parentNode = nodes.get(opKey(parent))
      if (parentNode == null) {
        throw new MissingParentsError(`op ${node.op.key} names a parent that is not in the log`)
      }
      parentNode.children.push(node)
    }
  }
  return { genesis, nodes }
}

/** Replays every op of a group (all parents present) in the resolution order. */
export function resolveGroup (ops: Iterable<SignedGroupOp>): GroupResolution {
  const { genesis, nodes } = graphOf(ops)
  const state: DraftGroupState = genesisState(genesis.op)
  const ready = new ReadySet(state)
  const order: SignedGroupOp[] = []
  const rejected = new Map<string, string>()
  const place = (node: Node): void => {
    node.placed = true
    order.push(node.op)
    for (const child of node.children) {
      child.depth = Math.max(child.depth, node.depth + 1)
      if (--child.unplacedParents === 0) ready.add(child)
    }
  }
  place(genesis)
  for (let node = ready.take(); node != null; node = ready.take()) {
    const touched = [node.op.author.accountId, ...node.op.targets]
    const ranks = touched.map(account => rankOf(state, account))
    const refusal = applyOrRefuse(state, node.op)
    if (refusal != null) rejected.set(node.op.key, refusal)
    touched.forEach((account, i) => { if (rankOf(state, account) !== ranks[i]) ready.rerank(account) })
    place(node)
  }
  if (order.length !== nodes.size) {
    throw new InvalidGroupOpError(`${nodes.size - order.length} ops of the log are not descendants of its create op`)
  }
  const heads = [...nodes.values()].filter(node => node.children.length === 0).map(node => node.op.id)
  return { state, order, rejected, heads: heads.sort((a, b) => Buffer.compare(a, b)) }
}
