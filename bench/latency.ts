/**
 * 1:1 latency: Alice `send()`s to a contact with the connection and the /tim/msg stream warmed
 * up; one sample is the time from the `send()` call to the recipient's `message:received`
 * (fired once it persisted the message). Samples are sequential and each starts from quiet:
 * before the next one, Alice has seen the previous message `delivered`.
 *
 * Two set-ups. As deployed, the recipient (Carol) is a node in a process of its own, on its own
 * event loop; its arrival times are taken on the system-wide monotonic clock and read back after
 * each sample. For comparison with earlier runs, the recipient (Bob) is also a node in this
 * process: then both nodes share one event loop and libuv pool, and every step of one waits
 * for whatever the other is doing.
 *
 * Baseline: a raw libp2p round trip between the same two nodes (TCP + noise + yamux): a
 * `/bench/echo/1.0.0` stream opened once, then per sample a 96-byte frame written and its echo
 * awaited. Tim also keeps one stream per peer, so the reused stream is the comparable figure;
 * a new stream per sample is measured too and shown beside it.
 */

import type { Stream } from '@libp2p/interface'
import { peerIdFromString } from '@libp2p/peer-id'
import { Level } from 'level'
import { join } from 'node:path'
import type { Benchmark, BenchContext } from './harness.ts'
import { echo, echoOptions, ECHO_PROTOCOL } from './echo.ts'
import {
  measure, measureInTurn, percentile, startChildPeer, startLocalPeer, textOfBytes, watchArrivals, watchDeliveries, withTimeout, type LocalPeer
} from './support.ts'
import { dmConversation } from '../core/api/index.ts'

const FRAME_BYTES = 96
/** unrecorded samples before each phase: enough for the JIT to optimize Tim's path (100 was not) */
const WARMUP = 1000
const SAMPLES = 1000
/** each phase stops early past this, so the benchmark stays bounded on a slow machine */
const PHASE_BUDGET_MS = 10_000
const SAMPLE_TIMEOUT_MS = 5_000
/** idle time before each sample of the in-turn phase: every sample starts from the same quiet machine */
const QUIET_MS = 2
/** the in-turn phase follows the back-to-back ones: the JIT is warm by then */
const QUIET_WARMUP = 200
/** what one send() persists before it returns: the message, its index entry and the outbox entry */
const LEVEL_PUTS = 3
const LEVEL_VALUE_BYTES = 256

/** Writes `frame` and resolves when as many bytes have come back. */
async function roundTrip (stream: Stream, frame: Uint8Array): Promise<void> {
  await withTimeout(new Promise<void>(resolve => {
    let got = 0
    const onMessage = (event: { data: { byteLength: number } }): void => {
      got += event.data.byteLength
      if (got >= frame.byteLength) {
        stream.removeEventListener('message', onMessage)
        resolve()
      }
    }
    stream.addEventListener('message', onMessage)
    stream.send(frame)
  }), SAMPLE_TIMEOUT_MS, 'an echo')
}

/** One sample: a round trip of `frame` over `stream`, ms. */
function echoSample (stream: Stream, frame: Uint8Array): () => Promise<number> {
  return async () => {
    const started = performance.now()
    await roundTrip(stream, frame)
    return performance.now() - started
  }
}

async function startEcho (ctx: BenchContext, bob: LocalPeer): Promise<void> {
  await bob.node.libp2p.handle(ECHO_PROTOCOL, echo, echoOptions)
  ctx.defer(async () => { await bob.node.libp2p.unhandle(ECHO_PROTOCOL) })
}

/** p50 of one awaited db.batch of LEVEL_PUTS puts, in a fresh level db. */
async function levelWriteLatency (ctx: BenchContext): Promise<number> {
  const db = new Level<string, Uint8Array>(join(await ctx.tempDir('tim-bench-level-'), 'db'), { valueEncoding: 'view' })
  await db.open()
  ctx.defer(async () => { if (db.status === 'open') await db.close() })
  const value = new Uint8Array(LEVEL_VALUE_BYTES).fill(1)
  let key = 0
  const samples = await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, async () => {
    const started = performance.now()
    await db.batch(Array.from({ length: LEVEL_PUTS }, () => ({ type: 'put' as const, key: String(key++).padStart(12, '0'), value })))
    return performance.now() - started
  })
  await db.close()
  return percentile(samples, 50)
}

