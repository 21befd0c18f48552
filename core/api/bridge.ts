/**
 * The Electron bridge: what the preload script exposes to the renderer as `window.tim`, and
 * the IPC channel names main and preload agree on. One function per MessengerApi method
 * (same arguments, minus the options object: an AbortSignal cannot cross IPC, so the
 * renderer's transport honours it on its side), and `on` for the allowed event names only.
 */

import type { MessengerEventSource } from './events.ts'
import type { MessengerApi, MessengerMethod } from './types.ts'

type WithoutOptions<A extends unknown[]> = A extends [...infer Head, { signal?: AbortSignal }?] ? Head : A

export type BridgeMethods = {
  [M in MessengerMethod]: (...args: WithoutOptions<Parameters<MessengerApi[M]>>) => ReturnType<MessengerApi[M]>
}

export interface MessengerBridge extends BridgeMethods, MessengerEventSource {}

/** The name the preload exposes the bridge under: `window.tim`. */
export const BRIDGE_GLOBAL = 'tim'

/** ipcRenderer.invoke channel of one method. */
export function ipcMethodChannel (method: MessengerMethod): string {
  return `tim:api:${method}`
}

/** Channel on which main sends `{ event, data }` for the events a window subscribed to. */
export const IPC_EVENT_CHANNEL = 'tim:event'
/** Channel on which a window tells main which event names it wants (an array of names). */
export const IPC_SUBSCRIBE_CHANNEL = 'tim:subscribe'
