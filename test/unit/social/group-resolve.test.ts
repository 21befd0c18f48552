/**
 * The resolution of a group's membership log (core/social/groups/resolve.ts, rules.ts): all
 * members end in the same state whatever order ops reach them in, concurrent conflicting ops
 * are decided as docs/protocol.md says (the author of higher rank first, then the shallower
 * op, then the smaller id; each op checked against the state at its place), and what a role
 * does not allow is refused for everyone.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from '../../../core/crypto/index.ts'
import { createGroupLog, type GroupLog } from '../../../core/social/groups/log.ts'
import { joinProof, opKey, type GroupAction, type SignedGroupOp } from '../../../core/social/groups/op.ts'
import { resolveGroup } from '../../../core/social/groups/resolve.ts'
import { applyOp } from '../../../core/social/groups/rules.ts'
import { canSend } from '../../../core/social/groups/state.ts'
import { createGroup, opBy, people, stateText, type Person } from './group-log-fixture.ts'

const cast = await people('owner', 'm1', 'm2', 'm3', 'pat', 'lee', 'joe', 'sam')
const { owner, m1, m2, m3, pat, lee, joe, sam } = cast

/** mulberry32: a small seeded PRNG, so that a failing order can be replayed from its seed */
function prng (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffled<T> (items: T[], random: () => number): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j], copy[i]]
  }
  return copy
}

function linkSecretOf (genesis: SignedGroupOp): Uint8Array {
  if (genesis.action.kind !== 'create') throw new Error('not a genesis op')
  return genesis.action.linkSecret
}

/** A log holding `ops` in this order (each must be insertable: parents first). */
function logOf (genesis: SignedGroupOp, ops: SignedGroupOp[]): GroupLog {
  const log = createGroupLog(genesis)
  ops.forEach(op => log.add(op))
  return log
}

/** Writes ops of one group, each after the given parents (default: the last op written). */
function scribe (genesis: SignedGroupOp): (by: Person, action: GroupAction, parents?: SignedGroupOp[]) => SignedGroupOp {
  let last = genesis
  return (by, action, parents = [last]) => {
    last = opBy(by, genesis, parents, action)
    return last
  }
}

