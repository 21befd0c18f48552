/**
 * Group messages, both ways. Out: a message (or a change of one) is sealed once with this
 * device's sender key, kept for catch-up, and the same bytes are published to the group's
 * mesh (fanout.ts), pushed over /tim/group to the member devices that did not confirm them,
 * and left in the mailboxes of members none of whose devices took them; our key first goes, pairwise, to the member devices that lack it
 * (a new key after a member left or was removed). In: a message is opened against the
 * sender's key (held, within a bound, until that key arrives), checked against the group
 * (a member, not muted when it wrote it), kept for catch-up and filed in the group's
 * conversation through messaging. Never decides membership: the log does.
 */

import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { MemberMutedError, NotGroupMemberError, type AccountId, type DeviceId, type MessagePath } from '../../api/index.ts'
import { deviceIdFromBytes, verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice } from '../../identity/index.ts'
import type { RoomsPort } from '../../messaging/index.ts'
import type { BatchOperation, BinarySublevel, Store } from '../../store/index.ts'
import {
  decodeGroupMessage, messageIdFromString, messageIdToString, type Body, type DeviceCertificate, type GroupMessagesPage, type SenderKeyBody
} from '../../wire/index.ts'
import type { GroupBook, KnownGroup } from './group-book.ts'
import { openGroupMessage, sealGroupMessage } from './group-cipher.ts'
import { groupConversation, groupIdToString } from './group-id.ts'
import type { MemberDevices } from './member-devices.ts'
import type { SenderKeyRing } from './sender-keys.ts'
import { canSend, isMember, isMuted } from './state.ts'
import type { GroupSync } from './sync-service.ts'

export interface GroupMessagesComponents {
  identity: LocalIdentity
  store: Store
  book: GroupBook
  ring: SenderKeyRing
  devices: MemberDevices
  sync: Pick<GroupSync, 'exchange' | 'count'>
  rooms: RoomsPort
  /** a message was filed here (its sender is told it was delivered) */
  filed: (sender: VerifiedDevice, id: Uint8Array) => void
  /** looks these members' devices up in the background */
  lookUp: (accounts: AccountId[]) => void
  /** a message of a group this node does not know came from this device: ask it for the log */
  unknownGroup: (group: Uint8Array, deviceId: DeviceId) => void
  /** publishes to the group's mesh (fanout.ts); resolves with the peers it went to */
  publish: (group: Uint8Array, bytes: Uint8Array) => Promise<unknown[]>
  /** the members that told us they have one of our messages (receipts.ts) */
  deliveredTo: (id: string) => Promise<Set<AccountId>>
  log: Logger
}

export interface GroupMessagesInit {
  /** pushes to member devices at once (default 32) */
  pushConcurrency?: number
  /**
   * how long after publishing to the mesh the members that have not told us they have a
   * message get it pushed directly, ms (default 3000)
   */
  pushAfterMs?: number
  /** deposits for members' mailboxes at once (default 8) */
  depositConcurrency?: number
  /** messages held for a sender key that has not arrived yet, in all (default 1024), and how long (default 10 min) */
  maxHeld?: number
  heldTtlMs?: number
}

/** How a push went: the member accounts one of whose devices took the bytes, and how many others' mailboxes hold them. */
export interface PushResult {
  reached: Set<AccountId>
  stored: number
  /** member accounts (but us) it was for */
  total: number
}

