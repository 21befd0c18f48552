/**
 * One group's membership log (core/social/groups/log.ts) as a member's device keeps it: new
 * ops change the state at once, ops that arrive before their parents wait for them, and a
 * hostile peer meets a bound everywhere: ops of strangers refused, held ops bounded and
 * expiring, one author's flood cut off, the log's size capped.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from '../../../core/crypto/index.ts'
import { createGroupLog, MAX_GROUP_LOG_OPS, MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR, MAX_PENDING_GROUP_OPS, PENDING_GROUP_OP_TTL_MS } from '../../../core/social/groups/log.ts'
import { joinProof, opKey, type SignedGroupOp } from '../../../core/social/groups/op.ts'
import { resolveGroup } from '../../../core/social/groups/resolve.ts'
import { createGroup, opBy, people } from './group-log-fixture.ts'

const { alice, bob, carol, mallory } = await people('alice', 'bob', 'carol', 'mallory')
const T0 = 1_700_000_000_000
/** the start of an hour (of the author's clock): the unit of the per-author bound */
const HOUR = 60 * 60 * 1000 * 472_222
const hex = (ids: Uint8Array[]): string[] => ids.map(opKey)

test('a member\'s op that follows the heads changes the state at once; the same op again is a duplicate', () => {
  const genesis = createGroup(alice)
  const log = createGroupLog(genesis)
  assert.deepEqual(hex(log.heads()), [genesis.key])
  const add = opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey] })
  assert.deepEqual(log.add(add), { added: [add] })
  assert.equal(log.state().members.get(bob.accountId)?.role, 'member')
  assert.deepEqual(hex(log.heads()), [add.key])
  assert.deepEqual(log.all(), [genesis, add])
  assert.equal(log.has(add.id), true)
  assert.equal(log.get(add.key), add)
  assert.deepEqual(log.add(add), { duplicate: true })
  // bob may not rename a private group: his op is kept, refused at its place
  const rename = opBy(bob, genesis, [add], { kind: 'edit', name: 'Bob\'s group' })
  assert.deepEqual(log.add(rename), { added: [rename] })
  assert.equal(log.rejected(rename.key), 'GroupPermissionError')
  assert.equal(log.state().name, 'Climbers')
})

test('an op of an account the group never named is refused at once and not kept', () => {
  const genesis = createGroup(alice, { open: true })
  const log = createGroupLog(genesis)
  const edit = opBy(mallory, genesis, [genesis], { kind: 'edit', name: 'Mallory\'s' })
  assert.throws(() => log.add(edit), { name: 'NotGroupMemberError' })
  const guessedJoin = opBy(mallory, genesis, [genesis], { kind: 'join', proof: joinProof(genesis.id, mallory.accountKey, randomBytes(32)) })
  assert.throws(() => log.add(guessedJoin), { name: 'NotGroupMemberError' })
  assert.equal(log.has(edit.id) || log.has(guessedJoin.id), false)
  assert.deepEqual(log.all(), [genesis])
  // with the invite link's secret, the same stranger joins
  if (genesis.action.kind !== 'create') throw new Error('not a genesis op')
  const join = opBy(mallory, genesis, [genesis], { kind: 'join', proof: joinProof(genesis.id, mallory.accountKey, genesis.action.linkSecret) })
  assert.deepEqual(log.add(join), { added: [join] })
  assert.equal(log.state().members.get(mallory.accountId)?.role, 'member')
})

test('an op of another group, or one naming itself as its parent, is refused with InvalidGroupOpError', () => {
  const genesis = createGroup(alice)
  const other = createGroup(alice)
  const log = createGroupLog(genesis)
  assert.throws(() => log.add(opBy(alice, other, [other], { kind: 'edit', topic: 'x' })), { name: 'InvalidGroupOpError' })
  assert.throws(() => log.add(other), { name: 'InvalidGroupOpError' })
  // an op whose id were one of its parents (no hash does that; a forged object could)
  const orphan = opBy(alice, genesis, [genesis, opBy(alice, genesis, [genesis], { kind: 'leave' })], { kind: 'edit', topic: 'x' })
  const [parent] = orphan.parents.filter(id => opKey(id) !== genesis.key)
  assert.throws(() => log.add({ ...orphan, id: parent, key: opKey(parent) }), { name: 'InvalidGroupOpError' })
  assert.equal(log.pending(), 0)
})

