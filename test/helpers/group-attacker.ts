/**
 * A hostile group member's (or stranger's) tools for integration tests: a real Tim node's keys
 * used outside its own checks. Pairwise group bodies (ops, sender keys, join requests) sealed
 * by hand and sent on a raw /tim/msg stream; raw /tim/group frames (any bytes, any size); ops
 * and group messages written and signed as the attacker's device, valid or not; the victim's
 * log fetched as a member device would (a catch-up frame). And what a victim's user sees of a
 * group (info, members, texts) as one comparable value.
 */

import * as lp from 'it-length-prefixed'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import type { ConversationId } from '../../core/api/index.ts'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import { verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice } from '../../core/identity/index.ts'
import { sealGroupMessage } from '../../core/social/groups/group-cipher.ts'
import { groupIdOfConversation } from '../../core/social/groups/group-id.ts'
import { GROUP_PROTOCOL } from '../../core/social/groups/index.ts'
import { createGroupOp, opKey, verifyGroupOp, type GroupAction, type SignedGroupOp } from '../../core/social/groups/op.ts'
import {
  createMessageIdGenerator, decodeGroupMessage, decodeGroupSyncFrame, encodeGroupMessage, encodeGroupOp, encodeGroupSyncFrame, groupOpSigningBytes,
  type Body, type GroupOp, type GroupSyncFrame
} from '../../core/wire/index.ts'
import { ackedIds, sendRaw } from './raw-msg.ts'
import type { TestPeer } from './peers.ts'

const nextId = createMessageIdGenerator()

export function groupIdOf (conversation: ConversationId): Uint8Array<ArrayBuffer> {
  return groupIdOfConversation(conversation) as Uint8Array<ArrayBuffer>
}

export function deviceOf (peer: TestPeer): VerifiedDevice {
  return verifyDeviceCertificate(peer.node.identity.certificate)
}

/** `from` can dial `to` (an attacker need not be anyone's contact) */
async function knowAddresses (from: TestPeer, to: TestPeer): Promise<void> {
  await from.node.libp2p.peerStore.merge(peerIdFromString(to.node.identity.deviceId), { multiaddrs: to.node.addresses().map(address => multiaddr(address)) })
}

/**
 * Sends `bodies` pairwise from `from` to `to` on a raw /tim/msg stream (sealed by hand, so no
 * check of `from`'s node stands in the way) and returns what `to` answered: how many it acked,
 * and the error name of each it refused. Resolves once `to` handled every one.
 */
export async function sendBodies (from: TestPeer, to: TestPeer, bodies: Body[]): Promise<{ acked: number, refused: string[] }> {
  await knowAddresses(from, to)
  const codec = createEnvelopeCodec(from.node.identity)
  const recipient = deviceOf(to)
  const frames = await sendRaw(from, to, from.node.identity, bodies.map(body => codec.seal(recipient, nextId(Date.now()), Date.now(), body)))
  return {
    acked: ackedIds(frames).length,
    refused: frames.flatMap(frame => frame.reject?.error ?? [])
  }
}

/**
 * Writes `bytes` as one length-prefixed frame on a raw /tim/group stream from `from` to `to`
 * and resolves with the frame answered (null: none, or the stream was reset) once `to` closed
 * or reset the stream.
 */
export async function sendGroupFrame (from: TestPeer, to: TestPeer, bytes: Uint8Array): Promise<GroupSyncFrame | null> {
  await knowAddresses(from, to)
  const stream = await from.node.libp2p.dialProtocol(peerIdFromString(to.node.identity.deviceId), GROUP_PROTOCOL)
  try {
    for (const chunk of lp.encode.single(bytes)) {
      if (!stream.send(chunk)) await stream.onDrain({ signal: AbortSignal.timeout(15_000) })
    }
    await stream.close({ signal: AbortSignal.timeout(15_000) })
    for await (const answer of lp.decode(stream)) return decodeGroupSyncFrame(answer.subarray())
    return null
  } catch {
    // the victim reset the stream: a refusal, which its stats count
    return null
  }
}

