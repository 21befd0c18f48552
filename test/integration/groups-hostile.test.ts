/**
 * Hostile strangers and members of a group, between real nodes on 127.0.0.1: Mallory is a
 * real Tim node whose keys are used outside her node's checks, to send what an honest node
 * never would through the real paths (pairwise bodies on raw /tim/msg streams, raw /tim/group
 * frames). Each attack is refused with its typed error, counted in the victim's `stats()`
 * (what `tim stats` shows) and leaves what the victim's user sees of the group (info, members
 * and roles, history) as it was. Where a refusal alone could hide a broken path, the same path
 * first carries something valid that the victim takes (a member's crafted message, a held op
 * applied once its parent arrives).
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { ConversationId, GroupInfo } from '../../core/api/index.ts'
import { publicKeyFromAccountId } from '../../core/identity/index.ts'
import { encodeGroupSyncFrame, type Body } from '../../core/wire/index.ts'
import { befriend, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import {
  forgedMessage, groupIdOf, groupText, groupView, headsAt, messagesFrame, opOf, rawOp, rejectedCount, sendBodies, sendGroupFrame
} from '../helpers/group-attacker.ts'
import { groupInit, receives, seesGroup } from '../helpers/group-scene.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

/** Mallory's sender key for her crafted messages (an epoch her node never uses) */
const malloryKey = { epoch: 700, key: randomBytes(32) }

interface Scene { alice: TestPeer, bob: TestPeer, mallory: TestPeer, group: GroupInfo, id: Uint8Array<ArrayBuffer> }

/**
 * Alice owns a group with Bob (and Mallory, unless she is the stranger); Bob and Mallory are
 * Alice's contacts, not each other's. Alice's first message has reached everyone in it.
 */
async function startScene (t: AfterHook, malloryIs: 'stranger' | 'member' | 'manager'): Promise<Scene> {
  const alice = await startPeer(t, 'Alice', groupInit)
  const bob = await startPeer(t, 'Bob', groupInit)
  const mallory = await startPeer(t, 'Mallory', groupInit)
  await befriend(alice, bob)
  if (malloryIs !== 'stranger') await befriend(alice, mallory)
  const members = malloryIs === 'stranger' ? [bob.account] : [bob.account, mallory.account]
  const created = await alice.node.api.createGroup({ name: 'Climbers', members })
  if (malloryIs === 'manager') await alice.node.api.setMemberRole({ conversation: created.id, account: mallory.account, role: 'manager' })
  for (const peer of malloryIs === 'stranger' ? [bob] : [bob, mallory]) await seesGroup(peer, created.id, g => g.memberCount === members.length + 1)
  await alice.node.api.send({ conversation: created.id, text: 'hello climbers' })
  await receives(bob, created.id, 'hello climbers')
  return { alice, bob, mallory, group: await alice.node.api.getGroup(created.id), id: groupIdOf(created.id) }
}

/**
 * Runs `attack` on `victim` and checks that the victim refused it: what its user sees of the
 * group in `conversation` is as it was, and `name` is counted `times` more in its stats.
 */
async function refused (victim: TestPeer, conversation: ConversationId, name: string, attack: () => Promise<void>, times = 1): Promise<void> {
  const seen = await groupView(victim, conversation)
  const before = await rejectedCount(victim, name)
  await attack()
  assert.equal(await groupView(victim, conversation), seen, `${victim.name}'s group, its members and its history are as they were`)
  const after = await waitFor(async () => await rejectedCount(victim, name), count => count >= before + times, { what: `${victim.name} to count ${times} ${name}` })
  assert.equal(after, before + times, `${victim.name} counts each refusal once`)
}

/** Mallory's ops, pairwise to `to`: resolves once `to` handled them (each body acked) */
async function sendOps (mallory: TestPeer, to: TestPeer, id: Uint8Array<ArrayBuffer>, ops: Uint8Array[]): Promise<void> {
  for (let i = 0; i < ops.length; i += 100) {
    const { acked, refused } = await sendBodies(mallory, to, [{ kind: 'group-ops', group: id, ops: ops.slice(i, i + 100) }])
    assert.deepEqual({ acked, refused }, { acked: 1, refused: [] }, 'a group-ops body is taken; the ops in it are judged one by one')
  }
}

/** Mallory hands her crafted sender key to `to`, pairwise, as a member's node does */
async function shareMalloryKey (mallory: TestPeer, to: TestPeer, id: Uint8Array<ArrayBuffer>): Promise<void> {
  const body: Body = { kind: 'sender-key', group: id, epoch: malloryKey.epoch, key: malloryKey.key }
  assert.deepEqual(await sendBodies(mallory, to, [body]), { acked: 1, refused: [] })
}

