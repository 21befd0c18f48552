/**
 * ipc — registers the IPC transport of the MessengerApi for the app window with Electron:
 * one ipcMain.handle per method (from ipc-policy's handlers, sender and arguments checked
 * there), and the event subscriptions of that window, forwarded to it alone and dropped when
 * its web contents go away. Holds no policy of its own.
 */

import { ipcMain, type WebContents } from 'electron'
import { logger } from '@libp2p/logger'
import { IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../core/api/index.ts'
import type { NodeApi } from '../core/index.ts'
import { createEventForwarder, createInvokeHandlers, type IpcSender } from './ipc-policy.ts'

const log = logger('tim:main:ipc')

/** Serves `api` to the page shown in `contents`; everything is unregistered when `contents` is destroyed. */
export function serveIpc (api: NodeApi, contents: WebContents): void {
  const webContentsId = contents.id
  const handlers = createInvokeHandlers(api, webContentsId)
  for (const [channel, handle] of handlers) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => handle(event, args))
  }

  const forwarder = createEventForwarder(api, webContentsId, payload => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, payload)
  })
  const onSubscribe = (event: IpcSender, names: unknown): void => {
    try {
      forwarder.subscribe(event, names)
    } catch (err) {
      log.error('refused a subscription: %e', err)
    }
  }
  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, onSubscribe)

  contents.once('destroyed', () => {
    forwarder.close()
    ipcMain.off(IPC_SUBSCRIBE_CHANNEL, onSubscribe)
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel)
  })
}
