import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  IPC_SUBSCRIBE_CHANNEL, dmConversation, errorFromWire, ipcMethodChannel, messengerMethods, type Message
} from '../../../core/api/index.ts'
import { createBridge, type BridgeTransport } from '../../../main/preload/bridge.ts'
import { startPeer, waitFor } from '../../helpers/peers.ts'
import { connectBridge, frame, sender, startHost } from './helpers.ts'

const T = { timeout: 60_000 }

/** A fake ipcRenderer: records what the bridge invokes and sends, answers with `answer`. */
function fakeIpc (answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, value: null })): BridgeTransport & {
  invoked: Array<{ channel: string, args: unknown[] }>
  sent: Array<{ channel: string, payload: unknown }>
  emit: (payload: unknown) => void
} {
  const invoked: Array<{ channel: string, args: unknown[] }> = []
  const sent: Array<{ channel: string, payload: unknown }> = []
  let handler: (payload: unknown) => void = () => {}
  return {
    invoked,
    sent,
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args })
      return answer(channel, args)
    },
    send: (channel, payload) => { sent.push({ channel, payload }) },
    onEvent: h => { handler = h },
    emit: payload => { handler(payload) }
  }
}

type UntypedBridge = Record<string, (...args: unknown[]) => Promise<unknown>>

test('the bridge exposes one function per contract method plus on, and nothing else', () => {
  const bridge = createBridge(fakeIpc())
  assert.deepEqual(Object.keys(bridge).sort(), [...messengerMethods, 'on'].sort())
  for (const [name, value] of Object.entries(bridge)) {
    assert.equal(typeof value, 'function', name)
  }
  assert.equal(Object.getPrototypeOf(bridge), Object.prototype)
  for (const hidden of ['invoke', 'ipcRenderer', 'onEvent', 'emit', 'removeAllListeners']) {
    assert.equal(hidden in bridge, false, hidden)
  }
})

test('a method invokes its own channel with the arguments it was given', async () => {
  const ipc = fakeIpc((channel, args) => ({ ok: true, value: { channel, args } }))
  const bridge = createBridge(ipc)
  assert.deepEqual(await bridge.send({ conversation: 'dm:bob', text: 'hi' }), { channel: 'tim:api:send', args: [{ conversation: 'dm:bob', text: 'hi' }] })
  await bridge.getIdentity()
  await bridge.retry('01ABC')
  await bridge.history({ conversation: 'dm:bob', limit: 5 })
  assert.deepEqual(ipc.invoked, [
    { channel: ipcMethodChannel('send'), args: [{ conversation: 'dm:bob', text: 'hi' }] },
    { channel: ipcMethodChannel('getIdentity'), args: [] },
    { channel: ipcMethodChannel('retry'), args: ['01ABC'] },
    { channel: ipcMethodChannel('history'), args: [{ conversation: 'dm:bob', limit: 5 }] }
  ])
})

test('a failed call rejects with the error name and message, in a shape that survives contextBridge', async () => {
  const results: Record<string, unknown> = {
    [ipcMethodChannel('getMessage')]: { ok: false, error: { name: 'MessageNotFoundError', message: 'no message 01X' } },
    [ipcMethodChannel('stats')]: { ok: false, error: { name: 'SomethingNewError', message: 'new' } },
    [ipcMethodChannel('listContacts')]: 'garbage'
  }
  const bridge = createBridge(fakeIpc(channel => results[channel]))

  const rejection: unknown = await bridge.getMessage('01X').then(() => assert.fail('resolved'), (err: unknown) => err)
  // a plain object: contextBridge copies its fields; an Error would reach the page as Error(message)
  assert.deepEqual(rejection, { name: 'MessageNotFoundError', message: 'no message 01X' })
  assert.equal(Object.getPrototypeOf(rejection), Object.prototype)
  const rebuilt = errorFromWire(rejection as { name: string, message: string })
  assert.ok(rebuilt instanceof Error)
  assert.equal(rebuilt.name, 'MessageNotFoundError')
  assert.equal(rebuilt.message, 'no message 01X')

  await assert.rejects(bridge.stats(), { name: 'SomethingNewError', message: 'new' })
  await assert.rejects(bridge.listContacts(), { name: 'TimError', message: /malformed IPC result/ })
  const unanswered = createBridge({ ...fakeIpc(), invoke: async () => { throw new Error("No handler registered for 'tim:api:stats'") } })
  await assert.rejects(unanswered.stats(), { name: 'NodeUnavailableError', message: /No handler registered/ })
})