async function pushMessage (mallory: TestPeer, to: TestPeer, id: Uint8Array<ArrayBuffer>, message: Uint8Array): Promise<void> {
  await sendGroupFrame(mallory, to, messagesFrame(id, [message]))
}

async function currentHeads (scene: Scene): Promise<Uint8Array[]> {
  // what any member device learns by catching up; Bob's stands for what Mallory's own log holds
  return await headsAt(scene.bob, scene.alice, scene.id)
}

test('a stranger\'s ops, forged ops, invites to groups that do not exist, frames and messages are refused, counted, and change nothing', async (t) => {
  const { alice, bob, mallory, group, id } = await startScene(t, 'stranger')
  const M = mallory.node.identity

  await t.test('an op from an account that never was a member', async () => {
    await refused(alice, group.id, 'NotGroupMemberError', async () => {
      await sendOps(mallory, alice, id, [opOf(M, id, [id], { kind: 'edit', topic: 'Mallory was here' }).bytes])
    })
  })

  await t.test('an op in the owner\'s name (her certificate) signed by another key', async () => {
    await refused(alice, group.id, 'InvalidSignatureError', async () => {
      const kick = rawOp(M, { group: id, parents: [id], author: alice.node.identity.certificate, remove: { account: publicKeyFromAccountId(bob.account) as Uint8Array<ArrayBuffer> } })
      await sendOps(mallory, alice, id, [kick])
    })
  })

  const nowhere = new Uint8Array(randomBytes(32))
  await t.test('an invite (group ops) for a group that does not exist', async () => {
    await refused(alice, group.id, 'UnknownGroupError', async () => {
      const { refused } = await sendBodies(mallory, alice, [{ kind: 'group-ops', group: nowhere, ops: [opOf(M, nowhere, [nowhere], { kind: 'add', accounts: [publicKeyFromAccountId(alice.account)] }).bytes] }])
      assert.deepEqual(refused, ['UnknownGroupError'])
    })
    assert.equal((await alice.node.api.listGroups()).length, 1)
  })

  await t.test('a join request for a group that does not exist', async () => {
    await refused(alice, group.id, 'UnknownGroupError', async () => {
      const { refused } = await sendBodies(mallory, alice, [{ kind: 'group-join-request', group: nowhere, proof: new Uint8Array(randomBytes(32)), note: 'let me in' }])
      assert.deepEqual(refused, ['UnknownGroupError'])
    })
    assert.equal((await alice.node.api.listGroups()).length, 1)
  })

  await t.test('a join request with a proof made from no link of the group', async () => {
    await refused(alice, group.id, 'InvalidGroupLinkError', async () => {
      const { refused } = await sendBodies(mallory, alice, [{ kind: 'group-join-request', group: id, proof: new Uint8Array(randomBytes(32)), note: 'let me in' }])
      assert.deepEqual(refused, ['InvalidGroupLinkError'])
    })
    assert.equal((await alice.node.api.groupRequests(group.id)).length, 0)
  })

  await t.test('a /tim/group frame asking for the log', async () => {
    await refused(alice, group.id, 'NotGroupMemberError', async () => {
      assert.equal(await sendGroupFrame(mallory, alice, encodeGroupSyncFrame({ heads: { group: id, heads: [id] } })), null)
    })
  })

  await t.test('a sender key, and a group message, from a non-member', async () => {
    await refused(alice, group.id, 'NotGroupMemberError', async () => {
      const body: Body = { kind: 'sender-key', group: id, epoch: malloryKey.epoch, key: malloryKey.key }
      assert.deepEqual(await sendBodies(mallory, alice, [body]), { acked: 0, refused: ['NotGroupMemberError'] }, 'a key from an account the log never named')
    })
    // without her key the message never opens: it is held (bounded, it expires) and never shown
    await pushMessage(mallory, alice, id, groupText(M, id, malloryKey, 'buy my coins'))
    assert.equal((await alice.node.api.history({ conversation: group.id })).some(message => message.text === 'buy my coins'), false)
  })
})

