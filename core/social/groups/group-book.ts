/**
 * The groups this node knows: each one's membership log (log.ts) over the `group-log`
 * sublevel, and what this node keeps of it beside the log (the `groups` sublevel: join
 * requests waiting for a manager, which devices already hold our sender key). Ops are kept in
 * the order they were inserted (parents before children), so a restart replays them without
 * holding any for missing parents. Knows nothing of the network.
 */

import { UnknownGroupError, type GroupJoinRequestInfo } from '../../api/index.ts'
import type { BatchOperation, BinarySublevel, JsonSublevel, Store } from '../../store/index.ts'
import { groupIdToString } from './group-id.ts'
import { createGroupLog, type GroupLog, type GroupLogInit } from './log.ts'
import { verifyGroupOp, type SignedGroupOp } from './op.ts'

/** What this node keeps of a group beside its log. */
export interface GroupRecord {
  /** accounts asking to join (a private group this account manages) */
  requests: Array<Omit<GroupJoinRequestInfo, 'conversation'>>
  /** our sender key's epoch, and the devices that were sent it */
  keyShared: { epoch: number, devices: string[] }
  /** a member left or was removed since our key was made: a new one before the next message */
  rotate: boolean
}

export interface KnownGroup {
  /** the group id as text (base58btc) */
  key: string
  log: GroupLog
  record: GroupRecord
}

export interface GroupBook {
  load: () => Promise<void>
  get: (key: string) => KnownGroup | undefined
  /** the group, or UnknownGroupError */
  require: (key: string) => KnownGroup
  all: () => KnownGroup[]
  /** a group newly known from its genesis op */
  create: (genesis: SignedGroupOp) => KnownGroup
  /** forgets a group created here that nothing was written of (a log that turned out not to include us) */
  drop: (key: string) => void
  /** the operations that keep these ops, just inserted into the group's log, in insertion order */
  opsFor: (group: KnownGroup, added: SignedGroupOp[]) => BatchOperation[]
  recordOp: (group: KnownGroup) => BatchOperation
  write: (operations: BatchOperation[]) => Promise<void>
}

const INDEX_DIGITS = 8

function emptyRecord (): GroupRecord {
  return { requests: [], keyShared: { epoch: 0, devices: [] }, rotate: false }
}

export function createGroupBook (store: Store, logInit: GroupLogInit = {}): GroupBook {
  const ops: BinarySublevel = store.binary('group-log')
  const records: JsonSublevel<GroupRecord> = store.json<GroupRecord>('groups')
  const groups = new Map<string, KnownGroup>()
  /** ops kept per group so far: the next op's index */
  const counts = new Map<string, number>()

  const make = (genesis: SignedGroupOp, record: GroupRecord): KnownGroup => {
    const key = groupIdToString(genesis.id)
    const group = { key, log: createGroupLog(genesis, logInit), record }
    groups.set(key, group)
    return group
  }

  return {
    load: async () => {
      const loaded = new Map<string, SignedGroupOp[]>()
      for await (const [key, bytes] of ops.iterator()) {
        const group = key.slice(0, key.indexOf('!'))
        loaded.set(group, [...(loaded.get(group) ?? []), verifyGroupOp(bytes)])
      }
      for (const [key, [genesis, ...rest]] of loaded) {
        const group = make(genesis, await records.get(key) ?? emptyRecord())
        group.log.addMany(rest)
        counts.set(key, rest.length + 1)
      }
    },
    get: (key) => groups.get(key),
    require: (key) => {
      const group = groups.get(key)
      if (group == null) throw new UnknownGroupError(`no group ${key} on this node`)
      return group
    },
    all: () => [...groups.values()],
    create: (genesis) => make(genesis, emptyRecord()),
    drop: (key) => { groups.delete(key) },
    opsFor: (group, added) => added.map(op => {
      const index = counts.get(group.key) ?? 0
      counts.set(group.key, index + 1)
      return { type: 'put', sublevel: ops, key: `${group.key}!${String(index).padStart(INDEX_DIGITS, '0')}`, value: op.bytes } as BatchOperation
    }),
    recordOp: (group) => ({ type: 'put', sublevel: records, key: group.key, value: group.record }) as BatchOperation,
    write: async (operations) => { await store.batch(operations) }
  }
}

