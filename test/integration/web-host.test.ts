/**
 * The web host without a browser: a real node host (onboarding mode, real libp2p on
 * 127.0.0.1) behind startLocalApi, a stand-in renderer build in a temp folder, and raw HTTP
 * requests (node:http, so that `/../x` reaches the server unnormalised). Checks what a user
 * and an attacker would: a login link works once, a wrong or used one is refused, failures
 * are rate-limited, no file outside the UI folder is ever served, every answer carries the
 * security headers, and the session token drives the JSON-RPC API from the UI's origin only.
 */

import assert from 'node:assert/strict'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { join } from 'node:path'
import { test } from 'node:test'
import { WebSocket as WsWebSocket } from 'ws'
import type { Identity } from '../../core/api/index.ts'
import { createNodeHost } from '../../core/host/index.ts'
import { createRpcClient, type WebSocketConstructor, type WebSocketLike } from '../../core/rpc/index.ts'
import { CONTENT_SECURITY_POLICY, createWebHost, startLocalApi, type LocalApi, type WebHost } from '../../app/web/index.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const SECRET = 'this-must-never-be-served'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** One raw HTTP request; `path` is sent byte for byte as the request target. */
async function raw (base: string, path: string, init: { method?: string, headers?: Record<string, string>, body?: string } = {}): Promise<Reply> {
  const url = new URL(base)
  return await new Promise<Reply>((resolve, reject) => {
    const req = request({
      host: url.hostname,
      port: url.port,
      path,
      method: init.method ?? 'GET',
      headers: init.headers,
      timeout: 5_000
    }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => { body += chunk })
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body }) })
    })
    req.on('timeout', () => { req.destroy(new Error(`${path}: no answer within 5 s`)) })
    req.on('error', reject)
    req.end(init.body)
  })
}

async function login (base: string, code: string, headers: Record<string, string> = {}): Promise<Reply> {
  return await raw(base, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ code })
  })
}

function codeOf (loginUrl: string): string {
  const match = /^http:\/\/127\.0\.0\.1:\d+\/#login=([A-Za-z0-9_-]+)$/.exec(loginUrl)
  assert.ok(match?.[1] !== undefined, `a login URL of the documented form, got ${loginUrl}`)
  return match[1]
}

/** A stand-in for renderer/dist, next to a file that must stay private. */
async function fakeUiBuild (dir: string): Promise<string> {
  await writeFile(join(dir, 'secret.txt'), SECRET)
  const ui = join(dir, 'dist')
  await mkdir(join(ui, 'assets'), { recursive: true })
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>Tim</title><script type="module" src="/assets/app.js"></script>')
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log("tim")')
  await writeFile(join(ui, 'assets', 'style.css'), 'body{}')
  await writeFile(join(ui, '.env'), SECRET)
  await symlink(join(dir, 'secret.txt'), join(ui, 'assets', 'escape.txt'))
  return ui
}

/** A WebSocket class for the RPC client that sends an `Origin` header, as a browser does. */
function webSocketFrom (origin: string): WebSocketConstructor {
  return class extends WsWebSocket {
    constructor (url: string) {
      super(url, { origin })
    }
  } as unknown as new (url: string) => WebSocketLike
}

