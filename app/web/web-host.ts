/**
 * The web host: a node:http server on 127.0.0.1 that serves the built renderer and lets a
 * browser tab log in to the node's JSON-RPC API with a one-time link.
 *
 * Login protocol (what the renderer follows):
 * 1. the node prints `loginUrl()`: `http://127.0.0.1:PORT/#login=CODE` (a fresh one-time
 *    CODE; the fragment never reaches a server or a Referer header);
 * 2. the page POSTs `{ "code": CODE }` (Content-Type: application/json) to `/api/session`;
 * 3. the answer is 200 `{ "rpcUrl": "ws://127.0.0.1:RPCPORT/rpc", "token": "<API token>" }`
 *    and the code is used up; a wrong, used or expired code gets 401
 *    `{ "error": { "name": "UnauthorizedError", "message": … } }`, too many failures 429
 *    (RateLimitedError), a bad body 400/413/415 (InvalidArgumentError);
 * 4. the page connects to `rpcUrl` with the token (core/rpc/client.ts). The RPC server must
 *    list this host's `origin` in its allowedOrigins: start the web host first (see
 *    local-api.ts, which owns that order).
 *
 * Static files: GET/HEAD only, `/` is index.html, no directory listing, no dot-files, no
 * way out of `staticDir` (see static-files.ts). Every response carries the security headers
 * below; a request whose Host is not this server's own address is refused (DNS rebinding),
 * and so is a POST whose Origin is another site's. Never calls the MessengerApi itself.
 */

import { createReadStream } from 'node:fs'
import { realpath } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { InvalidArgumentError, isPlainObject, type WireError } from '../../core/api/index.ts'
import { createLoginCodes, type LoginCodesInit } from './login-codes.ts'
import { INDEX_FILE, lookupStatic } from './static-files.ts'

const log = logger('tim:web')

/** Where the renderer posts its one-time code. */
export const SESSION_PATH = '/api/session'

/** The fragment parameter of a login link: `/#login=CODE`. */
export const LOGIN_FRAGMENT = 'login'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-ancestors 'none'"
].join('; ')

/** Sent with every response, files and API answers alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

export interface WebHostInit {
  /** the node's JSON-RPC API token, handed to a page that logs in */
  rpcToken: string
  /**
   * `ws://127.0.0.1:RPCPORT/rpc`, handed to a page that logs in. A function when the RPC
   * server starts after the web host (it must, to allow this host's origin); read at login.
   */
  rpcUrl: string | (() => string)
  /** the built renderer (renderer/dist): must hold index.html */
  staticDir: string
  /** the only address the server listens on (default 127.0.0.1) */
  host?: string
  /** TCP port; 0 picks a free one (default 0) */
  port?: number
  /** lifetime of login codes and the failed-login limit */
  login?: LoginCodesInit
  /** largest accepted body of POST /api/session (default 1 KiB) */
  maxBodyBytes?: number
}

export interface WebHost {
  /** listens; fails when `staticDir` holds no index.html */
  start: () => Promise<void>
  /** stops listening and drops every open connection */
  stop: () => Promise<void>
  /** `http://127.0.0.1:PORT/`; throws before start() */
  readonly url: string
  /** `http://127.0.0.1:PORT`, the origin the RPC server must allow; throws before start() */
  readonly origin: string
  /** `http://127.0.0.1:PORT/#login=CODE` with a fresh one-time code; throws before start() */
  loginUrl: () => string
}

/** A refusal with an HTTP status, answered as `{ error: { name, message } }`. */
class HttpError extends Error {
  constructor (readonly status: number, readonly wire: WireError, readonly headers: Record<string, string> = {}) {
    super(wire.message)
  }
}

function invalid (status: number, message: string): HttpError {
  return new HttpError(status, { name: 'InvalidArgumentError', message })
}