test('concurrent conflicting ops end in the same state in 200 random orders, decided as the rule says', () => {
  const genesis = createGroup(owner, { open: true })
  const write = scribe(genesis)
  const added = write(owner, { kind: 'add', accounts: [m1, m2, m3, pat, lee, sam].map(p => p.accountKey) })
  const managers = [m1, m2, m3].map(m => write(owner, { kind: 'set-role', account: m.accountKey, role: 'manager' }))
  const base = managers[2]
  // two managers kick each other (a manager kicks plain members only), each then edits the topic
  const m1KicksM2 = write(m1, { kind: 'remove', account: m2.accountKey }, [base])
  const m1Topic = write(m1, { kind: 'edit', topic: 'm1 was here' })
  const m2KicksM1 = write(m2, { kind: 'remove', account: m1.accountKey }, [base])
  const m2Topic = write(m2, { kind: 'edit', topic: 'm2 was here' })
  // both kick sam
  const m1KicksSam = write(m1, { kind: 'remove', account: sam.accountKey }, [base])
  const m2KicksSam = write(m2, { kind: 'remove', account: sam.accountKey }, [base])
  // a manager kicks pat while the owner promotes pat; then the owner resets the link,
  // transfers the group to lee (who leaves meanwhile) and renames it, as m3 does
  const m3KicksPat = write(m3, { kind: 'remove', account: pat.accountKey }, [base])
  const m3Name = write(m3, { kind: 'edit', name: 'Boulderers' })
  const promotePat = write(owner, { kind: 'set-role', account: pat.accountKey, role: 'manager' }, [base])
  const newSecret = randomBytes(32)
  const resetLink = write(owner, { kind: 'set-link', linkSecret: newSecret })
  const transfer = write(owner, { kind: 'transfer', account: lee.accountKey })
  const ownerName = write(owner, { kind: 'edit', name: 'Crag' })
  const leeLeaves = write(lee, { kind: 'leave' }, [base])
  // pat renames it too: a member when writing, a manager at its place (promoted by the owner's
  // op, which goes first), so it goes with the managers' ops, the shallowest of them
  const patName = write(pat, { kind: 'edit', name: 'Pat\'s crag' }, [base])
  // joe joins with the link he was given before the reset
  const joeJoins = write(joe, { kind: 'join', proof: joinProof(genesis.id, joe.accountKey, linkSecretOf(genesis)) }, [base])
  const ops = [
    added, ...managers, m1KicksM2, m1Topic, m2KicksM1, m2Topic, m1KicksSam, m2KicksSam, m3KicksPat, m3Name,
    promotePat, resetLink, transfer, ownerName, leeLeaves, patName, joeJoins
  ]

  const reference = resolveGroup([genesis, ...ops])
  const expected = {
    state: stateText(reference.state),
    heads: reference.heads.map(opKey),
    rejected: [...reference.rejected].sort()
  }
  // which side wins, as the rule says
  const { state } = reference
  assert.equal(state.members.get(m1.accountId)?.role, 'manager', 'a manager cannot kick a manager')
  assert.equal(state.members.get(m2.accountId)?.role, 'manager', 'a manager cannot kick a manager')
  // same rank, same depth: the smaller id goes first
  const [firstKick, secondKick] = [m1KicksSam, m2KicksSam].sort((a, b) => a.key < b.key ? -1 : 1)
  const lastTopic = [m1Topic, m2Topic].sort((a, b) => a.key < b.key ? -1 : 1)[1]
  assert.equal(state.removed.has(sam.accountId), true)
  assert.equal(state.topic, lastTopic.action.kind === 'edit' ? lastTopic.action.topic : undefined, 'of two edits alike, the larger id goes last')
  assert.equal(state.members.get(pat.accountId)?.role, 'manager', 'the owner\'s promotion goes before the manager\'s kick, which is then refused')
  assert.equal(state.owner, lee.accountId, 'the transfer goes before lee\'s leave: the owner cannot leave')
  assert.equal(state.members.get(owner.accountId)?.role, 'manager')
  assert.equal(state.members.has(joe.accountId), false, 'the link reset by the owner goes before the join of a stranger')
  assert.deepEqual(state.linkSecret, newSecret)
  assert.equal(state.name, 'Crag', 'of the managers\' renames, the shallower go first and the deepest one stays')
  assert.equal(reference.rejected.has(patName.key), false)
  assert.deepEqual(expected.rejected, [
    [m1KicksM2.key, 'GroupPermissionError'],
    [m2KicksM1.key, 'GroupPermissionError'],
    [secondKick.key, 'NotGroupMemberError'],
    [m3KicksPat.key, 'GroupPermissionError'],
    [leeLeaves.key, 'GroupPermissionError'],
    [joeJoins.key, 'InvalidGroupLinkError']
  ].sort())
  assert.equal(reference.rejected.has(firstKick.key), false)
  assert.deepEqual(expected.heads, [m1Topic, m2Topic, m1KicksSam, m2KicksSam, m3Name, ownerName, leeLeaves, patName, joeJoins].map(op => op.key).sort())

  const base0 = Number(process.env.GROUP_ORDER_SEED ?? Date.now() % 1_000_000_000)
  for (let run = 0; run < 200; run++) {
    const seed = base0 + run
    const random = prng(seed)
    const log = createGroupLog(genesis)
    for (const op of shuffled(ops, random)) {
      log.add(op)
      if (random() < 0.2) { // a member may hand in an op it already gave
        assert.equal('duplicate' in log.add(op), true, `seed ${seed}`)
      }
    }
    const got = { state: stateText(log.state()), heads: log.heads().map(opKey), rejected: ops.flatMap(op => log.rejected(op.key) == null ? [] : [[op.key, log.rejected(op.key)]]).sort() }
    assert.deepEqual(got, expected, `seed ${seed} (GROUP_ORDER_SEED=${seed} replays it)`)
    assert.equal(log.pending(), 0, `seed ${seed}`)
    assert.equal(log.all().length, ops.length + 1, `seed ${seed}`)
  }
})

