/**
 * Helpers for the main-process tests. Electron cannot run here, so its objects are the only
 * thing faked: an IPC sender (the `sender` / `senderFrame` of an ipcMain event) and the
 * ipcRenderer ↔ ipcMain hop, which copies every value with structuredClone as Electron's
 * IPC does. The node behind it is real: core/host on a temp dir, loopback only, no mDNS.
 */

import { join } from 'node:path'
import { IPC_SUBSCRIBE_CHANNEL, type MessengerBridge } from '../../../core/api/index.ts'
import { createNodeHost, type NodeHost } from '../../../core/host/index.ts'
import { createEventForwarder, createInvokeHandlers, type IpcSender, type SenderFrame } from '../../../main/ipc-policy.ts'
import { createBridge } from '../../../main/preload/bridge.ts'
import { loopbackInit } from '../../helpers/peers.ts'
import { tempDir, type AfterHook } from '../../helpers/temp-dir.ts'

/** The id of the app window's webContents in these tests. */
export const APP_WINDOW = 7

export function frame (url: string, parent: SenderFrame | null = null): SenderFrame {
  return { url, parent }
}

/** An IPC event as the app page in the app window sends it, with parts replaced. */
export function sender (overrides: Partial<{ webContentsId: number, senderFrame: SenderFrame | null }> = {}): IpcSender {
  return {
    sender: { id: overrides.webContentsId ?? APP_WINDOW },
    senderFrame: overrides.senderFrame === undefined ? frame('app://tim/index.html') : overrides.senderFrame
  }
}

/** A node host that has not been onboarded yet, stopped after the test. */
export async function startHost (t: AfterHook, name = 'host'): Promise<NodeHost> {
  const host = createNodeHost({ ...loopbackInit, dataDir: join(await tempDir(t), name) })
  t.after(async () => { await host.stop() })
  await host.start()
  return host
}

/**
 * The preload's bridge wired to the main side's handlers and event forwarder over a fake
 * IPC hop, for the page `from`. `close()` is what main does when the window goes away.
 */
export function connectBridge (host: NodeHost, from: IpcSender = sender()): { bridge: MessengerBridge, close: () => void } {
  const handlers = createInvokeHandlers(host.api, APP_WINDOW)
  let deliver: (payload: unknown) => void = () => {}
  const forwarder = createEventForwarder(host.api, APP_WINDOW, payload => { deliver(structuredClone(payload)) })
  const bridge = createBridge({
    invoke: async (channel, ...args) => {
      const handle = handlers.get(channel)
      if (handle === undefined) throw new Error(`No handler registered for '${channel}'`)
      return structuredClone(await handle(from, structuredClone(args)))
    },
    send: (channel, payload) => {
      if (channel === IPC_SUBSCRIBE_CHANNEL) forwarder.subscribe(from, structuredClone(payload))
    },
    onEvent: handler => { deliver = handler }
  })
  return { bridge, close: forwarder.close }
}
