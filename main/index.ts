/**
 * main — the Electron main process of Tim: one instance per user (a second launch shows the
 * first one's window), the node of this installation (core/host, data in `$TIM_DATA` when
 * `tim desktop --data` set it, else `<userData>/tim`; mDNS on), one sandboxed window showing the built renderer from `app://tim`,
 * the IPC transport of the MessengerApi to that window, a tray icon, notifications, and a
 * clean shutdown (the node is stopped once before the process exits). Closing the window
 * hides it: the node keeps receiving until Quit. Holds no protocol logic and no UI.
 */

import { join } from 'node:path'
import { BrowserWindow, app, session, type Tray } from 'electron'
import { logger } from '@libp2p/logger'
import { createNodeHost, type NodeHost } from '../core/host/index.ts'
import { registerAppScheme, serveApp } from './app-protocol.ts'
import { serveIpc } from './ipc.ts'
import { notifyReceivedMessages } from './notifications.ts'
import { createTray } from './tray.ts'
import { APP_ENTRY_URL } from './web-policy.ts'
import { applySessionPolicy, createMainWindow, lockDownWebContents } from './window.ts'

const log = logger('tim:main')

/** out/main/, where the build puts this bundle and the preload; the renderer is built to renderer/dist/. */
const here = import.meta.dirname
const PRELOAD = join(here, 'preload.js')
const RENDERER_ROOT = join(here, '..', '..', 'renderer', 'dist')

/** `tim desktop` passes the data directory it was given as $TIM_DATA. */
function dataDir (): string {
  const given = process.env.TIM_DATA
  return given !== undefined && given !== '' ? given : join(app.getPath('userData'), 'tim')
}

function run (): void {
  app.enableSandbox()
  registerAppScheme()
  lockDownWebContents()

  const host: NodeHost = createNodeHost({ dataDir: dataDir(), mdns: true })
  let window: BrowserWindow | null = null
  let tray: Tray | null = null
  let quitting = false
  let stopping = false
  let stopped = false

  const show = (): void => {
    if (window === null || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  app.on('second-instance', show)
  app.on('activate', show)
  app.on('before-quit', event => {
    quitting = true
    if (stopped) return
    // the first quit waits for the node to stop, then quits again
    event.preventDefault()
    if (stopping) return
    stopping = true
    tray?.destroy()
    host.stop()
      .catch((err: unknown) => { log.error('the node did not stop cleanly: %e', err) })
      .finally(() => {
        stopped = true
        app.quit()
      })
  })

  const open = async (): Promise<void> => {
    await app.whenReady()
    serveApp(session.defaultSession, RENDERER_ROOT)
    applySessionPolicy(session.defaultSession)

    window = createMainWindow({ preload: PRELOAD })
    const shown = window
    shown.on('close', event => {
      if (quitting) return
      event.preventDefault()
      shown.hide()
    })
    serveIpc(host.api, shown.webContents)
    notifyReceivedMessages(host.api, shown, show)
    tray = createTray({ show, quit: () => { app.quit() } })

    // before the page asks: a node with an account is running by then, one without waits for createAccount
    await host.start().catch((err: unknown) => { log.error('the node did not start: %e', err) })
    await shown.loadURL(APP_ENTRY_URL)
  }
  open().catch((err: unknown) => {
    log.error('the app could not open: %e', err)
    app.quit()
  })
}

if (app.requestSingleInstanceLock()) {
  run()
} else {
  app.quit()
}
