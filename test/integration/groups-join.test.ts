/**
 * Joining a group by its invite link, between real nodes on 127.0.0.1 (a relay for the DHT:
 * joiners are nobody's contacts, and the members find their devices there). An open group
 * lets the link's holder in at once; a private one asks its owner, who approves or rejects; a
 * reset link stops the old one working; a link to a group that does not exist gets no one in.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import type { ConversationId, GroupInfo } from '../../core/api/index.ts'
import { createGroupLink, parseGroupLink } from '../../core/social/groups/link.ts'
import { befriend, startPeer, type TestPeer } from '../helpers/peers.ts'
import { rejectedCount } from '../helpers/group-attacker.ts'
import { groupInit, receives, seesGroup } from '../helpers/group-scene.ts'
import { nextEvent } from '../helpers/next-event.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'
import { waitFor } from '../helpers/wait-for.ts'

interface Scene { alice: TestPeer, bob: TestPeer, dave: TestPeer, eve: TestPeer, group: GroupInfo }

/** Alice owns a group with Bob (her contact); Dave and Eve know no one. */
async function startScene (t: AfterHook, open: boolean): Promise<Scene> {
  const relay = await startPeer(t, 'Relay', { ...groupInit, role: 'relay' })
  const bootstrap = relay.node.addresses()
  const [alice, bob, dave, eve] = await Promise.all(['Alice', 'Bob', 'Dave', 'Eve'].map(async name => await startPeer(t, name, { ...groupInit, bootstrap })))
  await befriend(alice, bob)
  const group = await alice.node.api.createGroup({ name: open ? 'Open crag' : 'Private crag', open, members: [bob.account] })
  await seesGroup(bob, group.id, g => g.memberCount === 2)
  return { alice, bob, dave, eve, group }
}

async function memberAccounts (peer: TestPeer, conversation: ConversationId): Promise<string[]> {
  return (await peer.node.api.groupMembers(conversation)).map(member => member.accountId).sort()
}

/** `joiner` reads what the members write and the members read what it writes */
async function chatsWithMembers (joiner: TestPeer, members: TestPeer[], conversation: ConversationId): Promise<void> {
  for (const member of members) {
    await member.node.api.send({ conversation, text: `${member.name} welcomes ${joiner.name}` })
    await receives(joiner, conversation, `${member.name} welcomes ${joiner.name}`)
  }
  await joiner.node.api.send({ conversation, text: `${joiner.name} here` })
  for (const member of members) {
    assert.equal((await receives(member, conversation, `${joiner.name} here`)).from, joiner.account)
  }
}

/** `asker` asks to join with `link`; resolves once `victim` counted it refused with `name` */
async function refusedLink (asker: TestPeer, victim: TestPeer, link: string, name: string): Promise<void> {
  const before = await rejectedCount(victim, name)
  assert.equal((await asker.node.api.joinGroup({ link })).status, 'requested')
  const after = await waitFor(async () => await rejectedCount(victim, name), count => count > before, { what: `${victim.name} to count a ${name}` })
  assert.equal(after, before + 1)
}

