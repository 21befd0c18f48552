/**
 * Mailbox benchmark: the time from "Bob comes online" to "Bob has all 100 messages" that
 * Alice sent while he was offline (stored on the K=3 relays closest to his account), beside
 * the time Bob takes to receive 100 messages sent to him while he is online, in the same
 * run. Everything in this process on 127.0.0.1.
 */

import type { TimNodeInit } from '../core/index.ts'
import { createNode } from '../core/index.ts'
import type { Benchmark } from './harness.ts'
import { benchNodeInit, receivedCounter, startLocalPeer, textOfBytes, waitUntil, type LocalPeer } from './support.ts'

const MESSAGES = 100
const RELAYS = 3
const PHASE_TIMEOUT_MS = 30_000

const mailboxInit: Partial<TimNodeInit> = {
  stunPort: 0,
  messaging: { deliveryDeadlineMs: 300, collectDelayMs: 0, retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 3000 },
  mailbox: { cacheMs: 0, lookupTimeoutMs: 3000, requestTimeoutMs: 3000 }
}

async function sendAll (from: LocalPeer, to: string, label: string): Promise<void> {
  for (let i = 0; i < MESSAGES; i++) {
    await from.api.send({ to, text: textOfBytes(96, `${label} ${i}`) })
  }
}

const benchmark: Benchmark = {
  id: 'mailbox',
  title: 'offline delivery through mailboxes',
  run: async (ctx) => {
    const relays: LocalPeer[] = []
    for (let i = 0; i < RELAYS; i++) {
      relays.push(await startLocalPeer(ctx, `Relay${i + 1}`, { ...mailboxInit, role: 'relay', bootstrap: relays.flatMap(relay => relay.node.addresses()) }))
    }
    const bootstrap = relays.flatMap(relay => relay.node.addresses())
    const alice = await startLocalPeer(ctx, 'Alice', { ...mailboxInit, bootstrap })
    const bob = await startLocalPeer(ctx, 'Bob', { ...mailboxInit, bootstrap })
    await alice.api.addContact({ invite: await bob.invite() })
    await bob.api.addContact({ invite: await alice.invite() })

    // baseline: 100 messages to Bob while he is online
    const online = receivedCounter(bob.api)
    const onlineStart = performance.now()
    await sendAll(alice, 'Bob', 'online')
    await online.waitFor(MESSAGES, PHASE_TIMEOUT_MS)
    const onlineMs = performance.now() - onlineStart

    // Bob goes offline; Alice's next 100 end up on the mailboxes
    await bob.node.stop()
    await sendAll(alice, 'Bob', 'offline')
    await waitUntil(async () => (await alice.api.history({ peer: 'Bob', limit: 500 })).filter(m => m.state === 'stored').length >= MESSAGES,
      PHASE_TIMEOUT_MS, `${MESSAGES} messages stored on mailboxes`, 50)

    const comingOnline = performance.now()
    const bobAgain = await createNode({ ...benchNodeInit, ...mailboxInit, bootstrap, dataDir: bob.dataDir })
    ctx.defer(async () => { await bobAgain.stop() })
    const collected = receivedCounter(bobAgain.api)
    await collected.waitFor(MESSAGES, PHASE_TIMEOUT_MS)
    const drainMs = performance.now() - comingOnline

    return {
      rows: [{
        name: `B online → all ${MESSAGES} mailbox messages`,
        value: Number(drainMs.toFixed(1)),
        unit: 'ms',
        baseline: { name: `${MESSAGES} messages to an online B`, value: Number(onlineMs.toFixed(1)) }
      }],
      notes: [
        `mailbox: ${RELAYS} relays and 2 nodes in this process on 127.0.0.1; Alice sends ${MESSAGES} texts of 96 B while Bob is offline (stored on K=3 mailboxes); the figure runs from starting Bob's node (identity load, libp2p start, DHT bootstrap, placement lookup, fetch, decrypt, persist) until his ${MESSAGES}th message:received; the baseline is ${MESSAGES} sequential sends to an online Bob until his ${MESSAGES}th message:received`
      ]
    }
  }
}

export default benchmark
