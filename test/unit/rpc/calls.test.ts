import assert from 'node:assert/strict'
import { test } from 'node:test'
import { messengerMethods, methodParams, type MessengerApi } from '../../../core/api/index.ts'
import { createRpcClient } from '../../../core/rpc/index.ts'
import { TOKEN, connect, identity, startServer, waitFor, withBob, within } from './helpers.ts'

const T = { timeout: 10_000 }

test('a call round-trips its arguments and its result', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)

  assert.deepEqual(await client.getIdentity(), identity)
  const sent = await client.send({ conversation: 'dm:timBob', text: 'hello' })
  assert.equal(sent.text, 'hello')
  assert.equal(sent.conversation, 'dm:timBob')
  assert.deepEqual(await client.getMessage(sent.id), sent)

  const sendCall = api.calls.find(c => c.method === 'send')
  assert.ok(sendCall !== undefined)
  assert.deepEqual(sendCall.args[0], { conversation: 'dm:timBob', text: 'hello' })
  // the server appends its own options, whose signal is live while the client is connected
  const options = sendCall.args[1] as { signal?: unknown }
  assert.ok(options.signal instanceof AbortSignal)
  assert.equal(options.signal.aborted, false)
  assert.equal(sendCall.args.length, 2)
  const identityCall = api.calls.find(c => c.method === 'getIdentity')
  assert.equal(identityCall?.args.length, 1, 'getIdentity gets only the options object')
})

test('every contract method is reachable through the client', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)
  await client.listContacts()
  await client.conversations()
  await client.history({ conversation: 'dm:timBob' })
  await client.stats()
  assert.deepEqual(api.calls.map(c => c.method), ['listContacts', 'conversations', 'history', 'stats'])
})

test('every method of the contract reaches the node with its arguments', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)
  const untyped = client as unknown as Record<keyof MessengerApi, (...args: unknown[]) => Promise<unknown>>
  for (const method of messengerMethods) {
    const args = methodParams[method].map((kind, i) => kind === 'string' ? `${method}-${i}` : { method, i })
    // some methods of the fake refuse: what matters is that the call arrived
    await untyped[method](...args).catch(() => {})
  }
  assert.deepEqual(api.calls.map(c => c.method), messengerMethods)
  for (const call of api.calls) {
    const sent = methodParams[call.method].map((kind, i) => kind === 'string' ? `${call.method}-${i}` : { method: call.method, i })
    assert.deepEqual(call.args.slice(0, -1), sent, `the arguments of ${call.method}`)
  }
})

test('edit, react, recall, delete and presence round-trip their results', T, async t => {
  const { server } = await startServer(t)
  const client = await connect(t, server)
  const sent = await client.send({ conversation: withBob, text: 'helo' })
  const edited = await client.editMessage({ id: sent.id, text: 'hello' })
  assert.equal(edited.text, 'hello')
  assert.equal(typeof edited.editedAt, 'number')
  assert.deepEqual((await client.react({ id: sent.id, emoji: '👍' })).reactions, [{ emoji: '👍', from: [identity.accountId] }])
  const recalled = await client.recall(sent.id)
  assert.deepEqual([recalled.erased, recalled.text], ['recalled', ''])
  assert.equal(await client.deleteMessage(sent.id), null, 'a method that resolves with nothing answers null')
  await assert.rejects(client.getMessage(sent.id), { name: 'MessageNotFoundError' })
  assert.deepEqual(await client.setPresence({ status: 'busy', text: 'in a meeting' }), { status: 'busy', text: 'in a meeting', shareLastSeen: true })
  assert.deepEqual(await client.getPresence(), { status: 'busy', text: 'in a meeting', shareLastSeen: true })
  await client.setTyping({ conversation: withBob, typing: true })
})

test('an application error arrives with the same name and message', T, async t => {
  const { server } = await startServer(t)
  const client = await connect(t, server)
  await assert.rejects(client.getMessage('01NOPE'), { name: 'MessageNotFoundError', message: 'no message 01NOPE' })
})

test('invalid params come back as InvalidArgumentError without reaching the API', T, async t => {
  const { api, server } = await startServer(t)
  const client = await connect(t, server)
  const untyped = client as unknown as Record<keyof MessengerApi, (...args: unknown[]) => Promise<unknown>>
  await assert.rejects(untyped.getMessage(42), { name: 'InvalidArgumentError', message: /must be a string, got number/ })
  await assert.rejects(untyped.send('hello'), { name: 'InvalidArgumentError', message: /must be an object, got string/ })
  await assert.rejects(untyped.send(), { name: 'InvalidArgumentError', message: /takes 1 argument, got 0/ })
  assert.deepEqual(api.calls, [])
})

