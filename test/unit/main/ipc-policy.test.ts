import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  MessageNotFoundError, UnauthorizedError, errorFromWire, ipcMethodChannel, messengerEventNames, messengerMethods
} from '../../../core/api/index.ts'
import {
  checkArgs, checkEventNames, checkSender, createEventForwarder, createInvokeHandlers
} from '../../../main/ipc-policy.ts'
import { isIpcResult, settle, type IpcEventPayload, type IpcResult } from '../../../main/ipc-wire.ts'
import { APP_WINDOW, frame, sender, startHost } from './helpers.ts'

const T = { timeout: 30_000 }

function assertFailed (result: IpcResult, name: string, message?: RegExp): void {
  assert.equal(result.ok, false, `expected ${name}, got ${JSON.stringify(result)}`)
  if (result.ok) return
  assert.equal(result.error.name, name)
  if (message !== undefined) assert.match(result.error.message, message)
}

test('only the app page in the app window passes the sender check', () => {
  checkSender(sender(), APP_WINDOW)
  checkSender(sender({ senderFrame: frame('app://tim/') }), APP_WINDOW)
  const refused = {
    'another window': sender({ webContentsId: APP_WINDOW + 1 }),
    'a frame that is gone': sender({ senderFrame: null }),
    'a foreign origin': sender({ senderFrame: frame('https://evil.example/index.html') }),
    'a file:// page': sender({ senderFrame: frame('file:///tmp/index.html') }),
    'another app host': sender({ senderFrame: frame('app://evil/index.html') }),
    'a subframe of the app page': sender({ senderFrame: frame('app://tim/inner.html', frame('app://tim/index.html')) }),
    'a disposed frame': sender({
      senderFrame: { get url (): string { throw new Error('Render frame was disposed') }, parent: null }
    })
  }
  for (const [what, event] of Object.entries(refused)) {
    assert.throws(() => { checkSender(event, APP_WINDOW) }, { name: 'UnauthorizedError' }, what)
  }
})

test('arguments are checked against the arity table', () => {
  assert.deepEqual(checkArgs('getIdentity', []), [])
  assert.deepEqual(checkArgs('send', [{ conversation: 'dm:bob', text: 'hi' }]), [{ conversation: 'dm:bob', text: 'hi' }])
  assert.deepEqual(checkArgs('retry', ['01ABC']), ['01ABC'])
  const bad: Array<[Parameters<typeof checkArgs>[0], unknown, RegExp]> = [
    ['getIdentity', [{}], /takes 0 arguments, got 1/],
    ['send', [], /takes 1 argument, got 0/],
    ['send', [{ conversation: 'dm:bob', text: 'hi' }, { signal: null }], /takes 1 argument, got 2/],
    ['send', ['hello'], /must be an object, got string/],
    ['send', [null], /must be an object, got null/],
    ['history', [['bob']], /must be an object, got array/],
    ['retry', [42], /must be a string, got number/],
    ['acceptContact', [{ peer: 'bob' }], /must be a string, got object/],
    ['stats', 'not an array', /must be an array/]
  ]
  for (const [method, args, message] of bad) {
    assert.throws(() => checkArgs(method, args), { name: 'InvalidArgumentError', message }, `${method} ${JSON.stringify(args)}`)
  }
})

test('there is one handler per contract method, and none for anything else', async t => {
  const host = await startHost(t)
  const handlers = createInvokeHandlers(host.api, APP_WINDOW)
  assert.deepEqual([...handlers.keys()].sort(), messengerMethods.map(ipcMethodChannel).sort())
  for (const unknown of ['tim:api:evil', 'tim:api:constructor', 'tim:api:__proto__', 'tim:api:on']) {
    assert.equal(handlers.get(unknown), undefined, unknown)
  }
})