export interface GroupMessages {
  /** makes sure every member device holds our current key (a new one first when due) and returns it */
  readyKey: (group: KnownGroup) => Promise<{ epoch: number, key: Uint8Array }>
  /** seals `body` under message id `id` and keeps it (`keep` writes it with its own operations); `pushed`: the push to every member device */
  send: (group: KnownGroup, id: Uint8Array, timestamp: number, body: Body, keep: (also: BatchOperation[]) => Promise<void>) => Promise<{ pushed: Promise<PushResult> }>
  /** a GroupMessage (from the mesh, a push, a catch-up page or a mailbox: `path`): opened, checked and filed, or held for its key */
  receive: (bytes: Uint8Array, path: MessagePath) => Promise<void>
  /** a sender key arrived: the messages held for it are opened now */
  keyArrived: (group: Uint8Array, deviceId: DeviceId) => Promise<void>
  /** a group became known here: the messages held for it are tried again */
  groupArrived: (group: Uint8Array) => Promise<void>
  /** the id of the newest message kept of the group */
  newest: (group: KnownGroup) => Promise<Uint8Array | undefined>
  /** a catch-up page for a member device: kept messages after `after` written from `since` on (oldest first), with the keys and certificates that open them */
  page: (group: KnownGroup, after: Uint8Array | undefined, limit: number, since: number) => Promise<GroupMessagesPage>
  /** a catch-up page a member device answered with: its senders and keys are learnt, its messages received */
  absorb: (page: GroupMessagesPage) => Promise<void>
  /** the node stops: pushes waiting for their time are dropped (nothing keeps the process alive) */
  stop: () => void
}

/** what the generated wire types hold (every buffer here is a plain ArrayBuffer's) */
type Bytes = Uint8Array<ArrayBuffer>

const DEFAULT_PUSH_CONCURRENCY = 32
const DEFAULT_PUSH_AFTER_MS = 3000
const DEFAULT_DEPOSIT_CONCURRENCY = 8
const DEFAULT_MAX_HELD = 1024
const DEFAULT_HELD_TTL_MS = 10 * 60 * 1000

/** Runs `work` over `items` with at most `limit` at a time. */
export async function eachLimited<T> (items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      await work(items[next++])
    }
  }))
}

