/**
 * The JSON-RPC 2.0 WebSocket server that lets clients (CLI, web UI, SDKs) drive a running
 * node's MessengerApi. See index.ts for the protocol, auth and limits.
 */

import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { logger } from '@libp2p/logger'
import { WebSocket, WebSocketServer } from 'ws'
import type { RawData } from 'ws'
import {
  AbortError, InvalidArgumentError, isMessengerEventName, isMessengerMethod, errorToWire
} from '../api/index.ts'
import type {
  AbortOptions, MessengerApi, MessengerEventName, MessengerEventSource, MessengerEvents, MessengerMethod, WireError
} from '../api/index.ts'
import {
  CLOSE_UNAUTHORIZED, RPC_PATH, RPC_PROTOCOL_VERSION, checkMethodParams, checkRequest,
  failureResponse, idOf, isControlMethod, isValidId, rpcErrorCodes, successResponse
} from './protocol.ts'
import type { EventNotification, JsonRpcId, JsonRpcRequest, ReadyNotification, RpcControlMethod } from './protocol.ts'

const log = logger('tim:rpc')

export interface RpcServerComponents {
  api: MessengerApi & MessengerEventSource
}

export interface RpcServerInit {
  /** the only address the server listens on (default 127.0.0.1) */
  host?: string
  /** TCP port; 0 picks a free one (default 0) */
  port?: number
  /** the secret every client must present */
  token: string
  /** largest frame a client may send; a larger one closes that socket with 1009 (default 1 MiB) */
  maxPayloadBytes?: number
  /** web origins whose pages may connect; a request with any other `Origin` gets 403 (default none) */
  allowedOrigins?: string[]
  /** calls one socket may have running at once; more are refused with RateLimitedError (default 64) */
  maxInFlight?: number
  /** bytes queued unsent to one socket before it is dropped as too slow (default 16 MiB) */
  maxBufferedBytes?: number
}

export interface RpcServer {
  start: () => Promise<void>
  /**
   * Stops listening, aborts every running call, and closes every client with 1001. Waits
   * for the clients to acknowledge the close (ws gives up on one after 30 s); when
   * `options.signal` aborts, the connections still open are dropped at once.
   */
  stop: (options?: AbortOptions) => Promise<void>
  /** `ws://host:port/rpc`; throws before start() */
  readonly url: string
  /** authenticated sockets currently connected */
  readonly clients: number
}

/** One authenticated socket. */
interface Session {
  ws: WebSocket
  /** abort controllers of the calls running for this socket, with and without ids */
  running: Set<AbortController>
  /** calls that can be cancelled by id */
  byId: Map<string | number, AbortController>
  subscriptions: Map<MessengerEventName, () => void>
  closed: boolean
}

type ApiFunction = (...args: unknown[]) => Promise<unknown>

