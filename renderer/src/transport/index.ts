/**
 * transport — how the renderer reaches its node. One code path above it: the UI gets a
 * MessengerApi & MessengerEventSource (a Transport) whether it runs in Electron
 * (`window.tim`, the preload bridge) or in a browser (WebSocket JSON-RPC after the web-mode
 * login). Must not: import anything of core but core/api and core/rpc/{client,protocol}.ts.
 */

import { createBridgeTransport, findBridge } from './bridge.ts'
import type { Transport } from './types.ts'
import { createWebTransport } from './web.ts'
import { obtainWebSession } from './web-session.ts'

export type { ConnectionState, Transport } from './types.ts'
export { LoginRequiredError, SessionEndedError, normalizeError } from './errors.ts'
export { captureLoginCode, forgetSession } from './web-session.ts'

/**
 * Connects to the node: the Electron bridge when `window.tim` exists, else web mode.
 * Web mode rejects with LoginRequiredError (no login link, no stored session),
 * UnauthorizedError (a used or wrong link), SessionEndedError (a stored session the node
 * no longer accepts) or NodeUnavailableError (the node cannot be reached).
 */
export async function connectTransport (): Promise<Transport> {
  const bridge = findBridge()
  if (bridge !== undefined) return createBridgeTransport(bridge)
  const session = await obtainWebSession()
  return await createWebTransport({ session })
}
