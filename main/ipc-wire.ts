/**
 * ipc-wire — what crosses the Electron IPC boundary between main and the preload, beside the
 * channel names of core/api/bridge.ts: a call's tagged result (Electron keeps only the message
 * of an error thrown by a handler, so errors travel as values) and an event payload. Shared by
 * both ends; pure, no Electron, no Node built-ins (the preload runs sandboxed).
 */

import { errorToWire, isMessengerEventName, isPlainObject } from '../core/api/index.ts'
import type { MessengerEventName, WireError } from '../core/api/index.ts'

/** The outcome of one invoked method. */
export type IpcResult =
  | { ok: true, value: unknown }
  | { ok: false, error: WireError }

/** What main sends on IPC_EVENT_CHANNEL for one event. */
export interface IpcEventPayload {
  event: MessengerEventName
  data: unknown
}

/** Runs `work` and tags what it returns or throws. */
export async function settle (work: () => Promise<unknown>): Promise<IpcResult> {
  try {
    return { ok: true, value: await work() }
  } catch (err) {
    return { ok: false, error: errorToWire(err) }
  }
}

function isWireError (value: unknown): value is WireError {
  return isPlainObject(value) && typeof value.name === 'string' && typeof value.message === 'string'
}

export function isIpcResult (value: unknown): value is IpcResult {
  if (!isPlainObject(value)) return false
  return value.ok === true ? 'value' in value : value.ok === false && isWireError(value.error)
}

export function isIpcEventPayload (value: unknown): value is IpcEventPayload {
  return isPlainObject(value) && isMessengerEventName(value.event) && 'data' in value
}