test('ops that arrive before their parents are held, then inserted parents first when the parents arrive', () => {
  const genesis = createGroup(alice)
  const add = opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey, carol.accountKey] })
  const promote = opBy(alice, genesis, [add], { kind: 'set-role', account: bob.accountKey, role: 'manager' })
  const rename = opBy(bob, genesis, [promote], { kind: 'edit', name: 'Crag' })
  const log = createGroupLog(genesis)
  assert.deepEqual(log.add(rename), { missing: [promote.id] })
  assert.deepEqual(log.add(promote), { missing: [add.id] })
  assert.equal(log.pending(), 2)
  assert.equal(log.state().members.size, 1)
  assert.deepEqual(log.add(rename), { duplicate: true })
  assert.deepEqual(log.add(add), { added: [add, promote, rename] })
  assert.equal(log.pending(), 0)
  assert.equal(log.state().name, 'Crag')
  assert.equal(log.state().members.get(bob.accountId)?.role, 'manager')
  assert.deepEqual(log.all(), [genesis, add, promote, rename])
  assert.deepEqual(hex(log.heads()), [rename.key])
})

test('the pool of held ops keeps at most 256, the oldest evicted first', () => {
  const genesis = createGroup(alice)
  const log = createGroupLog(genesis)
  const orphans = Array.from({ length: 300 }, (_, i) => opBy(alice, genesis, [genesis], { kind: 'edit', topic: `never sent ${i}` }))
    .map(unknown => opBy(alice, genesis, [unknown], { kind: 'edit', topic: 'orphan' }))
  orphans.forEach((op, i) => { assert.equal('missing' in log.add(op, T0 + i), true) })
  assert.equal(MAX_PENDING_GROUP_OPS, 256)
  assert.equal(log.pending(), 256)
  assert.deepEqual(log.add(orphans[299], T0 + 300), { duplicate: true })
  assert.equal('missing' in log.add(orphans[0], T0 + 300), true, 'the oldest was evicted: it is held anew')
  assert.equal(log.pending(), 256)
  assert.deepEqual(log.all(), [genesis])
})

test('a held op expires after ten minutes: its parent arriving later inserts nothing else', () => {
  const genesis = createGroup(alice)
  const log = createGroupLog(genesis)
  const parent = opBy(alice, genesis, [genesis], { kind: 'edit', topic: 'one' })
  const child = opBy(alice, genesis, [parent], { kind: 'edit', topic: 'two' })
  assert.deepEqual(log.add(child, T0), { missing: [parent.id] })
  assert.equal(log.pending(), 1)
  assert.deepEqual(log.add(parent, T0 + PENDING_GROUP_OP_TTL_MS), { added: [parent] })
  assert.equal(log.pending(), 0)
  assert.equal(log.state().topic, 'one')
  assert.deepEqual(log.add(child, T0 + PENDING_GROUP_OP_TTL_MS), { added: [child] }, 'sent again, it is taken')
})

test('one author flooding a group is refused past 500 ops in an hour of its clock; others are not held up', () => {
  const genesis = createGroup(alice)
  const log = createGroupLog(genesis)
  let head: SignedGroupOp = opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey] }, HOUR)
  log.add(head)
  for (let i = 1; i < MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR; i++) {
    head = opBy(alice, genesis, [head], { kind: 'edit', topic: `flood ${i}` }, HOUR + i)
    log.add(head)
  }
  const flood = opBy(alice, genesis, [head], { kind: 'edit', topic: 'one too many' }, HOUR + 1000)
  assert.throws(() => log.add(flood), { name: 'RateLimitedError' })
  assert.equal(log.has(flood.id), false)
  const bobs = opBy(bob, genesis, [head], { kind: 'leave' }, HOUR + 1000)
  assert.deepEqual(log.add(bobs), { added: [bobs] })
  const later = opBy(alice, genesis, [bobs], { kind: 'edit', topic: 'an hour later' }, 2 * HOUR)
  assert.deepEqual(log.add(later), { added: [later] })
  assert.equal(log.state().topic, 'an hour later')
})

