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
import { dmConversation } from '../core/api/index.ts'

const MESSAGES = 100
const RELAYS = 3
const PHASE_TIMEOUT_MS = 30_000

const mailboxInit: Partial<TimNodeInit> = {
  stunPort: 0,
  messaging: { deliveryDeadlineMs: 300, collectDelayMs: 0, retryMinMs: 100, retryMaxMs: 1000, dialTimeoutMs: 3000 },
  mailbox: { cacheMs: 0, lookupTimeoutMs: 3000, requestTimeoutMs: 3000 }
}

/** sends MESSAGES texts one after the other; returns their ids */
async function sendAll (from: LocalPeer, to: string, label: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < MESSAGES; i++) {
    ids.push((await from.api.send({ conversation: dmConversation(to), text: textOfBytes(96, `${label} ${i}`) })).id)
  }
  return ids
}

/** waits until `from` sees every one of `ids` in `state` */
async function waitForState (from: LocalPeer, ids: string[], state: string, what: string): Promise<void> {
  const wanted = new Set(ids)
  await waitUntil(async () => (await from.api.history({ conversation: dmConversation('Bob'), limit: 500 })).filter(m => wanted.has(m.id) && m.state === state).length === wanted.size,
    PHASE_TIMEOUT_MS, what, 50)
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
    const onlineIds = await sendAll(alice, 'Bob', 'online')
    await online.waitFor(MESSAGES, PHASE_TIMEOUT_MS)
    const onlineMs = performance.now() - onlineStart
    // acked before Bob leaves: an unacked one would be sent again (to him or his mailboxes) beside the next 100
    await waitForState(alice, onlineIds, 'delivered', `the ${MESSAGES} online messages delivered`)

    // Bob goes offline; Alice's next 100 end up on the mailboxes
    await bob.node.stop()
    const offlineIds = await sendAll(alice, 'Bob', 'offline')
    await waitForState(alice, offlineIds, 'stored', `the ${MESSAGES} offline messages stored on mailboxes`)

    const comingOnline = performance.now()
    const bobAgain = await createNode({ ...benchNodeInit, ...mailboxInit, bootstrap, dataDir: bob.dataDir })
    ctx.defer(async () => { await bobAgain.stop() })
    const paths = new Map<string, number>()
    bobAgain.api.on('message:received', (message) => { paths.set(String(message.path), (paths.get(String(message.path)) ?? 0) + 1) })
    const collected = receivedCounter(bobAgain.api)
    await collected.waitFor(MESSAGES, PHASE_TIMEOUT_MS)
    const drainMs = performance.now() - comingOnline
    if (paths.get('mailbox') !== MESSAGES) {
      throw new Error(`Bob should have collected all ${MESSAGES} from mailboxes, but got them by ${JSON.stringify(Object.fromEntries(paths))}`)
    }

    return {
      rows: [{
        name: `B online → all ${MESSAGES} mailbox messages`,
        value: Number(drainMs.toFixed(1)),
        unit: 'ms',
        baseline: { name: `${MESSAGES} messages to an online B`, value: Number(onlineMs.toFixed(1)) }
      }],
      notes: [
        `mailbox: ${RELAYS} relays and 2 nodes in this process on 127.0.0.1; Alice sends ${MESSAGES} texts of 96 B while Bob is offline, and the run waits until Alice sees each of them stored on the K=3 mailboxes (Bob left with every earlier message acked, so none of them can come directly); the figure runs from starting Bob's node (identity load, libp2p start, DHT bootstrap, placement lookup, fetch, decrypt, persist) until his ${MESSAGES}th message:received; the baseline is ${MESSAGES} sequential sends to an online Bob until his ${MESSAGES}th message:received`
      ]
    }
  }
}

export default benchmark
