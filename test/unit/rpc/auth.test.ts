import assert from 'node:assert/strict'
import { request } from 'node:http'
import { test } from 'node:test'
import { WebSocket } from 'ws'
import { createRpcClient, createRpcServer } from '../../../core/rpc/index.ts'
import { TOKEN, connect, createFakeApi, identity, rawSocket, startServer, upgradeStatus, within } from './helpers.ts'

const T = { timeout: 10_000 }

test('a wrong token is reported as UnauthorizedError, and the API is never called', T, async t => {
  const { api, server } = await startServer(t)
  await assert.rejects(
    within(createRpcClient({ url: server.url, token: 'wrong-token' }), 'the refused connection'),
    (err: Error) => {
      assert.equal(err.name, 'UnauthorizedError')
      assert.doesNotMatch(err.message, /wrong-token/)
      return true
    }
  )
  assert.equal(server.clients, 0)
  assert.deepEqual(api.calls, [])
})

test('a wrong token is UnauthorizedError with an injected WebSocket implementation too', T, async t => {
  const { server } = await startServer(t)
  await assert.rejects(
    within(createRpcClient({ url: server.url, token: 'wrong-token', WebSocket }), 'the refused connection'),
    { name: 'UnauthorizedError' }
  )
  // and the right one works with it
  const client = await within(createRpcClient({ url: server.url, token: TOKEN, WebSocket }), 'the connection')
  t.after(async () => { await client.close() })
  assert.deepEqual(await client.getIdentity(), identity)
})

test('a raw socket without a token gets an UnauthorizedError frame and close code 4401', T, async t => {
  const { api, server } = await startServer(t)
  const raw = await rawSocket(t, server.url)
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getIdentity', params: [] }))
  const frame = await raw.next()
  assert.deepEqual(frame.error, { code: -32001, message: 'missing or wrong API token', data: { name: 'UnauthorizedError' } })
  assert.equal(frame.id, null)
  assert.equal(await within(raw.closed, 'the close'), 4401)
  assert.deepEqual(api.calls, [])
})

test('the token is accepted in an Authorization: Bearer header', T, async t => {
  const { server } = await startServer(t)
  const raw = await rawSocket(t, server.url, { headers: { authorization: `Bearer ${TOKEN}` } })
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', method: 'ready', params: { version: 1 } })
  raw.send(JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'getIdentity', params: [] }))
  assert.deepEqual(await raw.next(), { jsonrpc: '2.0', id: 'a', result: identity })

  const wrong = await rawSocket(t, server.url, { headers: { authorization: 'Bearer nope' } })
  assert.equal((await wrong.next()).id, null)
  assert.equal(await within(wrong.closed, 'the close'), 4401)
})

test('a connection from a web origin that is not allowed is refused with 403', T, async t => {
  const { server } = await startServer(t, { allowedOrigins: ['http://127.0.0.1:5173'] })
  const url = `${server.url}?token=${TOKEN}`
  assert.equal(await upgradeStatus(url, { origin: 'https://evil.example' }), 403)
  assert.equal(await upgradeStatus(url, { origin: 'null' }), 403)
  assert.equal(await upgradeStatus(url, { origin: 'http://127.0.0.1:5173' }), 101)
  // without any Origin (CLI, SDKs) the token alone decides
  assert.equal(await upgradeStatus(url), 101)
  const client = await connect(t, server)
  assert.deepEqual(await client.getIdentity(), identity)
})

test('by default no web origin may connect', T, async t => {
  const { server } = await startServer(t)
  assert.equal(await upgradeStatus(`${server.url}?token=${TOKEN}`, { origin: 'http://localhost:3000' }), 403)
})

test('only the /rpc path upgrades; plain HTTP is told to upgrade', T, async t => {
  const { server } = await startServer(t)
  assert.equal(await upgradeStatus(server.url.replace(/\/rpc$/, `/other?token=${TOKEN}`)), 404)
  const httpUrl = server.url.replace(/^ws:/, 'http:')
  const status = await within(new Promise<number>((resolve, reject) => {
    request(httpUrl, res => { res.resume(); resolve(res.statusCode ?? 0) }).on('error', reject).end()
  }), 'the HTTP answer')
  assert.equal(status, 426)
})

test('an empty token is refused on both sides', T, async () => {
  assert.throws(() => createRpcServer({ api: createFakeApi() }, { token: '' }), { name: 'InvalidArgumentError' })
  await assert.rejects(createRpcClient({ url: 'ws://127.0.0.1:1/rpc', token: '' }), { name: 'InvalidArgumentError' })
  await assert.rejects(createRpcClient({ url: 'http://127.0.0.1:1/rpc', token: TOKEN }), { name: 'InvalidArgumentError' })
})
