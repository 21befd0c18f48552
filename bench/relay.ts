/**
 * Relay benchmark (slow: about a minute), two parts.
 *
 * 1. Delivery latency through a relayed circuit vs direct, in the same run: Alice and Bob
 *    listen on nothing and hold reservations on a relay (all in this process, TCP on
 *    127.0.0.1, WebRTC upgrades off), so every message goes Alice → relay → Bob; Carol and
 *    Dave, also in this process, talk over a direct connection. One sample is send() until
 *    the recipient's message:received; samples are sequential and each starts once the
 *    sender saw the previous one 'delivered'.
 * 2. Relay memory with many reservations: a relay in its own process (bench/relay-host.ts,
 *    measured after a full GC), idle and then holding RESERVATIONS reservations made by
 *    minimal libp2p clients in a few other processes (bench/relay-clients.ts). Bounded by
 *    RESERVE_BUDGET_MS: the rows say how many reservations were actually held.
 */

import { join } from 'node:path'
import type { Benchmark, BenchContext } from './harness.ts'
import type { ClientsMessage, ClientsProgress } from './relay-clients.ts'
import type { RelayHostReady, RelayHostReply, RelayHostRequest, RelayHostRole, RelayMemory } from './relay-host.ts'
import {
  forkBenchProcess, measure, percentile, startLocalPeer, textOfBytes, waitUntil, watchArrivals, watchDeliveries, withTimeout, type LocalPeer
} from './support.ts'
import { dmConversation } from '../core/api/index.ts'

const FRAME_BYTES = 96
const WARMUP = 50
const SAMPLES = 500
const PHASE_BUDGET_MS = 10_000
const SAMPLE_TIMEOUT_MS = 5_000
const RESERVATIONS = 500
const CLIENT_PROCESSES = 4
const CLIENT_CONCURRENCY = 2
const RESERVE_BUDGET_MS = 120_000
const MiB = 1024 * 1024

/** Sequential send() → message:received samples from `from` to `to`. */
async function deliveryLatency (ctx: BenchContext, from: LocalPeer, to: LocalPeer, label: string): Promise<number[]> {
  const arrival = watchArrivals(to.api)
  const settled = watchDeliveries(from.api)
  return await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, async (i) => {
    const text = textOfBytes(FRAME_BYTES, `${label}-${i}`)
    const arrived = arrival(text)
    const started = performance.now()
    const sent = await from.api.send({ conversation: dmConversation(to.account), text })
    await withTimeout(arrived, SAMPLE_TIMEOUT_MS, `${label} message ${i}`)
    const elapsed = performance.now() - started
    await settled(sent.id, SAMPLE_TIMEOUT_MS, `${label} message ${i} delivered`)
    return elapsed
  })
}

async function friends (a: LocalPeer, b: LocalPeer): Promise<void> {
  await a.api.addContact({ invite: await b.invite() })
  await b.api.addContact({ invite: await a.invite() })
}


export interface RelayHost {
  addresses: string[]
  call: <T>(cmd: RelayHostRequest['cmd']) => Promise<T>
}

/** A relay (or, with `role`, an ordinary node) in its own process: bench/relay-host.ts. */
export async function startRelayHost (ctx: BenchContext, maxReservations: number, role: RelayHostRole = 'relay'): Promise<RelayHost> {
  const child = forkBenchProcess(ctx, './relay-host.ts', [join(await ctx.tempDir(), role), String(maxReservations), role], ['--expose-gc'])
  const pending = new Map<number, (reply: RelayHostReply) => void>()
  let nextId = 1
  const ready = new Promise<RelayHostReady>((resolve, reject) => {
    child.on('message', (raw) => {
      const message = raw as RelayHostReply | RelayHostReady
      if ('ready' in message) {
        resolve(message)
        return
      }
      pending.get(message.id)?.(message)
      pending.delete(message.id)
    })
    child.once('exit', (code) => { reject(new Error(`the relay process exited (${code})`)) })
  })
  const { addresses } = await withTimeout(ready, 30_000, 'the relay process to start')
  return {
    addresses,
    call: async <T>(cmd: RelayHostRequest['cmd']): Promise<T> => {
      const id = nextId++
      const reply = new Promise<RelayHostReply>(resolve => { pending.set(id, resolve) })
      child.send({ id, cmd } satisfies RelayHostRequest)
      const { result, error } = await withTimeout(reply, 30_000, `the relay's answer to ${cmd}`)
      if (error != null) throw new Error(error)
      return result as T
    }
  }
}

