/**
 * groups — group conversations with no server: a signed membership log per group (log.ts,
 * rules.ts, resolve.ts), sender keys (sender-keys.ts, group-cipher.ts), and the room that runs
 * them here: the group methods of the MessengerApi, writing ops and handing them to every
 * member's devices pairwise (through messaging's outbox: retried until acked), the group
 * conversations' channel for messaging (group-messages.ts: sealed once, published to the
 * group's gossipsub mesh (fanout.ts), pushed over /tim/group to members that did not confirm
 * it, left in the mailboxes of those not reached), catching up with a member device when a connection to it opens
 * (sync-service.ts: heads → missing ops; kept messages after the newest we have), and join
 * requests through invite links (link.ts). Owns the `group-log`, `group-messages`,
 * `group-keys` and `groups` sublevels. Never opens a /tim/msg stream itself: pairwise bodies
 * go through messaging.
 */

import type { ComponentLogger, Connection, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { fromString, toString } from 'uint8arrays'
import {
  avatarImageType, GroupDissolvedError, GroupPermissionError, InvalidArgumentError, InvalidGroupLinkError, limits, MemberMutedError, NotGroupMemberError,
  UnknownGroupError, type AccountId, type CreateGroupRequest, type EditGroupRequest, type GroupApi, type GroupInfo, type GroupMember,
  type MessengerEvents
} from '../../api/index.ts'
import { randomBytes, equalBytes } from '../../crypto/index.ts'
import {
  parseInvite, publicKeyFromAccountId, verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice
} from '../../identity/index.ts'
import { messageBody, type Channel, type RoomsPort } from '../../messaging/index.ts'
import type { BatchOperation, Store } from '../../store/index.ts'
import { messageIdFromString, messageIdToString, type Body, type GroupSyncFrame, type MemberDeviceCard } from '../../wire/index.ts'
import { createGroupBook, type GroupBook, type KnownGroup } from './group-book.ts'
import { groupConversation, groupIdFromString, groupIdOfConversation, groupIdToString } from './group-id.ts'
import { createGroupMessages, eachLimited, type GroupMessages, type GroupMessagesInit } from './group-messages.ts'
import { createGroupLink, parseGroupLink } from './link.ts'
import { createFanout, type Fanout, type PubSub } from './fanout.ts'
import type { GroupLogInit } from './log.ts'
import { createMemberDevices, type MemberDevices } from './member-devices.ts'
import { createGroupOp, joinProof, verifyGroupOp, type GroupAction, type SignedGroupOp } from './op.ts'
import { applyOp } from './rules.ts'
import { createGroupReceipts, type GroupReceipts } from './receipts.ts'
import { createSenderKeyRing, type SenderKeyRing } from './sender-keys.ts'
import { isMember, isMuted, roleOf, type GroupState } from './state.ts'
import type { GroupSync } from './sync-service.ts'

export { groupSyncService, GROUP_PROTOCOL, type GroupSync } from './sync-service.ts'
export { groupPubsub } from './pubsub.ts'

export interface GroupsComponents {
  identity: LocalIdentity
  store: Store
  rooms: RoomsPort
  sync: GroupSync
  events: { emit: <E extends keyof MessengerEvents>(event: E, detail: MessengerEvents[E]) => void }
  /** where a joiner puts the addresses of the device its link names */
  peerStore: { merge: (peer: PeerId, data: { multiaddrs: ReturnType<typeof multiaddr>[] }) => Promise<unknown> }
  /** libp2p's events: a connection to a member device opens → catching up */
  connections: { addEventListener: (type: 'connection:open', listener: (event: CustomEvent<Connection>) => void) => void, removeEventListener: (type: 'connection:open', listener: (event: CustomEvent<Connection>) => void) => void }
  /** the addresses a device may be reached at (the peer store's; this device's own listening ones), as multiaddr bytes */
  addressesOf: (deviceId: string) => Promise<Uint8Array[]>
  /** whether a connection to the peer is open now */
  connected: (peer: PeerId) => boolean
  /** dials a peer */
  connect: (peer: PeerId) => Promise<void>
  /** gossipsub, for the groups' meshes (groupPubsub) */
  pubsub: PubSub
  /** this device's own invite (the device a group link names) */
  invite: () => string
  logger: ComponentLogger
}

export interface GroupsInit {
  /** least time between two directory lookups of a member account's devices, ms (default 30 s) */
  lookupIntervalMs?: number
  messages?: GroupMessagesInit
  log?: GroupLogInit
}

export interface Groups extends GroupApi {
  start: () => Promise<void>
  stop: () => Promise<void>
}

/** Ops per pairwise body, and bytes: a body stays well inside one envelope. */
const OPS_PER_BODY = 64
const OPS_BYTES_PER_BODY = 32 * 1024
/** Device cards per pairwise body (a card is a certificate and a few addresses: ~0.3 KiB) */
const CARDS_PER_BODY = 32
/** Pages of a catch-up with one device, at most (each up to 256 ops or messages). */
const MAX_CATCH_UP_PAGES = 64
/** how often a device is asked again for the log of a group we hold messages of but do not know */
const ASK_FOR_LOG_INTERVAL_MS = 60_000
/** accounts owed a group's log until their devices are found, at most */
const MAX_AWAITING_LOG = 20_000
/** member accounts whose devices are looked up at once */
const PREFETCH_CONCURRENCY = 4
/** member accounts whose devices are looked up (and handed ops) at once when ops go out */
const DELIVER_CONCURRENCY = 16
const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=]*)$/