export function createWebHost (init: WebHostInit): WebHost {
  if (typeof init.rpcToken !== 'string' || init.rpcToken === '') {
    throw new InvalidArgumentError('the web host needs the API token')
  }
  const host = init.host ?? '127.0.0.1'
  const port = init.port ?? 0
  const maxBodyBytes = init.maxBodyBytes ?? 1024
  const codes = createLoginCodes(init.login)
  const rpcUrl = typeof init.rpcUrl === 'function' ? init.rpcUrl : () => init.rpcUrl as string

  let server: Server | undefined
  let origin: string | undefined
  /** the Host header a request must carry: `127.0.0.1:PORT` */
  let authority: string | undefined
  let root: string | undefined

  function started (): { origin: string, authority: string, root: string } {
    if (origin === undefined || authority === undefined || root === undefined) {
      throw new Error('the web host is not started')
    }
    return { origin, authority, root }
  }

  function send (res: ServerResponse, status: number, headers: Record<string, string | number>, body?: string): void {
    res.writeHead(status, { ...SECURITY_HEADERS, ...headers })
    res.end(body)
  }

  function sendJson (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
    const body = JSON.stringify(value)
    send(res, status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...headers
    }, body)
  }

  function sendText (res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    const body = `${text}\n`
    send(res, status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      ...headers
    }, body)
  }

  async function readBody (req: IncomingMessage): Promise<string> {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > maxBodyBytes) throw invalid(413, `the body is larger than ${maxBodyBytes} bytes`)
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > maxBodyBytes) throw invalid(413, `the body is larger than ${maxBodyBytes} bytes`)
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  async function createSession (req: IncomingMessage): Promise<{ rpcUrl: string, token: string }> {
    if (req.method !== 'POST') {
      throw new HttpError(405, { name: 'InvalidArgumentError', message: `${SESSION_PATH} takes POST only` }, { Allow: 'POST' })
    }
    const requestOrigin = req.headers.origin
    if (requestOrigin !== undefined && requestOrigin !== started().origin) {
      throw new HttpError(403, { name: 'UnauthorizedError', message: 'logins are accepted from this page only' })
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/json') throw invalid(415, 'the body must be JSON (Content-Type: application/json)')
    const text = await readBody(req)
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw invalid(400, 'the body is not valid JSON')
    }
    if (!isPlainObject(body) || typeof body.code !== 'string' || body.code === '') {
      throw invalid(400, 'the body must be { "code": "<login code>" }')
    }
    const result = codes.redeem(body.code)
    if (!result.ok) {
      if (result.reason === 'rate-limited') {
        const seconds = Math.max(1, Math.ceil((result.retryAfterMs ?? 1000) / 1000))
        log('refused a login: too many failed attempts')
        throw new HttpError(429, {
          name: 'RateLimitedError', message: `too many failed logins: try again in ${seconds} s`
        }, { 'Retry-After': String(seconds) })
      }
      log('refused a login with a wrong, used or expired code')
      throw new HttpError(401, {
        name: 'UnauthorizedError',
        message: 'this login link is wrong, used or expired: open the link the node printed last (or restart it for a new one)'
      })
    }
    let url: string
    try {
      url = rpcUrl()
    } catch (err) {
      throw new HttpError(503, { name: 'NodeUnavailableError', message: `the node's API is not running: ${(err as Error).message}` })
    }
    log('a page logged in')
    return { rpcUrl: url, token: init.rpcToken }
  }

  async function serveStatic (req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' })
      return
    }
    const found = await lookupStatic(started().root, req.url ?? '/')
    switch (found.kind) {
      case 'bad-request':
        sendText(res, 400, `bad request: ${found.reason}`)
        return
      case 'forbidden':
        sendText(res, 403, `forbidden: ${found.reason}`)
        return
      case 'not-found':
        sendText(res, 404, 'not found')
        return
    }
    const isIndex = found.path === join(started().root, INDEX_FILE)
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': found.contentType,
      'Content-Length': found.size,
      // the page must not be cached (it is the entry to a session); assets revalidate
      'Cache-Control': isIndex ? 'no-store' : 'no-cache'
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const stream = createReadStream(found.path)
    stream.on('error', err => {
      log.error('reading %s failed: %s', found.path, err.message)
      res.destroy(err)
    })
    stream.pipe(res)
  }

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== started().authority) {
      // a page on another name that resolves to 127.0.0.1 (DNS rebinding) gets nothing
      sendText(res, 421, `this server answers to ${started().authority} only`)
      return
    }
    const path = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/'
    if (path === SESSION_PATH) {
      try {
        sendJson(res, 200, await createSession(req))
      } catch (err) {
        if (!(err instanceof HttpError)) throw err
        // an unread body would otherwise be left on a kept-alive connection
        sendJson(res, err.status, { error: err.wire }, { ...err.headers, ...(req.complete ? {} : { Connection: 'close' }) })
      }
      return
    }
    if (path.startsWith('/api/')) {
      sendJson(res, 404, { error: { name: 'InvalidArgumentError', message: `no such endpoint: ${path.slice(0, 100)}` } })
      return
    }
    await serveStatic(req, res)
  }

  return {
    async start () {
      if (server !== undefined) return
      let staticRoot: string
      try {
        staticRoot = await realpath(init.staticDir)
        await realpath(join(staticRoot, INDEX_FILE))
      } catch {
        throw new InvalidArgumentError(`the UI is not built: ${init.staticDir} holds no ${INDEX_FILE} (run \`npm run build:ui\`)`)
      }
      const http = createServer((req, res) => {
        handle(req, res).catch(err => {
          log.error('request %s %s failed: %s', req.method, req.url, (err as Error).message)
          if (!res.headersSent) sendText(res, 500, 'internal error')
          else res.destroy()
        })
      })
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject)
        http.listen(port, host, () => {
          http.off('error', reject)
          resolve()
        })
      })
      http.on('error', err => { log.error('http server error %s', err.message) })
      const address = http.address() as AddressInfo
      const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address
      authority = `${shownHost}:${address.port}`
      origin = `http://${authority}`
      root = staticRoot
      server = http
      log('serving %s on %s', staticRoot, origin)
    },

    async stop () {
      const http = server
      if (http === undefined) return
      server = undefined
      origin = undefined
      authority = undefined
      const closed = new Promise<void>(resolve => { http.close(() => { resolve() }) })
      http.closeAllConnections()
      await closed
    },

    get url () {
      return `${started().origin}/`
    },

    get origin () {
      return started().origin
    },

    loginUrl () {
      return `${started().origin}/#${LOGIN_FRAGMENT}=${codes.issue()}`
    }
  }
}