test('an open group: whoever holds the link joins, is a member everyone sees, reads and writes; a reset link lets no one in', async (t) => {
  const { alice, bob, dave, eve, group } = await startScene(t, true)
  const { link } = await alice.node.api.getGroup(group.id)
  assert.ok(link != null, 'a member sees the group\'s link')

  await t.test('Dave joins with the link Alice shared', async () => {
    const updated = nextEvent(dave.node.api, 'group:updated', g => g.id === group.id && g.myRole === 'member', 'Dave to be told he is a member')
    assert.deepEqual(await dave.node.api.joinGroup({ link }), { conversation: group.id, status: 'requested' })
    const seen = await updated
    assert.deepEqual([seen.name, seen.memberCount], ['Open crag', 3])
    for (const member of [alice, bob]) await seesGroup(member, group.id, g => g.memberCount === 3, 'Dave in the group')
    const everyone = [alice, bob, dave].map(peer => peer.account).sort()
    for (const peer of [alice, bob, dave]) assert.deepEqual(await memberAccounts(peer, group.id), everyone, `${peer.name} sees Alice, Bob and Dave`)
    await chatsWithMembers(dave, [alice, bob], group.id)
  })

  await t.test('after Alice resets the link, the old one lets no one in and the new one does', async () => {
    const { link: fresh } = await alice.node.api.resetGroupLink(group.id)
    assert.ok(fresh != null && fresh !== link)
    await refusedLink(eve, alice, link, 'InvalidGroupLinkError')
    assert.equal((await alice.node.api.getGroup(group.id)).memberCount, 3, 'no new member')
    assert.equal((await eve.node.api.listGroups()).length, 0)

    await eve.node.api.joinGroup({ link: fresh })
    await seesGroup(eve, group.id, g => g.myRole === 'member', 'that she is a member')
    await seesGroup(bob, group.id, g => g.memberCount === 4, 'Eve in the group')
  })

  await t.test('a link to a group that does not exist gets no one in; a damaged link is refused at once', async () => {
    const nowhere = createGroupLink({ ...parseGroupLink(link), group: new Uint8Array(randomBytes(32)) })
    const before = await alice.node.api.listGroups()
    await refusedLink(dave, alice, nowhere, 'UnknownGroupError')
    assert.deepEqual(await alice.node.api.listGroups(), before)
    assert.deepEqual((await dave.node.api.listGroups()).map(g => g.id), [group.id])
    await assert.rejects(dave.node.api.joinGroup({ link: link.replace('tim://group/', 'tim://group/x') }), { name: 'InvalidGroupLinkError' })
  })
})

test('a private group: the owner is asked, approves one asker (a member who reads and writes) and rejects another (never a member)', async (t) => {
  const { alice, bob, dave, eve, group } = await startScene(t, false)
  const { link } = await alice.node.api.getGroup(group.id)
  assert.ok(link != null)

  await t.test('Dave asks with a note; Alice is asked and approves', async () => {
    const asked = nextEvent(alice.node.api, 'group:request', request => request.accountId === dave.account, 'Alice to be asked by Dave')
    assert.deepEqual(await dave.node.api.joinGroup({ link, note: 'Bob told me about it' }), { conversation: group.id, status: 'requested' })
    const request = await asked
    assert.deepEqual([request.conversation, request.name, request.note], [group.id, 'Dave', 'Bob told me about it'])
    assert.deepEqual((await alice.node.api.groupRequests(group.id)).map(r => [r.accountId, r.note]), [[dave.account, 'Bob told me about it']])
    assert.equal((await bob.node.api.getGroup(group.id)).memberCount, 2, 'asking is not joining')

    await alice.node.api.approveJoin({ conversation: group.id, account: dave.account })
    await seesGroup(dave, group.id, g => g.myRole === 'member', 'that he is a member')
    await seesGroup(bob, group.id, g => g.memberCount === 3, 'Dave in the group')
    assert.deepEqual(await alice.node.api.groupRequests(group.id), [], 'an approved request is answered')
    await chatsWithMembers(dave, [alice, bob], group.id)
  })

  await t.test('Eve asks; Alice rejects her, and she never becomes a member', async () => {
    const asked = nextEvent(alice.node.api, 'group:request', request => request.accountId === eve.account, 'Alice to be asked by Eve')
    await eve.node.api.joinGroup({ link, note: 'let me in' })
    await asked
    await alice.node.api.rejectJoin({ conversation: group.id, account: eve.account })
    assert.deepEqual(await alice.node.api.groupRequests(group.id), [])
    await assert.rejects(alice.node.api.approveJoin({ conversation: group.id, account: eve.account }), { name: 'InvalidArgumentError' }, 'a rejected request cannot be approved')
    await alice.node.api.send({ conversation: group.id, text: 'members only' })
    await receives(dave, group.id, 'members only')
    assert.deepEqual(await memberAccounts(alice, group.id), [alice, bob, dave].map(peer => peer.account).sort())
    assert.deepEqual(await eve.node.api.listGroups(), [], 'Eve has no group and read nothing')
  })
})