test('a manager can neither kick nor mute the owner or another manager; the owner can', () => {
  const genesis = createGroup(owner)
  const write = scribe(genesis)
  const ops = [
    write(owner, { kind: 'add', accounts: [m1.accountKey, m2.accountKey, pat.accountKey] }),
    write(owner, { kind: 'set-role', account: m1.accountKey, role: 'manager' }),
    write(owner, { kind: 'set-role', account: m2.accountKey, role: 'manager' })
  ]
  const refused = [
    write(m1, { kind: 'remove', account: owner.accountKey }),
    write(m1, { kind: 'remove', account: m2.accountKey }),
    write(m1, { kind: 'mute', account: owner.accountKey, until: Date.now() + 60_000 }),
    write(m1, { kind: 'mute', account: m2.accountKey, until: Date.now() + 60_000 }),
    write(pat, { kind: 'remove', account: m1.accountKey }),
    write(pat, { kind: 'mute', account: m1.accountKey, until: Date.now() + 60_000 }),
    write(m1, { kind: 'set-role', account: pat.accountKey, role: 'manager' }),
    write(m1, { kind: 'transfer', account: pat.accountKey }),
    write(m1, { kind: 'dissolve' })
  ]
  const muteUntil = Date.now() + 60_000
  const allowed = [
    write(m1, { kind: 'mute', account: pat.accountKey, until: muteUntil }),
    write(owner, { kind: 'mute', account: m2.accountKey, until: muteUntil }),
    write(owner, { kind: 'remove', account: m1.accountKey })
  ]
  const log = logOf(genesis, [...ops, ...refused, ...allowed])
  for (const op of refused) {
    assert.equal(log.rejected(op.key), 'GroupPermissionError', `${op.author.name}: ${op.action.kind}`)
  }
  allowed.forEach(op => { assert.equal(log.rejected(op.key), undefined) })
  const state = log.state()
  assert.equal(state.owner, owner.accountId)
  assert.equal(state.members.has(m1.accountId), false)
  assert.equal(state.members.get(m2.accountId)?.mutedUntil, muteUntil)
  assert.equal(canSend(state, pat.accountId, muteUntil - 1), false)
  assert.equal(canSend(state, pat.accountId, muteUntil), true)
  assert.equal(canSend(state, owner.accountId, muteUntil - 1), true)
})

test('a member cannot edit or add to a private group, nor reset its link; in an open group members add', () => {
  const genesis = createGroup(owner)
  const write = scribe(genesis)
  const add = write(owner, { kind: 'add', accounts: [pat.accountKey] })
  const refused = [
    write(pat, { kind: 'edit', name: 'Pat\'s' }),
    write(pat, { kind: 'add', accounts: [sam.accountKey] }),
    write(pat, { kind: 'set-link', linkSecret: randomBytes(32) }),
    write(pat, { kind: 'edit', open: true })
  ]
  const opened = write(owner, { kind: 'edit', open: true })
  const patAdds = write(pat, { kind: 'add', accounts: [sam.accountKey] })
  const log = logOf(genesis, [add, ...refused, opened, patAdds])
  refused.forEach(op => { assert.equal(log.rejected(op.key), 'GroupPermissionError', op.action.kind) })
  assert.equal(log.state().name, 'Climbers')
  assert.equal(log.state().open, true)
  assert.equal(log.rejected(patAdds.key), undefined)
  assert.equal(log.state().members.get(sam.accountId)?.role, 'member')
})

test('a kicked member\'s later ops are ignored; a member adds it back only with a manager\'s role', () => {
  const genesis = createGroup(owner, { open: true })
  const write = scribe(genesis)
  const add = write(owner, { kind: 'add', accounts: [pat.accountKey, sam.accountKey] })
  const promote = write(owner, { kind: 'set-role', account: pat.accountKey, role: 'manager' })
  const kick = write(owner, { kind: 'remove', account: pat.accountKey })
  // pat saw the kick, and writes on
  const patRenames = write(pat, { kind: 'edit', name: 'Mine now' })
  const patKicks = write(pat, { kind: 'remove', account: sam.accountKey })
  const patRejoins = write(pat, { kind: 'join', proof: joinProof(genesis.id, pat.accountKey, linkSecretOf(genesis)) })
  const samAddsPat = write(sam, { kind: 'add', accounts: [pat.accountKey] })
  const log = logOf(genesis, [add, promote, kick, patRenames, patKicks, patRejoins, samAddsPat])
  assert.equal(log.rejected(patRenames.key), 'NotGroupMemberError')
  assert.equal(log.rejected(patKicks.key), 'NotGroupMemberError')
  assert.equal(log.rejected(patRejoins.key), 'GroupPermissionError')
  assert.equal(log.rejected(samAddsPat.key), 'GroupPermissionError')
  assert.equal(log.state().name, 'Climbers')
  assert.equal(log.state().members.has(sam.accountId), true)
  assert.equal(log.state().members.has(pat.accountId), false)
  assert.equal(log.state().removed.has(pat.accountId), true)
  const ownerAddsBack = write(owner, { kind: 'add', accounts: [pat.accountKey] })
  log.add(ownerAddsBack)
  assert.equal(log.state().members.get(pat.accountId)?.role, 'member', 'back as a plain member')
  assert.equal(log.state().removed.has(pat.accountId), false)
})