function checkName (name: unknown): string {
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > limits.maxNameLength) {
    throw new InvalidArgumentError(`a group's name is 1–${limits.maxNameLength} characters`)
  }
  return name.trim()
}

function checkTopic (topic: unknown): string {
  if (typeof topic !== 'string' || topic.length > limits.maxGroupTopicLength) {
    throw new InvalidArgumentError(`a group's topic is at most ${limits.maxGroupTopicLength} characters`)
  }
  return topic
}

function checkAvatar (avatar: unknown): Uint8Array {
  if (avatar == null || avatar === '') return new Uint8Array(0)
  const match = typeof avatar === 'string' ? DATA_URL.exec(avatar) : null
  if (match == null) throw new InvalidArgumentError('an avatar is a data: URL of a PNG, JPEG, GIF or WebP image')
  const bytes = fromString(match[2], 'base64pad')
  if (avatarImageType(bytes) == null) throw new InvalidArgumentError('an avatar is a PNG, JPEG, GIF or WebP image')
  if (bytes.byteLength > limits.maxGroupAvatarBytes) {
    throw new InvalidArgumentError(`an avatar is at most ${limits.maxGroupAvatarBytes / 1024} KiB`)
  }
  return bytes
}

function checkAccount (account: unknown): Uint8Array {
  if (typeof account !== 'string') throw new InvalidArgumentError('an account id is a string')
  return publicKeyFromAccountId(account)
}

/** Pairwise bodies carrying the op chunks and the device cards (cards ride along, extra bodies carry the rest). */
function opsBodies (group: Uint8Array, chunks: Uint8Array[][], cardList: MemberDeviceCard[]): Body[] {
  const cardChunks: MemberDeviceCard[][] = []
  for (let i = 0; i < cardList.length; i += CARDS_PER_BODY) cardChunks.push(cardList.slice(i, i + CARDS_PER_BODY))
  const count = Math.max(chunks.length, cardChunks.length)
  return Array.from({ length: count }, (_, i): Body => ({ kind: 'group-ops', group, ops: chunks[i] ?? [], devices: cardChunks[i] ?? [] }))
}