test('on accepts known events only, subscribes once per name, and unsubscribes', t => {
  const reported = t.mock.method(console, 'error', () => {})
  const ipc = fakeIpc()
  const bridge = createBridge(ipc)
  const untyped = bridge.on as (event: string, listener: unknown) => () => void
  assert.throws(() => untyped('not:an-event', () => {}), { name: 'InvalidArgumentError' })
  assert.throws(() => untyped('constructor', () => {}), { name: 'InvalidArgumentError' })
  assert.throws(() => untyped('message:received', 'not a function'), { name: 'InvalidArgumentError' })
  assert.deepEqual(ipc.sent, [], 'refused subscriptions send nothing')

  const first: unknown[] = []
  const second: unknown[] = []
  const offFirst = bridge.on('message:received', m => { first.push(m.text) })
  bridge.on('message:received', m => { second.push(m.text) })
  bridge.on('contact:request', () => { throw new Error('a broken page listener') })
  assert.deepEqual(ipc.sent, [
    { channel: IPC_SUBSCRIBE_CHANNEL, payload: ['message:received'] },
    { channel: IPC_SUBSCRIBE_CHANNEL, payload: ['contact:request'] }
  ])

  ipc.emit({ event: 'message:received', data: { text: 'one' } })
  ipc.emit({ event: 'contact:request', data: {} })
  ipc.emit({ event: 'not:an-event', data: { text: 'ignored' } })
  ipc.emit({ event: 'message:received' })
  ipc.emit('garbage')
  offFirst()
  ipc.emit({ event: 'message:received', data: { text: 'two' } })
  assert.deepEqual(first, ['one'])
  assert.deepEqual(second, ['one', 'two'])
  assert.equal(reported.mock.callCount(), 1, 'the broken listener is reported, the others still run')
})

test('over the fake IPC hop, a page onboards a real node and receives its messages', T, async t => {
  const host = await startHost(t, 'bob')
  const { bridge, close } = connectBridge(host)

  await assert.rejects(bridge.getIdentity(), { name: 'NoIdentityError' })
  const bob = await bridge.createAccount({ name: 'Bob' })
  assert.equal(bob.name, 'Bob')
  assert.deepEqual(await bridge.getIdentity(), bob)
  await assert.rejects((bridge as unknown as UntypedBridge).send('hello'), { name: 'InvalidArgumentError' })

  const alice = await startPeer(t, 'Alice')
  const contact = await bridge.addContact({ invite: await alice.invite() })
  assert.equal(contact.accountId, alice.account)
  await alice.node.api.addContact({ invite: bob.invite })

  const received: Message[] = []
  bridge.on('message:received', message => { received.push(message) })
  const sent = await alice.node.api.send({ conversation: dmConversation(bob.accountId), text: 'hello over IPC' })
  await waitFor(() => received, r => r.length === 1, { what: 'the message to reach the page' })
  assert.equal(received[0]?.id, sent.id)
  assert.equal(received[0]?.text, 'hello over IPC')
  assert.equal(received[0]?.from, alice.account)
  assert.deepEqual((await bridge.history({ conversation: dmConversation(alice.account) })).map(m => m.id), [sent.id])

  const reply = await bridge.send({ conversation: dmConversation(alice.account), text: 'hi Alice' })
  assert.equal(reply.direction, 'out')
  await waitFor(async () => bridge.getMessage(reply.id), m => m.state === 'delivered', { what: 'the reply to be delivered' })

  // once the window is gone, nothing more is forwarded to it
  close()
  await alice.node.api.send({ conversation: dmConversation(bob.accountId), text: 'after close' })
  await waitFor(async () => bridge.history({ conversation: dmConversation(alice.account) }), h => h.length === 3, { what: 'the last message to be stored' })
  assert.equal(received.length, 1)
})

test('a page on a foreign origin gets nothing from a real node', T, async t => {
  const host = await startHost(t)
  const { bridge } = connectBridge(host, sender({ senderFrame: frame('https://evil.example/') }))
  await assert.rejects(bridge.createAccount({ name: 'Mallory' }), { name: 'UnauthorizedError' })
  await assert.rejects(bridge.stats(), { name: 'UnauthorizedError' })
  assert.equal(host.node(), null, 'no account was created')
})