export function createRpcServer (components: RpcServerComponents, init: RpcServerInit): RpcServer {
  const { api } = components
  if (typeof init.token !== 'string' || init.token.length === 0) {
    throw new InvalidArgumentError('the RPC server needs a non-empty token')
  }
  const host = init.host ?? '127.0.0.1'
  const port = init.port ?? 0
  const maxPayload = init.maxPayloadBytes ?? 1024 * 1024
  const allowedOrigins = new Set(init.allowedOrigins ?? [])
  const maxInFlight = init.maxInFlight ?? 64
  const maxBufferedBytes = init.maxBufferedBytes ?? 16 * 1024 * 1024
  const tokenDigest = digest(init.token)

  let http: Server | undefined
  let wss: WebSocketServer | undefined
  let url: string | undefined
  /** every upgraded socket, authenticated or not, so that stop() can close them all */
  const sockets = new Set<WebSocket>()
  const sessions = new Set<Session>()

  function tokenMatches (candidate: string | undefined): boolean {
    if (candidate === undefined) return false
    // equal-length digests: timingSafeEqual needs equal lengths and must not leak the token's
    return timingSafeEqual(digest(candidate), tokenDigest)
  }

  function onUpgrade (req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', err => { log.error('upgrade socket error %s', err.message) })
    const server = wss
    if (server === undefined) {
      rejectUpgrade(socket, 503, 'Service Unavailable')
      return
    }
    const requestUrl = new URL(req.url ?? '/', 'http://localhost')
    if (requestUrl.pathname !== RPC_PATH) {
      rejectUpgrade(socket, 404, 'Not Found')
      return
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      log('refused a connection from origin %s', origin)
      rejectUpgrade(socket, 403, 'Forbidden')
      return
    }
    const authorized = tokenMatches(tokenFrom(req, requestUrl))
    server.handleUpgrade(req, socket, head, ws => { onConnection(ws, authorized) })
  }

  function onConnection (ws: WebSocket, authorized: boolean): void {
    sockets.add(ws)
    ws.on('error', err => { log('socket error %s', err.message) })
    ws.on('close', () => { sockets.delete(ws) })
    if (!authorized) {
      // The upgrade is accepted and then closed with 4401 because a browser WebSocket cannot
      // see the HTTP status of a refused upgrade, but can see a close code.
      log('refused a connection with a missing or wrong token')
      sendJson(ws, failureResponse(null, rpcErrorCodes.unauthorized, {
        name: 'UnauthorizedError', message: 'missing or wrong API token'
      }))
      ws.close(CLOSE_UNAUTHORIZED, 'UnauthorizedError')
      return
    }
    const session: Session = { ws, running: new Set(), byId: new Map(), subscriptions: new Map(), closed: false }
    sessions.add(session)
    ws.on('close', () => { endSession(session, 'the client disconnected') })
    ws.on('message', (data, isBinary) => { onFrame(session, data, isBinary) })
    const ready: ReadyNotification = { jsonrpc: '2.0', method: 'ready', params: { version: RPC_PROTOCOL_VERSION } }
    send(session, ready)
  }

  /** Stops everything a socket started: event subscriptions and running calls. */
  function endSession (session: Session, reason: string): void {
    if (session.closed) return
    session.closed = true
    sessions.delete(session)
    for (const unsubscribe of session.subscriptions.values()) unsubscribe()
    session.subscriptions.clear()
    for (const controller of session.running) controller.abort(new AbortError(reason))
    session.running.clear()
    session.byId.clear()
  }

  function send (session: Session, message: object): void {
    if (session.closed || session.ws.readyState !== WebSocket.OPEN) return
    sendJson(session.ws, message)
    if (session.ws.bufferedAmount > maxBufferedBytes) {
      // it does not read, so it would not read a close frame either: drop the TCP connection
      log('dropping a client that reads too slowly (%d bytes queued)', session.ws.bufferedAmount)
      endSession(session, 'the client read too slowly')
      session.ws.terminate()
    }
  }

  function reply (session: Session, id: JsonRpcId | undefined, result: unknown): void {
    if (id === undefined) return
    send(session, successResponse(id, result))
  }

  function fail (session: Session, id: JsonRpcId | undefined, code: number, wire: WireError): void {
    if (id === undefined) return
    send(session, failureResponse(id, code, wire))
  }

  function onFrame (session: Session, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      fail(session, null, rpcErrorCodes.parseError, { name: 'MalformedFrameError', message: 'frames must be UTF-8 JSON text, not binary' })
      return
    }
    let frame: unknown
    try {
      frame = JSON.parse(rawToString(data))
    } catch {
      fail(session, null, rpcErrorCodes.parseError, { name: 'MalformedFrameError', message: 'the frame is not valid JSON' })
      return
    }
    const request = checkRequest(frame)
    if (typeof request === 'string') {
      fail(session, idOf(frame), rpcErrorCodes.invalidRequest, { name: 'MalformedFrameError', message: request })
      return
    }
    // a request without an id is a notification: it runs, and nothing is sent back
    const id = 'id' in request ? request.id : undefined
    if (isControlMethod(request.method)) {
      control(session, id, request.method, request.params)
    } else if (isMessengerMethod(request.method)) {
      void call(session, id, request.method, request)
    } else {
      fail(session, id, rpcErrorCodes.methodNotFound, {
        name: 'UnknownMethodError', message: `unknown method: ${request.method.slice(0, 100)}`
      })
    }
  }

  function control (session: Session, id: JsonRpcId | undefined, method: RpcControlMethod, params: unknown): void {
    if (method === 'cancel') {
      if (!Array.isArray(params) || params.length !== 1 || !isValidId(params[0]) || params[0] === null) {
        fail(session, id, rpcErrorCodes.invalidParams, { name: 'InvalidArgumentError', message: 'cancel takes [id] of a running call' })
        return
      }
      const controller = session.byId.get(params[0])
      controller?.abort(new AbortError('the client cancelled the call'))
      reply(session, id, controller !== undefined)
      return
    }
    if (!Array.isArray(params) || !params.every(isMessengerEventName)) {
      fail(session, id, rpcErrorCodes.invalidParams, {
        name: 'InvalidArgumentError', message: `${method} takes an array of event names`
      })
      return
    }
    for (const event of params) {
      if (method === 'subscribe' && !session.subscriptions.has(event)) {
        session.subscriptions.set(event, api.on(event, detail => { sendEvent(session, event, detail) }))
      } else if (method === 'unsubscribe') {
        session.subscriptions.get(event)?.()
        session.subscriptions.delete(event)
      }
    }
    reply(session, id, [...session.subscriptions.keys()])
  }

  function sendEvent<E extends MessengerEventName> (session: Session, event: E, data: MessengerEvents[E]): void {
    const notification: EventNotification<E> = { jsonrpc: '2.0', method: 'event', params: { event, data } }
    send(session, notification)
  }

  async function call (session: Session, id: JsonRpcId | undefined, method: MessengerMethod, request: JsonRpcRequest): Promise<void> {
    const args = checkMethodParams(method, request.params)
    if (typeof args === 'string') {
      fail(session, id, rpcErrorCodes.invalidParams, { name: 'InvalidArgumentError', message: args })
      return
    }
    if (session.running.size >= maxInFlight) {
      fail(session, id, rpcErrorCodes.rateLimited, {
        name: 'RateLimitedError', message: `too many calls in flight on this connection (at most ${maxInFlight})`
      })
      return
    }
    if (id !== undefined && id !== null && session.byId.has(id)) {
      fail(session, id, rpcErrorCodes.invalidRequest, { name: 'MalformedFrameError', message: `a call with id ${String(id)} is already running` })
      return
    }
    const controller = new AbortController()
    session.running.add(controller)
    if (id !== undefined && id !== null) session.byId.set(id, controller)
    try {
      const options: AbortOptions = { signal: controller.signal }
      const fn = api[method] as ApiFunction
      const result = await fn.apply(api, [...args, options])
      reply(session, id, result)
    } catch (err) {
      fail(session, id, rpcErrorCodes.applicationError, errorToWire(err))
    } finally {
      session.running.delete(controller)
      if (id !== undefined && id !== null && session.byId.get(id) === controller) session.byId.delete(id)
    }
  }

  return {
    async start () {
      if (http !== undefined) return
      const server = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname
        res.statusCode = path === RPC_PATH ? 426 : 404
        res.setHeader('content-type', 'text/plain')
        res.end(path === RPC_PATH ? 'this endpoint speaks JSON-RPC over WebSocket\n' : 'not found\n')
      })
      const sockets = new WebSocketServer({ noServer: true, maxPayload, clientTracking: false })
      server.on('upgrade', onUpgrade)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve()
        })
      })
      server.on('error', err => { log.error('http server error %s', err.message) })
      const address = server.address() as AddressInfo
      const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address
      url = `ws://${shownHost}:${address.port}${RPC_PATH}`
      http = server
      wss = sockets
      log('listening on %s', url)
    },

    async stop (options = {}) {
      const server = http
      if (server === undefined) return
      http = undefined
      wss?.close()
      wss = undefined
      url = undefined
      for (const session of [...sessions]) endSession(session, 'the server is stopping')
      const closing = [...sockets].map(async ws => {
        await new Promise<void>(resolve => {
          if (ws.readyState === WebSocket.CLOSED) { resolve(); return }
          ws.once('close', () => { resolve() })
          ws.close(1001, 'the server is stopping')
        })
      })
      const dropAll = (): void => { for (const ws of sockets) ws.terminate() }
      if (options.signal?.aborted === true) dropAll()
      options.signal?.addEventListener('abort', dropAll, { once: true })
      const stopped = new Promise<void>(resolve => { server.close(() => { resolve() }) })
      server.closeIdleConnections()
      try {
        await Promise.all(closing)
      } finally {
        options.signal?.removeEventListener('abort', dropAll)
      }
      server.closeAllConnections()
      await stopped
      log('stopped')
    },

    get url () {
      if (url === undefined) throw new Error('the RPC server is not started')
      return url
    },

    get clients () {
      return sessions.size
    }
  }
}

function digest (text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** The token from `?token=` or from an `Authorization: Bearer` header. */
function tokenFrom (req: IncomingMessage, requestUrl: URL): string | undefined {
  const fromQuery = requestUrl.searchParams.get('token')
  if (fromQuery !== null) return fromQuery
  const header = req.headers.authorization
  const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header)
  return match?.[1]
}

function rejectUpgrade (socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`
  socket.once('finish', () => { socket.destroy() })
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

function rawToString (data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

function sendJson (ws: WebSocket, message: object): void {
  let text: string
  try {
    text = JSON.stringify(message)
  } catch (err) {
    // a result that is not JSON-safe (a bug in the API implementation): say so instead
    const id = 'id' in message ? idOf(message) : null
    text = JSON.stringify(failureResponse(id, rpcErrorCodes.internalError, {
      name: 'Error', message: `the result could not be encoded as JSON: ${errorToWire(err).message}`
    }))
  }
  ws.send(text)
}