test('a member catching up on a long history takes it whole, in one batch, whatever the hours it was written in', () => {
  const genesis = createGroup(alice, { open: true })
  const add = opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey, carol.accountKey] }, HOUR)
  const history: SignedGroupOp[] = [add]
  for (let i = 0; i < 3 * MAX_GROUP_OPS_PER_AUTHOR_PER_HOUR; i++) { // 400 an hour over four hours, on two branches
    const author = i % 2 === 0 ? alice : bob
    const parent = history.at(-2) ?? add
    history.push(opBy(author, genesis, [parent], { kind: 'edit', topic: `${i}` }, HOUR + i * 9000))
  }
  const newcomer = createGroupLog(genesis)
  for (let page = 0; page < history.length; page += 250) {
    // each page of 250 children before parents: held, then released as their parents come
    const result = newcomer.addMany(history.slice(page, page + 250).reverse(), T0)
    assert.deepEqual(result.refused, [])
    assert.deepEqual(result.missing, [])
    assert.equal(result.added.length, Math.min(250, history.length - page))
  }
  assert.equal(newcomer.pending(), 0)
  const resolved = resolveGroup([genesis, ...history])
  assert.deepEqual(newcomer.all().map(op => op.key), resolved.order.map(op => op.key))
  assert.deepEqual(newcomer.heads(), resolved.heads)
  assert.equal(newcomer.state().topic, resolved.state.topic)
  assert.equal(newcomer.state().members.size, 3)
  // a batch names what it still lacks, and the error of each op it refused
  const stranger = opBy(mallory, genesis, [genesis], { kind: 'edit', topic: 'x' })
  const orphan = opBy(alice, genesis, [opBy(alice, genesis, [genesis], { kind: 'leave' })], { kind: 'edit', topic: 'y' })
  const partial = createGroupLog(genesis).addMany([stranger, orphan, add])
  assert.deepEqual(partial.added, [add])
  assert.deepEqual(partial.refused.map(err => err.name), ['NotGroupMemberError'])
  assert.deepEqual(partial.missing, orphan.parents)
})

test('a group\'s log holds at most 20,000 ops: the 20,001st is refused', () => {
  const genesis = createGroup(alice)
  const log = createGroupLog(genesis)
  let head = genesis
  for (let i = 1; i < MAX_GROUP_LOG_OPS; i++) {
    head = opBy(alice, genesis, [head], { kind: 'edit', topic: `${i}` }, T0 + i * 8000) // 450 an hour: under the author's bound
    log.add(head)
  }
  assert.equal(log.all().length, 20_000)
  const next = opBy(alice, genesis, [head], { kind: 'edit', topic: 'too many' }, T0 + MAX_GROUP_LOG_OPS * 8000)
  assert.throws(() => log.add(next), { name: 'GroupFullError' })
  assert.equal(log.state().topic, `${MAX_GROUP_LOG_OPS - 1}`)
})

test('a member behind gets exactly the ops it lacks, parents first; unknown heads are ignored', () => {
  const genesis = createGroup(alice)
  const add = opBy(alice, genesis, [genesis], { kind: 'add', accounts: [bob.accountKey, carol.accountKey] })
  const bobLeaves = opBy(bob, genesis, [add], { kind: 'leave' })
  const rename = opBy(alice, genesis, [add], { kind: 'edit', name: 'Crag' })
  const merge = opBy(alice, genesis, [bobLeaves, rename], { kind: 'edit', topic: 'merged' })
  const log = createGroupLog(genesis)
  for (const op of [add, bobLeaves, rename, merge]) log.add(op)
  const keys = (ops: SignedGroupOp[]): string[] => ops.map(op => op.key)
  assert.deepEqual(keys(log.missingFor([merge.id])), [])
  assert.deepEqual(keys(log.missingFor([add.id])).sort(), [bobLeaves.key, rename.key, merge.key].sort())
  assert.deepEqual(keys(log.missingFor([bobLeaves.id])).sort(), [rename.key, merge.key].sort())
  assert.equal(keys(log.missingFor([bobLeaves.id])).at(-1), merge.key)
  assert.deepEqual(keys(log.missingFor([randomBytes(32)])), keys(log.all()))
  assert.deepEqual(keys(log.all()).slice(0, 2), [genesis.key, add.key])
})
