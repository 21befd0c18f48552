/**
 * window — the app window and the rules every web page of the app lives under: sandboxed,
 * context-isolated, no Node; no navigation, no new windows, no <webview> (an `https:` link is
 * handed to the system browser instead, after vetting); every permission denied but
 * sanitized clipboard writes from the app's own page. Knows nothing of the node or of IPC.
 */

import { BrowserWindow, app, shell, type Session, type WebContents } from 'electron'
import { logger } from '@libp2p/logger'
import { isPermissionAllowed, vetExternalUrl } from './web-policy.ts'

const log = logger('tim:main:window')

function openExternally (url: string): void {
  const vetted = vetExternalUrl(url)
  if (vetted === null) {
    log('refused to open %s', url)
    return
  }
  shell.openExternal(vetted).catch((err: unknown) => { log.error('could not open %s: %e', vetted, err) })
}

function lockDown (contents: WebContents): void {
  contents.on('will-attach-webview', event => { event.preventDefault() })
  contents.on('will-navigate', event => {
    event.preventDefault()
    openExternally(event.url)
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url)
    return { action: 'deny' }
  })
}

/** Applies the navigation rules to every web contents the app will create. Call once, before ready. */
export function lockDownWebContents (): void {
  app.on('web-contents-created', (_event, contents) => { lockDown(contents) })
}

/** Denies every permission request and check, but sanitized clipboard writes from the app's page. */
export function applySessionPolicy (session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin))
  session.setDevicePermissionHandler(() => false)
}

export interface MainWindowInit {
  /** absolute path of the built preload script */
  preload: string
}

/** The app window, hidden until its page is ready to show. */
export function createMainWindow (init: MainWindowInit): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Tim',
    width: 1024,
    height: 720,
    minWidth: 640,
    minHeight: 480,
    show: false,
    webPreferences: {
      preload: init.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: !app.isPackaged
    }
  })
  window.once('ready-to-show', () => { window.show() })
  return window
}
