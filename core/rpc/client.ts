/**
 * The JSON-RPC 2.0 WebSocket client: a MessengerApi & MessengerEventSource backed by a
 * remote node. Runs in Node 22 and in browsers alike: it uses the global (WHATWG)
 * `WebSocket` and imports nothing but core/api and ./protocol.ts — no Node built-ins,
 * no packages. See index.ts for the protocol and how auth failures are reported.
 */

import {
  AbortError, InvalidArgumentError, NodeUnavailableError, UnauthorizedError,
  callSignal, errorFromWire, implementApi, isMessengerEventName
} from '../api/index.ts'
import type {
  ApiMethod, MessengerApi, MessengerEventListener, MessengerEventName, MessengerEventSource, MessengerMethod, MethodResult
} from '../api/index.ts'
import { CLOSE_UNAUTHORIZED, methodParams, parseServerFrame } from './protocol.ts'
import type { JsonRpcRequest, ServerFrame } from './protocol.ts'

/** The part of the WHATWG WebSocket the client uses (browsers, Node 22's global, `ws`). */
export interface WebSocketLike {
  readonly readyState: number
  send: (data: string) => void
  close: (code?: number, reason?: string) => void
  addEventListener: ((type: 'message', listener: (event: { data: unknown }) => void) => void) &
  ((type: 'close', listener: (event: { code: number, reason: string }) => void) => void) &
  ((type: 'open' | 'error', listener: () => void) => void)
}

export type WebSocketConstructor = new (url: string) => WebSocketLike

export interface RpcClientInit {
  /** `ws://host:port/rpc`, as printed by the node */
  url: string
  token: string
  /** the WebSocket implementation (default: the global one) */
  WebSocket?: WebSocketConstructor
  /** aborts connecting; the promise then rejects with AbortError */
  signal?: AbortSignal
}

export type RpcClient = MessengerApi & MessengerEventSource & {
  /** closes the connection; calls still pending reject with NodeUnavailableError */
  close: () => Promise<void>
  /** resolves once the connection has ended, for whatever reason */
  readonly closed: Promise<void>
}

