/**
 * mailbox — store-and-forward for offline devices, placed across the serving nodes (relays
 * or not) by DHT distance. Every node runs the client (deposit for others, collect its own
 * mail); a node runs the server while it serves the network (`hook`, driven by net's serving
 * switch: a relay always, an ordinary node while reachable from outside, with smaller quotas,
 * servingNodeMailboxQuotas): it holds mail with quotas and a TTL and re-replicates as nodes
 * come and go. When the node stops serving, the server stops answering first and hands the
 * mail it holds to the K nodes now closest (the server's own re-replication, with this node
 * left out of the placement). Owns the `mailbox` sublevel. Sees envelopes only: never
 * plaintext, never the message kind.
 */

import type { LocalIdentity } from '../identity/index.ts'
import type { MailboxPort } from '../messaging/index.ts'
import type { ServingHook, TimLibp2p } from '../net/index.ts'
import type { Store } from '../store/index.ts'
import { createMailboxClient, type MailboxClientInit } from './client.ts'
import { MAILBOX_PROTOCOL } from './exchange.ts'
import { createPlacement, type Placement, type PlacementInit } from './placement.ts'
import { createMailboxServer, type MailboxServer, type MailboxServerInit } from './server.ts'

export { MAILBOX_PROTOCOL } from './exchange.ts'
export type { MailboxServer } from './server.ts'
export type { AccountUsage } from './storage.ts'

export interface MailboxInit extends MailboxClientInit, MailboxServerInit, PlacementInit {
  /** may hold mail for others (whenever the node serves); false: never, not even then */
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
  /** the server that holds mail for others; it answers only while `serving()` */
  server: MailboxServer | null
  /** whether the server answers now */
  serving: () => boolean
  /** for net's serving switch: start holding mail; stop (handing it off first on a switch off) */
  hook: ServingHook
}

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

export function createMailbox (components: MailboxComponents, init: MailboxInit): Mailbox {
  const { libp2p } = components
  const placement = createPlacement(libp2p, init)
  /** while handing off, this node is no candidate for the mail it holds */
  let leaving = false
  const serverPlacement: Placement = {
    closest: async (key, options = {}) => await placement.closest(key, { ...options, includeSelf: options.includeSelf === true && !leaving })
  }
  const server = init.serve ? createMailboxServer({ ...components, placement: serverPlacement }, init) : null
  let serving = false

  const hook: ServingHook = {
    start: async () => {
      if (server == null || serving) return
      await server.start()
      serving = true
    },
    stop: async (handOff) => {
      if (server == null || !serving) return
      serving = false
      // first refuse new deposits (depositors go on to the next closest node), then hand off
      await libp2p.unhandle(MAILBOX_PROTOCOL).catch(() => {})
      if (handOff) {
        leaving = true
        try {
          // twice: a pass already running may have started with this node still a candidate
          await server.maintain()
          await server.maintain()
        } finally {
          leaving = false
        }
      }
      await server.stop()
    }
  }

  return {
    client: createMailboxClient({ ...components, placement }, init),
    server,
    serving: () => serving,
    hook
  }
}