const benchmark: Benchmark = {
  id: 'latency',
  title: '1:1 latency',
  timeoutMs: 60_000,
  run: async (ctx) => {
    const alice = await startLocalPeer(ctx, 'Alice')
    const bob = await startLocalPeer(ctx, 'Bob')
    await alice.api.addContact({ invite: await bob.invite() })
    await bob.api.addContact({ invite: await alice.invite() })
    const bobPeerId = bob.node.libp2p.peerId

    // --- Tim: send() → Bob's message:received ---
    const arrivalAtBob = watchArrivals(bob.api)
    const deliveredTo = watchDeliveries(alice.api)
    /** per recorded Tim sample: when send() resolved, and when Alice saw 'delivered' (ms after the call) */
    const sendReturned: number[] = []
    const deliveredAfter: number[] = []
    /** the ack comes back and settles before the next sample starts */
    const settled = async (id: string, i: number): Promise<void> => { await deliveredTo(id, SAMPLE_TIMEOUT_MS, `message ${i} delivered`) }
    const timSample = async (i: number): Promise<number> => {
      const text = textOfBytes(FRAME_BYTES, `latency-${i}`)
      const arrived = arrivalAtBob(text)
      const started = performance.now()
      const sent = await alice.api.send({ conversation: dmConversation(bob.account), text })
      const returned = performance.now() - started
      await withTimeout(arrived, SAMPLE_TIMEOUT_MS, `message ${i} at Bob`)
      const elapsed = performance.now() - started
      await settled(sent.id, i)
      if (i >= 0) {
        sendReturned.push(returned)
        deliveredAfter.push(performance.now() - started)
      }
      return elapsed
    }

    // --- raw libp2p echo over the same connection ---
    await startEcho(ctx, bob)
    const frame = new Uint8Array(FRAME_BYTES).fill(7)
    const reused = await alice.node.libp2p.dialProtocol(bobPeerId, ECHO_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
    ctx.defer(async () => { await reused.close().catch(() => { reused.abort(new Error('bench done')) }) })
    const reusedSample = echoSample(reused, frame)
    const newStreamSample = async (): Promise<number> => {
      const started = performance.now()
      const stream = await alice.node.libp2p.dialProtocol(bobPeerId, ECHO_PROTOCOL, { signal: AbortSignal.timeout(SAMPLE_TIMEOUT_MS) })
      await roundTrip(stream, frame)
      const elapsed = performance.now() - started
      await stream.close().catch(() => { stream.abort(new Error('bench sample done')) })
      return elapsed
    }

    const levelWrite = await levelWriteLatency(ctx)
    const connections = alice.node.libp2p.getConnections(bobPeerId).length
    const raw = await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, reusedSample)
    const fresh = await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, newStreamSample)
    const tim = await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, timSample)
    const rawAgain = await measure(ctx, 0, SAMPLES, PHASE_BUDGET_MS, reusedSample)
    const rawAll = [...raw, ...rawAgain]

    // --- the same with the recipient in a process of its own ---
    const carol = await startChildPeer(ctx, 'Carol')
    await alice.api.addContact({ invite: carol.invite })
    await carol.addContact(await alice.invite())
    await carol.startEcho()
    await carol.recordArrivals()
    const toCarol = await alice.node.libp2p.dialProtocol(peerIdFromString(carol.deviceId), ECHO_PROTOCOL, { signal: AbortSignal.timeout(10_000) })
    ctx.defer(async () => { await toCarol.close().catch(() => { toCarol.abort(new Error('bench done')) }) })
    const remoteEchoSample = echoSample(toCarol, frame)
    /** Tim samples to Carol, recording into `sent` the text and when its send() was called; the time is worked out at the end */
    const remoteTimSample = (sent: Array<{ text: string, started: bigint }>, phase: string) => async (i: number): Promise<number> => {
      const text = textOfBytes(FRAME_BYTES, `latency-carol-${phase}-${i}`)
      const started = process.hrtime.bigint()
      const { id } = await alice.api.send({ conversation: dmConversation(carol.account), text })
      await settled(id, i)
      if (i >= 0) {
        sent.push({ text, started })
      }
      return 0
    }
    /** the sample, once both processes have been idle for QUIET_MS */
    const quietly = (sample: (i: number) => Promise<number>) => async (i: number): Promise<number> => {
      await new Promise(resolve => setTimeout(resolve, QUIET_MS))
      return await sample(i)
    }
    // back to back, as earlier runs measured: each kind in a phase of its own
    const remoteRawHot = await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, remoteEchoSample)
    const hotSent: Array<{ text: string, started: bigint }> = []
    await measure(ctx, WARMUP, SAMPLES, PHASE_BUDGET_MS, remoteTimSample(hotSent, 'hot'))
    // the target: Tim and echo in turn, each from the same quiet start, so that both see the same machine
    const quietSent: Array<{ text: string, started: bigint }> = []
    const [, remoteRawAll] = await measureInTurn(ctx, QUIET_WARMUP, SAMPLES, 2 * PHASE_BUDGET_MS, [quietly(remoteTimSample(quietSent, 'quiet')), quietly(remoteEchoSample)])
    // read back once, at the end, so that no IPC round trip comes between samples
    const arrivedAtCarol = await carol.arrivals([...hotSent, ...quietSent].map(sample => sample.text))
    const latencies = (sent: Array<{ text: string, started: bigint }>, offset: number): number[] => sent.map(({ text, started }, i) => {
      const arrived = arrivedAtCarol[offset + i]
      if (arrived == null) {
        throw new Error(`message "${text}" was delivered but Carol has no arrival time for it`)
      }
      return Number(arrived - started) / 1e6
    })
    const remoteTimHot = latencies(hotSent, 0)
    const remoteTim = latencies(quietSent, hotSent.length)
    const remoteRawP50 = percentile(remoteRawAll, 50)

    const rawP50 = percentile(rawAll, 50)
    const rawP99 = percentile(rawAll, 99)
    const reusedName = 'raw libp2p echo, reused stream'
    return {
      rows: [
        { name: '1:1 latency p50', value: percentile(remoteTim, 50), unit: 'ms', baseline: { name: `${reusedName} p50`, value: remoteRawP50 }, target: { on: 'ratio', op: '<=', limit: 3 } },
        { name: '1:1 latency p99', value: percentile(remoteTim, 99), unit: 'ms', baseline: { name: `${reusedName} p99`, value: percentile(remoteRawAll, 99) } },
        { name: '1:1 latency p50, back to back', value: percentile(remoteTimHot, 50), unit: 'ms', baseline: { name: `${reusedName} p50, back to back`, value: percentile(remoteRawHot, 50) } },
        { name: '1:1 latency p50, one process', value: percentile(tim, 50), unit: 'ms', baseline: { name: `${reusedName} p50, one process`, value: rawP50 } },
        { name: '1:1 latency p99, one process', value: percentile(tim, 99), unit: 'ms', baseline: { name: `${reusedName} p99, one process`, value: rawP99 } },
        { name: 'raw libp2p echo, new stream p50, one process', value: percentile(fresh, 50), unit: 'ms', baseline: { name: `${reusedName} p50, one process`, value: rawP50 } },
        { name: '1:1 send() resolved p50, one process', value: percentile(sendReturned, 50), unit: 'ms', baseline: { name: `raw level batch of ${LEVEL_PUTS} puts p50`, value: levelWrite } },
        { name: '1:1 delivered p50, one process', value: percentile(deliveredAfter, 50), unit: 'ms', baseline: { name: `${reusedName} p50, one process`, value: rawP50 } }
      ],
      notes: [
        `Recipient in a process of its own (the target row): Alice in this process, Carol forked; TCP 127.0.0.1 + noise + yamux; ${remoteTim.length} Tim samples, each from send() to Carol's message:received (after Carol persisted), both taken on process.hrtime (CLOCK_MONOTONIC, one clock for every process of this machine), Carol's times read back over IPC after the last sample; echo baseline over a stream from Alice to Carol. Samples taken in turn (Tim, echo, Tim, …, ${remoteRawAll.length} echoes), each after ${QUIET_MS} ms with nothing to do, so that Tim and echo meet the same machine: the same VM speed, which drifts ±15% within minutes, and the same idle start that a message typed after a pause meets (it costs both kinds about as much as the whole hot echo).`,
        `'Back to back' (the method of earlier runs): ${remoteRawHot.length} echoes in a phase of their own, each right after the one before; then ${remoteTimHot.length} Tim samples after ${WARMUP} warm-up, each once Alice saw the one before delivered.`,
        `'One process' rows: Alice and Bob in this process, one event loop and libuv pool between them (${connections} connection${connections === 1 ? '' : 's'} between them); ${tim.length} sequential Tim samples after ${WARMUP} warm-up, each from send() to Bob's message:received (after Bob persisted), the next starting once Alice saw 'delivered'.`,
        `'send() resolved': the same samples' send() call until it returned (Alice persisted), beside a raw level db.batch of ${LEVEL_PUTS} puts of ${LEVEL_VALUE_BYTES} B in a fresh db; 'delivered': until Alice's message:state 'delivered'.`,
        `One-process baseline: ${FRAME_BYTES}-byte frame echoed on ${ECHO_PROTOCOL} over a connection between the same two nodes, stream opened once (${rawAll.length} samples, taken before and after the Tim samples); 'new stream' opens a stream per sample (${fresh.length} samples).`
      ]
    }
  }
}

export default benchmark
