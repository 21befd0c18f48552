/**
 * Per-member receipts of group messages (core/social/groups/receipts.ts) over a real store:
 * a member's delivered receipts go to the sender device as one /tim/group frame per batch, and
 * sealed through the outbox only when that frame could not go; the sender counts them per
 * member account and moves its message to delivered, then read, once every member has.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { MessageId } from '../../../core/api/index.ts'
import { createGroupReceipts, type GroupReceiptsComponents } from '../../../core/social/groups/receipts.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { createMessageIdGenerator, messageIdToString, type Body, type GroupReceiptsFrame } from '../../../core/wire/index.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'
import { newIdentity } from '../messaging/helpers.ts'

const nextId = createMessageIdGenerator()

interface Trace {
  frames: Array<{ to: string, frame: GroupReceiptsFrame, dial: boolean }>
  sealed: Array<{ to: string[], body: Body }>
  states: Array<[MessageId, string]>
}

/** a scene whose group 'g' has the accounts in `members` (filled by the test) */
async function receiptsScene (t: AfterHook, tellWorks: boolean, members = new Set<string>()): Promise<{ receipts: ReturnType<typeof createGroupReceipts>, trace: Trace, store: Store }> {
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  const trace: Trace = { frames: [], sealed: [], states: [] }
  const components: GroupReceiptsComponents = {
    store,
    rooms: {
      sendSealed: async (devices, body) => { trace.sealed.push({ to: devices.map(device => device.deviceId), body }) },
      setState: async (id, state) => { trace.states.push([id, state]) },
      invisible: () => false
    },
    isMember: (group, account) => group === 'g' && members.has(account),
    tell: async (device, frame, dial) => {
      if (!tellWorks) throw new Error('no connection to the sender')
      trace.frames.push({ to: device.deviceId, frame, dial })
    }
  }
  return { receipts: createGroupReceipts(components, { batchMs: 10 }), trace, store }
}

test('a member\'s receipts for one sender go as one /tim/group frame, nothing sealed; only a delivered one may dial', async (t) => {
  const { receipts, trace } = await receiptsScene(t, true)
  const alice = await newIdentity(t, 'Alice')
  const ids = [nextId(), nextId(), nextId()]
  ids.forEach(id => { receipts.delivered(alice.device, id) })
  await receipts.flush()
  assert.deepEqual(trace.frames, [{ to: alice.device.deviceId, frame: { delivered: ids, read: [] }, dial: true }])
  assert.deepEqual(trace.sealed, [])
  await receipts.read([alice.device], ids.map(messageIdToString))
  assert.deepEqual(trace.frames[1], { to: alice.device.deviceId, frame: { delivered: [], read: ids }, dial: false }, 'marking read never waits on a dial')
})

test('when the frame cannot go, the receipt goes sealed through the outbox instead', async (t) => {
  const { receipts, trace } = await receiptsScene(t, false)
  const alice = await newIdentity(t, 'Alice')
  const id = nextId()
  receipts.delivered(alice.device, id)
  await receipts.flush()
  await receipts.read([alice.device], [messageIdToString(id)])
  assert.deepEqual(trace.sealed.map(({ to, body }) => [to, body.kind === 'receipt' ? [body.receipt, body.refs] : body.kind]),
    [[[alice.device.deviceId], ['delivered', [id]]], [[alice.device.deviceId], ['read', [id]]]])
})

test('the sender counts receipts per member account: delivered once every member has it, read once every one read it', async (t) => {
  const [bob, carol, outsider] = await Promise.all([newIdentity(t, 'Bob'), newIdentity(t, 'Carol'), newIdentity(t, 'Mallory')])
  const { receipts, trace, store } = await receiptsScene(t, true, new Set([bob.identity.accountId, carol.identity.accountId]))
  const id = messageIdToString(nextId())
  await store.batch([receipts.sentOp(id, 'g', 2)])

  await receipts.heard(bob.device, 'delivered', [id])
  await receipts.heard(outsider.device, 'delivered', [id])
  assert.deepEqual(trace.states, [], 'one member of two, and a non-member who does not count')
  await receipts.heard(carol.device, 'delivered', [id])
  assert.deepEqual(trace.states, [[id, 'delivered']])
  await receipts.heard(bob.device, 'read', [id])
  await receipts.heard(bob.device, 'delivered', [id])
  assert.deepEqual(await receipts.readBy(id), { id, total: 2, delivered: [bob.identity.accountId, carol.identity.accountId], read: [bob.identity.accountId] }, 'a late delivered never takes read back')
  await receipts.heard(carol.device, 'read', [id])
  assert.deepEqual(trace.states.at(-1), [id, 'read'])
})
