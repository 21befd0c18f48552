/**
 * Erased means erased: a recalled or burnt message is erased on every device of the recipient
 * (one that was offline erases it when the erasure reaches it through its mailbox) and on the
 * sender's, and its text is gone from every file of each data directory (LevelDB's log and
 * tables, the journal) once the node has stopped, checked on the raw files. Bob has two
 * devices (a linked second device, test/helpers/linked-device.ts); a relay holds mail.
 */

import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { dmConversation, type Message } from '../../core/api/index.ts'
import { createNode, type TimNode } from '../../core/index.ts'
import { linkDevice } from '../helpers/linked-device.ts'
import { quickMailboxInit, startMailboxScene } from '../helpers/mailbox-scene.ts'
import { loopbackInit, waitFor, type TestPeer } from '../helpers/peers.ts'
import type { AfterHook } from '../helpers/temp-dir.ts'

/** the files under `dir` whose raw bytes hold `text` */
async function filesHolding (dir: string, text: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name))
  const holding = await Promise.all(files.map(async file => (await readFile(file)).includes(Buffer.from(text))))
  return files.filter((_, i) => holding[i])
}

interface Device {
  dataDir: string
  node: TimNode
}

/** Bob's second device, started, with Alice as its contact; Alice knows it as one of Bob's */
async function secondDevice (t: AfterHook, bob: TestPeer, alice: TestPeer, bootstrap: string[]): Promise<Device> {
  const dataDir = `${bob.dataDir}-phone`
  await linkDevice(bob.dataDir, dataDir, 'Bob phone')
  const device = await startDevice(t, dataDir, bootstrap)
  await device.node.api.addContact({ invite: await alice.invite(), name: 'Alice' })
  await alice.node.api.addContact({ invite: (await device.node.api.getIdentity()).invite, name: 'Bob' })
  return device
}

async function startDevice (t: AfterHook, dataDir: string, bootstrap: string[]): Promise<Device> {
  const node = await createNode({ ...loopbackInit, ...quickMailboxInit, bootstrap, dataDir })
  t.after(async () => { await node.stop() })
  return { dataDir, node }
}

async function find (node: TimNode, conversation: string, id: string): Promise<Message | undefined> {
  return (await node.api.history({ conversation })).find(m => m.id === id || m.sentAs === id)
}

test('a recalled message is erased on every device, an offline one when it comes back; the sender sees which devices confirmed; the text is gone from disk', async (t) => {
  const { relay, alice, bob } = await startMailboxScene(t)
  const bootstrap = relay.node.addresses()
  let phone = await secondDevice(t, bob, alice, bootstrap)
  const secret = 'the launch code is 4711-ALPHA'
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), text: secret })
  const atAlice = dmConversation(alice.account)
  await waitFor(async () => (await find(bob.node, atAlice, sent.id))?.text, text => text === secret, { what: 'the message on Bob\'s laptop' })
  await waitFor(async () => (await find(phone.node, atAlice, sent.id))?.text, text => text === secret, { what: 'the message on Bob\'s phone' })
  await bob.node.api.stats() // the store has settled what it received
  assert.notDeepEqual(await filesHolding(bob.dataDir, secret), [], 'before the recall, the text is in Bob\'s files (so the check below can fail)')

  await phone.node.stop()
  const recalled = await alice.node.api.recall(sent.id)
  assert.equal(recalled.erased, 'recalled')
  assert.equal(recalled.text, '')
  assert.equal(recalled.recall?.devices.length, 2)

  const laptop = await waitFor(async () => find(bob.node, atAlice, sent.id), m => m?.erased === 'recalled', { what: 'the recall on Bob\'s laptop' })
  assert.equal(laptop?.text, '')
  const laptopId = bob.node.identity.deviceId
  await waitFor(async () => (await alice.node.api.getMessage(sent.id)).recall?.devices, devices => devices?.find(d => d.deviceId === laptopId)?.confirmed === true,
    { what: 'Alice to see that Bob\'s laptop confirmed' })
  const phoneId = phone.node.identity.deviceId
  assert.equal((await alice.node.api.getMessage(sent.id)).recall?.devices.find(d => d.deviceId === phoneId)?.confirmed, false, 'the phone has not confirmed while offline')

  phone = await startDevice(t, phone.dataDir, bootstrap)
  await waitFor(async () => { await phone.node.collectMail(); return find(phone.node, atAlice, sent.id) }, m => m?.erased === 'recalled', { what: 'the recall on Bob\'s phone, through its mailbox' })
  await waitFor(async () => (await alice.node.api.getMessage(sent.id)).recall?.devices, devices => devices?.every(d => d.confirmed) === true,
    { what: 'Alice to see that both of Bob\'s devices confirmed' })

  for (const node of [alice.node, bob.node, phone.node]) await node.stop()
  for (const dir of [alice.dataDir, bob.dataDir, phone.dataDir]) {
    assert.deepEqual(await filesHolding(dir, secret), [], 'the recalled text is still on disk')
  }
})

test('a burn-after-reading message is erased a set time after it is first shown, on every device and the sender\'s', async (t) => {
  const { relay, alice, bob } = await startMailboxScene(t)
  const bootstrap = relay.node.addresses()
  let phone = await secondDevice(t, bob, alice, bootstrap)
  const secret = 'burn this: meet at pier 39'
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.account), text: secret, burnSeconds: 1 })
  assert.deepEqual(sent.burn, { seconds: 1 })
  const atAlice = dmConversation(alice.account)
  const arrived = await waitFor(async () => find(bob.node, atAlice, sent.id), m => m?.text === secret, { what: 'the message on Bob\'s laptop' })
  await waitFor(async () => find(phone.node, atAlice, sent.id), m => m?.text === secret, { what: 'the message on Bob\'s phone' })
  await phone.node.stop()
  assert.equal(arrived?.burn?.expiresAt, undefined, 'the timer starts only when it is shown')

  await bob.node.api.markRead({ conversation: atAlice, upTo: arrived?.id })
  const shown = await bob.node.api.getMessage(arrived?.id ?? '')
  assert.ok(shown.burn?.expiresAt != null, 'the timer started when it was shown')
  await waitFor(async () => find(bob.node, atAlice, sent.id), m => m?.erased === 'burnt', { what: 'the message burnt on Bob\'s laptop' })
  await waitFor(async () => alice.node.api.getMessage(sent.id), m => m.erased === 'burnt', { what: 'the message burnt on Alice\'s side' })

  phone = await startDevice(t, phone.dataDir, bootstrap)
  await waitFor(async () => { await phone.node.collectMail(); return find(phone.node, atAlice, sent.id) }, m => m?.erased === 'burnt', { what: 'the message burnt on Bob\'s phone when it came back' })

  for (const node of [alice.node, bob.node, phone.node]) await node.stop()
  for (const dir of [alice.dataDir, bob.dataDir, phone.dataDir]) {
    assert.deepEqual(await filesHolding(dir, secret), [], 'the burnt text is still on disk')
  }
})
