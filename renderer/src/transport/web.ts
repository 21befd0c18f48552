/**
 * Web mode: the MessengerApi over WebSocket JSON-RPC (core/rpc/client.ts), kept alive. When
 * the connection drops it reconnects with capped exponential backoff for as long as the page
 * is open (a node that restarts comes back whenever it does), re-subscribes the events the
 * UI listens to, and reports each step through connection(); the UI reloads its data once it
 * is connected again. A node that refuses the token (it restarted) makes the state
 * `signed-out`: a new login link is needed. Calls made while disconnected reject at once
 * with NodeUnavailableError (nothing was sent).
 */

import {
  NodeUnavailableError, isMessengerEventName, messengerMethods, methodParams,
  type MessengerApi, type MessengerEventName, type MessengerEventSource
} from '../../../core/api/index.ts'
import { createRpcClient, type RpcClient } from '../../../core/rpc/client.ts'
import { SessionEndedError, neverSent, normalizeError } from './errors.ts'
import type { ConnectionState, Transport } from './types.ts'
import { forgetSession, type WebSession } from './web-session.ts'

export interface WebTransportInit {
  session: WebSession
  /** first reconnection delay (default 500 ms), doubled each attempt up to maxDelayMs */
  minDelayMs?: number
  /** longest wait between two attempts (default 15 s) */
  maxDelayMs?: number
  /** how long one connection attempt may take (default 10 s) */
  connectTimeoutMs?: number
}

type Dispatch = (detail: unknown) => void

export async function createWebTransport (init: WebTransportInit): Promise<Transport> {
  const { session } = init
  const minDelayMs = init.minDelayMs ?? 500
  const maxDelayMs = init.maxDelayMs ?? 15_000
  const connectTimeoutMs = init.connectTimeoutMs ?? 10_000

  const connect = async (): Promise<RpcClient> => await createRpcClient({
    url: session.rpcUrl,
    token: session.token,
    signal: AbortSignal.timeout(connectTimeoutMs)
  })

  let client: RpcClient | null
  try {
    client = await connect()
  } catch (err) {
    const error = normalizeError(err)
    if (error.name !== 'UnauthorizedError') throw error
    forgetSession()
    throw new SessionEndedError(`${error.message}: the node restarted, or this session was replaced`)
  }

  let state: ConnectionState = { kind: 'connected' }
  let closed = false
  let looping = false
  let wake: (() => void) | null = null
  const stateListeners = new Set<(state: ConnectionState) => void>()
  /** what the UI listens to, by event: survives reconnections */
  const listeners = new Map<MessengerEventName, Set<Dispatch>>()
  /** this connection's subscriptions, by event */
  const attached = new Map<MessengerEventName, () => void>()

  const setState = (next: ConnectionState): void => {
    state = next
    for (const listener of [...stateListeners]) listener(next)
  }

  const dispatch = (event: MessengerEventName, detail: unknown): void => {
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(detail)
      } catch (err) {
        queueMicrotask(() => { throw err })
      }
    }
  }

  const attach = (event: MessengerEventName): void => {
    if (client === null || attached.has(event)) return
    attached.set(event, client.on(event, detail => { dispatch(event, detail) }))
  }

  const adopt = (next: RpcClient): void => {
    client = next
    attached.clear()
    for (const event of listeners.keys()) attach(event)
    void next.closed.then(() => { onClosed(next) })
  }

  const sleep = async (ms: number): Promise<void> => {
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, ms)
      function done (): void {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      wake = done
    })
  }

  const reconnect = async (): Promise<void> => {
    if (looping) return
    looping = true
    try {
      for (let attempt = 1; !closed; attempt++) {
        const base = Math.min(maxDelayMs, minDelayMs * 2 ** Math.min(attempt - 1, 20))
        const delay = Math.round(base * (0.8 + Math.random() * 0.4))
        setState({ kind: 'reconnecting', attempt, retryAt: Date.now() + delay })
        await sleep(delay)
        if (closed) return
        try {
          const next = await connect()
          if (closed) {
            await next.close()
            return
          }
          adopt(next)
          setState({ kind: 'connected' })
          return
        } catch (err) {
          const error = normalizeError(err)
          if (error.name === 'UnauthorizedError') {
            forgetSession()
            setState({ kind: 'signed-out', error: new SessionEndedError(`${error.message}: the node restarted`) })
            return
          }
        }
      }
    } finally {
      looping = false
    }
  }

  function onClosed (which: RpcClient): void {
    if (closed || which !== client) return
    client = null
    attached.clear()
    void reconnect()
  }

  adopt(client)

  const online = (): void => { transport.reconnectNow() }
  globalThis.addEventListener?.('online', online)

  const api: Record<string, unknown> = {}
  for (const method of messengerMethods) {
    const arity = methodParams[method].length
    api[method] = async (...args: unknown[]): Promise<unknown> => {
      if (client === null) {
        throw neverSent(new NodeUnavailableError('the connection to the Tim node is down; this works again once it is back'))
      }
      const call = client[method] as (...a: unknown[]) => Promise<unknown>
      try {
        return await call(...args.slice(0, arity + 1))
      } catch (err) {
        throw normalizeError(err)
      }
    }
  }

  const on: MessengerEventSource['on'] = (event, listener) => {
    if (!isMessengerEventName(event)) throw new TypeError(`unknown event: ${String(event)}`)
    const wrapper: Dispatch = detail => { listener(detail as Parameters<typeof listener>[0]) }
    let set = listeners.get(event)
    if (set === undefined) {
      set = new Set()
      listeners.set(event, set)
    }
    set.add(wrapper)
    attach(event)
    let active = true
    return () => {
      if (!active) return
      active = false
      const current = listeners.get(event)
      current?.delete(wrapper)
      if (current?.size === 0) {
        listeners.delete(event)
        attached.get(event)?.()
        attached.delete(event)
      }
    }
  }

  const transport: Transport = {
    ...(api as unknown as MessengerApi),
    on,
    mode: 'web',
    endpoint: session.rpcUrl,
    connection: () => state,
    onConnection: listener => {
      stateListeners.add(listener)
      return () => { stateListeners.delete(listener) }
    },
    reconnectNow: () => {
      if (closed) return
      if (state.kind === 'reconnecting') wake?.()
    },
    close: async () => {
      closed = true
      wake?.()
      globalThis.removeEventListener?.('online', online)
      const current = client
      client = null
      await current?.close()
    }
  }
  return transport
}
