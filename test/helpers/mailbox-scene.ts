/**
 * Mailbox tests on 127.0.0.1: settings under which undelivered mail goes to the mailboxes
 * after 300 ms and placement is looked up afresh each time, and the scene most of them need
 * (a relay holding mail, Alice and Bob who are contacts, and Mallory, all bootstrapped from it).
 */

import { createNode, type TimNode, type TimNodeInit } from '../../core/index.ts'
import { befriend, loopbackInit, startPeer, waitFor, type TestPeer } from './peers.ts'
import type { AfterHook } from './temp-dir.ts'

export const quickMailboxInit = {
  messaging: { ...loopbackInit.messaging, deliveryDeadlineMs: 300, collectDelayMs: 200, collectIntervalMs: 60_000 },
  mailbox: { maintenanceIntervalMs: 60_000, cacheMs: 0, lookupTimeoutMs: 3000, requestTimeoutMs: 3000 }
} satisfies Partial<TimNodeInit>

export interface MailboxScene {
  relay: TestPeer
  alice: TestPeer
  bob: TestPeer
  mallory: TestPeer
}

/**
 * A relay holding mail (with `relayMailbox` settings) and Alice, Bob and Mallory bootstrapped
 * from it (with `init` over the quick settings); Alice and Bob are each other's contacts, and
 * Alice knows the relay as a DHT server.
 */
export async function startMailboxScene (t: AfterHook, relayMailbox: TimNodeInit['mailbox'] = {}, init: Partial<TimNodeInit> = {}): Promise<MailboxScene> {
  const peerInit = { ...quickMailboxInit, ...init, mailbox: { ...quickMailboxInit.mailbox, ...init.mailbox } }
  const relay = await startPeer(t, 'Relay', { ...peerInit, role: 'relay', mailbox: { ...peerInit.mailbox, ...relayMailbox } })
  const bootstrap = relay.node.addresses()
  const alice = await startPeer(t, 'Alice', { ...peerInit, bootstrap })
  const bob = await startPeer(t, 'Bob', { ...peerInit, bootstrap })
  const mallory = await startPeer(t, 'Mallory', { ...peerInit, bootstrap })
  await befriend(alice, bob)
  const dht = alice.node.libp2p.services.dht as typeof alice.node.libp2p.services.dht & { routingTable: { size: number } }
  await waitFor(() => dht.routingTable.size, size => size >= 1, { what: 'Alice to know the relay as a DHT server' })
  return { relay, alice, bob, mallory }
}

/** A stopped peer's node again, on its data directory, with the quick settings (and `init`); stopped after the test. */
export async function restartPeer (t: AfterHook, peer: TestPeer, init: Partial<TimNodeInit> = {}): Promise<TimNode> {
  const node = await createNode({ ...loopbackInit, ...quickMailboxInit, ...init, dataDir: peer.dataDir })
  t.after(async () => { await node.stop() })
  return node
}
