import assert from 'node:assert/strict'
import { test } from 'node:test'
import { connect, identity, rawAuthorized, startServer, waitFor, within } from './helpers.ts'

const T = { timeout: 10_000 }

function errorOf (frame: Record<string, unknown>): { code: number, name: string } {
  const error = frame.error as { code: number, data: { name: string } }
  return { code: error.code, name: error.data.name }
}

test('malformed JSON gets a parse error, and the server keeps serving', T, async t => {
  const { server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  raw.send('{"jsonrpc": "2.0", "id": 1, "method": "getIdentity", ')
  const frame = await raw.next()
  assert.equal(frame.id, null)
  assert.deepEqual(errorOf(frame), { code: -32700, name: 'MalformedFrameError' })
  raw.send(Buffer.from([0xff, 0x00]))
  assert.equal(errorOf(await raw.next()).code, -32700)
  // the same socket still works
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'getIdentity' }))
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', id: 2, result: identity })
})

test('frames that are not requests get an invalid-request error, with their id when readable', T, async t => {
  const { server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  for (const bad of ['42', '"getIdentity"', 'null', '[]', '[{"jsonrpc":"2.0","id":1,"method":"stats"}]', '{}']) {
    raw.send(bad)
    const frame = await raw.next()
    assert.equal(frame.id, null, bad)
    assert.deepEqual(errorOf(frame), { code: -32600, name: 'MalformedFrameError' }, bad)
  }
  raw.send(JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'stats' }))
  const wrongVersion = await raw.next()
  assert.equal(wrongVersion.id, 7)
  assert.equal(errorOf(wrongVersion).code, -32600)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: { x: 1 }, method: 'stats' }))
  assert.equal((await raw.next()).id, null)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 8, method: 42 }))
  assert.equal((await raw.next()).id, 8)
})

test('an unknown method gets UnknownMethodError and never reaches the API', T, async t => {
  const { api, server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  for (const method of ['deleteEverything', 'constructor', '__proto__', 'toString', 'on']) {
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: method, method, params: [] }))
    const frame = await raw.next()
    assert.equal(frame.id, method)
    assert.deepEqual(errorOf(frame), { code: -32601, name: 'UnknownMethodError' }, method)
  }
  assert.deepEqual(api.calls, [])
})

test('params must be the array of positional arguments', T, async t => {
  const { api, server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  const cases = [
    { method: 'send', params: { conversation: 'dm:timBob', text: 'hi' } },
    { method: 'send', params: [{ conversation: 'dm:timBob', text: 'hi' }, { signal: 'nope' }] },
    { method: 'getMessage', params: [['01A']] },
    { method: 'stats', params: [1] },
    { method: 'history', params: [null] }
  ]
  for (const [i, c] of cases.entries()) {
    raw.send(JSON.stringify({ jsonrpc: '2.0', id: i, ...c }))
    const frame = await raw.next()
    assert.equal(frame.id, i)
    assert.deepEqual(errorOf(frame), { code: -32602, name: 'InvalidArgumentError' }, JSON.stringify(c))
  }
  assert.deepEqual(api.calls, [])
})

test('a notification (no id) runs and gets no answer', T, async t => {
  const { api, server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'send', params: [{ conversation: 'dm:timBob', text: 'fire and forget' }] }))
  raw.send(JSON.stringify({ jsonrpc: '2.0', method: 'noSuchMethod' }))
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 'after', method: 'stats', params: [] }))
  // the first frame back is the answer to the request with an id
  assert.equal((await raw.next()).id, 'after')
  await waitFor(() => api.calls.some(c => c.method === 'send'), 'the notification to run')
})

test('an oversized frame closes that socket with 1009, and other clients keep working', T, async t => {
  const { server } = await startServer(t, { maxPayloadBytes: 4096 })
  const client = await connect(t, server)
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'send', params: [{ conversation: 'dm:timBob', text: 'x'.repeat(8192) }] }))
  assert.equal(await within(raw.closed, 'the oversized socket to close'), 1009)
  await waitFor(() => server.clients === 1, 'the server to drop the socket')
  assert.deepEqual(await client.getIdentity(), identity)
  const again = await rawAuthorized(t, server)
  again.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'getIdentity', params: [] }))
  assert.deepEqual(await again.next(), { jsonrpc: '2.0', id: 2, result: identity })
})

test('an application error and a result that is not JSON-safe are both answered', T, async t => {
  const { api, server } = await startServer(t)
  api.override('stats', async () => { throw new TypeError('boom') })
  api.override('conversations', async () => [{ n: 10n }])
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'stats', params: [] }))
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'boom', data: { name: 'TypeError' } } })
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'conversations', params: [] }))
  const frame = await raw.next()
  assert.equal(frame.id, 2)
  assert.equal(errorOf(frame).code, -32603)
})

test('a second call reusing a running id is refused; cancel stops the first', T, async t => {
  const { api, server } = await startServer(t)
  let serverSignal: AbortSignal | undefined
  api.override('history', async (_request, options) => {
    serverSignal = (options as { signal: AbortSignal }).signal
    await new Promise((_resolve, reject) => {
      serverSignal?.addEventListener('abort', () => { reject(serverSignal?.reason) })
    })
  })
  const raw = await rawAuthorized(t, server)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'history', params: [{ conversation: 'dm:timBob' }] }))
  await waitFor(() => serverSignal !== undefined, 'the call to start')
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'stats', params: [] }))
  const refused = await raw.next()
  assert.equal(refused.id, 5)
  assert.equal(errorOf(refused).code, -32600)

  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'cancel', params: [5] }))
  const frames = [await raw.next(), await raw.next()]
  const cancelled = frames.find(f => f.id === 5)
  assert.deepEqual(frames.find(f => f.id === 6), { jsonrpc: '2.0', id: 6, result: true })
  assert.ok(cancelled !== undefined)
  assert.deepEqual(errorOf(cancelled), { code: -32000, name: 'AbortError' })
  assert.equal(serverSignal?.aborted, true)
})

test('stop() does not wait for a client that never acknowledges the close once its signal aborts', T, async t => {
  const { server } = await startServer(t)
  const raw = await rawAuthorized(t, server)
  ;(raw.ws as unknown as { _socket: { pause: () => void } })._socket.pause()
  const started = Date.now()
  await within(server.stop({ signal: AbortSignal.timeout(200) }), 'stop()', 3000)
  assert.ok(Date.now() - started < 2000)
  assert.equal(server.clients, 0)
})
