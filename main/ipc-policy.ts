/**
 * ipc-policy — the main-process side of the IPC transport, minus Electron: who may call
 * (the main frame of the app's window, on the app's own origin), what arguments a call may
 * carry (the arity table of core/api), one invoke handler per MessengerApi method whose
 * result is tagged for the wire, and the forwarding of subscribed events to one window.
 * main/ipc.ts registers these with ipcMain; unit tests drive them with fake senders. Never
 * imports Electron and never talks to the node except through the MessengerApi it is given.
 */

import {
  InvalidArgumentError, UnauthorizedError, checkMethodParams, ipcMethodChannel, isMessengerEventName, messengerMethods
} from '../core/api/index.ts'
import type { MessengerApi, MessengerEventName, MessengerEventSource, MessengerMethod } from '../core/api/index.ts'
import { settle, type IpcEventPayload, type IpcResult } from './ipc-wire.ts'
import { isAppUrl } from './web-policy.ts'

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  readonly url: string
  readonly parent: SenderFrame | null
}

/** The part of Electron's IpcMainEvent / IpcMainInvokeEvent the sender check reads. */
export interface IpcSender {
  readonly sender: { readonly id: number }
  readonly senderFrame: SenderFrame | null
}

/** The URL of a top-level frame; null for a subframe, or when Electron has disposed of the frame (its getters throw then). */
function topFrameUrl (frame: SenderFrame): string | null {
  try {
    return frame.parent === null ? frame.url : null
  } catch {
    return null
  }
}

/**
 * Throws UnauthorizedError unless the message comes from the top frame of the webContents
 * `webContentsId`, showing a page of the app's own origin.
 */
export function checkSender (event: IpcSender, webContentsId: number): void {
  if (event.sender.id !== webContentsId) {
    throw new UnauthorizedError('IPC from a window that is not the app window')
  }
  const frame = event.senderFrame
  if (frame == null) {
    throw new UnauthorizedError('IPC from a frame that no longer exists')
  }
  const url = topFrameUrl(frame)
  if (url === null || !isAppUrl(url)) {
    throw new UnauthorizedError('IPC from a frame that is not the app page')
  }
}

/** The positional arguments of a call, or InvalidArgumentError. */
export function checkArgs (method: MessengerMethod, args: unknown): unknown[] {
  const checked = checkMethodParams(method, args)
  if (typeof checked === 'string') {
    throw new InvalidArgumentError(checked)
  }
  return checked
}

/** The event names a subscription asks for, without repeats; InvalidArgumentError unless all are known. */
export function checkEventNames (names: unknown): MessengerEventName[] {
  if (!Array.isArray(names)) {
    throw new InvalidArgumentError('a subscription is an array of event names')
  }
  const checked = new Set<MessengerEventName>()
  for (const name of names as unknown[]) {
    if (!isMessengerEventName(name)) {
      throw new InvalidArgumentError(`unknown event ${JSON.stringify(name) ?? String(name)}`)
    }
    checked.add(name)
  }
  return [...checked]
}

export type InvokeHandler = (event: IpcSender, args: unknown[]) => Promise<IpcResult>

/**
 * One handler per MessengerApi method, keyed by its IPC channel: checks the sender, then the
 * arguments, then calls the method; whatever happens comes back as an IpcResult.
 */
export function createInvokeHandlers (api: MessengerApi, webContentsId: number): Map<string, InvokeHandler> {
  const handler = (method: MessengerMethod): InvokeHandler => async (event, args) => settle(async () => {
    checkSender(event, webContentsId)
    const call = api[method] as (...params: unknown[]) => Promise<unknown>
    return call(...checkArgs(method, args))
  })
  return new Map(messengerMethods.map(method => [ipcMethodChannel(method), handler(method)]))
}

export interface EventForwarder {
  /**
   * Subscribes the window to each named event once. Throws UnauthorizedError for a sender
   * that is not the app page, InvalidArgumentError for a bad list (nothing subscribed then).
   */
  subscribe: (event: IpcSender, names: unknown) => void
  /** unsubscribes from everything; later subscriptions are ignored */
  close: () => void
}

/** Forwards the events the window `webContentsId` subscribed to, as IpcEventPayloads, to `deliver`. */
export function createEventForwarder (
  events: MessengerEventSource, webContentsId: number, deliver: (payload: IpcEventPayload) => void
): EventForwarder {
  const subscriptions = new Map<MessengerEventName, () => void>()
  let closed = false
  return {
    subscribe: (sender, names) => {
      checkSender(sender, webContentsId)
      for (const event of checkEventNames(names)) {
        if (closed || subscriptions.has(event)) continue
        subscriptions.set(event, events.on(event, data => { deliver({ event, data }) }))
      }
    },
    close: () => {
      closed = true
      for (const unsubscribe of subscriptions.values()) unsubscribe()
      subscriptions.clear()
    }
  }
}
