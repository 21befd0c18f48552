/**
 * app-protocol — the `app://tim` scheme the window loads the renderer from: registered as
 * standard and secure (a real origin, so CSP 'self', relative URLs and module scripts work as
 * on https), served from the built renderer by web-policy's serveAppRequest. Serves nothing
 * outside that folder and never proxies to the network or to file://.
 */

import { protocol, type Session } from 'electron'
import { APP_SCHEME, serveAppRequest } from './web-policy.ts'

/** Must run before the app is ready. */
export function registerAppScheme (): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

/** Serves `root` (the renderer's dist folder) on the app scheme of `session`. */
export function serveApp (session: Session, root: string): void {
  session.protocol.handle(APP_SCHEME, async request => serveAppRequest(root, request))
}
