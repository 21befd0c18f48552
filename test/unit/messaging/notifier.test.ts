import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createNotifier } from '../../../core/messaging/notifier.ts'

test('a waiter is woken by notify with true', async () => {
  const notifier = createNotifier()
  const waiting = notifier.wait(5_000)
  setTimeout(() => { notifier.notify() }, 5)
  const started = Date.now()
  assert.equal(await waiting, true)
  assert.ok(Date.now() - started < 1_000, 'woken long before its timeout')
})

test('a waiter that is never notified gets false once its time is up', async () => {
  const notifier = createNotifier()
  const started = Date.now()
  assert.equal(await notifier.wait(30), false)
  assert.ok(Date.now() - started >= 25)
})

test('one notify wakes every current waiter, with or without a timeout', async () => {
  const notifier = createNotifier()
  const waiters = [notifier.wait(5_000), notifier.wait(5_000), notifier.wait(), notifier.wait(5_000)]
  notifier.notify()
  assert.deepEqual(await Promise.all(waiters), [true, true, true, true])
})

test('a notify before a wait does not count for it: it waits for the next one', async () => {
  const notifier = createNotifier()
  notifier.notify()
  assert.equal(await notifier.wait(20), false)
  const next = notifier.wait(5_000)
  notifier.notify()
  assert.equal(await next, true)
})

test('a woken wait cancels its timer', async () => {
  const timers = (): number => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout').length
  const notifier = createNotifier()
  const before = timers()
  const woken = notifier.wait(60_000)
  assert.equal(timers(), before + 1)
  notifier.notify()
  assert.equal(await woken, true)
  assert.equal(timers(), before, 'no 60 s timer keeps the process alive after the wake-up')
})
