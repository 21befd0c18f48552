/**
 * A group through the `tim` command line, as its owner and members drive it: real `tim node`
 * child processes on 127.0.0.1; Alice is a contact of Bob and of Carol. Alice creates a group
 * with Bob by name, invites Carol, lists it and its members; Bob and Alice write to it by its
 * name and each history and `tim watch` names the sender; Alice promotes Bob and mutes
 * Carol; a manager may not remove the owner; Alice removes Carol, whose node (and her
 * `tim watch`) then says she was removed. Every wait is bounded.
 */

import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { GroupInfo, GroupMember } from '../../core/api/index.ts'
import { waitFor } from '../helpers/wait-for.ts'
import {
  DELIVERY_TIMEOUT_MS, startCliFriends, startCliUser, startTim, stopTim, tim, timJson, timOk, waitForOutput, type CliUser
} from '../helpers/tim-cli.ts'

/** `user`'s groups, polled until one named `name` satisfies `done`. */
async function waitForGroup (user: CliUser, name: string, what: string, done: (group: GroupInfo) => boolean = () => true): Promise<GroupInfo> {
  const groups = await waitFor(async () => await timJson<GroupInfo[]>('groups', '--data', user.data, '--json'),
    listed => listed.some(group => group.name === name && done(group)), { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200, what })
  return groups.find(group => group.name === name) ?? assert.fail(what)
}

/** `tim history` of the group on `user`'s node, polled until a line matches `pattern`. */
async function waitForHistory (user: CliUser, group: string, pattern: RegExp, what: string): Promise<string> {
  return await waitFor(async () => await timOk('history', '--data', user.data, group), text => pattern.test(text),
    { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200, what })
}

test('a group through the tim command line', { timeout: 240_000 }, async t => {
  const [alice, bob] = await startCliFriends(t)
  const carol = await startCliUser(t, 'Carol')
  await timOk('contacts', 'add', '--data', alice.data, carol.id.invite)
  await timOk('contacts', 'add', '--data', carol.data, alice.id.invite)
  let family: GroupInfo | undefined

  await t.test('Alice creates a group with Bob by his name and invites Carol; tim groups lists it', async () => {
    family = await timJson<GroupInfo>('groups', 'create', '--data', alice.data, 'Family', '--topic', 'dinner plans', '--member', 'Bob', '--json')
    assert.equal(family.myRole, 'owner')
    assert.equal(family.memberCount, 2)
    assert.match(family.link ?? '', /^tim:\/\/group\//)
    assert.equal((await timOk('groups', 'invite', '--data', alice.data, 'family', 'Carol')).trim(), 'Family has 3 members now')
    assert.match(await timOk('groups', '--data', alice.data), new RegExp(`^Family +${family.id} +private +3 +owner$`, 'm'))
    assert.equal((await timOk('groups', 'link', '--data', alice.data, family.id)).trim(), family.link)
  })

  await t.test('tim groups members names each member with its role', async () => {
    const text = await timOk('groups', 'members', '--data', alice.data, 'Family')
    assert.match(text, /^you +tim\S+ +owner /m)
    assert.match(text, /^Bob +tim\S+ +member /m)
    assert.match(text, /^Carol +tim\S+ +member /m)
  })

  await t.test('Bob and Alice write to the group by its name; each history names the sender', async () => {
    await waitForGroup(bob, 'Family', 'the group on Bob\'s node')
    await timOk('send', '--data', bob.data, 'Family', 'who cooks tonight?')
    await waitForHistory(alice, 'Family', /← Bob: who cooks tonight\?/, 'Bob\'s message in Alice\'s history, under his name')
    await timOk('send', '--data', alice.data, 'Family', 'I do')
    await waitForHistory(bob, 'Family', /← Alice: I do/, 'Alice\'s message in Bob\'s history, under her name')
  })

  await t.test('tim watch names the group and the sender of a group message', async () => {
    const watch = startTim('watch', '--data', alice.data)
    try {
      await waitForOutput(watch, /watching/, 'tim watch to subscribe', 'stderr')
      const id = (await timOk('send', '--data', bob.data, 'Family', 'watch this')).trim()
      await waitForOutput(watch, new RegExp(`^\\[[\\d: -]+\\] in Family: ${id} ← Bob: watch this`, 'm'), 'the group message in Alice\'s watch')
    } finally {
      assert.equal(await stopTim(watch, 'SIGINT'), 0, 'tim watch exits 0 on Ctrl-C')
    }
  })

  await t.test('Alice promotes Bob and mutes Carol for five minutes; members shows both', async () => {
    assert.equal((await timOk('groups', 'promote', '--data', alice.data, 'Family', 'Bob')).trim(), 'Bob is a manager of Family')
    assert.equal((await timOk('groups', 'mute', '--data', alice.data, 'Family', 'Carol', '--minutes', '5')).trim(), 'Carol is muted in Family')
    const listed = await timJson<GroupMember[]>('groups', 'members', '--data', alice.data, 'Family', '--json')
    assert.equal(listed.find(member => member.accountId === bob.id.accountId)?.role, 'manager')
    const until = listed.find(member => member.accountId === carol.id.accountId)?.mutedUntil ?? 0
    assert.ok(until > Date.now() && until <= Date.now() + 5 * 60_000, `Carol is muted for at most five minutes (until ${until})`)
  })

  await t.test('a manager may not remove the owner: the node says why, and the exit code is 1', async () => {
    await waitForGroup(bob, 'Family', 'Bob a manager on his own node', group => group.myRole === 'manager')
    const refused = await tim('groups', 'kick', '--data', bob.data, 'Family', alice.id.accountId, '--json')
    assert.equal(refused.code, 1)
    assert.equal((JSON.parse(refused.stderr) as { error: { name: string } }).error.name, 'GroupPermissionError')
  })

  await t.test('Alice removes Carol; Carol\'s node says she was removed', async () => {
    const watch = startTim('watch', '--data', carol.data)
    try {
      await waitForOutput(watch, /watching/, 'tim watch to subscribe', 'stderr')
      assert.equal((await timOk('groups', 'kick', '--data', alice.data, 'Family', 'Carol')).trim(), 'removed Carol from Family (2 members)')
      await waitForOutput(watch, /\] group Family \(group:\S+\): private, 2 members, you: you were removed$/m, 'the removal in Carol\'s watch')
    } finally {
      assert.equal(await stopTim(watch, 'SIGINT'), 0, 'tim watch exits 0 on Ctrl-C')
    }
    const ended = await waitForGroup(carol, 'Family', 'Carol removed on her own node', group => group.ended === 'removed')
    assert.equal(ended.myRole, null)
    assert.match(await timOk('groups', 'info', '--data', carol.data, ended.id), /^you: +you were removed$/m)
  })

  await t.test('a group name nobody has is refused with what to type instead', async () => {
    const unknown = await tim('groups', 'info', '--data', alice.data, 'Chess club', '--json')
    assert.equal(unknown.code, 1)
    const { error } = JSON.parse(unknown.stderr) as { error: { name: string, message: string } }
    assert.equal(error.name, 'UnknownGroupError')
    assert.match(error.message, /no group is named "Chess club"/)
  })
})
