/**
 * A 500-member group between real nodes on 127.0.0.1: five members online (the owner Olga,
 * Ben, Cleo, Dan, Finn, none of them contacts: they find each other's devices in the
 * relay's DHT), Lena who ran once and is offline now, Gus whose account exists but has never
 * run a node, and 493 more accounts whose owners never ran one either. Everyone online sees the
 * group, its size and their role; a member's message reaches every other online member with
 * its sender named, and the send never waits on the members nobody can find; a kick is seen
 * by all; Lena, back later, catches up on the log and the messages; Gus, whose first node starts
 * after he was added, finds the group's messages in his mailboxes and asks their senders for the log.
 *
 * Member lookups are limited to one per minute per account here (groupInit's 200 ms would
 * ask the DHT again and again for the 493 accounts that are nowhere): the online members'
 * records are waited for before the group is made, so one lookup finds each of them.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { AccountId, ConversationId, Message } from '../../core/api/index.ts'
import { createIdentity, createNode } from '../../core/index.ts'
import { offlineAccounts, recordsPublished } from '../helpers/group-crowd.ts'
import { receives, seesGroup } from '../helpers/group-scene.ts'
import { restartPeer } from '../helpers/mailbox-scene.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { tempDir, type AfterHook } from '../helpers/temp-dir.ts'
import { withTimeout } from '../helpers/timeout.ts'

const MEMBERS = 500
/** accounts one add op may name (limits.maxAccountsPerGroupOp) */
const ADD_BATCH = 256
const crowdInit = { groups: { lookupIntervalMs: 60_000 } }
/** far more than a send that waits on nothing takes, far less than one DHT miss per member */
const SEND_RETURNS_MS = 5_000

interface Crowd {
  relay: TestPeer
  olga: TestPeer
  members: TestPeer[]
  lena: TestPeer
  gus: { name: string, dataDir: string, account: AccountId }
  group: ConversationId
}

/** The relay, five members online, Lena (ran once, offline now), Gus (never ran) and the never-run crowd in one group of 500 that Olga owns. */
async function startCrowd (t: AfterHook): Promise<Crowd> {
  const relay = await startPeer(t, 'Relay', { ...crowdInit, role: 'relay' })
  const bootstrap = relay.node.addresses()
  const online: TestPeer[] = []
  for (const name of ['Olga', 'Ben', 'Cleo', 'Dan', 'Finn', 'Lena']) online.push(await startPeer(t, name, { ...crowdInit, bootstrap }))
  const [olga, ...others] = online
  await recordsPublished(olga.node, others.map(peer => peer.account))
  const lena = others.pop() as TestPeer
  await lena.node.stop()
  const gusDir = join(await tempDir(t), 'gus')
  const gus = { name: 'Gus', dataDir: gusDir, account: (await createIdentity(gusDir, { name: 'Gus' })).accountId }

  const accounts = [...others.map(peer => peer.account), lena.account, gus.account, ...offlineAccounts(MEMBERS - online.length - 1)]
  const created = await olga.node.api.createGroup({ name: 'Five hundred', members: accounts.slice(0, ADD_BATCH - 1) })
  for (let from = ADD_BATCH - 1; from < accounts.length; from += ADD_BATCH) {
    await olga.node.api.inviteToGroup({ conversation: created.id, members: accounts.slice(from, from + ADD_BATCH) })
  }
  return { relay, olga, members: others, lena, gus, group: created.id }
}

async function texts (peer: TestPeer, conversation: ConversationId): Promise<string[]> {
  return (await peer.node.api.history({ conversation })).map((message: Message) => message.text)
}

