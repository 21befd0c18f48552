/**
 * bridge — builds the object the preload exposes as `window.tim` (MessengerBridge), from the
 * contract alone: one function per MessengerApi method (invokes its channel, unwraps the
 * tagged result) and `on` for the known event names. It is handed its transport (invoke,
 * send, onEvent) so it runs without Electron; it must never hand out that transport itself.
 *
 * A failed call rejects with a plain `{ name, message }` object, not an Error: contextBridge
 * copies an Error into the page as a bare `Error(message)` and drops its name, while a plain
 * object crosses with all its fields. The page's transport rebuilds it with errorFromWire.
 */

import {
  InvalidArgumentError, IPC_SUBSCRIBE_CHANNEL, errorToWire, ipcMethodChannel, isMessengerEventName,
  messengerMethods
} from '../../core/api/index.ts'
import type {
  BridgeMethods, MessengerBridge, MessengerEventListener, MessengerEventName, MessengerEvents, WireError
} from '../../core/api/index.ts'
import { isIpcEventPayload, isIpcResult } from '../ipc-wire.ts'

/** What the bridge needs from ipcRenderer, and nothing more. */
export interface BridgeTransport {
  /** ipcRenderer.invoke */
  invoke: (channel: string, ...args: unknown[]) => Promise<unknown>
  /** ipcRenderer.send */
  send: (channel: string, payload: unknown) => void
  /** registers the one handler of what arrives on IPC_EVENT_CHANNEL */
  onEvent: (handler: (payload: unknown) => void) => void
}

function wireError (name: string, message: string): WireError {
  return { name, message }
}

export function createBridge (transport: BridgeTransport): MessengerBridge {
  const call = async (channel: string, args: unknown[]): Promise<unknown> => {
    let result: unknown
    try {
      result = await transport.invoke(channel, ...args)
    } catch (err) {
      // no handler answered (main not ready, or shutting down)
      throw wireError('NodeUnavailableError', errorToWire(err).message)
    }
    if (!isIpcResult(result)) {
      throw wireError('TimError', `malformed IPC result on ${channel}`)
    }
    if (!result.ok) {
      throw wireError(result.error.name, result.error.message)
    }
    return result.value
  }

  // one generic function per method: the contract's types are restored by the cast below
  const methods = Object.fromEntries(messengerMethods.map(method => {
    const channel = ipcMethodChannel(method)
    return [method, async (...args: unknown[]) => call(channel, args)]
  })) as unknown as BridgeMethods

  const listeners = new Map<MessengerEventName, Set<(data: unknown) => void>>()
  transport.onEvent(payload => {
    if (!isIpcEventPayload(payload)) return
    for (const listener of [...(listeners.get(payload.event) ?? [])]) {
      try {
        listener(payload.data)
      } catch (err) {
        // one page listener failing must not starve the others
        console.error(`a listener of ${payload.event} threw`, err)
      }
    }
  })

  const on = <E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>): () => void => {
    if (!isMessengerEventName(event)) {
      throw new InvalidArgumentError(`unknown event ${JSON.stringify(event) ?? String(event)}`)
    }
    if (typeof listener !== 'function') {
      throw new InvalidArgumentError(`the listener of ${event} must be a function`)
    }
    let registered = listeners.get(event)
    if (registered === undefined) {
      registered = new Set()
      listeners.set(event, registered)
      transport.send(IPC_SUBSCRIBE_CHANNEL, [event])
    }
    // main forwards each event's payload as the node emitted it, under the event's name
    const entry = (data: unknown): void => { listener(data as MessengerEvents[E]) }
    registered.add(entry)
    return () => { registered.delete(entry) }
  }

  return { ...methods, on }
}
