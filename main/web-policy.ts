/**
 * web-policy — what the window may load, show and open, as pure functions: the app's own
 * origin (`app://tim`), the mapping of its URLs onto files of the built renderer (path
 * traversal refused), the Content-Security-Policy and other headers of every response, the
 * vetting of links handed to the system browser, and the one permission the page may get.
 * Imports no Electron: main/app-protocol.ts and main/window.ts apply it, unit tests check it.
 */

import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'
const APP_HOST = 'tim'
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/**
 * Everything comes from the app's own origin; nothing inline, no eval, no frames, no
 * plugins, no forms, no remote connections (the node is reached over IPC, not the network).
 * Images may also be data:/blob: URLs (QR codes).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "worker-src 'none'"
].join('; ')

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

/** Longest link handed to the system browser. */
const MAX_EXTERNAL_URL_LENGTH = 2048

function parseUrl (raw: string): URL | null {
  try {
    return new URL(raw)
  } catch {
    return null
  }
}

/** Whether a URL (or an origin) belongs to the app's own origin. */
export function isAppUrl (raw: string): boolean {
  const url = parseUrl(raw)
  return url !== null && url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST &&
    url.username === '' && url.password === ''
}

/**
 * The file under `root` that an app URL names, or null when the URL is not the app's, does
 * not decode, or would leave `root`. A path ending in `/` (or empty) names its index.html.
 */
export function resolveAppFile (root: string, requestUrl: string): string | null {
  const url = parseUrl(requestUrl)
  if (url === null || !isAppUrl(requestUrl)) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  if (path === '' || path.endsWith('/')) path += 'index.html'
  const base = resolve(root)
  const file = resolve(base, `.${path.startsWith('/') ? '' : '/'}${path}`)
  const inside = relative(base, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null
  return file
}

/** Headers every response of the app protocol carries, errors included. */
function responseHeaders (contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache'
  }
}

function plainResponse (status: number, text: string): Response {
  return new Response(text, { status, headers: responseHeaders('text/plain; charset=utf-8') })
}

/** Answers one request of the app protocol from the files under `root` (GET and HEAD only). */
export async function serveAppRequest (root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return plainResponse(405, 'method not allowed')
  }
  const file = resolveAppFile(root, request.url)
  if (file === null) {
    return plainResponse(404, 'not found')
  }
  let body: Buffer
  try {
    body = await readFile(file)
  } catch {
    return plainResponse(404, 'not found')
  }
  const contentType = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream'
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: responseHeaders(contentType)
  })
}

/**
 * The link to hand to the system browser, normalized, or null: only `https:` URLs with a
 * host and no credentials, of a sane length.
 */
export function vetExternalUrl (raw: string): string | null {
  if (raw.length > MAX_EXTERNAL_URL_LENGTH) return null
  const url = parseUrl(raw)
  if (url === null || url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') {
    return null
  }
  return url.href
}

/** The only permission granted: sanitized clipboard writes (copying an invite), to the app's own page. */
export function isPermissionAllowed (permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl)
}
