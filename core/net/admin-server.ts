/**
 * The relay's admin endpoint: read-only HTTP/JSON on one host (127.0.0.1 unless told
 * otherwise), every request carrying `Authorization: Bearer <token>`.
 *
 *   GET <url>/stats    → RelayStats (relay-stats.ts), with `serving` when the node gives it
 *   GET <url>/metrics  → RelayStats['metrics']
 *   GET <url>/serving  → what this node serves others (DHT mode, reservations, mail held)
 *
 * where <url> is `http://host:port/admin`. A wrong or missing token gets 401, a request with
 * an `Origin` header (a web page) gets 403, anything but GET gets 405, every error body is
 * `{ error: { name, message } }`. Never changes the node; never listens anywhere else.
 */

import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { logger } from '@libp2p/logger'
import type { RelayStats } from './relay-stats.ts'

const log = logger('tim:net:admin')

export const ADMIN_PATH = '/admin'

export interface AdminServerComponents {
  stats: () => Promise<RelayStats>
  /** what this node serves others (core/api ServingStats); 404 at /serving without it */
  serving?: () => Promise<unknown>
}

export interface AdminServerInit {
  /** default 127.0.0.1 */
  host?: string
  /** 0 picks a free port (default) */
  port?: number
  token: string
}

export interface AdminServer {
  start: () => Promise<void>
  stop: () => Promise<void>
  /** `http://host:port/admin`; throws before start() */
  readonly url: string
}

function digest (text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

function sendJson (res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
  res.end(text + '\n')
}

function sendError (res: ServerResponse, status: number, name: string, message: string): void {
  sendJson(res, status, { error: { name, message } })
}

export function createAdminServer (components: AdminServerComponents, init: AdminServerInit): AdminServer {
  if (typeof init.token !== 'string' || init.token.length === 0) {
    throw new TypeError('the admin server needs a non-empty token')
  }
  const tokenDigest = digest(init.token)
  let server: Server | undefined
  let url: string | undefined

  const authorized = (req: IncomingMessage): boolean => {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')
    return match?.[1] != null && timingSafeEqual(digest(match[1]), tokenDigest)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.origin != null) {
      sendError(res, 403, 'ForbiddenError', 'the admin endpoint does not serve web pages')
      return
    }
    if (!authorized(req)) {
      sendError(res, 401, 'UnauthorizedError', 'missing or wrong admin token')
      return
    }
    if (req.method !== 'GET') {
      sendError(res, 405, 'MethodNotAllowedError', 'the admin endpoint is read-only: use GET')
      return
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    if (path === `${ADMIN_PATH}/stats`) {
      const serving = await components.serving?.()
      sendJson(res, 200, { ...await components.stats(), ...(serving !== undefined ? { serving } : {}) })
    } else if (path === `${ADMIN_PATH}/serving` && components.serving !== undefined) {
      sendJson(res, 200, await components.serving())
    } else if (path === `${ADMIN_PATH}/metrics`) {
      sendJson(res, 200, (await components.stats()).metrics)
    } else {
      sendError(res, 404, 'NotFoundError', `no such admin resource: ${path.slice(0, 100)}`)
    }
  }

  return {
    start: async () => {
      if (server != null) return
      const created = createServer((req, res) => {
        handle(req, res).catch((err: Error) => {
          log.error('admin request failed: %s', err.message)
          if (!res.headersSent) sendError(res, 500, err.name, err.message)
        })
      })
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject)
        created.listen(init.port ?? 0, init.host ?? '127.0.0.1', () => {
          created.off('error', reject)
          resolve()
        })
      })
      created.on('error', (err) => { log.error('admin server error: %s', err.message) })
      const address = created.address() as AddressInfo
      const host = address.address.includes(':') ? `[${address.address}]` : address.address
      url = `http://${host}:${address.port}${ADMIN_PATH}`
      server = created
      log('admin endpoint on %s', url)
    },
    stop: async () => {
      const running = server
      if (running == null) return
      server = undefined
      url = undefined
      const closed = new Promise<void>(resolve => { running.close(() => { resolve() }) })
      running.closeAllConnections()
      await closed
    },
    get url () {
      if (url == null) throw new Error('the admin server is not started')
      return url
    }
  }
}
