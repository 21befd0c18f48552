import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Contact, Message } from '../../../core/api/index.ts'
import { createRequestBatcher, planNotification, type ShownNotification } from '../../../main/notification-plan.ts'

function message (from: string, text: string): Message {
  return { id: '01J00000000000000000000000', conversation: `dm:${from}`, from, direction: 'in', kind: 'text', text, timestamp: 1, state: 'delivered', path: 'direct' }
}

function contact (accountId: string, name: string, status: Contact['status']): Contact {
  return { accountId, name, status, devices: [], reachability: 'offline', addedAt: 1, friend: false, verified: false, keysChanged: false, presence: { status: 'offline' } }
}

test('a contact\'s message is titled with the contact\'s name; a stranger\'s is a request, whatever name it chose', () => {
  assert.deepEqual(planNotification(message('timAlice', 'hi'), contact('timAlice', 'Alice', 'accepted')), { title: 'Alice', body: 'hi' })
  assert.equal(planNotification(message('timMallory', 'it is Alice'), contact('timMallory', 'Alice', 'request')), 'request')
  assert.equal(planNotification(message('timNew', 'hello'), undefined), 'request')
  assert.equal(planNotification(message('timBlocked', 'hello'), contact('timBlocked', 'Eve', 'blocked')), null)
  const long = 'x'.repeat(500)
  const shown = planNotification(message('timAlice', long), contact('timAlice', 'Alice', 'accepted'))
  assert.ok(shown !== null && shown !== 'request' && [...shown.body].length === 121)
})

test('a message without text says what it is instead of an empty notification', () => {
  const alice = contact('timAlice', 'Alice', 'accepted')
  assert.deepEqual(planNotification({ ...message('timAlice', ''), erased: 'recalled' }, alice), { title: 'Alice', body: 'Recalled a message' })
  assert.deepEqual(planNotification({ ...message('timAlice', ''), kind: 'unsupported', unsupported: { data: '' } }, alice), { title: 'Alice', body: 'Sent a message this version of Tim cannot show' })
})

test('a flood of requests makes one notification at once and one for the rest, never one each', async () => {
  const shown: ShownNotification[] = []
  const { promise: second, resolve } = Promise.withResolvers<void>()
  const batcher = createRequestBatcher(notification => {
    shown.push(notification)
    if (shown.length === 2) resolve()
  }, 20)
  for (let i = 0; i < 1000; i++) batcher.add()
  assert.deepEqual(shown.map(n => n.title), ['New message request'])
  await second
  batcher.stop()
  assert.deepEqual(shown.map(n => n.title), ['New message request', '999 new message requests'])
  assert.ok(shown.every(n => !n.body.includes('Alice')))
})