test('a group of 500 with five members online: all see it and their role, read each other with senders named, and see a kick', async (t) => {
  const { olga, members, group } = await startCrowd(t)
  const [ben, cleo, dan, finn] = members
  assert.equal((await olga.node.api.getGroup(group)).memberCount, MEMBERS)
  await olga.node.api.setMemberRole({ conversation: group, account: ben.account, role: 'manager' })
  for (const member of members) {
    const seen = await seesGroup(member, group, g => g.memberCount === MEMBERS && g.myRole === (member === ben ? 'manager' : 'member'), `${MEMBERS} members and its role`)
    assert.equal(seen.owner, olga.account)
  }
  assert.equal((await dan.node.api.groupMembers(group)).length, MEMBERS)

  // 494 members have no device anyone can find: the send is not held up by looking for them
  await withTimeout(ben.node.api.send({ conversation: group, text: 'hello, five hundred' }), SEND_RETURNS_MS, 'Ben\'s send to return')
  for (const peer of [olga, cleo, dan, finn]) {
    assert.equal((await receives(peer, group, 'hello, five hundred')).from, ben.account, `${peer.name} sees Ben as the sender`)
  }

  await olga.node.api.kickMember({ conversation: group, account: finn.account })
  for (const peer of [ben, cleo, dan]) await seesGroup(peer, group, g => g.memberCount === MEMBERS - 1, 'the kick')
  assert.equal((await seesGroup(finn, group, g => g.ended === 'removed', 'that he was removed')).myRole, null)

  await cleo.node.api.send({ conversation: group, text: 'after Finn left' })
  for (const peer of [olga, ben, dan]) await receives(peer, group, 'after Finn left')
  assert.deepEqual((await texts(finn, group)).filter(text => text === 'after Finn left'), [], 'Finn reads nothing sent after his removal')
})

test('a member of a group of 500 who was offline catches up on the log and the messages when it comes back', async (t) => {
  const { relay, olga, members, lena, gus, group } = await startCrowd(t)
  const [ben, cleo] = members
  for (const member of [ben, cleo]) await seesGroup(member, group, g => g.memberCount === MEMBERS, `${MEMBERS} members`)
  await olga.node.api.editGroup({ conversation: group, topic: 'while some were away' })
  await ben.node.api.send({ conversation: group, text: 'Ben, while Lena and Gus were away' })
  await receives(cleo, group, 'Ben, while Lena and Gus were away')

  const bootstrap = relay.node.addresses()
  const lenaBack = { ...lena, node: await restartPeer(t, lena, { ...crowdInit, bootstrap }) }
  const seen = await seesGroup(lenaBack, group, g => g.memberCount === MEMBERS && g.topic === 'while some were away', 'the group as it is now')
  assert.equal(seen.myRole, 'member')
  assert.equal((await receives(lenaBack, group, 'Ben, while Lena and Gus were away')).from, ben.account)
  await lenaBack.node.api.send({ conversation: group, text: 'Lena is back' })
  for (const peer of [olga, ben, cleo]) await receives(peer, group, 'Lena is back')

  // nobody could look Gus's device up when he was added (his account had never run a node)
  await t.test('a member whose account first runs a node after it was added gets the group and its messages', async () => {
    const gusUp = { ...gus, node: await createNode({ ...loopbackInit, ...crowdInit, bootstrap, dataDir: gus.dataDir }), invite: async () => '' }
    t.after(async () => { await gusUp.node.stop() })
    await recordsPublished(olga.node, [gus.account])
    await olga.node.api.send({ conversation: group, text: 'Gus, are you there?' })
    // his mailboxes hold group messages of a group he does not know: he asks their senders for the log
    const gusSees = await waitFor(async () => {
      await gusUp.node.collectMail()
      return (await gusUp.node.api.listGroups()).find(g => g.id === group)
    }, g => g?.topic === 'while some were away', { what: 'Gus to see the group as it is now' })
    assert.equal(gusSees?.myRole, 'member')
    await receives(gusUp, group, 'Ben, while Lena and Gus were away')
    // sent before anyone could know his device: left in his mailboxes
    await receives(gusUp, group, 'Gus, are you there?', true)
  })
})