test('joining: an open group\'s current link joins; an old link, a private group or a full one does not', () => {
  const genesis = createGroup(owner, { open: true })
  const write = scribe(genesis)
  const proof = (who: Person, secret: Uint8Array): GroupAction => ({ kind: 'join', proof: joinProof(genesis.id, who.accountKey, secret) })
  const joeJoins = write(joe, proof(joe, linkSecretOf(genesis)))
  const newSecret = randomBytes(32)
  const reset = write(owner, { kind: 'set-link', linkSecret: newSecret })
  const samOldLink = write(sam, proof(sam, linkSecretOf(genesis)))
  const patNewLink = write(pat, proof(pat, newSecret))
  const patAgain = write(pat, proof(pat, newSecret))
  const closed = write(owner, { kind: 'edit', open: false })
  const leeJoins = write(lee, proof(lee, newSecret))
  const log = logOf(genesis, [joeJoins, reset, samOldLink, patNewLink, patAgain, closed, leeJoins])
  assert.equal(log.rejected(joeJoins.key), undefined)
  assert.equal(log.rejected(samOldLink.key), 'InvalidGroupLinkError')
  assert.equal(log.rejected(patNewLink.key), undefined)
  assert.equal(log.rejected(patAgain.key), 'InvalidGroupOpError')
  assert.equal(log.rejected(leeJoins.key), 'GroupPermissionError')
  assert.deepEqual([...log.state().members.keys()].sort(), [owner, joe, pat].map(p => p.accountId).sort())
  assert.equal(log.state().members.get(joe.accountId)?.since, joeJoins.timestamp)
})

test('a group never passes 1000 members: the add or join that would is refused with GroupFullError', () => {
  const genesis = createGroup(owner, { open: true })
  const write = scribe(genesis)
  const strangers = (count: number): Uint8Array[] => Array.from({ length: count }, () => randomBytes(32))
  const adds = [256, 256, 256, 231].map(count => write(owner, { kind: 'add', accounts: strangers(count) }))
  const oneMore = write(owner, { kind: 'add', accounts: strangers(1) })
  const joeJoins = write(joe, { kind: 'join', proof: joinProof(genesis.id, joe.accountKey, linkSecretOf(genesis)) })
  const log = logOf(genesis, [...adds, oneMore, joeJoins])
  assert.equal(log.state().members.size, 1000)
  assert.equal(log.rejected(oneMore.key), 'GroupFullError')
  assert.equal(log.rejected(joeJoins.key), 'GroupFullError')
})

test('after the owner dissolves a group, every op is refused with GroupDissolvedError', () => {
  const genesis = createGroup(owner, { open: true })
  const write = scribe(genesis)
  const add = write(owner, { kind: 'add', accounts: [m1.accountKey, pat.accountKey] })
  const promote = write(owner, { kind: 'set-role', account: m1.accountKey, role: 'manager' })
  const m1Dissolves = write(m1, { kind: 'dissolve' })
  const dissolve = write(owner, { kind: 'dissolve' })
  const after = [
    write(owner, { kind: 'edit', name: 'Back' }),
    write(m1, { kind: 'add', accounts: [sam.accountKey] }),
    write(pat, { kind: 'leave' }),
    write(joe, { kind: 'join', proof: joinProof(genesis.id, joe.accountKey, linkSecretOf(genesis)) })
  ]
  const log = logOf(genesis, [add, promote, m1Dissolves, dissolve, ...after])
  assert.equal(log.rejected(m1Dissolves.key), 'GroupPermissionError')
  assert.equal(log.state().dissolved, true)
  after.forEach(op => { assert.equal(log.rejected(op.key), 'GroupDissolvedError', op.action.kind) })
  assert.equal(log.state().name, 'Climbers')
  assert.equal(log.state().members.size, 3)
  assert.equal(canSend(log.state(), owner.accountId, Date.now()), false)
  assert.throws(() => applyOp(log.state(), opBy(owner, genesis, [after[0]], { kind: 'edit', topic: 'x' })), { name: 'GroupDissolvedError' })
})

