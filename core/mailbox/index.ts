/**
 * mailbox — store-and-forward for offline devices, placed across relay nodes by DHT
 * distance. Every node runs the client (deposit for others, collect its own mail); relays
 * also run the server (hold mail with quotas and a TTL, re-replicate as nodes come and go).
 * Owns the `mailbox` sublevel. Sees envelopes only: never plaintext, never the message kind.
 */

import type { LocalIdentity } from '../identity/index.ts'
import type { MailboxPort } from '../messaging/index.ts'
import type { TimLibp2p } from '../net/index.ts'
import type { Store } from '../store/index.ts'
import { createMailboxClient, type MailboxClientInit } from './client.ts'
import { createPlacement, type PlacementInit } from './placement.ts'
import { createMailboxServer, type MailboxServer, type MailboxServerInit } from './server.ts'

export { MAILBOX_PROTOCOL } from './exchange.ts'
export type { MailboxServer } from './server.ts'
export type { AccountUsage } from './storage.ts'

export interface MailboxInit extends MailboxClientInit, MailboxServerInit, PlacementInit {
  /** hold mail for others (relays) */
  serve: boolean
}

export interface MailboxComponents {
  libp2p: TimLibp2p
  identity: LocalIdentity
  store: Store
  /** counts rejected requests by error name */
  fault: (err: Error) => void
}

export interface Mailbox {
  client: MailboxPort
  /** present on nodes that hold mail for others */
  server: MailboxServer | null
}

export const defaultMailboxInit: MailboxInit = {
  serve: false,
  replicas: 3,
  ttlMs: 30 * 24 * 60 * 60 * 1000,
  maxItemsPerAccount: 10_000,
  maxBytesPerAccount: 64 * 1024 * 1024,
  maxItemsPerSender: 1_000,
  maintenanceIntervalMs: 60_000,
  requestTimeoutMs: 10_000,
  maxPagesPerCollection: 100,
  cacheMs: 30_000,
  lookupTimeoutMs: 10_000
}

export function createMailbox (components: MailboxComponents, init: MailboxInit): Mailbox {
  const placement = createPlacement(components.libp2p, init)
  return {
    client: createMailboxClient({ ...components, placement }, init),
    server: init.serve ? createMailboxServer({ ...components, placement }, init) : null
  }
}
