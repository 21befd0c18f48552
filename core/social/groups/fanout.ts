/**
 * Group messages to the members online now, over gossipsub: one topic per group (named from
 * a hash of the group id, so a topic says nothing of the group to whoever sees it), joined
 * while this account is a member; a message is published once, to the few mesh peers, and
 * the members forward it to theirs. Every forwarded message passes the topic validator first
 * (a GroupMessage of that group, from a member device, with a valid signature; anything else
 * is rejected and its forwarder penalised by gossipsub's scoring). Members dial a few other
 * members' devices so that the mesh has peers. This module knows topics and peers, never
 * keys or plaintext.
 */

import { TopicValidatorResult, type GossipSub, type Message } from '@libp2p/gossipsub'
import type { Logger, PeerId } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { toString } from 'uint8arrays'
import { sha256, verifySignature } from '../../crypto/index.ts'
import { deviceIdFromBytes } from '../../identity/index.ts'
import { decodeGroupMessage, groupMessageSigningBytes } from '../../wire/index.ts'
import type { GroupBook } from './group-book.ts'
import { groupIdToString } from './group-id.ts'
import type { MemberDevices } from './member-devices.ts'
import { isMember } from './state.ts'

/** The part of @libp2p/gossipsub's service this module uses. */
export type PubSub = Pick<GossipSub, 'subscribe' | 'unsubscribe' | 'publish' | 'topicValidators' | 'addEventListener' | 'removeEventListener'>

export interface FanoutComponents {
  pubsub: PubSub
  book: GroupBook
  devices: MemberDevices
  /** this device */
  deviceId: string
  /** this account */
  account: string
  /** a message arrived through the mesh (validated; still to be opened and checked by group-messages) */
  received: (bytes: Uint8Array) => void
  /** dials a member device (errors are the caller's to ignore) */
  connect: (peer: PeerId) => Promise<void>
  /** whether a connection to the peer is open now */
  connected: (peer: PeerId) => boolean
  log: Logger
}

export interface Fanout {
  start: () => void
  stop: () => void
  /** joins or leaves each known group's topic as this account is a member or not, and dials a few members */
  refresh: () => void
  /** publishes to the group's mesh; resolves with the peers it went to (none: nobody to send to yet) */
  publish: (group: Uint8Array, bytes: Uint8Array) => Promise<PeerId[]>
}

const TOPIC_DOMAIN = new TextEncoder().encode('tim-group-topic')
/** member devices of a group dialled so that its mesh has peers */
const MESH_PEERS_WANTED = 6

/** The gossipsub topic of a group: nothing in it names the group. */
export function groupTopic (group: Uint8Array): string {
  return `tim/g/${toString(sha256(TOPIC_DOMAIN, group), 'base16')}`
}

export function createFanout (components: FanoutComponents): Fanout {
  const { pubsub, book, devices, log } = components
  /** topic → group key, for the groups whose topics this node joined */
  const joined = new Map<string, string>()

  const validate = (_peer: PeerId, message: Message): TopicValidatorResult => {
    const key = joined.get(message.topic)
    const group = key == null ? undefined : book.get(key)
    if (group == null) return TopicValidatorResult.Ignore
    try {
      const decoded = decodeGroupMessage(message.data)
      if (groupIdToString(decoded.group) !== key) return TopicValidatorResult.Reject
      const device = devices.device(deviceIdFromBytes(decoded.senderDevice).deviceId)
      // a member device we have not heard of yet: not forwarded by us, not held against the forwarder
      if (device == null) return TopicValidatorResult.Ignore
      if (!isMember(group.log.state(), device.accountId)) return TopicValidatorResult.Reject
      return verifySignature(device.deviceSigningKey, groupMessageSigningBytes(decoded), decoded.signature) ? TopicValidatorResult.Accept : TopicValidatorResult.Reject
    } catch {
      return TopicValidatorResult.Reject
    }
  }

  const onMessage = (event: CustomEvent<Message>): void => {
    if (!joined.has(event.detail.topic)) return
    components.received(event.detail.data)
  }

  /** dials member devices until a few are connected */
  const meshUp = (groupKey: string): void => {
    const group = book.get(groupKey)
    if (group == null) return
    const candidates = [...group.log.state().members.keys()]
      .filter(account => account !== components.account)
      .flatMap(account => devices.known(account))
      .map(device => peerIdFromString(device.deviceId))
    let connected = candidates.filter(peer => components.connected(peer)).length
    for (const peer of candidates.sort(() => Math.random() - 0.5)) {
      if (connected >= MESH_PEERS_WANTED) break
      if (components.connected(peer)) continue
      connected++
      components.connect(peer).catch((err: Error) => { log('could not dial member device %p: %s', peer, err.message) })
    }
  }

  const refresh = (): void => {
    const wanted = new Map<string, string>()
    for (const group of book.all()) {
      const state = group.log.state()
      if (!state.dissolved && isMember(state, components.account)) wanted.set(groupTopic(group.log.id), group.key)
    }
    for (const [topic, key] of wanted) {
      if (!joined.has(topic)) {
        joined.set(topic, key)
        pubsub.topicValidators.set(topic, validate)
        pubsub.subscribe(topic)
      }
      meshUp(key)
    }
    for (const topic of [...joined.keys()]) {
      if (!wanted.has(topic)) {
        joined.delete(topic)
        pubsub.unsubscribe(topic)
        pubsub.topicValidators.delete(topic)
      }
    }
  }

  return {
    start: () => {
      pubsub.addEventListener('message', onMessage)
      refresh()
    },
    stop: () => {
      pubsub.removeEventListener('message', onMessage)
      for (const topic of joined.keys()) {
        pubsub.unsubscribe(topic)
        pubsub.topicValidators.delete(topic)
      }
      joined.clear()
    },
    refresh,
    publish: async (group, bytes) => {
      const topic = groupTopic(group)
      if (!joined.has(topic)) return []
      try {
        return (await pubsub.publish(topic, bytes)).recipients
      } catch (err) {
        log('publishing to %s failed: %s', groupIdToString(group), (err as Error).message)
        return []
      }
    }
  }
}