test('the web host serves the UI, logs a page in once, and guards the API', { timeout: 60_000 }, async t => {
  const dir = await tempDir(t, 'tim-web-')
  const staticDir = await fakeUiBuild(dir)
  const host = createNodeHost({ dataDir: join(dir, 'node'), listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false })
  await host.start()
  t.after(async () => { await host.stop() })
  const token = 'secret-api-token'
  const local: LocalApi = await startLocalApi({
    api: host.api,
    token,
    rpc: { host: '127.0.0.1', port: 0 },
    ui: { staticDir, login: { maxFailures: 5, failureWindowMs: 60_000 } }
  })
  t.after(async () => { await local.stop({ signal: AbortSignal.timeout(2_000) }) })
  const web = local.web
  assert.ok(web !== undefined)
  const base = web.url

  await t.test('a login link works exactly once and hands out the RPC URL and token', async () => {
    const link = web.loginUrl()
    assert.match(web.url, /^http:\/\/127\.0\.0\.1:\d+\/$/)
    const code = codeOf(link)
    assert.equal(code.length, 43, '32 random bytes, base64url')
    assert.notEqual(codeOf(web.loginUrl()), code, 'every link has a fresh code')

    const first = await login(base, code, { origin: web.origin })
    assert.equal(first.status, 200, first.body)
    assert.deepEqual(JSON.parse(first.body), { rpcUrl: local.rpc.url, token })
    assert.match(local.rpc.url, /^ws:\/\/127\.0\.0\.1:\d+\/rpc$/)
    assert.equal(first.headers['cache-control'], 'no-store')

    const again = await login(base, code)
    assert.equal(again.status, 401)
    assert.equal((JSON.parse(again.body) as { error: { name: string } }).error.name, 'UnauthorizedError')
  })

  await t.test('a wrong code gets 401 UnauthorizedError, a bad body 400/413/415', async () => {
    const wrong = await login(base, 'not-a-code')
    assert.equal(wrong.status, 401)
    const error = (JSON.parse(wrong.body) as { error: { name: string, message: string } }).error
    assert.equal(error.name, 'UnauthorizedError')
    assert.match(error.message, /wrong, used or expired/)

    const notJson = await raw(base, '/api/session', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"code":"x"}' })
    assert.equal(notJson.status, 415)
    const broken = await raw(base, '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' })
    assert.equal(broken.status, 400)
    const noCode = await raw(base, '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"x"}' })
    assert.equal(noCode.status, 400)
    const huge = await login(base, 'x'.repeat(10_000))
    assert.equal(huge.status, 413)
    const get = await raw(base, '/api/session')
    assert.equal(get.status, 405)
  })

  await t.test('a login from another site\'s page, or through another host name, is refused', async () => {
    const code = codeOf(web.loginUrl())
    const foreign = await login(base, code, { origin: 'http://evil.example' })
    assert.equal(foreign.status, 403)
    const rebound = await login(base, code, { host: `evil.example:${new URL(base).port}` })
    assert.equal(rebound.status, 421)
    const page = await raw(base, '/', { headers: { host: 'localhost.evil.example' } })
    assert.equal(page.status, 421)
    // neither used the code up
    assert.equal((await login(base, code)).status, 200)
  })

  await t.test('the page and its assets come with the right types and security headers', async () => {
    const page = await raw(base, '/')
    assert.equal(page.status, 200)
    assert.match(page.body, /<title>Tim<\/title>/)
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8')
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY)
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'; connect-src 'self' ws:\/\/127\.0\.0\.1:\*; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'/)
    assert.equal(page.headers['x-content-type-options'], 'nosniff')
    assert.equal(page.headers['referrer-policy'], 'no-referrer')
    assert.equal(page.headers['cache-control'], 'no-store')
    assert.equal((await raw(base, '/index.html')).headers['cache-control'], 'no-store')

    const script = await raw(base, '/assets/app.js?v=1')
    assert.equal(script.status, 200)
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal(script.headers['content-security-policy'], CONTENT_SECURITY_POLICY)
    assert.equal((await raw(base, '/assets/style.css')).headers['content-type'], 'text/css; charset=utf-8')

    const missing = await raw(base, '/nope.js')
    assert.equal(missing.status, 404)
    assert.equal(missing.headers['content-security-policy'], CONTENT_SECURITY_POLICY)
    const head = await raw(base, '/', { method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    assert.equal((await raw(base, '/', { method: 'POST' })).status, 405)
    assert.equal((await raw(base, '/', { method: 'PUT' })).status, 405)
  })

  await t.test('no directory listing, no hidden files, no way out of the UI folder', async () => {
    for (const path of ['/assets', '/assets/']) {
      const listing = await raw(base, path)
      assert.equal(listing.status, 404, `${path} is not listed`)
      assert.doesNotMatch(listing.body, /app\.js/)
    }
    const attempts = [
      '/../secret.txt', '/../package.json', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt',
      '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt', '/assets/..\\..\\secret.txt', '/%252e%252e/secret.txt', '//secret.txt',
      '/.env', '/%2eenv', '/assets/escape.txt', '/%00', '/index.html%00.js', '/%zz', `/${'%2e%2e/'.repeat(8)}etc/passwd`
    ]
    for (const path of attempts) {
      const reply = await raw(base, path)
      assert.ok([400, 403, 404].includes(reply.status), `${path} is refused (got ${reply.status})`)
      assert.ok(!reply.body.includes(SECRET), `${path} does not leak the file`)
      assert.doesNotMatch(reply.body, /"name": "tim"|root:x:0/, `${path} does not leak files`)
    }
    assert.equal((await raw(base, '/../package.json')).status, 403)
    assert.equal((await raw(base, '/%2e%2e/secret.txt')).status, 403)
  })

  await t.test('the session token drives the API from the UI origin, and another origin is refused', async () => {
    const session = JSON.parse((await login(base, codeOf(web.loginUrl()), { origin: web.origin })).body) as { rpcUrl: string, token: string }
    const client = await createRpcClient({ url: session.rpcUrl, token: session.token, WebSocket: webSocketFrom(web.origin) })
    try {
      await assert.rejects(client.getIdentity(), { name: 'NoIdentityError' }, 'a fresh data directory is in onboarding')
      const identity: Identity = await client.createAccount({ name: 'Alice' })
      assert.equal(identity.name, 'Alice')
      assert.equal((await client.getIdentity()).accountId, identity.accountId)
      assert.deepEqual(await client.listContacts(), [])
    } finally {
      await client.close()
    }
    await assert.rejects(
      createRpcClient({ url: session.rpcUrl, token: session.token, WebSocket: webSocketFrom('http://evil.example') }),
      { name: 'NodeUnavailableError' }, 'a page of another origin cannot connect, even with the token')
    const otherPort = `http://127.0.0.1:${Number(new URL(base).port) === 1 ? 2 : 1}`
    await assert.rejects(
      createRpcClient({ url: session.rpcUrl, token: session.token, WebSocket: webSocketFrom(otherPort) }),
      { name: 'NodeUnavailableError' }, 'nor can another local page')
    await assert.rejects(
      createRpcClient({ url: session.rpcUrl, token: 'wrong', WebSocket: webSocketFrom(web.origin) }),
      { name: 'UnauthorizedError' })
  })

  await t.test('failed logins are rate-limited: past the limit even a good code waits', async () => {
    const good = codeOf(web.loginUrl())
    let status = 0
    for (let i = 0; i < 10 && status !== 429; i++) {
      status = (await login(base, `guess-${i}`)).status
    }
    assert.equal(status, 429)
    const limited = await login(base, good)
    assert.equal(limited.status, 429)
    assert.equal((JSON.parse(limited.body) as { error: { name: string } }).error.name, 'RateLimitedError')
    assert.match(String(limited.headers['retry-after']), /^\d+$/)
  })
})

test('a login code expires', { timeout: 10_000 }, async t => {
  const dir = await tempDir(t, 'tim-web-')
  const staticDir = await fakeUiBuild(dir)
  let now = 1_000_000
  const web: WebHost = createWebHost({ rpcToken: 't', rpcUrl: 'ws://127.0.0.1:1/rpc', staticDir, login: { ttlMs: 60_000, now: () => now } })
  await web.start()
  t.after(async () => { await web.stop() })
  const stale = codeOf(web.loginUrl())
  const fresh = codeOf(web.loginUrl())
  now += 60_001
  assert.equal((await login(web.url, stale)).status, 401)
  const late = codeOf(web.loginUrl())
  assert.equal((await login(web.url, fresh)).status, 401)
  assert.equal((await login(web.url, late)).status, 200)
})

test('the web host refuses to start without a built UI, and says how to build it', async t => {
  const dir = await tempDir(t, 'tim-web-')
  const web = createWebHost({ rpcToken: 't', rpcUrl: 'ws://127.0.0.1:1/rpc', staticDir: join(dir, 'missing') })
  await assert.rejects(web.start(), /the UI is not built: .* \(run `npm run build:ui`\)/)
  assert.throws(() => web.loginUrl(), /not started/)
})