test('a member without the role cannot kick or mute the owner, kick a manager or take the group; a muted member\'s and a forged message are refused', async (t) => {
  const scene = await startScene(t, 'member')
  const { alice, bob, mallory, group, id } = scene
  const M = mallory.node.identity
  const [aliceKey, bobKey] = [alice, bob].map(peer => publicKeyFromAccountId(peer.account))

  await shareMalloryKey(mallory, alice, id)
  await pushMessage(mallory, alice, id, groupText(M, id, malloryKey, 'Mallory, a member, says hi'))
  assert.equal((await receives(alice, group.id, 'Mallory, a member, says hi')).from, mallory.account, 'a crafted message from a member is taken')

  await t.test('a member kicks the owner, then a member', async () => {
    const heads = await currentHeads(scene)
    await refused(alice, group.id, 'GroupPermissionError', async () => {
      await sendOps(mallory, alice, id, [opOf(M, id, heads, { kind: 'remove', account: aliceKey }).bytes, opOf(M, id, heads, { kind: 'remove', account: bobKey }).bytes])
    }, 2)
  })

  await t.test('a manager mutes the owner, kicks another manager, hands herself the group', async () => {
    await alice.node.api.setMemberRole({ conversation: group.id, account: mallory.account, role: 'manager' })
    await alice.node.api.setMemberRole({ conversation: group.id, account: bob.account, role: 'manager' })
    const heads = await currentHeads(scene)
    const malloryAccount = publicKeyFromAccountId(mallory.account)
    await refused(alice, group.id, 'GroupPermissionError', async () => {
      await sendOps(mallory, alice, id, [
        opOf(M, id, heads, { kind: 'mute', account: aliceKey, until: Date.now() + 3_600_000 }).bytes,
        opOf(M, id, heads, { kind: 'remove', account: bobKey }).bytes,
        opOf(M, id, heads, { kind: 'transfer', account: malloryAccount }).bytes
      ])
    }, 3)
    const members = await alice.node.api.groupMembers(group.id)
    assert.deepEqual(members.map(m => [m.accountId, m.role]).sort(), [[alice.account, 'owner'], [bob.account, 'manager'], [mallory.account, 'manager']].sort())
  })

  await t.test('a message with a forged signature', async () => {
    await refused(alice, group.id, 'InvalidSignatureError', async () => {
      await pushMessage(mallory, alice, id, forgedMessage(groupText(M, id, malloryKey, 'signed by nobody')))
    })
  })

  await t.test('a message written while muted', async () => {
    await alice.node.api.muteMember({ conversation: group.id, account: mallory.account, until: Date.now() + 3_600_000 })
    await refused(alice, group.id, 'MemberMutedError', async () => {
      await pushMessage(mallory, alice, id, groupText(M, id, malloryKey, 'you cannot silence me'))
    })
  })
})

test('ops naming parents nobody has are held within a bound (the oldest dropped) and applied when their parent comes; malformed ops and oversized frames are refused', async (t) => {
  const scene = await startScene(t, 'manager')
  const { alice, mallory, group, id } = scene
  const M = mallory.node.identity
  const heads = await currentHeads(scene)

  await t.test('300 orphans: nothing applied, the first held dropped; the parent brings in the one still held', async () => {
    const seen = await groupView(alice, group.id)
    const parent = opOf(M, id, heads, { kind: 'edit', topic: 'the parent' })
    const dropped = opOf(M, id, [parent.id], { kind: 'edit', name: 'Dropped' })
    await sendOps(mallory, alice, id, [dropped.bytes])
    const orphans = Array.from({ length: 300 }, (_, i) => opOf(M, id, [randomBytes(32)], { kind: 'edit', topic: `orphan ${i}` }).bytes)
    await sendOps(mallory, alice, id, orphans)
    assert.equal(await groupView(alice, group.id), seen, 'no held op is applied')

    const kept = opOf(M, id, [parent.id], { kind: 'edit', topic: 'held, then applied' })
    await sendOps(mallory, alice, id, [kept.bytes])
    assert.equal(await groupView(alice, group.id), seen)
    await sendOps(mallory, alice, id, [parent.bytes])
    const now = await alice.node.api.getGroup(group.id)
    assert.deepEqual([now.name, now.topic], ['Climbers', 'held, then applied'], 'the parent and the op held for it are applied; the one dropped from the full pool is not')
  })

  await t.test('17 concurrent ops (one more head than an op may name as parents) do not stop the owner writing', async () => {
    const heads = await currentHeads(scene)
    await sendOps(mallory, alice, id, Array.from({ length: 17 }, (_, i) => opOf(M, id, heads, { kind: 'edit', topic: `concurrent ${i}` }).bytes))
    await alice.node.api.editGroup({ conversation: group.id, name: 'Crag' })
    await seesGroup(scene.bob, group.id, g => g.name === 'Crag', 'the name Alice gave it')
  })

  await t.test('an op naming one parent twice (the only self-reference a hash allows a forger) and an add of 257 accounts', async () => {
    const [head] = await currentHeads(scene)
    const accounts = Array.from({ length: 257 }, () => new Uint8Array(randomBytes(32)))
    await refused(alice, group.id, 'InvalidGroupOpError', async () => {
      await sendOps(mallory, alice, id, [
        rawOp(M, { group: id, parents: [head, head] as Array<Uint8Array<ArrayBuffer>>, edit: { topic: 'loop' } }),
        rawOp(M, { group: id, parents: [head] as Array<Uint8Array<ArrayBuffer>>, add: { accounts } })
      ])
    }, 2)
  })

  await t.test('an add of 100,000 accounts and a frame over 1 MiB, on /tim/group', async () => {
    const [head] = await currentHeads(scene)
    const accounts = Array.from({ length: 100_000 }, () => new Uint8Array(randomBytes(32)))
    const huge = rawOp(M, { group: id, parents: [head] as Array<Uint8Array<ArrayBuffer>>, add: { accounts } })
    await refused(alice, group.id, 'FrameTooLargeError', async () => {
      assert.equal(await sendGroupFrame(mallory, alice, encodeGroupSyncFrame({ ops: { group: id, ops: [huge as Uint8Array<ArrayBuffer>], more: false } })), null)
    })
    await refused(alice, group.id, 'FrameTooLargeError', async () => {
      assert.equal(await sendGroupFrame(mallory, alice, randomBytes(1024 * 1024 + 1)), null)
    })
  })
})