/** Splits encoded ops into pairwise bodies' worth. */
function opChunks (ops: Uint8Array[]): Uint8Array[][] {
  const chunks: Uint8Array[][] = []
  let current: Uint8Array[] = []
  let bytes = 0
  for (const op of ops) {
    if (current.length > 0 && (current.length >= OPS_PER_BODY || bytes + op.byteLength > OPS_BYTES_PER_BODY)) {
      chunks.push(current)
      current = []
      bytes = 0
    }
    current.push(op)
    bytes += op.byteLength
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

export function createGroups (components: GroupsComponents, init: GroupsInit = {}): Groups {
  const { identity, store, rooms, sync, events } = components
  const log = components.logger.forComponent('tim:groups')
  const me = identity.accountId
  const book: GroupBook = createGroupBook(store, init.log)
  const ring: SenderKeyRing = createSenderKeyRing({ store, deviceId: identity.deviceId })
  const devices: MemberDevices = createMemberDevices({ lookup: rooms.devicesOf, lookupIntervalMs: init.lookupIntervalMs ?? 30_000 })
  devices.learn(verifyDeviceCertificate(identity.certificate))
  const receipts: GroupReceipts = createGroupReceipts({
    store,
    rooms,
    isMember: (key, account) => { const group = book.get(key); return group != null && isMember(group.log.state(), account) },
    tell: async (device, frame, dial) => {
      const peer = peerIdFromString(device.deviceId)
      if (!dial && !components.connected(peer)) throw new Error(`no connection to ${device.deviceId} now`)
      await sync.exchange(peer, { receipts: frame })
    }
  })
  const fanout: Fanout = createFanout({
    pubsub: components.pubsub,
    book,
    devices,
    deviceId: identity.deviceId,
    account: me,
    received: (bytes) => { void messages.receive(bytes, 'direct') },
    connect: components.connect,
    connected: components.connected,
    log
  })
  const messages: GroupMessages = createGroupMessages({
    identity,
    store,
    book,
    ring,
    devices,
    sync,
    rooms,
    filed: receipts.delivered,
    lookUp: accounts => { prefetch(accounts) },
    unknownGroup: (group, deviceId) => { void askForLog(group, deviceId) },
    publish: fanout.publish,
    deliveredTo: receipts.deliveredTo,
    log
  }, init.messages)
  /** groups this node asked a member device for the log of (askForLog), and when */
  const askedForLog = new Map<string, number>()
  /** accounts whose devices were not known when ops were due to them: the groups whose log they get once found */
  const awaitingLog = new Map<AccountId, Set<string>>()
  /** one change of a group at a time (ops written here and ops arriving) */
  const queues = new Map<string, Promise<unknown>>()
  const serially = async <T>(group: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(group) ?? Promise.resolve()).then(work)
    const settled = run.catch(() => {})
    queues.set(group, settled)
    void settled.then(() => { if (queues.get(group) === settled) queues.delete(group) })
    return await run
  }

  const info = (group: KnownGroup): GroupInfo => {
    const state = group.log.state()
    const role = roleOf(state, me)
    const ended = state.dissolved ? 'dissolved' : state.removed.has(me) ? 'removed' : state.left.has(me) ? 'left' : undefined
    return {
      id: groupConversation(group.log.id),
      name: state.name,
      topic: state.topic,
      avatar: state.avatar.byteLength === 0 ? null : `data:${avatarImageType(state.avatar) ?? 'application/octet-stream'};base64,${toString(state.avatar, 'base64pad')}`,
      open: state.open,
      owner: state.owner,
      myRole: state.dissolved ? null : role,
      memberCount: state.members.size,
      dissolved: state.dissolved,
      ...(ended != null ? { ended } : {}),
      // a private group's link asks the device it names to approve: only the owner's and managers' can
      ...(role != null && !state.dissolved && (state.open || role !== 'member')
        ? { link: createGroupLink({ group: group.log.id, linkSecret: state.linkSecret, open: state.open, via: components.invite() }) }
        : {})
    }
  }

  const groupOf = (conversation: unknown): KnownGroup => {
    if (typeof conversation !== 'string') throw new InvalidArgumentError('a group is named by its conversation id, group:<id>')
    return book.require(groupIdToString(groupIdOfConversation(conversation)))
  }

  /** a group this account is in now, or the typed error that says why not */
  const activeGroup = (conversation: unknown): KnownGroup => {
    const group = groupOf(conversation)
    const state = group.log.state()
    if (state.dissolved) throw new GroupDissolvedError(`${state.name} was dissolved`)
    if (!isMember(state, me)) throw new NotGroupMemberError(`you are no longer a member of ${state.name}`)
    return group
  }

  /** hands ops to the devices of `accounts` pairwise */
  /** the devices known of these accounts, as cards: certificate and addresses */
  const cards = async (accounts: AccountId[]): Promise<MemberDeviceCard[]> => {
    const found: MemberDeviceCard[] = []
    for (const account of new Set(accounts)) {
      for (const device of devices.known(account)) {
        found.push({ certificate: device.certificate, addrs: await components.addressesOf(device.deviceId) })
      }
    }
    return found
  }

  /** member devices another member told us of: a certified device of a member now, and where it may be reached */
  const learnCards = async (groupId: Uint8Array, received: MemberDeviceCard[]): Promise<void> => {
    const group = book.get(groupIdToString(groupId))
    if (group == null) return
    for (const card of received) {
      try {
        const device = verifyDeviceCertificate(card.certificate)
        if (!isMember(group.log.state(), device.accountId) || device.deviceId === identity.deviceId) continue
        devices.learn(device)
        const addresses = card.addrs.flatMap(bytes => { try { return [multiaddr(bytes)] } catch { return [] } })
        if (addresses.length > 0) await components.peerStore.merge(peerIdFromString(device.deviceId), { multiaddrs: addresses })
      } catch (err) {
        sync.count((err as Error).name)
      }
    }
  }

  /**
   * hands ops to the devices known of `accounts`, pairwise; an account none of whose devices
   * is known yet is looked up in the background and gets the group's whole log once found
   * (never waiting here: a lookup that misses costs seconds)
   */
  const deliver = async (group: KnownGroup, accounts: AccountId[], ops: SignedGroupOp[], cardsOf: AccountId[] = []): Promise<void> => {
    const bodies = opsBodies(group.log.id, opChunks(ops.map(op => op.bytes)), await cards([me, ...cardsOf]))
    const unknown: AccountId[] = []
    await eachLimited(accounts, DELIVER_CONCURRENCY, async account => {
      const targets = devices.known(account).filter(device => device.deviceId !== identity.deviceId)
      if (targets.length === 0) {
        unknown.push(account)
        return
      }
      for (const body of bodies) {
        await rooms.sendSealed(targets, body)
      }
    })
    for (const account of unknown) {
      const groups = awaitingLog.get(account) ?? new Set<string>()
      groups.add(group.key)
      awaitingLog.delete(account)
      if (awaitingLog.size >= MAX_AWAITING_LOG) awaitingLog.delete(awaitingLog.keys().next().value as AccountId)
      awaitingLog.set(account, groups)
    }
    if (unknown.length > 0) prefetch(unknown)
  }

  /** keeps ops just added, and acts on what changed: keys to rotate, requests answered, the end of our membership */
  const settle = async (group: KnownGroup, before: GroupState, added: SignedGroupOp[]): Promise<void> => {
    if (added.length === 0) return
    added.forEach(op => { devices.learn(op.author) })
    const after = group.log.state()
    const gone = [...before.members.keys()].filter(account => !after.members.has(account))
    const requests = group.record.requests.filter(request => !after.members.has(request.accountId))
    group.record = { ...group.record, rotate: group.record.rotate || gone.length > 0, requests }
    await book.write([...book.opsFor(group, added), book.recordOp(group)])
    if ((isMember(before, me) && !isMember(after, me)) || (after.dissolved && !before.dissolved)) {
      await ring.forget(group.log.id)
    }
    events.emit('group:updated', info(group))
    fanout.refresh()
    if (isMember(after, me)) prefetch(isMember(before, me) ? [...after.members.keys()].filter(account => !before.members.has(account)) : [...after.members.keys()])
  }

  /** writes our op (checked against the rules first: a refusal is the caller's error) and hands it to every member, old and new */
  const author = async (group: KnownGroup, action: GroupAction): Promise<GroupInfo> => serially(group.key, async () => {
    const before = group.log.state()
    const op = createGroupOp({ signer: identity.deviceSigner, certificate: identity.certificate, group: group.log.id, parents: group.log.heads().slice(0, limits.maxGroupOpParents), action })
    applyOp(before, op)
    const result = group.log.add(op)
    if (!('added' in result)) throw new InvalidArgumentError('the op could not be added to the log')
    await settle(group, before, result.added)
    const after = group.log.state()
    const others = (state: GroupState): AccountId[] => [...state.members.keys()].filter(account => account !== me)
    const newcomers = others(after).filter(account => !before.members.has(account))
    const told = new Set([...others(before), ...others(after)].filter(account => !newcomers.includes(account)))
    // members learn the newcomers' devices, newcomers every member's (those not each other's contacts reach each other so)
    await deliver(group, [...told], [op], newcomers)
    await deliver(group, newcomers, group.log.all(), others(after))
    return info(group)
  })

  /** ops from another device (pairwise or a catch-up page): a group we do not know is taken only with its genesis and us in it */
  const receiveOps = async (groupId: Uint8Array, encoded: Uint8Array[], from: VerifiedDevice | undefined): Promise<Error | undefined> => {
    const key = groupIdToString(groupId)
    return await serially(key, async () => {
      const ops: SignedGroupOp[] = []
      for (const bytes of encoded) {
        try {
          ops.push(verifyGroupOp(bytes))
        } catch (err) {
          sync.count((err as Error).name)
        }
      }
      let group = book.get(key)
      const fresh = group == null
      if (group == null) {
        const genesis = ops.find(op => op.action.kind === 'create' && equalBytes(op.id, groupId))
        if (genesis == null) {
          return new UnknownGroupError(`ops of a group this node does not know, without its genesis`)
        }
        group = book.create(genesis)
      }
      const before = group.log.state()
      const { added, refused } = group.log.addMany(fresh ? ops.filter(op => !equalBytes(op.id, groupId)) : ops)
      for (const err of refused) {
        sync.count(err.name)
        log('an op of %s was refused: %s', key, err.message)
      }
      if (fresh) {
        if (!isMember(group.log.state(), me)) {
          book.drop(key)
          return new NotGroupMemberError('a group log that does not make this account a member')
        }
        added.unshift(group.log.all()[0])
      }
      await settle(group, before, added)
      if (fresh) void messages.groupArrived(groupId)
      // a welcome: the member who sent it has the messages (and the keys) we missed
      if (fresh && from != null) void catchUp(peerIdFromString(from.deviceId))
      for (const op of added) {
        const refusal = group.log.rejected(op.key)
        if (refusal != null) sync.count(refusal)
      }
      if (from != null && group.log.pending() > 0) void catchUp(peerIdFromString(from.deviceId))
      return undefined
    })
  }

  /** catches up with a member device: the ops it has that we lack, then the messages after our newest */
  const catchUp = async (peer: PeerId): Promise<void> => {
    const device = devices.device(peer.toString())
    if (device == null) return
    for (const group of book.all()) {
      const state = group.log.state()
      if (!isMember(state, device.accountId) || !isMember(state, me)) continue
      try {
        const answer = await sync.exchange(peer, { heads: { group: group.log.id as Uint8Array<ArrayBuffer>, heads: group.log.heads().slice(0, limits.maxGroupOpParents) as Array<Uint8Array<ArrayBuffer>> } })
        if (answer?.ops != null) await receiveOps(answer.ops.group, answer.ops.ops, device)
        let after = await messages.newest(group)
        for (let page = 0; page < MAX_CATCH_UP_PAGES; page++) {
          const got = await sync.exchange(peer, { want: { group: group.log.id as Uint8Array<ArrayBuffer>, after: (after ?? new Uint8Array(0)) as Uint8Array<ArrayBuffer>, limit: 256 } })
          if (got?.messages == null || got.messages.messages.length === 0) break
          await messages.absorb(got.messages)
          after = await messages.newest(group)
          if (!got.messages.more) break
        }
      } catch (err) {
        log('catching up %s with %p failed: %s', group.key, peer, (err as Error).message)
      }
    }
  }

  /** what a member device asks over /tim/group */
  const onFrame = async (frame: GroupSyncFrame, peer: PeerId): Promise<GroupSyncFrame | undefined> => {
    if (frame.messages != null) {
      for (const bytes of frame.messages.messages) await messages.receive(bytes, 'direct')
      return undefined
    }
    if (frame.receipts != null) {
      // whose they are is the connection's word; whether that account counts for a message is the tally's (receipts.heard)
      const sender = devices.device(peer.toString())
      if (sender == null) throw new NotGroupMemberError('receipts are taken from known member devices only')
      if (frame.receipts.delivered.length > 0) await receipts.heard(sender, 'delivered', frame.receipts.delivered.map(messageIdToString))
      if (frame.receipts.read.length > 0) await receipts.heard(sender, 'read', frame.receipts.read.map(messageIdToString))
      return undefined
    }
    const groupId = frame.heads?.group ?? frame.want?.group ?? frame.ops?.group
    const group = groupId == null ? undefined : book.get(groupIdToString(groupId))
    const device = devices.device(peer.toString())
    if (group == null || device == null || !isMember(group.log.state(), device.accountId)) {
      throw new NotGroupMemberError('group frames are answered for member devices only')
    }
    if (frame.ops != null) {
      await receiveOps(frame.ops.group, frame.ops.ops, device)
      return undefined
    }
    if (frame.heads != null) {
      const missing = group.log.missingFor(frame.heads.heads)
      return { ops: { group: group.log.id as Uint8Array<ArrayBuffer>, ops: missing.slice(0, 256).map(op => op.bytes as Uint8Array<ArrayBuffer>), more: missing.length > 256 } }
    }
    if (frame.want != null) {
      // a member reads what was said since it joined, not before
      const since = group.log.state().members.get(device.accountId)?.since ?? 0
      return { messages: await messages.page(group, frame.want.after.byteLength === 0 ? undefined : frame.want.after, frame.want.limit, since) }
    }
    return undefined
  }

  const onSenderKey = async (body: Extract<Body, { kind: 'sender-key' }>, sender: VerifiedDevice): Promise<Error | undefined> => {
    const group = book.get(groupIdToString(body.group))
    if (group == null) return new UnknownGroupError('a sender key for a group this node does not know')
    if (!group.log.named(sender.accountId)) {
      // (a member added by an op that has not arrived yet gets its key to us again through a catch-up page)
      return new NotGroupMemberError(`a sender key from ${sender.accountId}, whom the log of ${group.key} never named`)
    }
    devices.learn(sender)
    await ring.remember({ group: body.group, deviceId: sender.deviceId, epoch: body.epoch, key: body.key })
    await messages.keyArrived(body.group, sender.deviceId)
    return undefined
  }

  const onJoinRequest = async (body: Extract<Body, { kind: 'group-join-request' }>, sender: VerifiedDevice): Promise<Error | undefined> => {
    const group = book.get(groupIdToString(body.group))
    if (group == null) return new UnknownGroupError('a join request for a group this node does not know')
    const state = group.log.state()
    if (!isMember(state, me) || state.dissolved) return new NotGroupMemberError('a join request to a device that is not a member')
    if (isMember(state, sender.accountId)) {
      // a member whose devices nobody knew when it was added asks for the log (askForLog): no link needed
      devices.learn(sender)
      await deliver(group, [sender.accountId], group.log.all(), [...state.members.keys()])
      // and our key, for the messages of ours its mailboxes hold
      await messages.readyKey(group)
      return undefined
    }
    if (!equalBytes(body.proof, joinProof(body.group, sender.accountKey, state.linkSecret))) {
      return new InvalidGroupLinkError('a join request with a revoked or forged link')
    }
    devices.learn(sender)
    if (state.open) {
      await author(group, { kind: 'add', accounts: [sender.accountKey] }).catch((err: Error) => { log('could not add %s to %s: %s', sender.accountId, group.key, err.message) })
      return undefined
    }
    if ((roleOf(state, me) ?? 'member') === 'member') {
      return new GroupPermissionError('a join request for a private group goes to its owner or a manager')
    }
    if (!group.record.requests.some(request => request.accountId === sender.accountId)) {
      const request = { accountId: sender.accountId, name: sender.name, note: body.note, at: Date.now() }
      group.record = { ...group.record, requests: [...group.record.requests.slice(-(limits.maxGroupMembers - 1)), request] }
      await book.write([book.recordOp(group)])
      events.emit('group:request', { conversation: groupConversation(group.log.id), ...request })
    }
    return undefined
  }

  /**
   * A message of a group we do not know came from a device (our mailboxes held it: we were
   * added while none of our devices could be found): ask that device, a member's, for the log,
   * once per group a while. Its answer is the log, if the log makes us a member.
   */
  const askForLog = async (group: Uint8Array, deviceId: string): Promise<void> => {
    const key = groupIdToString(group)
    const asked = askedForLog.get(key) ?? 0
    const device = devices.device(deviceId)
    if (book.get(key) != null || device == null || Date.now() - asked < ASK_FOR_LOG_INTERVAL_MS) return
    askedForLog.set(key, Date.now())
    if (askedForLog.size > MAX_AWAITING_LOG) askedForLog.delete(askedForLog.keys().next().value as string)
    // its addresses: the peer store may not have them (the DHT record puts them there)
    await rooms.devicesOf(device.accountId).catch(() => [])
    await rooms.sendSealed([device], { kind: 'group-join-request', group, proof: new Uint8Array(32), note: '' })
  }

  const channel = (id: string): Channel => {
    const group = book.require(groupIdToString(groupIdFromString(id)))
    const state = group.log.state()
    const send = async (messageId: Uint8Array, timestamp: number, body: Body, keep: (also: BatchOperation[]) => Promise<void>): Promise<void> => {
      const { pushed } = await messages.send(group, messageId, timestamp, body, keep)
      // delivered and read come with the members' receipts (receipts.ts)
      void pushed.then(async ({ reached, stored }) => {
        if (reached.size > 0) await rooms.setState(messageIdToString(messageId), 'sent', 'direct')
        if (stored > 0) await rooms.setState(messageIdToString(messageId), 'stored', 'mailbox')
      }).catch((err: Error) => { log('pushing a message of %s failed: %s', group.key, err.message) })
    }
    return {
      conversation: groupConversation(group.log.id),
      name: state.name,
      checkSend: (what) => {
        const now = group.log.state()
        if (now.dissolved) throw new GroupDissolvedError(`${now.name} was dissolved`)
        if (!isMember(now, me)) throw new NotGroupMemberError(`you are no longer a member of ${now.name}`)
        if (what === 'message' && isMuted(now, me, Date.now())) throw new MemberMutedError(`you are muted in ${now.name}`)
      },
      send: async (message, stored) => {
        const body = messageBody(message)
        if (body == null) throw new InvalidArgumentError('this message has no body to send')
        const total = Math.max(0, group.log.state().members.size - 1)
        await send(messageIdFromString(message.id), message.timestamp, body, async also => {
          await rooms.storeOwn(message, [...also, receipts.sentOp(message.id, group.key, total)])
          stored()
        })
      },
      retry: async (message) => {
        // a group message never fails: members who missed it catch up, or collect it from their mailboxes
        throw new InvalidArgumentError(`message ${message.id} is ${message.state}; a group message is never retried`)
      },
      change: async (body, also = []) => {
        const now = Date.now()
        await send(rooms.nextId(now), now, body, async ops => { await rooms.write([...also, ...ops]) })
      },
      recipients: () => [],
      read: async (read) => {
        const bySender = new Map<AccountId, string[]>()
        for (const message of read) bySender.set(message.from, [...(bySender.get(message.from) ?? []), message.sentAs ?? message.id])
        for (const [account, ids] of bySender) await receipts.read(await devices.of(account), ids)
      }
    }
  }

  /**
   * looks up the devices of these members (their DHT records, unless known), a few at a time,
   * and catches up with those connected now: a connection that opened before a device was
   * known is caught up with once it is
   */
  const prefetch = (accounts: AccountId[]): void => {
    const queue = accounts.filter(account => account !== me)
    const worker = async (): Promise<void> => {
      for (let account = queue.shift(); account != null; account = queue.shift()) {
        const found = await devices.of(account).catch(() => [])
        const owed = awaitingLog.get(account)
        if (found.length > 0 && owed != null) {
          awaitingLog.delete(account)
          for (const key of owed) {
            const group = book.get(key)
            if (group != null && isMember(group.log.state(), account)) await deliver(group, [account], group.log.all(), [...group.log.state().members.keys()])
          }
        }
        for (const device of found) {
          const peer = peerIdFromString(device.deviceId)
          if (device.deviceId !== identity.deviceId && components.connected(peer)) await catchUp(peer)
        }
      }
    }
    for (let i = 0; i < PREFETCH_CONCURRENCY; i++) void worker()
  }

  const onConnectionOpen = (event: CustomEvent<Connection>): void => {
    const peer = event.detail.remotePeer
    if (devices.device(peer.toString()) != null) void catchUp(peer)
  }

  /** a pairwise body's handler whose refusals are counted (what `tim stats` shows) */
  const counted = <B, S>(handler: (body: B, sender: S) => Promise<Error | undefined>) => async (body: B, sender: S): Promise<Error | undefined> => {
    const refusal = await handler(body, sender)
    if (refusal != null) sync.count(refusal.name)
    return refusal
  }

  const requireRole = (group: KnownGroup, rank: 'owner' | 'manager'): void => {
    const role = roleOf(group.log.state(), me)
    if (role !== 'owner' && (rank === 'owner' || role !== 'manager')) {
      throw new GroupPermissionError(`only the owner${rank === 'manager' ? ' or a manager' : ''} may do that`)
    }
  }

  return {
    start: async () => {
      await book.load()
      await ring.load()
      for (const group of book.all()) group.log.all().forEach(op => { devices.learn(op.author) })
      rooms.channels.set('group', channel)
      rooms.foreign.register('sender-key', counted(onSenderKey))
      rooms.foreign.register('group-ops', counted(async (body, sender) => {
        devices.learn(sender)
        const refusal = body.ops.length > 0 ? await receiveOps(body.group, body.ops, sender) : undefined
        await learnCards(body.group, body.devices ?? [])
        return refusal
      }))
      rooms.foreign.register('group-join-request', counted(onJoinRequest))
      rooms.foreign.onReceipt(receipts.heard)
      // a private message to a fellow member who is not a contact goes to the devices known here
      rooms.knownDevices(account => book.all().some(group => isMember(group.log.state(), account)) ? devices.known(account) : [])
      rooms.foreign.onGroupMail(async (bytes, certificate) => {
        devices.learn(verifyDeviceCertificate(certificate))
        await messages.receive(bytes, 'mailbox')
      })
      sync.setHandler(onFrame)
      components.connections.addEventListener('connection:open', onConnectionOpen)
      prefetch([...new Set(book.all().flatMap(group => isMember(group.log.state(), me) ? [...group.log.state().members.keys()] : []))])
      fanout.start()
    },

    stop: async () => {
      components.connections.removeEventListener('connection:open', onConnectionOpen)
      fanout.stop()
      messages.stop()
      await Promise.all([...queues.values()])
      await receipts.flush()
    },

    createGroup: async (request: CreateGroupRequest) => {
      const name = checkName(request?.name)
      if (request.members != null && !Array.isArray(request.members)) throw new InvalidArgumentError('members is a list of account ids')
      const memberIds = [...new Set((request.members ?? []).filter(account => account !== me))]
      if (memberIds.length > limits.maxAccountsPerGroupOp) {
        throw new InvalidArgumentError(`a group is made with at most ${limits.maxAccountsPerGroupOp} members; invite the others afterwards`)
      }
      const members = memberIds.map(checkAccount)
      const genesis = createGroupOp({
        signer: identity.deviceSigner,
        certificate: identity.certificate,
        parents: [],
        action: {
          kind: 'create',
          name,
          topic: checkTopic(request.topic ?? ''),
          avatar: checkAvatar(request.avatar),
          open: request.open === true,
          linkSecret: randomBytes(32),
          nonce: randomBytes(16)
        }
      })
      const group = book.create(genesis)
      await settle(group, group.log.state(), [genesis])
      return members.length > 0 ? await author(group, { kind: 'add', accounts: members }) : info(group)
    },

    listGroups: async () => book.all().map(info),
    getGroup: async (conversation) => info(groupOf(conversation)),
    groupMembers: async (conversation) => {
      const state = groupOf(conversation).log.state()
      return [...state.members].map(([accountId, member]): GroupMember => ({
        accountId,
        name: rooms.contactName(accountId) ?? devices.known(accountId)[0]?.name ?? '',
        role: member.role,
        since: member.since,
        ...(member.mutedUntil != null && member.mutedUntil > Date.now() ? { mutedUntil: member.mutedUntil } : {})
      }))
    },
    inviteToGroup: async ({ conversation, members }) => {
      if (!Array.isArray(members) || members.length === 0) throw new InvalidArgumentError('inviteToGroup needs { conversation, members: [account ids] }')
      return await author(activeGroup(conversation), { kind: 'add', accounts: members.map(checkAccount) })
    },
    joinGroup: async ({ link, note }) => {
      const parsed = parseGroupLink(link)
      if (note != null && (typeof note !== 'string' || note.length > limits.maxNoteLength)) {
        throw new InvalidArgumentError(`a note is at most ${limits.maxNoteLength} characters`)
      }
      const known = book.get(groupIdToString(parsed.group))
      if (known != null && isMember(known.log.state(), me)) {
        return { conversation: groupConversation(parsed.group), status: 'joined' }
      }
      const via = (() => {
        try {
          return parseInvite(parsed.via)
        } catch {
          throw new InvalidGroupLinkError('this group link names no device to ask: ask for it again')
        }
      })()
      await components.peerStore.merge(peerIdFromString(via.device.deviceId), { multiaddrs: via.addresses.map(address => multiaddr(address)) })
      devices.learn(via.device)
      await rooms.sendSealed([via.device], {
        kind: 'group-join-request',
        group: parsed.group,
        proof: joinProof(parsed.group, publicKeyFromAccountId(me), parsed.linkSecret),
        note: note ?? ''
      })
      return { conversation: groupConversation(parsed.group), status: 'requested' }
    },
    groupRequests: async (conversation) => {
      const group = groupOf(conversation)
      return group.record.requests.map(request => ({ conversation: groupConversation(group.log.id), ...request }))
    },
    approveJoin: async ({ conversation, account }) => {
      const group = activeGroup(conversation)
      requireRole(group, 'manager')
      const key = checkAccount(account)
      if (!group.record.requests.some(request => request.accountId === account)) {
        throw new InvalidArgumentError(`${String(account)} has not asked to join`)
      }
      return await author(group, { kind: 'add', accounts: [key] })
    },
    rejectJoin: async ({ conversation, account }) => {
      const group = activeGroup(conversation)
      requireRole(group, 'manager')
      await serially(group.key, async () => {
        group.record = { ...group.record, requests: group.record.requests.filter(request => request.accountId !== account) }
        await book.write([book.recordOp(group)])
      })
    },
    kickMember: async ({ conversation, account }) => await author(activeGroup(conversation), { kind: 'remove', account: checkAccount(account) }),
    leaveGroup: async (conversation) => await author(activeGroup(conversation), { kind: 'leave' }),
    dissolveGroup: async (conversation) => await author(activeGroup(conversation), { kind: 'dissolve' }),
    transferGroup: async ({ conversation, account }) => await author(activeGroup(conversation), { kind: 'transfer', account: checkAccount(account) }),
    setMemberRole: async ({ conversation, account, role }) => {
      if (role !== 'manager' && role !== 'member') throw new InvalidArgumentError('a role is \'manager\' or \'member\'')
      return await author(activeGroup(conversation), { kind: 'set-role', account: checkAccount(account), role })
    },
    muteMember: async ({ conversation, account, until }) => {
      if (until != null && (!Number.isSafeInteger(until) || until < 0)) throw new InvalidArgumentError('until is a time in ms since epoch, or null to unmute')
      return await author(activeGroup(conversation), { kind: 'mute', account: checkAccount(account), until: until ?? 0 })
    },
    editGroup: async (request: EditGroupRequest) => {
      const action: Extract<GroupAction, { kind: 'edit' }> = { kind: 'edit' }
      if (request.name != null) action.name = checkName(request.name)
      if (request.topic != null) action.topic = checkTopic(request.topic)
      if (request.avatar !== undefined) action.avatar = checkAvatar(request.avatar)
      if (request.open != null) action.open = request.open === true
      return await author(activeGroup(request.conversation), action)
    },
    resetGroupLink: async (conversation) => await author(activeGroup(conversation), { kind: 'set-link', linkSecret: randomBytes(32) }),
    readBy: async (id) => await receipts.readBy(id)
  }
}