/** Spreads `count` reservations over CLIENT_PROCESSES processes; resolves with what they achieved within the budget. */
export async function reserveMany (ctx: BenchContext, relay: string, count: number): Promise<ClientsProgress> {
  const share = Math.ceil(count / CLIENT_PROCESSES)
  const results = await Promise.all(Array.from({ length: CLIENT_PROCESSES }, async (_unused, i) => {
    const mine = Math.min(share, count - i * share)
    if (mine <= 0) return { reserved: 0, failed: 0 }
    const child = forkBenchProcess(ctx, './relay-clients.ts', [relay, String(mine), String(CLIENT_CONCURRENCY)])
    let last: ClientsProgress = { reserved: 0, failed: 0 }
    const done = new Promise<ClientsProgress>((resolve) => {
      child.on('message', (raw) => {
        const message = raw as ClientsMessage
        if ('done' in message) resolve(message.done)
        else last = message.progress
      })
      child.once('exit', () => { resolve(last) })
    })
    return await Promise.race([done, new Promise<ClientsProgress>(resolve => { setTimeout(() => { resolve(last) }, RESERVE_BUDGET_MS).unref() })])
  }))
  return results.reduce((sum, r) => ({
    reserved: sum.reserved + r.reserved,
    failed: sum.failed + r.failed,
    ...(sum.error ?? r.error) != null ? { error: sum.error ?? r.error } : {}
  }), { reserved: 0, failed: 0 })
}

const benchmark: Benchmark = {
  id: 'relay',
  title: `relayed vs direct latency; relay memory with ${RESERVATIONS} reservations (slow)`,
  timeoutMs: 240_000,
  run: async (ctx) => {
    // --- 1. latency ---
    const relay = await startLocalPeer(ctx, 'Relay', { role: 'relay', stunPort: 0 })
    const hidden = { listen: [], bootstrap: relay.node.addresses(), reserveOnRelays: true, webrtc: false }
    const alice = await startLocalPeer(ctx, 'Alice', hidden)
    const bob = await startLocalPeer(ctx, 'Bob', hidden)
    await waitUntil(() => [alice, bob].every(p => p.node.addresses().some(a => a.includes('/p2p-circuit'))), 20_000, 'reservations on the relay', 50)
    await friends(alice, bob)
    const carol = await startLocalPeer(ctx, 'Carol')
    const dave = await startLocalPeer(ctx, 'Dave')
    await friends(carol, dave)
    const direct = await deliveryLatency(ctx, carol, dave, 'direct')
    const relayed = await deliveryLatency(ctx, alice, bob, 'relayed')
    const relayedPaths = new Set((await bob.api.history({ conversation: dmConversation(alice.account), limit: 10 })).map(m => m.path))
    const directAgain = await deliveryLatency(ctx, carol, dave, 'direct-again')
    const directAll = [...direct, ...directAgain]

    // --- 2. memory ---
    const host = await startRelayHost(ctx, RESERVATIONS + 50)
    const idle = await host.call<RelayMemory>('memory')
    const started = performance.now()
    const outcome = await reserveMany(ctx, host.addresses[0] as string, RESERVATIONS)
    const reserveSeconds = (performance.now() - started) / 1000
    const held = await host.call<number>('reservations')
    const loaded = await host.call<RelayMemory>('memory')
    const perReservation = held > 0 ? (loaded.rss - idle.rss) / held / 1024 : Number.NaN
    const heapPerReservation = held > 0 ? (loaded.heapUsed - idle.heapUsed) / held / 1024 : Number.NaN

    return {
      rows: [
        { name: 'relayed delivery p50', value: percentile(relayed, 50), unit: 'ms', baseline: { name: 'direct delivery p50', value: percentile(directAll, 50) } },
        { name: 'relayed delivery p99', value: percentile(relayed, 99), unit: 'ms', baseline: { name: 'direct delivery p99', value: percentile(directAll, 99) } },
        { name: `relay RSS, ${held} reservations`, value: loaded.rss / MiB, unit: 'MiB', baseline: { name: 'relay RSS, idle', value: idle.rss / MiB } },
        { name: `relay heap used, ${held} reservations`, value: loaded.heapUsed / MiB, unit: 'MiB', baseline: { name: 'relay heap used, idle', value: idle.heapUsed / MiB } },
        { name: 'relay RSS per reservation', value: perReservation, unit: 'KiB', baseline: { name: 'relay heap per reservation', value: heapPerReservation } }
      ],
      notes: [
        `Latency: ${relayed.length} relayed samples (Alice → relay → Bob, paths seen at Bob: ${[...relayedPaths].join(', ')}) and ${directAll.length} direct ones (Carol → Dave, taken before and after), ${FRAME_BYTES}-byte texts, all nodes in this process on 127.0.0.1, ${WARMUP} warm-up samples each; a sample is send() until the recipient's message:received.`,
        `Memory: a relay process (createNode role 'relay'), measured after a full GC when idle and again holding ${held} reservations (asked for ${RESERVATIONS}: ${outcome.reserved} made, ${outcome.failed} failed${outcome.error != null ? `, first failure: ${outcome.error}` : ''}) from minimal libp2p clients in ${CLIENT_PROCESSES} processes, made in ${reserveSeconds.toFixed(1)} s.`
      ]
    }
  }
}

export default benchmark
