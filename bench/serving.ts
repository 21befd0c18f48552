/**
 * Serving-node benchmark (slow: a minute or two): what it costs an ordinary node to carry the
 * network. Each node runs in its own process (bench/relay-host.ts), measured after a full GC:
 * 1. an ordinary node that does not serve (`serve: 'off'`), idle: the baseline;
 * 2. an ordinary node that serves (`reachable`, as `tim node --reachable`), idle;
 * 3. the same serving node holding RESERVATIONS circuit-relay reservations, made by minimal
 *    libp2p clients in several processes on 127.0.0.1 (bench/relay-clients.ts), and MESSAGES
 *    mailbox envelopes that Alice (in this process) sent to her offline contact Bob, so they
 *    were deposited through the real /tim/mailbox protocol. The serving node's limits (per-IP
 *    reservations, mailbox quotas and deposit budget, all far smaller by default) are raised
 *    for the run, explicitly, in relay-host.ts.
 */

import type { TimNodeInit } from '../core/index.ts'
import type { Benchmark } from './harness.ts'
import { reserveMany, startRelayHost } from './relay.ts'
import type { RelayMemory } from './relay-host.ts'
import { startLocalPeer, waitUntil } from './support.ts'
import { dmConversation } from '../core/api/index.ts'

const RESERVATIONS = 500
const MESSAGES = 10_000
const FILL_BUDGET_MS = 180_000
const MiB = 1024 * 1024

const senderInit: Partial<TimNodeInit> = {
  messaging: { deliveryDeadlineMs: 300, retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 3000 },
  mailbox: { cacheMs: 30_000, lookupTimeoutMs: 5000, requestTimeoutMs: 10_000, replicas: 1 }
}

const benchmark: Benchmark = {
  id: 'serving',
  title: `serving node RSS: idle, and with ${RESERVATIONS} reservations and ${MESSAGES} mailbox messages (slow)`,
  timeoutMs: 420_000,
  run: async (ctx) => {
    // 1. the baseline: an ordinary node that does not serve
    const client = await startRelayHost(ctx, RESERVATIONS + 50, 'client')
    const clientIdle = await client.call<RelayMemory>('memory')
    await client.call('stop').catch(() => {})

    // 2. an ordinary node that serves, idle
    const host = await startRelayHost(ctx, RESERVATIONS + 50, 'serving')
    const idle = await host.call<RelayMemory>('memory')

    // 3. reservations from other processes, then mail from Alice to offline Bob
    const started = performance.now()
    const outcome = await reserveMany(ctx, host.addresses[0] as string, RESERVATIONS)
    const reserveSeconds = (performance.now() - started) / 1000
    const reserved = await host.call<number>('reservations')

    const alice = await startLocalPeer(ctx, 'Alice', { ...senderInit, bootstrap: host.addresses })
    const bob = await startLocalPeer(ctx, 'Bob', { ...senderInit, bootstrap: host.addresses })
    await alice.api.addContact({ invite: await bob.invite() })
    await bob.api.addContact({ invite: await alice.invite() })
    await bob.node.stop()
    const fillStarted = performance.now()
    for (let i = 0; i < MESSAGES; i++) {
      await alice.api.send({ conversation: dmConversation('Bob'), text: `held for Bob ${i}`.padEnd(96, '.') })
    }
    let held = 0
    await waitUntil(async () => {
      held = await host.call<number>('mailbox')
      return held >= MESSAGES
    }, FILL_BUDGET_MS, `${MESSAGES} envelopes held by the serving node`, 1000)
    const fillSeconds = (performance.now() - fillStarted) / 1000
    await alice.node.stop()
    const stillReserved = await host.call<number>('reservations')
    const loaded = await host.call<RelayMemory>('memory')

    return {
      rows: [
        { name: 'serving node RSS, idle', value: idle.rss / MiB, unit: 'MiB', baseline: { name: 'non-serving node RSS, idle', value: clientIdle.rss / MiB } },
        { name: `serving node RSS, ${stillReserved} reservations + ${held} mailbox messages`, value: loaded.rss / MiB, unit: 'MiB', baseline: { name: 'serving node RSS, idle', value: idle.rss / MiB } },
        { name: `serving node heap used, ${stillReserved} reservations + ${held} messages`, value: loaded.heapUsed / MiB, unit: 'MiB', baseline: { name: 'serving node heap used, idle', value: idle.heapUsed / MiB } }
      ],
      notes: [
        `Serving: each node in its own process on 127.0.0.1 (createNode, role 'node', WebRTC on), measured after a full GC. Baseline: the same node with serve 'off'. Loaded: ${reserved} reservations (asked for ${RESERVATIONS}: ${outcome.reserved} made, ${outcome.failed} failed${outcome.error != null ? `, first failure: ${outcome.error}` : ''}) from minimal libp2p clients in other processes, made in ${reserveSeconds.toFixed(1)} s, ${stillReserved} still held at the end; then ${held} envelopes of 96-byte texts that Alice sent to her offline contact Bob and deposited through /tim/mailbox in ${fillSeconds.toFixed(1)} s (Alice stopped before the measurement).`
      ]
    }
  }
}

export default benchmark
