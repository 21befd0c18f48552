/**
 * mailbox — store-and-forward for offline devices, placed across the serving nodes (relays
 * or not) by DHT distance. Every node runs the client (deposit for others, collect its own
 * mail); a node runs the server while it serves the network (driven by net's serving
 * switch: a relay always, an ordinary node while reachable from outside, with smaller quotas,
 * servingNodeMailboxQuotas): it holds mail with quotas and a TTL and re-replicates as nodes
 * come and go. When the node stops serving, the server stops answering first and hands the
 * mail it holds to the K nodes now closest (the server's own re-replication, with this node
 * left out of the placement). Owns the `mailbox` sublevel. Sees envelopes only: never
 * plaintext, never the message kind.
 *
 * A libp2p service (service.ts, `libp2p.services.mailbox`): core/index.ts hands
 * `mailboxService(init)` to net with the other rooms' services. Logs as `tim:mailbox*`
 * through the node's logger.
 */

import type { MailboxInit } from './service.ts'

export { MAILBOX_PROTOCOL } from './exchange.ts'
export { mailboxService, type MailboxInit, type MailboxServiceComponents, type MailboxServiceInit, type TimMailbox } from './service.ts'
export type { MailboxServer } from './server.ts'
export type { AccountUsage } from './storage.ts'

export const defaultMailboxInit: MailboxInit = {
  serve: false,
  replicas: 3,
  ttlMs: 30 * 24 * 60 * 60 * 1000,
  maxItemsPerAccount: 10_000,
  maxBytesPerAccount: 64 * 1024 * 1024,
  maxItemsPerSender: 1_000,
  // ticketed mail (a contact's) has its own quota per (recipient, sender); the node holds at
  // most maxBytesTotal, of which strangers' mail at most maxStrangerBytesTotal (storage.ts)
  maxItemsPerContact: 10_000,
  maxBytesPerContact: 64 * 1024 * 1024,
  maxBytesTotal: 1024 * 1024 * 1024,
  maxStrangerBytesTotal: 256 * 1024 * 1024,
  depositRatePerSecond: 200,
  depositBurst: 2_000,
  maxBudgetPeers: 4_096,
  maintenanceIntervalMs: 60_000,
  requestTimeoutMs: 10_000,
  maxPagesPerCollection: 100,
  cacheMs: 30_000,
  lookupTimeoutMs: 10_000
}

/**
 * Quotas of an ordinary node that serves (reachable, not opted out): smaller than a dedicated
 * relay's, since it is someone's laptop.
 */
export const servingNodeMailboxQuotas: Pick<MailboxInit, 'maxItemsPerAccount' | 'maxBytesPerAccount' | 'maxItemsPerSender' |
'maxItemsPerContact' | 'maxBytesPerContact' | 'maxBytesTotal' | 'maxStrangerBytesTotal' | 'depositRatePerSecond' | 'depositBurst'> = {
  maxItemsPerAccount: 2_000,
  maxBytesPerAccount: 16 * 1024 * 1024,
  maxItemsPerSender: 200,
  maxItemsPerContact: 2_000,
  maxBytesPerContact: 16 * 1024 * 1024,
  maxBytesTotal: 256 * 1024 * 1024,
  maxStrangerBytesTotal: 64 * 1024 * 1024,
  depositRatePerSecond: 50,
  depositBurst: 500
}