/**
 * The current heads of a group's log at `to`, as a member device `from` learns them catching
 * up: `to` answers a device that holds only the genesis with every other op.
 */
export async function headsAt (from: TestPeer, to: TestPeer, group: Uint8Array<ArrayBuffer>): Promise<Uint8Array[]> {
  const answer = await sendGroupFrame(from, to, encodeGroupSyncFrame({ heads: { group, heads: [group] } }))
  if (answer?.ops == null) throw new Error(`${to.name} answered no ops of the group to ${from.name}`)
  const ops = answer.ops.ops.map(verifyGroupOp)
  const named = new Set(ops.flatMap(op => op.parents.map(opKey)))
  const heads = ops.filter(op => !named.has(op.key)).map(op => op.id)
  return heads.length > 0 ? heads : [group]
}

/** A valid op of `group`, signed by `by`'s device (whether `by` may do it is for the victim's log to say). */
export function opOf (by: LocalIdentity, group: Uint8Array, parents: Uint8Array[], action: GroupAction, timestamp?: number): SignedGroupOp {
  return createGroupOp({ signer: by.deviceSigner, certificate: by.certificate, group, parents, action, timestamp })
}

/** The bytes of an op with every field as given (no checks), signed by `by`'s device. */
export function rawOp (by: LocalIdentity, fields: Partial<GroupOp>): Uint8Array {
  const op: GroupOp = { version: 1, group: new Uint8Array(0), parents: [], author: by.certificate, timestamp: BigInt(Date.now()), signature: new Uint8Array(0), ...fields }
  return encodeGroupOp({ ...op, signature: by.deviceSigner.sign(groupOpSigningBytes(op)) as Uint8Array<ArrayBuffer> })
}

/** `bytes` of a signed GroupMessage with one bit of its signature flipped. */
export function forgedMessage (bytes: Uint8Array): Uint8Array {
  const message = decodeGroupMessage(bytes)
  const signature = new Uint8Array(message.signature)
  signature[0] ^= 1
  return encodeGroupMessage({ ...message, signature })
}

/** A text message of `group` sealed with the sender key `key` (epoch `epoch`) of `by`'s device and signed by it. */
export function groupText (by: LocalIdentity, group: Uint8Array, key: { epoch: number, key: Uint8Array }, text: string, timestamp = Date.now()): Uint8Array {
  return sealGroupMessage({
    signer: by.deviceSigner,
    certificate: by.certificate,
    key: { group, deviceId: by.deviceId, ...key },
    id: nextId(timestamp),
    timestamp,
    body: { kind: 'text', text, burnSeconds: 0 }
  })
}

/** A /tim/group frame pushing `messages` of `group`, as a member's push does. */
export function messagesFrame (group: Uint8Array<ArrayBuffer>, messages: Uint8Array[]): Uint8Array {
  return encodeGroupSyncFrame({ messages: { group, messages: messages as Array<Uint8Array<ArrayBuffer>>, more: false, keys: [], senders: [] } })
}

export async function rejectedCount (peer: TestPeer, name: string): Promise<number> {
  return (await peer.node.api.stats()).rejected[name] ?? 0
}

/** What `peer`'s user sees of a group: its info, its members with their roles and mutes, and the texts of its history. */
export async function groupView (peer: TestPeer, conversation: ConversationId): Promise<string> {
  const { api } = peer.node
  const members = (await api.groupMembers(conversation)).map(({ accountId, role, mutedUntil }) => ({ accountId, role, mutedUntil }))
  return JSON.stringify({
    group: await api.getGroup(conversation),
    members: members.sort((a, b) => a.accountId < b.accountId ? -1 : 1),
    texts: (await api.history({ conversation, limit: 500 })).map(message => `${message.from}: ${message.text}`)
  })
}