interface Pending {
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

const OPEN = 1

export async function createRpcClient (init: RpcClientInit): Promise<RpcClient> {
  const WebSocketClass = init.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  if (WebSocketClass === undefined) {
    throw new InvalidArgumentError('no global WebSocket here: pass one as init.WebSocket')
  }
  if (typeof init.token !== 'string' || init.token.length === 0) {
    throw new InvalidArgumentError('an API token is required')
  }
  let target: URL
  try {
    target = new URL(init.url)
  } catch {
    throw new InvalidArgumentError(`not a URL: ${init.url}`)
  }
  if (target.protocol !== 'ws:' && target.protocol !== 'wss:') {
    throw new InvalidArgumentError(`the node's API URL must start with ws:// or wss://, got ${target.protocol}`)
  }
  // shown in error messages: never the token
  target.searchParams.delete('token')
  const shownUrl = target.href
  // Browsers cannot set headers on a WebSocket, so the token travels in the query string.
  target.searchParams.set('token', init.token)

  if (init.signal?.aborted === true) throw new AbortError('connecting was aborted')

  let ws: WebSocketLike
  try {
    ws = new WebSocketClass(target.href)
  } catch (err) {
    throw new NodeUnavailableError(`cannot reach the Tim node at ${shownUrl}: ${err instanceof Error ? err.message : String(err)}`)
  }

  let state: 'connecting' | 'open' | 'closed' = 'connecting'
  let closedByUser = false
  /** why the connection ended, once it has */
  let endError: Error | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()
  const listeners = new Map<MessengerEventName, Set<(detail: unknown) => void>>()
  let markClosed: () => void = () => {}
  const closed = new Promise<void>(resolve => { markClosed = resolve })
  let settleConnect: { resolve: () => void, reject: (err: Error) => void } | undefined
  const connected = new Promise<void>((resolve, reject) => { settleConnect = { resolve, reject } })

  function sendFrame (frame: JsonRpcRequest): boolean {
    if (state !== 'open' || ws.readyState !== OPEN) return false
    ws.send(JSON.stringify(frame))
    return true
  }

  function onServerFrame (frame: ServerFrame): void {
    if (frame.kind === 'ready') {
      if (state !== 'connecting') return
      state = 'open'
      settleConnect?.resolve()
      return
    }
    if (frame.kind === 'event') {
      if (!isMessengerEventName(frame.event)) return
      for (const listener of [...(listeners.get(frame.event) ?? [])]) {
        try {
          listener(frame.data)
        } catch (err) {
          // like a DOM event listener: one that throws does not stop the others
          queueMicrotask(() => { throw err })
        }
      }
      return
    }
    if (typeof frame.id !== 'number') return
    const call = pending.get(frame.id)
    if (call === undefined) return
    pending.delete(frame.id)
    if (frame.error !== undefined) call.reject(errorFromWire(frame.error))
    else call.resolve(frame.result)
  }

  ws.addEventListener('message', event => {
    if (typeof event.data !== 'string') return
    let parsed: unknown
    try {
      parsed = JSON.parse(event.data)
    } catch {
      return
    }
    const frame = parseServerFrame(parsed)
    if (frame !== undefined) onServerFrame(frame)
  })

  /** Ends the connection once, for whatever reason: rejects everything still waiting. */
  function finish (code: number, reason: string): void {
    if (state === 'closed') return
    const wasConnecting = state === 'connecting'
    state = 'closed'
    const detail = reason === '' ? '' : `: ${reason}`
    if (code === CLOSE_UNAUTHORIZED) {
      endError = new UnauthorizedError(`the Tim node at ${shownUrl} refused the API token`)
    } else if (closedByUser) {
      endError = new NodeUnavailableError('the RPC client was closed')
    } else if (wasConnecting) {
      endError = new NodeUnavailableError(`cannot reach the Tim node at ${shownUrl}${detail}`)
    } else {
      endError = new NodeUnavailableError(`the connection to the Tim node at ${shownUrl} closed (code ${code}${detail})`)
    }
    settleConnect?.reject(endError)
    for (const call of pending.values()) call.reject(endError)
    pending.clear()
    markClosed()
  }

  ws.addEventListener('close', event => { finish(event.code, event.reason) })

  // 'error' should be followed by 'close', which has the close code; but Node 22's
  // WebSocket fires only 'error' when the connection cannot be made at all.
  ws.addEventListener('error', () => {
    setTimeout(() => { finish(1006, 'the connection failed') }, 0)
  })

  const abortConnect = (): void => {
    settleConnect?.reject(new AbortError('connecting was aborted'))
    ws.close()
  }
  init.signal?.addEventListener('abort', abortConnect, { once: true })
  try {
    await connected
  } finally {
    init.signal?.removeEventListener('abort', abortConnect)
  }

  async function request (method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted === true) throw new AbortError(`${method} was aborted`)
    if (state !== 'open') throw endError ?? new NodeUnavailableError(`not connected to the Tim node at ${shownUrl}`)
    const id = nextId++
    return await new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (!pending.delete(id)) return
        // tell the node to stop working on it; no answer is awaited
        sendFrame({ jsonrpc: '2.0', method: 'cancel', params: [id] })
        reject(new AbortError(`${method} was aborted`))
      }
      const done = (): void => { signal?.removeEventListener('abort', onAbort) }
      pending.set(id, {
        resolve: value => { done(); resolve(value) },
        reject: err => { done(); reject(err) }
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      try {
        sendFrame({ jsonrpc: '2.0', id, method, params })
      } catch (err) {
        pending.delete(id)
        done()
        reject(new InvalidArgumentError(`the arguments of ${method} cannot be sent as JSON: ${err instanceof Error ? err.message : String(err)}`))
      }
    })
  }

  // one code path for every method: positional params first, then the options object
  const api = implementApi(<M extends MessengerMethod>(method: M): ApiMethod<M> => async (...args) => {
    const result = await request(method, args.slice(0, methodParams[method].length), callSignal(method, args))
    // the node answers with what the method resolves with (JSON-RPC carries no types)
    return result as MethodResult[M]
  })

  function subscription (method: 'subscribe' | 'unsubscribe', event: MessengerEventName): void {
    // fire and forget: a closed connection has no events anyway
    request(method, [event]).catch(() => {})
  }

  const on: MessengerEventSource['on'] = <E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>): (() => void) => {
    if (!isMessengerEventName(event)) throw new InvalidArgumentError(`unknown event: ${String(event)}`)
    if (typeof listener !== 'function') throw new InvalidArgumentError('the listener must be a function')
    // a distinct wrapper per registration, so the same function may be added twice
    const wrapper = (detail: unknown): void => { listener(detail as Parameters<MessengerEventListener<E>>[0]) }
    let set = listeners.get(event)
    if (set === undefined) {
      set = new Set()
      listeners.set(event, set)
      subscription('subscribe', event)
    }
    set.add(wrapper)
    let active = true
    return () => {
      if (!active) return
      active = false
      const current = listeners.get(event)
      if (current === undefined) return
      current.delete(wrapper)
      if (current.size === 0) {
        listeners.delete(event)
        subscription('unsubscribe', event)
      }
    }
  }

  const client = {
    ...api,
    on,
    closed,
    async close (): Promise<void> {
      if (state !== 'closed') {
        closedByUser = true
        ws.close(1000, 'client closed')
      }
      await closed
    }
  }
  return client
}
