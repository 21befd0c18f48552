/**
 * A full disk: Alice's data lives on a small tmpfs that fills up while she sends. `send`
 * must fail with a StorageError once nothing more can be written, the node must keep
 * serving, and every message `send` accepted before must still reach Bob. A mark-read that
 * cannot be written fails the same way and leaves the messages unread. Needs root (it
 * mounts the tmpfs); elsewhere it says why and skips.
 */

import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createIdentity, createNode, type TimNode } from '../../core/index.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { dmConversation } from '../../core/api/index.ts'

/** Takes every free page of the file system at `dir` with one file. */
async function fillUp (file: string): Promise<void> {
  const handle = await open(file, 'w')
  try {
    const chunk = Buffer.alloc(4096, 1)
    for (let i = 0; i < 1_000_000; i++) {
      await handle.write(chunk)
    }
    throw new Error(`${file} never filled its file system`)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') {
      throw err
    }
  } finally {
    await handle.close()
  }
}

function mountTmpfs (dir: string, size: string): string | null {
  if (process.getuid?.() !== 0) {
    return 'needs root to mount a small tmpfs'
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tim-test-full-disk', dir], { stdio: 'pipe' })
    return null
  } catch (err) {
    return `cannot mount a tmpfs here: ${(err as Error).message.split('\n')[0]}`
  }
}

/**
 * `name`'s node with its data on a fresh 3 MiB tmpfs and `otherName`'s on a normal disk,
 * contacts of each other; null, with the test skipped saying why, where no tmpfs can be mounted.
 */
async function pairOnSmallDisk (t: TestContext, name: string, otherName: string): Promise<{ node: TimNode, other: TestPeer, mountPoint: string } | null> {
  const mountPoint = await mkdtemp(join(tmpdir(), 'tim-small-disk-'))
  const unavailable = mountTmpfs(mountPoint, '3m')
  if (unavailable != null) {
    await rm(mountPoint, { recursive: true, force: true })
    t.skip(unavailable)
    return null
  }
  let node: TimNode | null = null
  // one hook, in this order: the node lets go of its files, then the disk goes away
  t.after(async () => {
    await node?.stop().catch(() => {})
    execFileSync('umount', ['-l', mountPoint])
    await rm(mountPoint, { recursive: true, force: true })
  })
  const other = await startPeer(t, otherName)
  const dataDir = join(mountPoint, name.toLowerCase())
  await createIdentity(dataDir, { name })
  node = await createNode({ ...loopbackInit, dataDir })
  await node.api.addContact({ invite: await other.invite() })
  await other.node.api.addContact({ invite: (await node.api.getIdentity()).invite })
  return { node, other, mountPoint }
}

test('when the disk is full, send fails with StorageError and nothing accepted before is lost', async (t) => {
  const pair = await pairOnSmallDisk(t, 'Alice', 'Bob')
  if (pair == null) {
    return
  }
  const { node: alice, other: bob } = pair

  const accepted: string[] = []
  let failure: Error | null = null
  const text = 'x'.repeat(8 * 1024)
  for (let i = 0; i < 5_000 && failure == null; i++) {
    try {
      accepted.push((await alice.api.send({ conversation: dmConversation('Bob'), text: `${i} ${text}` })).id)
    } catch (err) {
      failure = err as Error
    }
  }
  assert.ok(failure != null, `the 3 MiB disk never filled (${accepted.length} messages accepted)`)
  assert.equal(failure.name, 'StorageError')
  assert.match(failure.message, /could not write to the database/)
  assert.ok(accepted.length > 10, 'some messages fit before the disk filled')

  assert.equal((await alice.api.getIdentity()).name, 'Alice', 'the node keeps serving')
  const aliceAccount = alice.identity.accountId
  const received = await waitFor(async () => (await bob.node.api.history({ conversation: dmConversation(aliceAccount), limit: 500 })).map(m => m.id),
    ids => accepted.every(id => ids.includes(id)) || ids.length >= 500, { timeoutMs: 60_000, what: 'Bob to have every accepted message' })
  assert.deepEqual(received.slice(0, Math.min(accepted.length, 500)), accepted.slice(0, 500))
})

test('when the disk is full, mark-read fails with StorageError and the messages stay unread', async (t) => {
  const pair = await pairOnSmallDisk(t, 'Bob', 'Alice')
  if (pair == null) {
    return
  }
  const { node: bob, other: alice, mountPoint } = pair

  // enough unread messages that marking them read writes more than the journal's last page holds
  const count = 100
  for (let i = 0; i < count; i++) {
    await alice.node.api.send({ conversation: dmConversation('Bob'), text: `unread ${i}` })
  }
  const unreadAtBob = async (): Promise<number> => (await bob.api.conversations()).find(c => c.id === dmConversation(alice.account))?.unread ?? -1
  await waitFor(unreadAtBob, unread => unread === count, { what: `Bob to have ${count} unread messages` })
  await bob.api.history({ conversation: dmConversation(alice.account), limit: 1 })

  await fillUp(join(mountPoint, 'filler'))
  await assert.rejects(bob.api.markRead({ conversation: dmConversation(alice.account) }), { name: 'StorageError' })
  assert.equal(await unreadAtBob(), count, 'a mark-read that was not stored leaves every message unread')
  assert.equal((await bob.api.history({ conversation: dmConversation(alice.account), limit: count })).filter(m => m.state === 'read').length, 0)
})
