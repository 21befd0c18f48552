/**
 * Per-member delivery and read state of our group messages, both ways. Out: a member device
 * that files a group message tells its sender (delivered, batched per sender device), and
 * marking a group conversation read tells each sender (read); both go as a receipts frame over
 * /tim/group (the connection says who sends it: nothing to seal, sign or keep, so a sender's
 * cost per member stays small), or sealed through messaging's outbox when that frame cannot go
 * (no connection: the outbox retries and leaves it in mailboxes). In: receipts for our own group messages are kept per member in the
 * `group-receipts` sublevel (`sent!<id>`: the group and how many members it went to;
 * `<id>!<account>`: delivered or read, never back), a message moves to delivered once every
 * member has it and to read once every member read it, and `readBy` shows who.
 */

import { InvalidArgumentError, MessageNotFoundError, type AccountId, type MessageId, type ReadByInfo } from '../../api/index.ts'
import type { VerifiedDevice } from '../../identity/index.ts'
import type { RoomsPort } from '../../messaging/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../../store/index.ts'
import { messageIdFromString, MAX_IDS_PER_FRAME, type GroupReceiptsFrame } from '../../wire/index.ts'

/** a message id as the generated wire types hold it */
type WireId = GroupReceiptsFrame['delivered'][number]

interface SentRecord {
  group: string
  total: number
}

type MemberReceipt = 'delivered' | 'read'

interface Tally {
  /** the group it was sent to (its key) */
  group: string
  total: number
  delivered: Set<AccountId>
  read: Set<AccountId>
}

export interface GroupReceiptsComponents {
  store: Store
  rooms: Pick<RoomsPort, 'sendSealed' | 'setState' | 'invisible'>
  /**
   * sends a receipts frame to the sender device over /tim/group; rejects when it did not take
   * it. `dial`: whether it may dial the device (else only a connection open now is used)
   */
  tell: (device: VerifiedDevice, frame: GroupReceiptsFrame, dial: boolean) => Promise<void>
  /** whether the account is a member of the group now (its receipts count) */
  isMember: (group: string, account: AccountId) => boolean
}

export interface GroupReceiptsInit {
  /** how long delivered receipts for one sender device wait for more, ms (default 250) */
  batchMs?: number
}

export interface GroupReceipts {
  /** the operation that records one of our group messages as sent to `total` members (written with it) */
  sentOp: (id: MessageId, group: string, total: number) => BatchOperation
  /** a member device filed this message of `sender`'s: a delivered receipt goes to it soon (batched) */
  delivered: (sender: VerifiedDevice, id: Uint8Array) => void
  /** tells these devices of a sender that we read its messages */
  read: (devices: VerifiedDevice[], ids: string[]) => Promise<void>
  /** receipts that arrived for message ids (ours or not) */
  heard: (sender: VerifiedDevice, receipt: MemberReceipt, refs: string[]) => Promise<void>
  readBy: (id: MessageId) => Promise<ReadByInfo>
  /** the members that have one of our messages (an empty set for any other id) */
  deliveredTo: (id: MessageId) => Promise<Set<AccountId>>
  /** sends what waits now */
  flush: () => Promise<void>
}

/** Tallies kept in memory at once (the most recently touched). */
const MAX_TALLIES = 256
const DEFAULT_BATCH_MS = 250

export function createGroupReceipts (components: GroupReceiptsComponents, init: GroupReceiptsInit = {}): GroupReceipts {
  const { rooms } = components
  const sublevel: JsonSublevel<SentRecord | MemberReceipt> = components.store.json<SentRecord | MemberReceipt>('group-receipts')
  const tallies = new Map<MessageId, Promise<Tally | null>>()
  /** delivered receipts waiting, per sender device */
  const waiting = new Map<string, { device: VerifiedDevice, ids: WireId[] }>()
  let timer: NodeJS.Timeout | undefined

  const tally = async (id: MessageId): Promise<Tally | null> => {
    let found = tallies.get(id)
    if (found == null) {
      found = (async () => {
        // the sent record was written with the message: reads see it once the journal applied it
        await components.store.settled()
        const sent = await sublevel.get(`sent!${id}`) as SentRecord | undefined
        if (sent == null) return null
        const counted: Tally = { group: sent.group, total: sent.total, delivered: new Set(), read: new Set() }
        for await (const [key, value] of sublevel.iterator({ gt: `${id}!`, lt: `${id}!\uffff` })) {
          const account = key.slice(id.length + 1)
          counted.delivered.add(account)
          if (value === 'read') counted.read.add(account)
        }
        return counted
      })()
      if (tallies.size >= MAX_TALLIES) tallies.delete(tallies.keys().next().value as MessageId)
      tallies.set(id, found)
    }
    return await found
  }

  /**
   * tells one sender device: a frame over /tim/group, or sealed through the outbox when the
   * frame did not go. Delivered receipts (sent from a timer) may dial the sender, which just
   * sent; read receipts (the user marking a conversation read waits for them) use only a
   * connection open now, and otherwise go through the outbox at once
   */
  const tell = async (device: VerifiedDevice, receipt: MemberReceipt, ids: WireId[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_FRAME) {
      const refs = ids.slice(i, i + MAX_IDS_PER_FRAME)
      const frame = receipt === 'delivered' ? { delivered: refs, read: [] } : { delivered: [], read: refs }
      await components.tell(device, frame, receipt === 'delivered').catch(async () => {
        await rooms.sendSealed([device], { kind: 'receipt', receipt, refs, at: Date.now() })
      })
    }
  }

  const flush = async (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    const batches = [...waiting.values()]
    waiting.clear()
    await Promise.all(batches.map(async ({ device, ids }) => { await tell(device, 'delivered', ids) }))
  }

  return {
    sentOp: (id, group, total) => ({ type: 'put', sublevel, key: `sent!${id}`, value: { group, total } }) as BatchOperation,

    delivered: (sender, id) => {
      // an invisible node tells no one it is there (a group's receipts are not held for later, unlike 1:1's)
      if (rooms.invisible()) return
      const batch = waiting.get(sender.deviceId) ?? { device: sender, ids: [] }
      batch.ids.push(id as WireId)
      waiting.set(sender.deviceId, batch)
      timer ??= setTimeout(() => { void flush().catch(() => {}) }, init.batchMs ?? DEFAULT_BATCH_MS)
    },

    read: async (devices, ids) => {
      if (devices.length === 0 || ids.length === 0 || rooms.invisible()) return
      await Promise.all(devices.map(async device => { await tell(device, 'read', ids.map(messageIdFromString)) }))
    },

    heard: async (sender, receipt, refs) => {
      for (const id of refs) {
        const counted = await tally(id)
        if (counted == null) continue
        const account = sender.accountId
        if (!components.isMember(counted.group, account) || (receipt === 'delivered' && counted.delivered.has(account)) || counted.read.has(account)) continue
        counted.delivered.add(account)
        if (receipt === 'read') counted.read.add(account)
        await sublevel.put(`${id}!${account}`, receipt)
        if (counted.read.size >= counted.total) await rooms.setState(id, 'read', null)
        else if (counted.delivered.size >= counted.total) await rooms.setState(id, 'delivered', null)
      }
    },

    readBy: async (id) => {
      if (typeof id !== 'string') throw new InvalidArgumentError('readBy takes a message id')
      const counted = await tally(id)
      if (counted == null) throw new MessageNotFoundError(`${id} is not one of our group messages`)
      return { id, total: counted.total, delivered: [...counted.delivered], read: [...counted.read] }
    },

    deliveredTo: async (id) => new Set((await tally(id))?.delivered ?? []),

    flush
  }
}
