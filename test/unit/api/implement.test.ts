/**
 * The one way every transport and host builds or forwards a MessengerApi (core/api/implement.ts):
 * every method of the contract exists, forwarding reaches the API chosen at call time with the
 * caller's arguments, and a caller's AbortSignal rejects a call that is still running.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  forwardApi, honourAbort, implementApi, messengerMethods, NoIdentityError, type MessengerApi, type MessengerMethod
} from '../../../core/api/index.ts'

/** An API whose every method records its name and arguments and resolves with its name. */
function recordingApi (calls: Array<{ method: MessengerMethod, args: unknown[] }>): MessengerApi {
  return implementApi(method => async (...args) => {
    calls.push({ method, args })
    return method as never
  })
}

test('implementApi makes every method of the contract, each called by its own name', async () => {
  const calls: Array<{ method: MessengerMethod, args: unknown[] }> = []
  const api = recordingApi(calls)
  assert.deepEqual(Object.keys(api).sort(), [...messengerMethods].sort())
  for (const method of messengerMethods) {
    assert.equal(await (api[method] as (...args: unknown[]) => Promise<unknown>)('x'), method)
  }
  assert.deepEqual(calls.map(call => call.method), messengerMethods)
})

test('forwardApi calls the API current at call time, and reports when there is none', async () => {
  const calls: Array<{ method: MessengerMethod, args: unknown[] }> = []
  let target: MessengerApi | null = null
  const api = forwardApi(() => {
    if (target == null) throw new NoIdentityError('no account yet')
    return target
  })
  await assert.rejects(api.listContacts(), { name: 'NoIdentityError' })
  target = recordingApi(calls)
  await api.send({ conversation: 'dm:timBob', text: 'hi' })
  assert.deepEqual(calls, [{ method: 'send', args: [{ conversation: 'dm:timBob', text: 'hi' }] }])
})

test('honourAbort rejects a running call when its signal aborts, and one whose signal already did at once', async () => {
  const calls: MessengerMethod[] = []
  const never = implementApi(method => async () => {
    calls.push(method)
    return await new Promise<never>(() => {})
  })
  const api = honourAbort(never)
  const controller = new AbortController()
  const running = api.history({ conversation: 'dm:timBob' }, { signal: controller.signal })
  controller.abort()
  await assert.rejects(running, { name: 'AbortError', message: 'history was aborted' })
  await assert.rejects(api.stats({ signal: AbortSignal.abort() }), { name: 'AbortError' })
  assert.deepEqual(calls, ['history'], 'a call aborted before it started never reaches the API')
  // the options object is the one after the method's own arguments: a `signal` inside a request is just data
  const answered = honourAbort(implementApi(method => async () => method as never))
  const request = { conversation: 'dm:timBob', text: 'hi', signal: AbortSignal.abort() }
  assert.equal(await answered.send(request), 'send')
})