test('an aborted call rejects with AbortError and the server aborts its work', T, async t => {
  const { api, server } = await startServer(t)
  let serverSignal: AbortSignal | undefined
  api.override('send', async (_request, options) => {
    serverSignal = (options as { signal: AbortSignal }).signal
    await new Promise(() => {}) // never answers
  })
  const client = await connect(t, server)
  const controller = new AbortController()
  const call = client.send({ conversation: 'dm:timBob', text: 'slow' }, { signal: controller.signal })
  await waitFor(() => serverSignal !== undefined, 'the call to reach the server')
  controller.abort()
  await assert.rejects(within(call, 'the aborted call'), { name: 'AbortError' })
  await waitFor(() => serverSignal?.aborted === true, 'the server-side signal to abort')

  // a signal that is already aborted never sends anything
  const before = api.calls.length
  await assert.rejects(client.stats({ signal: AbortSignal.abort() }), { name: 'AbortError' })
  // the connection still works
  assert.deepEqual(await client.getIdentity(), identity)
  assert.equal(api.calls.length, before + 1)
})

test('more than 64 calls in flight on one connection are refused with RateLimitedError', T, async t => {
  const { api, server } = await startServer(t)
  const release: Array<() => void> = []
  api.override('stats', async () => await new Promise(resolve => {
    release.push(() => { resolve({ rejected: {}, blocked: 0, received: 0, delivered: 0, connections: 0 }) })
  }))
  const client = await connect(t, server)
  const running = Array.from({ length: 64 }, async () => await client.stats())
  await waitFor(() => release.length === 64, '64 calls to reach the API')
  await assert.rejects(client.stats(), { name: 'RateLimitedError' })
  for (const r of release) r()
  await within(Promise.all(running), 'the 64 calls')
  // capacity is back
  assert.deepEqual(await client.getIdentity(), identity)
})

test('stop() closes clients and their pending calls reject with NodeUnavailableError', T, async t => {
  const { api, server } = await startServer(t)
  let serverSignal: AbortSignal | undefined
  api.override('history', async (_request, options) => {
    serverSignal = (options as { signal: AbortSignal }).signal
    await new Promise(() => {})
  })
  const client = await connect(t, server)
  client.on('message:received', () => {})
  const call = client.history({ conversation: 'dm:timBob' })
  await waitFor(() => serverSignal !== undefined && api.listenerCount() === 1, 'the call and the subscription')
  assert.equal(server.clients, 1)

  const rejected = assert.rejects(within(call, 'the pending call'), { name: 'NodeUnavailableError' })
  await within(server.stop(), 'the server to stop')
  await rejected
  await within(client.closed, 'the client to notice')
  assert.equal(serverSignal?.aborted, true)
  assert.equal(api.listenerCount(), 0)
  assert.equal(server.clients, 0)
  // later calls fail the same way, at once
  await assert.rejects(client.getIdentity(), { name: 'NodeUnavailableError' })
})

test('a client that closes leaves nothing behind on the server', T, async t => {
  const { api, server } = await startServer(t)
  let serverSignal: AbortSignal | undefined
  api.override('history', async (_request, options) => {
    serverSignal = (options as { signal: AbortSignal }).signal
    await new Promise(() => {})
  })
  const client = await createRpcClient({ url: server.url, token: TOKEN })
  client.on('message:state', () => {})
  client.on('contact:request', () => {})
  const call = client.history({ conversation: 'dm:timBob' })
  await waitFor(() => serverSignal !== undefined && api.listenerCount() === 2, 'the call and the subscriptions')

  const rejected = assert.rejects(within(call, 'the pending call'), { name: 'NodeUnavailableError' })
  await within(client.close(), 'the client to close')
  await rejected
  await waitFor(() => server.clients === 0, 'the server to drop the client')
  assert.equal(api.listenerCount(), 0)
  assert.equal(serverSignal?.aborted, true)
})

test('a node that is not running is reported as NodeUnavailableError without the token', T, async t => {
  const { server } = await startServer(t)
  const url = server.url
  await server.stop()
  await assert.rejects(
    within(createRpcClient({ url, token: TOKEN }), 'the failed connection'),
    (err: Error) => {
      assert.equal(err.name, 'NodeUnavailableError')
      assert.match(err.message, /cannot reach the Tim node at ws:\/\/127\.0\.0\.1:\d+\/rpc/)
      assert.doesNotMatch(err.message, new RegExp(TOKEN))
      return true
    }
  )
})

test('the server listens on 127.0.0.1 by default', T, async t => {
  const { server } = await startServer(t)
  assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/)
})