test('roles: only the owner promotes, demotes and transfers; the owner cannot leave; the new owner, unmuted, runs the group', () => {
  const genesis = createGroup(owner)
  const write = scribe(genesis)
  const add = write(owner, { kind: 'add', accounts: [m1.accountKey, pat.accountKey] })
  const ownerLeaves = write(owner, { kind: 'leave' })
  const promote = write(owner, { kind: 'set-role', account: m1.accountKey, role: 'manager' })
  const m1Promotes = write(m1, { kind: 'set-role', account: pat.accountKey, role: 'manager' })
  const transferToStranger = write(owner, { kind: 'transfer', account: sam.accountKey })
  const mutePat = write(owner, { kind: 'mute', account: pat.accountKey, until: Date.now() + 60_000 })
  const transfer = write(owner, { kind: 'transfer', account: pat.accountKey })
  const oldOwnerDemotes = write(owner, { kind: 'set-role', account: m1.accountKey, role: 'member' })
  const newOwnerDemotes = write(pat, { kind: 'set-role', account: owner.accountKey, role: 'member' })
  const oldOwnerLeaves = write(owner, { kind: 'leave' })
  const log = logOf(genesis, [add, ownerLeaves, promote, m1Promotes, transferToStranger, mutePat, transfer, oldOwnerDemotes, newOwnerDemotes, oldOwnerLeaves])
  assert.equal(log.rejected(ownerLeaves.key), 'GroupPermissionError')
  assert.equal(log.rejected(m1Promotes.key), 'GroupPermissionError')
  assert.equal(log.rejected(transferToStranger.key), 'NotGroupMemberError')
  assert.equal(log.rejected(oldOwnerDemotes.key), 'GroupPermissionError')
  assert.equal(log.rejected(newOwnerDemotes.key), undefined)
  assert.equal(log.rejected(oldOwnerLeaves.key), undefined)
  const state = log.state()
  assert.equal(state.owner, pat.accountId)
  assert.equal(state.members.get(pat.accountId)?.role, 'owner')
  assert.equal(canSend(state, pat.accountId, Date.now()), true, 'the new owner is no longer muted')
  assert.equal(state.members.get(m1.accountId)?.role, 'manager')
  assert.equal(state.members.has(owner.accountId), false)
  assert.equal(state.left.has(owner.accountId), true)
})

test('a 500-member group with a few hundred concurrent ops resolves, every order to the same 500 members', () => {
  const genesis = createGroup(owner)
  const write = scribe(genesis)
  const others = Array.from({ length: 497 }, () => randomBytes(32))
  const adds = [
    write(owner, { kind: 'add', accounts: [m1.accountKey, m2.accountKey, ...others.slice(0, 248)] }),
    write(owner, { kind: 'add', accounts: others.slice(248) })
  ]
  const promotions = [m1, m2].map(m => write(owner, { kind: 'set-role', account: m.accountKey, role: 'manager' }))
  const base = promotions[1]
  // three writers on three branches: mutes, unmutes, role changes and edits
  const branches = [owner, m1, m2].map((writer, w) => {
    const branch: SignedGroupOp[] = []
    let last = base
    for (let i = 0; i < 100; i++) {
      const target = others[(w * 100 + i) % others.length]
      const action: GroupAction = writer === owner && i % 4 === 0
        ? { kind: 'set-role', account: target, role: i % 8 === 0 ? 'manager' : 'member' }
        : i % 3 === 0 ? { kind: 'edit', topic: `${writer.name} ${i}` } : { kind: 'mute', account: target, until: i % 2 === 0 ? 0 : 2_000_000_000_000 }
      last = opBy(writer, genesis, [last], action)
      branch.push(last)
    }
    return branch
  })
  const ops = [...adds, ...promotions, ...branches.flat()]
  const interleaved = branches[0].flatMap((op, i) => [op, branches[1][i], branches[2][i]])
  const log = createGroupLog(genesis)
  for (const op of [...adds, ...promotions, ...interleaved]) log.add(op)
  assert.equal(log.state().members.size, 500)
  assert.equal(log.all().length, ops.length + 1)
  const resolved = resolveGroup(shuffled([genesis, ...ops], prng(7)))
  assert.equal(stateText(resolved.state), stateText(log.state()))
  assert.equal(resolved.state.members.size, 500)
  assert.deepEqual(resolved.heads.map(opKey), branches.map(branch => branch[99].key).sort())
})
