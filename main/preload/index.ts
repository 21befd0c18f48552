/**
 * preload — runs sandboxed in the app window before the page: exposes the MessengerBridge as
 * `window.tim` through contextBridge, wired to ipcRenderer. Exposes nothing else, and never
 * ipcRenderer itself. Bundled into one CommonJS file (out/main/preload.js), since a sandboxed
 * preload can require only `electron`.
 */

import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL } from '../../core/api/index.ts'
import { createBridge } from './bridge.ts'

const bridge = createBridge({
  invoke: async (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  send: (channel, payload) => { ipcRenderer.send(channel, payload) },
  onEvent: handler => {
    ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, payload: unknown) => { handler(payload) })
  }
})

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
