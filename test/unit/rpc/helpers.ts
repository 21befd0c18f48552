/**
 * Helpers for the rpc tests: an in-memory MessengerApi & MessengerEventSource that records
 * its calls and can emit events, a server/client pair that cleans up after the test, and a
 * raw `ws` socket for speaking bad JSON-RPC on purpose.
 */

import type { TestContext } from 'node:test'
import { WebSocket } from 'ws'
import { dmConversation, groupMethods, implementApi, MessageNotFoundError, type GroupMethod } from '../../../core/api/index.ts'
import type {
  AbortOptions, ApiMethod, EditMessageRequest, Identity, Message, MessengerApi, MessengerEventName,
  MessengerEventSource, MessengerEvents, MessengerMethod, MethodResult, MyPresence, ReactRequest, SendRequest, SetPresenceRequest
} from '../../../core/api/index.ts'
import { createRpcClient, createRpcServer } from '../../../core/rpc/index.ts'
import type { RpcClient, RpcServer, RpcServerInit } from '../../../core/rpc/index.ts'
import { withTimeout } from '../../helpers/timeout.ts'

export const TOKEN = 'test-token-0123456789abcdef'

export const identity: Identity = {
  accountId: 'timAlice',
  name: 'alice',
  deviceId: '12D3KooWAlice',
  addresses: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWAlice'],
  invite: 'tim://invite/alice'
}

/** Bob's 1:1 conversation as Alice names it */
export const withBob = dmConversation('timBob')

export function message (id: string, text: string): Message {
  return {
    id, conversation: withBob, from: 'timAlice', direction: 'out', kind: 'text',
    text, timestamp: 1_700_000_000_000, state: 'pending', path: null
  }
}

type Impl = (...args: unknown[]) => Promise<unknown>

export interface FakeApi extends MessengerApi, MessengerEventSource {
  /** every call, in order, with the arguments the method received (options included) */
  calls: Array<{ method: MessengerMethod, args: unknown[] }>
  /** replaces a method's behaviour */
  override: (method: MessengerMethod, impl: Impl) => void
  emit: <E extends MessengerEventName>(event: E, detail: MessengerEvents[E]) => void
  /** listeners currently registered, over all events */
  listenerCount: () => number
}

function everyGroupMethod (impl: Impl): Record<GroupMethod, Impl> {
  const methods = {} as Record<GroupMethod, Impl>
  for (const method of groupMethods) methods[method] = impl
  return methods
}

export function createFakeApi (): FakeApi {
  const calls: FakeApi['calls'] = []
  const listeners = new Map<MessengerEventName, Set<(detail: unknown) => void>>()
  const messages = new Map<string, Message>()
  let presence: MyPresence = { status: 'online', shareLastSeen: true }
  const found = (id: unknown): Message => {
    const stored = messages.get(id as string)
    if (stored === undefined) throw new MessageNotFoundError(`no message ${String(id)}`)
    return stored
  }
  const defaults: Record<MessengerMethod, Impl> = {
    getIdentity: async () => identity,
    createAccount: async () => { throw new Error('not in this fake') },
    unlock: async () => identity,
    addContact: async () => { throw new Error('not in this fake') },
    listContacts: async () => [],
    acceptContact: async () => { throw new Error('not in this fake') },
    blockContact: async () => { throw new Error('not in this fake') },
    unblockContact: async () => { throw new Error('not in this fake') },
    removeContact: async () => { throw new Error('not in this fake') },
    renameContact: async () => { throw new Error('not in this fake') },
    safetyNumber: async () => { throw new Error('not in this fake') },
    verifyContact: async () => { throw new Error('not in this fake') },
    ...everyGroupMethod(async () => { throw new Error('not in this fake') }),
    send: async (request) => {
      const { conversation, text } = request as SendRequest
      const sent = { ...message(`0${messages.size}`, text ?? ''), conversation }
      messages.set(sent.id, sent)
      return sent
    },
    retry: async () => { throw new Error('not in this fake') },
    getMessage: async (id) => found(id),
    editMessage: async (request) => {
      const { id, text } = request as EditMessageRequest
      const edited = { ...found(id), text, editedAt: 1_700_000_000_001 }
      messages.set(edited.id, edited)
      return edited
    },
    react: async (request) => {
      const { id, emoji } = request as ReactRequest
      const reacted = { ...found(id), reactions: [{ emoji, from: [identity.accountId] }] }
      messages.set(reacted.id, reacted)
      return reacted
    },
    recall: async (id) => {
      const recalled: Message = { ...found(id), text: '', erased: 'recalled' }
      messages.set(recalled.id, recalled)
      return recalled
    },
    deleteMessage: async (id) => { found(id); messages.delete(id as string) },
    deleteConversation: async () => { messages.clear() },
    history: async () => [...messages.values()],
    conversations: async () => [],
    markRead: async () => { throw new Error('not in this fake') },
    setTyping: async () => {},
    getPresence: async () => presence,
    setPresence: async (request) => {
      presence = { ...presence, ...(request as SetPresenceRequest) }
      return presence
    },
    stats: async () => ({ rejected: {}, blocked: 0, received: 0, delivered: 0, connections: 0 }),
    setServing: async () => { throw new Error('not in this fake') }
  }
  const impls = new Map<MessengerMethod, Impl>()
  const api = implementApi(<M extends MessengerMethod>(method: M): ApiMethod<M> => async (...args) => {
    calls.push({ method, args })
    // the fake's answers are whatever the test made up for the method
    return await (impls.get(method) ?? defaults[method])(...args) as MethodResult[M]
  })
  return {
    ...api,
    calls,
    override: (method, impl) => { impls.set(method, impl) },
    emit: (event, detail) => {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(detail)
    },
    listenerCount: () => [...listeners.values()].reduce((n, set) => n + set.size, 0),
    on: (event, listener) => {
      const wrapper = (detail: unknown): void => { listener(detail as MessengerEvents[typeof event]) }
      let set = listeners.get(event)
      if (set === undefined) listeners.set(event, set = new Set())
      set.add(wrapper)
      return () => { listeners.get(event)?.delete(wrapper) }
    }
  }
}