test('a real node answers good calls and refuses bad ones before they reach it', T, async t => {
  const host = await startHost(t)
  const handlers = createInvokeHandlers(host.api, APP_WINDOW)
  const call = async (method: typeof messengerMethods[number], args: unknown[], from = sender()): Promise<IpcResult> => {
    const handle = handlers.get(ipcMethodChannel(method))
    assert.ok(handle !== undefined)
    // what Electron does to everything that crosses IPC
    return structuredClone(await handle(from, structuredClone(args)))
  }

  assertFailed(await call('getIdentity', []), 'NoIdentityError')
  // a foreign page cannot onboard, and its call never reaches the node
  assertFailed(await call('createAccount', [{ name: 'Mallory' }], sender({ senderFrame: frame('https://evil.example/') })), 'UnauthorizedError')
  assertFailed(await call('createAccount', [{ name: 'Mallory' }], sender({ webContentsId: 99 })), 'UnauthorizedError')
  assertFailed(await call('createAccount', ['Mallory']), 'InvalidArgumentError', /must be an object, got string/)
  assertFailed(await call('createAccount', []), 'InvalidArgumentError', /takes 1 argument, got 0/)
  assertFailed(await call('getIdentity', []), 'NoIdentityError')

  const created = await call('createAccount', [{ name: 'Alice' }])
  assert.ok(created.ok)
  const identity = created.value as { name: string, accountId: string, invite: string }
  assert.equal(identity.name, 'Alice')
  assert.match(identity.invite, /^tim:\/\//)

  assert.deepEqual(await call('getIdentity', []), created)
  assert.deepEqual(await call('listContacts', []), { ok: true, value: [] })
  assert.deepEqual(await call('conversations', []), { ok: true, value: [] })
  const stats = await call('stats', [])
  assert.ok(stats.ok)
  assertFailed(await call('send', [{ conversation: 'dm:nobody', text: 'hi' }]), 'UnknownContactError')
  assertFailed(await call('getMessage', ['01J00000000000000000000000']), 'MessageNotFoundError')
  assertFailed(await call('createAccount', [{ name: 'Again' }]), 'IdentityExistsError')
  assertFailed(await call('retry', [7]), 'InvalidArgumentError', /must be a string, got number/)
  assertFailed(await call('stats', [], sender({ senderFrame: null })), 'UnauthorizedError')
})

test('results are tagged, and errors keep their name across the wire', async () => {
  const value = { id: '01X', text: 'hi', path: null }
  assert.deepEqual(structuredClone(await settle(async () => value)), { ok: true, value })
  assert.deepEqual(await settle(async () => undefined), { ok: true, value: undefined })

  const failed = structuredClone(await settle(async () => { throw new MessageNotFoundError('no message 01X') }))
  assert.deepEqual(failed, { ok: false, error: { name: 'MessageNotFoundError', message: 'no message 01X' } })
  assert.ok(!failed.ok)
  const rebuilt = errorFromWire(failed.error)
  assert.ok(rebuilt instanceof Error)
  assert.equal(rebuilt.name, 'MessageNotFoundError')
  assert.equal(rebuilt.message, 'no message 01X')

  const unknownName = Object.assign(new Error('custom'), { name: 'SomethingNewError' })
  const custom = await settle(async () => { throw unknownName })
  assert.ok(!custom.ok)
  assert.equal(errorFromWire(custom.error).name, 'SomethingNewError')
  assert.deepEqual(await settle(async () => { throw 'a string' }), { ok: false, error: { name: 'Error', message: 'a string' } })

  for (const good of [{ ok: true, value: 1 }, { ok: true, value: undefined }, { ok: false, error: { name: 'E', message: 'm' } }]) {
    assert.ok(isIpcResult(good), JSON.stringify(good))
  }
  for (const bad of [null, 'ok', [], { ok: true }, { ok: false }, { ok: false, error: 'boom' }, { ok: false, error: { name: 1, message: 'm' } }, { ok: 'yes', value: 1 }]) {
    assert.equal(isIpcResult(bad), false, JSON.stringify(bad))
  }
})

test('event subscriptions accept known names only', () => {
  assert.deepEqual(checkEventNames(['message:received']), ['message:received'])
  assert.deepEqual(checkEventNames(['message:state', 'message:state', 'contact:request']), ['message:state', 'contact:request'])
  assert.deepEqual(checkEventNames([]), [])
  assert.deepEqual(checkEventNames([...messengerEventNames]), [...messengerEventNames])
  for (const bad of ['message:received', undefined, { 0: 'message:received' }, ['not:an-event'], ['message:received', 'toString'], [42], [null]]) {
    assert.throws(() => checkEventNames(bad), { name: 'InvalidArgumentError' }, JSON.stringify(bad))
  }
})

test('events go to the subscribed window once per name, and stop when it closes', T, async t => {
  const host = await startHost(t)
  const listeners = new Map<string, number>()
  const counting = {
    ...host.api,
    on: ((event, listener) => {
      listeners.set(event, (listeners.get(event) ?? 0) + 1)
      const off = host.api.on(event, listener)
      return () => { listeners.set(event, (listeners.get(event) ?? 1) - 1); off() }
    }) satisfies typeof host.api.on
  }
  const delivered: IpcEventPayload[] = []
  const forwarder = createEventForwarder(counting, APP_WINDOW, payload => { delivered.push(payload) })

  assert.throws(() => { forwarder.subscribe(sender({ senderFrame: frame('https://evil.example/') }), ['message:received']) }, UnauthorizedError)
  assert.throws(() => { forwarder.subscribe(sender(), ['message:received', 'not:an-event']) }, { name: 'InvalidArgumentError' })
  assert.deepEqual([...listeners.values()].reduce((a, b) => a + b, 0), 0, 'nothing subscribed by refused requests')

  forwarder.subscribe(sender(), ['message:received', 'contact:request'])
  forwarder.subscribe(sender(), ['message:received'])
  assert.equal(listeners.get('message:received'), 1)
  assert.equal(listeners.get('contact:request'), 1)

  forwarder.close()
  assert.equal(listeners.get('message:received'), 0)
  assert.equal(listeners.get('contact:request'), 0)
  forwarder.subscribe(sender(), ['message:state'])
  assert.equal(listeners.get('message:state'), undefined, 'a closed window subscribes nothing')
  assert.deepEqual(delivered, [])
})