export function createGroupMessages (components: GroupMessagesComponents, init: GroupMessagesInit = {}): GroupMessages {
  const { identity, book, ring, devices, sync, rooms, log } = components
  /** aborted when the node stops: pushes waiting for their time are dropped */
  const stopping = new AbortController()
  const kept: BinarySublevel = components.store.binary('group-messages')
  /** messages waiting for their sender's key, by group!device, oldest first */
  const held = new Map<string, Array<{ bytes: Uint8Array, path: MessagePath, expires: number }>>()
  let heldCount = 0
  const maxHeld = init.maxHeld ?? DEFAULT_MAX_HELD

  const hold = (group: Uint8Array, deviceId: DeviceId, bytes: Uint8Array, path: MessagePath): void => {
    const now = Date.now()
    for (const [key, list] of held) {
      const fresh = list.filter(item => item.expires > now)
      heldCount -= list.length - fresh.length
      if (fresh.length === 0) held.delete(key)
      else held.set(key, fresh)
    }
    if (heldCount >= maxHeld) {
      const [oldestKey, oldest] = held.entries().next().value as [string, Array<{ bytes: Uint8Array }>]
      oldest.shift()
      heldCount--
      if (oldest.length === 0) held.delete(oldestKey)
    }
    const key = `${groupIdToString(group)}!${deviceId}`
    held.set(key, [...(held.get(key) ?? []), { bytes, path, expires: now + (init.heldTtlMs ?? DEFAULT_HELD_TTL_MS) }])
    heldCount++
  }

  const keepOp = (group: KnownGroup, id: Uint8Array, bytes: Uint8Array): BatchOperation =>
    ({ type: 'put', sublevel: kept, key: `${group.key}!${messageIdToString(id)}`, value: bytes }) as BatchOperation

  /**
   * the devices known now of every member but this device (never waiting for a lookup: those
   * of members not known yet are looked up in the background, and they get the message through
   * their mailboxes meanwhile)
   */
  const memberDevices = (group: KnownGroup): { targets: Array<{ account: AccountId, device: VerifiedDevice }>, unknown: AccountId[] } => {
    const targets: Array<{ account: AccountId, device: VerifiedDevice }> = []
    const unknown: AccountId[] = []
    for (const account of group.log.state().members.keys()) {
      if (account === identity.accountId) continue
      const known = devices.known(account)
      if (known.length === 0) unknown.push(account)
      for (const device of known) targets.push({ account, device })
    }
    for (const device of devices.known(identity.accountId)) {
      if (device.deviceId !== identity.deviceId) targets.push({ account: identity.accountId, device })
    }
    if (unknown.length > 0) components.lookUp(unknown)
    return { targets, unknown }
  }

  const readyKey = async (group: KnownGroup): Promise<{ epoch: number, key: Uint8Array }> => {
    const id = group.log.id
    const key = group.record.rotate ? await ring.rotate(id) : await ring.current(id)
    const record = group.record
    const shared = record.keyShared.epoch === key.epoch ? new Set(record.keyShared.devices) : new Set<string>()
    const lacking = memberDevices(group).targets.map(target => target.device).filter(device => !shared.has(device.deviceId))
    if (lacking.length > 0 || record.rotate || record.keyShared.epoch !== key.epoch) {
      if (lacking.length > 0) {
        await rooms.sendSealed(lacking, { kind: 'sender-key', group: id, epoch: key.epoch, key: key.key })
      }
      group.record = { ...record, rotate: false, keyShared: { epoch: key.epoch, devices: [...shared, ...lacking.map(device => device.deviceId)] } }
      await book.write([book.recordOp(group)])
    }
    return key
  }

  /**
   * The bytes to every member: published once to the group's mesh; after a while, pushed
   * directly to the devices of each member that has not said it has them (its delivered
   * receipt); then once to the mailboxes of each member none of whose devices took them.
   */
  const deliver = async (group: KnownGroup, id: Uint8Array, bytes: Uint8Array): Promise<PushResult> => {
    const meshed = await components.publish(group.log.id, bytes)
    let have = new Set<AccountId>()
    if (meshed.length > 0) {
      const running = await sleep(init.pushAfterMs ?? DEFAULT_PUSH_AFTER_MS, true, { signal: stopping.signal }).catch(() => false)
      if (!running) return { reached: have, stored: 0, total: group.log.state().members.size - 1 }
      have = await components.deliveredTo(messageIdToString(id))
    }
    const { targets, unknown } = memberDevices(group)
    const reached = new Set<AccountId>(have)
    const frame = { messages: { group: group.log.id as Bytes, messages: [bytes as Bytes], more: false, keys: [], senders: [] } }
    await eachLimited(targets.filter(target => !have.has(target.account)), init.pushConcurrency ?? DEFAULT_PUSH_CONCURRENCY, async ({ account, device }) => {
      await sync.exchange(peerIdFromString(device.deviceId), frame).then(() => { reached.add(account) }, (err: Error) => {
        log('could not push a message of %s to %s: %s', group.key, device.deviceId, err.message)
      })
    })
    const missed = [...new Set([...targets.map(target => target.account), ...unknown])].filter(account => account !== identity.accountId && !reached.has(account))
    let stored = 0
    await eachLimited(missed, init.depositConcurrency ?? DEFAULT_DEPOSIT_CONCURRENCY, async account => {
      stored += await rooms.depositGroup(account, bytes).catch((err: Error) => {
        log('could not leave a message of %s for %s: %s', group.key, account, err.message)
        return 0
      }) > 0 ? 1 : 0
    })
    return { reached, stored, total: group.log.state().members.size - 1 }
  }

  const file = async (bytes: Uint8Array, path: MessagePath): Promise<void> => {
    const message = decodeGroupMessage(bytes)
    const group = book.get(groupIdToString(message.group))
    const senderDevice = deviceIdFromBytes(message.senderDevice).deviceId
    if (group == null) {
      // a group nobody told us of yet (we were added while no device of ours could be found): held, and its sender asked for the log
      hold(message.group, senderDevice, bytes, path)
      components.unknownGroup(message.group, senderDevice)
      return
    }
    if (ring.find(message.group, senderDevice, message.epoch) == null) {
      hold(message.group, senderDevice, bytes, path)
      return
    }
    const opened = openGroupMessage(bytes, { device: devices.device, key: ring.find })
    const state = group.log.state()
    const account = opened.sender.accountId
    // muted when it says it wrote it, or now: a muted member cannot dodge by backdating
    const mutedAt = isMuted(state, account, Date.now()) ? Date.now() : opened.timestamp
    if (!canSend(state, account, opened.timestamp) || isMuted(state, account, mutedAt)) {
      throw isMember(state, account) && isMuted(state, account, mutedAt)
        ? new MemberMutedError(`${account} was muted when it wrote ${messageIdToString(opened.id)}`)
        : new NotGroupMemberError(`${account} is not a member of ${group.key}`)
    }
    await rooms.write([keepOp(group, opened.id, bytes)])
    const refusal = await rooms.accept({ id: opened.id as Bytes, timestamp: BigInt(opened.timestamp) }, opened.body, opened.sender, path, groupConversation(message.group))
    if (refusal != null) throw refusal
    if (opened.body.kind === 'text' || opened.body.kind === 'custom') components.filed(opened.sender, opened.id)
  }

  const receive = async (bytes: Uint8Array, path: MessagePath): Promise<void> => {
    try {
      await file(bytes, path)
    } catch (err) {
      sync.count((err as Error).name)
      log('a group message was refused: %s', (err as Error).message)
    }
  }

  return {
    readyKey,
    send: async (group, id, timestamp, body, keep) => {
      const key = await readyKey(group)
      const bytes = sealGroupMessage({ signer: identity.deviceSigner, certificate: identity.certificate, key: { group: group.log.id, deviceId: identity.deviceId, ...key }, id, timestamp, body })
      await keep([keepOp(group, id, bytes)])
      return { pushed: deliver(group, id, bytes) }
    },
    receive,
    keyArrived: async (group, deviceId) => {
      const key = `${groupIdToString(group)}!${deviceId}`
      const waiting = held.get(key) ?? []
      held.delete(key)
      heldCount -= waiting.length
      for (const item of waiting) await receive(item.bytes, item.path)
    },
    groupArrived: async (group) => {
      const prefix = `${groupIdToString(group)}!`
      for (const key of [...held.keys()].filter(key => key.startsWith(prefix))) {
        const waiting = held.get(key) ?? []
        held.delete(key)
        heldCount -= waiting.length
        for (const item of waiting) await receive(item.bytes, item.path)
      }
    },
    newest: async (group) => {
      for await (const key of kept.keys({ gt: `${group.key}!`, lt: `${group.key}!\uffff`, reverse: true, limit: 1 })) {
        return messageIdFromString(key.slice(group.key.length + 1))
      }
      return undefined
    },
    page: async (group, after, limit, since) => {
      const found: Bytes[] = []
      const gt = `${group.key}!${after == null ? '' : messageIdToString(after)}`
      for await (const bytes of kept.values({ gt, lt: `${group.key}!\uffff` })) {
        if (Number(decodeGroupMessage(bytes).timestamp) < since) continue
        found.push(bytes as Bytes)
        if (found.length > limit) break
      }
      const messages = found.slice(0, limit)
      const keys = new Map<string, SenderKeyBody>()
      const senders = new Map<DeviceId, DeviceCertificate>()
      for (const bytes of messages) {
        const { senderDevice, epoch } = decodeGroupMessage(bytes)
        const deviceId = deviceIdFromBytes(senderDevice).deviceId
        const key = ring.find(group.log.id, deviceId, epoch)
        const certificate = devices.device(deviceId)?.certificate
        if (key == null || certificate == null) continue
        keys.set(`${deviceId}!${epoch}`, { group: group.log.id as Bytes, epoch, key: key as Bytes, device: senderDevice })
        senders.set(deviceId, certificate)
      }
      return { group: group.log.id as Bytes, messages, more: found.length > limit, keys: [...keys.values()], senders: [...senders.values()] }
    },
    absorb: async (page) => {
      for (const certificate of page.senders) {
        try {
          devices.learn(verifyDeviceCertificate(certificate))
        } catch (err) {
          sync.count((err as Error).name)
        }
      }
      for (const { group, epoch, key, device } of page.keys) {
        const deviceId = deviceIdFromBytes(device).deviceId
        if (deviceId === identity.deviceId || ring.find(group, deviceId, epoch) != null) continue
        await ring.remember({ group, deviceId, epoch, key }).catch((err: Error) => { sync.count(err.name) })
      }
      for (const bytes of page.messages) await receive(bytes, 'direct')
    },
    stop: () => { stopping.abort() }
  }
}
