/**
 * Electron mode: the preload's `window.tim` (MessengerBridge) as a Transport. An
 * AbortSignal cannot cross IPC, so each method honours `{ signal }` here: an aborted call
 * rejects with AbortError at once (main still finishes it; its answer is dropped).
 */

import {
  AbortError, BRIDGE_GLOBAL, messengerMethods, methodParams,
  type AbortOptions, type MessengerApi, type MessengerBridge
} from '../../../core/api/index.ts'
import { normalizeError } from './errors.ts'
import type { ConnectionState, Transport } from './types.ts'

/** The bridge the preload exposed, when this page runs in Electron with one. */
export function findBridge (): MessengerBridge | undefined {
  const candidate: unknown = (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL]
  if (typeof candidate !== 'object' || candidate === null) return undefined
  const record = candidate as Record<string, unknown>
  if (typeof record.on !== 'function') return undefined
  if (!messengerMethods.every(method => typeof record[method] === 'function')) return undefined
  return candidate as MessengerBridge
}

async function withSignal<T> (call: () => Promise<T>, method: string, signal: AbortSignal | undefined): Promise<T> {
  if (signal?.aborted === true) throw new AbortError(`${method} was aborted`)
  const running = call()
  if (signal === undefined) {
    try {
      return await running
    } catch (err) {
      throw normalizeError(err)
    }
  }
  return await new Promise<T>((resolve, reject) => {
    const onAbort = (): void => { reject(new AbortError(`${method} was aborted`)) }
    signal.addEventListener('abort', onAbort, { once: true })
    running.then(resolve, (err: unknown) => { reject(normalizeError(err)) })
      .finally(() => { signal.removeEventListener('abort', onAbort) })
  })
}

/** the bridge is always connected (main owns the node); one object, as useSyncExternalStore wants */
const CONNECTED: ConnectionState = { kind: 'connected' }

export function createBridgeTransport (bridge: MessengerBridge): Transport {
  const api: Record<string, unknown> = {}
  for (const method of messengerMethods) {
    const arity = methodParams[method].length
    const call = bridge[method] as (...args: unknown[]) => Promise<unknown>
    api[method] = async (...args: unknown[]): Promise<unknown> => {
      const options = args[arity] as AbortOptions | undefined
      return await withSignal(async () => await call(...args.slice(0, arity)), method, options?.signal)
    }
  }
  return {
    ...(api as unknown as MessengerApi),
    on: (event, listener) => bridge.on(event, listener),
    mode: 'electron',
    endpoint: 'Electron IPC',
    connection: () => CONNECTED,
    onConnection: () => () => {},
    reconnectNow: () => {},
    close: async () => {}
  }
}
