/**
 * The gossipsub mesh of a group whose members all come from one address (127.0.0.1 here; in
 * the field, members reached through one relay or behind one NAT). gossipsub's default peer
 * score penalises more than ten peers of one IP until it ignores everything they send, their
 * subscriptions included: no mesh formed, and every message went out as a direct push to each
 * member (what the mesh is there to spare the sender). Here sixteen members and their owner
 * mesh, and messages go through the mesh alone: pushes are held back for the whole test.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { ConversationId } from '../../core/api/index.ts'
import { groupTopic } from '../../core/social/groups/fanout.ts'
import { groupIdOfConversation } from '../../core/social/groups/group-id.ts'
import { receives, seesGroup } from '../helpers/group-scene.ts'
import { befriend, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'

const MEMBERS = 16
/** no direct push within the test: what arrives came through the mesh */
const meshOnly = { groups: { lookupIntervalMs: 200, messages: { pushAfterMs: 10 * 60_000 } } }

/** the peers a node's gossipsub knows to be subscribed to a group's topic */
function subscribers (peer: TestPeer, conversation: ConversationId): number {
  return peer.node.libp2p.services.pubsub.getSubscribers(groupTopic(groupIdOfConversation(conversation))).length
}

test(`a group of ${MEMBERS + 1} on one address meshes, and its messages reach every member through the mesh alone`, async (t) => {
  const owner = await startPeer(t, 'Olga', meshOnly)
  const members: TestPeer[] = []
  for (let i = 0; i < MEMBERS; i++) {
    const member = await startPeer(t, `M${i}`, meshOnly)
    await befriend(owner, member)
    members.push(member)
  }
  const group = await owner.node.api.createGroup({ name: 'One address', members: members.map(member => member.account) })
  for (const member of members) await seesGroup(member, group.id, g => g.memberCount === MEMBERS + 1)

  // every member's subscription reached the owner: gossipsub takes what they send
  await waitFor(() => subscribers(owner, group.id), count => count === MEMBERS, { what: `the owner's gossipsub to know all ${MEMBERS} members subscribed` })

  await owner.node.api.send({ conversation: group.id, text: 'through the mesh' })
  for (const member of members) await receives(member, group.id, 'through the mesh')
  // a member who is nobody's contact: its message goes through the members it meshed with
  const [, second, ...rest] = members
  await second.node.api.send({ conversation: group.id, text: 'from a member' })
  for (const peer of [owner, members[0], ...rest]) {
    assert.equal((await receives(peer, group.id, 'from a member')).from, second.account)
  }
})
