/**
 * web — the web mode of the messenger: serves the built renderer (renderer/dist) on
 * 127.0.0.1 and hands a page that opened a one-time login link the node's JSON-RPC URL and
 * token (web-host.ts has the protocol). `startLocalApi` starts the RPC server and the web
 * host in the order their origin check needs. Must not: import main/ or renderer/ code,
 * listen anywhere but loopback by default, or call the MessengerApi itself (pages reach it
 * through JSON-RPC only).
 */

import { fileURLToPath } from 'node:url'

export { createWebHost, CONTENT_SECURITY_POLICY, LOGIN_FRAGMENT, SECURITY_HEADERS, SESSION_PATH } from './web-host.ts'
export type { WebHost, WebHostInit } from './web-host.ts'
export { createLoginCodes } from './login-codes.ts'
export type { LoginCodes, LoginCodesInit, RedeemResult } from './login-codes.ts'
export { checkUiRpcHost, startLocalApi } from './local-api.ts'
export type { LocalApi, LocalApiInit } from './local-api.ts'
export { contentTypeOf, lookupStatic } from './static-files.ts'

/** Where `npm run build:ui` puts the renderer. */
export const defaultStaticDir = fileURLToPath(new URL('../../renderer/dist', import.meta.url))