/** Rejects after `ms` with a message naming what was awaited. */
export async function within<T> (promise: Promise<T>, what: string, ms = 2000): Promise<T> {
  return withTimeout(promise, ms, what)
}

/** Polls `check` until it is true, or fails after `ms`. */
export async function waitFor (check: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

/** Starts a server over a fresh fake API; both are stopped when the test ends. */
export async function startServer (t: TestContext, init: Partial<RpcServerInit> = {}): Promise<{ api: FakeApi, server: RpcServer }> {
  const api = createFakeApi()
  const server = createRpcServer({ api }, { token: TOKEN, ...init })
  await server.start()
  t.after(async () => { await within(server.stop({ signal: AbortSignal.timeout(1000) }), 'the server to stop') })
  return { api, server }
}

/** Connects a client that is closed when the test ends. */
export async function connect (t: TestContext, server: RpcServer, token = TOKEN): Promise<RpcClient> {
  const client = await within(createRpcClient({ url: server.url, token }), 'the client to connect')
  t.after(async () => { await within(client.close(), 'the client to close') })
  return client
}

export interface RawSocket {
  ws: WebSocket
  /** the next frame the server sends, parsed */
  next: () => Promise<Record<string, unknown>>
  /** resolves with the close code */
  closed: Promise<number>
  send: (data: string | Buffer) => void
}

/** A raw `ws` socket, for frames the real client would never send. Closed when the test ends. */
export async function rawSocket (t: TestContext, url: string, options: { headers?: Record<string, string>, origin?: string } = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, options)
  const queue: Array<Record<string, unknown>> = []
  const waiting: Array<(frame: Record<string, unknown>) => void> = []
  ws.on('message', data => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>
    const waiter = waiting.shift()
    if (waiter !== undefined) waiter(frame)
    else queue.push(frame)
  })
  const closed = new Promise<number>(resolve => { ws.on('close', code => { resolve(code) }) })
  t.after(async () => {
    ws.terminate()
    await within(closed, 'the raw socket to close')
  })
  await within(new Promise<void>((resolve, reject) => {
    ws.once('open', () => { resolve() })
    ws.once('error', reject)
  }), 'the raw socket to open')
  return {
    ws,
    closed,
    send: data => { ws.send(data) },
    next: async () => await within(new Promise<Record<string, unknown>>(resolve => {
      const frame = queue.shift()
      if (frame !== undefined) resolve(frame)
      else waiting.push(resolve)
    }), 'a frame from the server')
  }
}

/** Opens a raw socket and returns its first frame (`ready`, when authorized). */
export async function rawAuthorized (t: TestContext, server: RpcServer): Promise<RawSocket> {
  const raw = await rawSocket(t, `${server.url}?token=${TOKEN}`)
  const ready = await raw.next()
  if (ready.method !== 'ready') throw new Error(`expected ready, got ${JSON.stringify(ready)}`)
  return raw
}

/** The status code of a refused upgrade, or 101 when it was accepted. */
export async function upgradeStatus (url: string, options: { headers?: Record<string, string>, origin?: string } = {}): Promise<number> {
  const ws = new WebSocket(url, options)
  return await within(new Promise<number>(resolve => {
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on('open', () => {
      resolve(101)
      ws.terminate()
    })
    ws.on('error', () => {})
  }), 'the upgrade answer')
}

export type { AbortOptions }
