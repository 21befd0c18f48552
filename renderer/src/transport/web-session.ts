/**
 * Web-mode login (the server side is app/web/web-host.ts). The node prints
 * `http://127.0.0.1:PORT/#login=CODE`; this page trades the one-time CODE for
 * `{ rpcUrl, token }` at POST /api/session, drops the fragment from the address bar and
 * keeps the session in sessionStorage (`tim.session`) so that a reload of this tab works.
 */

import { errorFromWire, isPlainObject, UnauthorizedError } from '../../../core/api/index.ts'
import { LoginRequiredError } from './errors.ts'

export interface WebSession {
  /** `ws://127.0.0.1:RPCPORT/rpc` */
  rpcUrl: string
  token: string
}

export const SESSION_STORAGE_KEY = 'tim.session'
export const SESSION_PATH = '/api/session'
const LOGIN_PARAM = 'login'

function isWebSession (value: unknown): value is WebSession {
  return isPlainObject(value) && typeof value.rpcUrl === 'string' && /^wss?:\/\//.test(value.rpcUrl) &&
    typeof value.token === 'string' && value.token.length > 0
}

function storedSession (): WebSession | undefined {
  try {
    const text = sessionStorage.getItem(SESSION_STORAGE_KEY)
    if (text === null) return undefined
    const parsed: unknown = JSON.parse(text)
    return isWebSession(parsed) ? { rpcUrl: parsed.rpcUrl, token: parsed.token } : undefined
  } catch {
    return undefined
  }
}

export function forgetSession (): void {
  obtaining = null
  try {
    sessionStorage.removeItem(SESSION_STORAGE_KEY)
  } catch {
    // storage disabled: nothing was kept
  }
}

function keepSession (session: WebSession): void {
  try {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(session))
  } catch {
    // storage disabled: the session lasts until this page is reloaded
  }
}

/** a code read from the address bar and not yet exchanged */
let capturedCode: string | undefined

/**
 * Takes the one-time code out of `#login=CODE` and the address bar (history, bookmarks,
 * screenshots). main.tsx calls it before anything renders; obtainWebSession uses the code.
 */
export function captureLoginCode (): void {
  const fragment = location.hash.replace(/^#/, '')
  if (fragment === '') return
  const code = new URLSearchParams(fragment).get(LOGIN_PARAM)
  if (code === null) return
  history.replaceState(history.state, '', `${location.pathname}${location.search}`)
  if (code !== '') capturedCode = code
}

function takeLoginCode (): string | undefined {
  captureLoginCode()
  const code = capturedCode
  capturedCode = undefined
  return code
}

async function exchangeCode (code: string): Promise<WebSession> {
  const response = await fetch(SESSION_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
    credentials: 'same-origin',
    cache: 'no-store'
  })
  let body: unknown
  try {
    body = await response.json()
  } catch {
    body = undefined
  }
  if (response.ok && isWebSession(body)) return { rpcUrl: body.rpcUrl, token: body.token }
  const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : undefined
  if (error !== undefined && typeof error.name === 'string' && typeof error.message === 'string') {
    throw errorFromWire({ name: error.name, message: error.message })
  }
  if (response.status === 401) throw new UnauthorizedError('this login link is wrong or was already used')
  throw new Error(`logging in failed: HTTP ${response.status}`)
}

/** the session being obtained or obtained: a code is exchanged once however often this is asked */
let obtaining: Promise<WebSession> | null = null

/**
 * The session of this tab: from `#login=CODE` (exchanged once), else from sessionStorage.
 * Rejects with LoginRequiredError when there is neither, or with the server's error
 * (UnauthorizedError for a used or wrong code) when a code fails and nothing is stored.
 */
export async function obtainWebSession (): Promise<WebSession> {
  obtaining ??= findSession().catch((err: unknown) => {
    obtaining = null
    throw err
  })
  return await obtaining
}

async function findSession (): Promise<WebSession> {
  const code = takeLoginCode()
  if (code !== undefined) {
    try {
      const session = await exchangeCode(code)
      keepSession(session)
      return session
    } catch (err) {
      // the same link opened again in a tab that already logged in: keep that session
      const kept = storedSession()
      if (kept !== undefined) return kept
      // the host was not reached (no HTTP answer): the code is still good for a retry
      if (err instanceof TypeError) capturedCode = code
      throw err
    }
  }
  const kept = storedSession()
  if (kept !== undefined) return kept
  throw new LoginRequiredError('open the link printed by `tim node --ui`')
}