test('a member\'s flood of ops is refused past 500 an hour, and the group goes on', async (t) => {
  const scene = await startScene(t, 'manager')
  const { alice, bob, mallory, group, id } = scene
  const heads = await currentHeads(scene)
  // 600 ops of one hour of her clock, each setting the topic it already has (so that what
  // Alice sees stays the same whichever are taken)
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
  const flood = Array.from({ length: 600 }, (_, i) => opOf(mallory.node.identity, id, heads, { kind: 'edit', topic: '' }, hour + i).bytes)

  await t.test('600 ops in the same hour: the last 100 are refused', async () => {
    await refused(alice, group.id, 'RateLimitedError', async () => { await sendOps(mallory, alice, id, flood) }, 100)
  })

  await t.test('the owner still writes after them (500 concurrent ops are 500 heads), and the members see it', async () => {
    await alice.node.api.editGroup({ conversation: group.id, name: 'After the flood' })
    await seesGroup(bob, group.id, g => g.name === 'After the flood', 'the name Alice gave it after the flood')
  })
})

test('a kicked member\'s later ops, frames and messages are ignored by every member', async (t) => {
  const scene = await startScene(t, 'manager')
  const { alice, bob, mallory, group, id } = scene
  const M = mallory.node.identity
  for (const member of [alice, bob]) {
    await shareMalloryKey(mallory, member, id)
    await pushMessage(mallory, member, id, groupText(M, id, malloryKey, 'before the kick'))
    await receives(member, group.id, 'before the kick')
  }

  await alice.node.api.kickMember({ conversation: group.id, account: mallory.account })
  await seesGroup(bob, group.id, g => g.memberCount === 2, 'Mallory kicked')
  await seesGroup(mallory, group.id, g => g.ended === 'removed', 'that she was removed')
  const heads = await currentHeads(scene)
  const afterKick = opOf(M, id, heads, { kind: 'edit', topic: 'Mallory still rules' })
  const message = groupText(M, id, malloryKey, 'after the kick')

  for (const member of [alice, bob]) {
    await t.test(`an op she wrote after the kick, pairwise to ${member.name}`, async () => {
      await refused(member, group.id, 'NotGroupMemberError', async () => { await sendOps(mallory, member, id, [afterKick.bytes]) })
    })
    await t.test(`a message she wrote after the kick, pushed to ${member.name}`, async () => {
      await refused(member, group.id, 'NotGroupMemberError', async () => { await pushMessage(mallory, member, id, message) })
    })
    await t.test(`her ops on /tim/group to ${member.name}`, async () => {
      await refused(member, group.id, 'NotGroupMemberError', async () => {
        await sendGroupFrame(mallory, member, encodeGroupSyncFrame({ ops: { group: id, ops: [afterKick.bytes as Uint8Array<ArrayBuffer>], more: false } }))
      })
    })
  }
})
