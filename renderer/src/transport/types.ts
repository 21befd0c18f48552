/**
 * What the UI gets from a transport: the MessengerApi and its events (one contract for
 * Electron and web mode), plus the state of the connection underneath. Types only.
 */

import type { MessengerApi, MessengerEventSource } from '../../../core/api/index.ts'

export type ConnectionState =
  | { kind: 'connected' }
  /** the connection dropped; attempt `attempt` (it keeps trying) starts at `retryAt` (ms since epoch) */
  | { kind: 'reconnecting', attempt: number, retryAt: number }
  /** the node refused the token (it restarted): a new login link is needed */
  | { kind: 'signed-out', error: Error }

export interface Transport extends MessengerApi, MessengerEventSource {
  /** `electron` (window.tim) or `web` (WebSocket JSON-RPC) */
  readonly mode: 'electron' | 'web'
  /** where the API is: the RPC URL in web mode, `Electron IPC` otherwise */
  readonly endpoint: string
  connection: () => ConnectionState
  /** called on every change of connection(); returns the unsubscribe function */
  onConnection: (listener: (state: ConnectionState) => void) => () => void
  /** skips the wait before the next reconnection attempt */
  reconnectNow: () => void
  close: () => Promise<void>
}
