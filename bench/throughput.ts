/**
 * Sustained 1:1 throughput: Alice (this process) sends 1 KiB texts to Bob (a child process,
 * so the two nodes get a core each; `--in-process` keeps Bob here) as fast as the API allows,
 * with many `send()` calls in flight. A round's figure is messages per second from its first
 * send until Bob has received (persisted) all of them and Alice has seen every one `delivered`;
 * the median of three rounds is reported (one round swings ±10% on a shared 2-core VM).
 *
 * Baselines, measured here in the same run after the rounds, on one core: tweetnacl box seal+open of 1 KiB
 * with a precomputed shared key, and `level` batch writes of 1 KiB values in batches of 256
 * (`--no-baselines` skips them, for a clean `--cpu-prof` profile).
 */

import { Level } from 'level'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import nacl from 'tweetnacl'
import { openWithSharedKey, precomputeSharedKey, sealWithSharedKey } from '../core/crypto/index.ts'
import type { Benchmark, BenchContext } from './harness.ts'
import {
  cpuSecondsBetween, cpuTimes, ratePerSecond, startChildPeer, startInProcessPeer, startLocalPeer, textOfBytes, waitUntil,
  type CpuTimes, type RemotePeer
} from './support.ts'
import { dmConversation } from '../core/api/index.ts'

const TEXT_BYTES = 1024
/** texts per measured round */
const MESSAGES = 15_000
/** measured rounds; the median is reported */
const ROUNDS = 3
/** before the rounds: the connection, the stream, the JIT and the heap reach their steady state */
const WARMUP_MESSAGES = 10_000
/** send() calls kept outstanding: as many as the delivery window holds (defaultMessagingInit.window) */
const IN_FLIGHT = 256
/** no new sends after this; what was sent is still awaited */
const SEND_BUDGET_MS = 15_000
const SETTLE_TIMEOUT_MS = 20_000
const LEVEL_BATCH = 256
const TARGET_PER_SECOND = 10_000

function naclSealOpenPerSecond (): number {
  const alice = nacl.box.keyPair()
  const bob = nacl.box.keyPair()
  const sealKey = precomputeSharedKey(bob.publicKey, alice.secretKey)
  const openKey = precomputeSharedKey(alice.publicKey, bob.secretKey)
  const plaintext = nacl.randomBytes(TEXT_BYTES)
  const nonce = nacl.randomBytes(nacl.box.nonceLength)
  ratePerSecond(200, () => { openWithSharedKey(sealWithSharedKey(plaintext, nonce, sealKey), nonce, openKey); return 1 })
  return ratePerSecond(1500, () => {
    const opened = openWithSharedKey(sealWithSharedKey(plaintext, nonce, sealKey), nonce, openKey)
    if (opened == null) {
      throw new Error('seal/open round trip failed')
    }
    return 1
  })
}

async function levelPutsPerSecond (ctx: BenchContext): Promise<number> {
  const db = new Level<string, Uint8Array>(join(await ctx.tempDir('tim-bench-level-'), 'db'), { valueEncoding: 'view' })
  await db.open()
  ctx.defer(async () => { if (db.status === 'open') await db.close() })
  const value = nacl.randomBytes(TEXT_BYTES)
  let key = 0
  const batch = async (): Promise<void> => {
    const ops = []
    for (let i = 0; i < LEVEL_BATCH; i++) {
      ops.push({ type: 'put' as const, key: String(key++).padStart(12, '0'), value })
    }
    await db.batch(ops)
  }
  for (let i = 0; i < 20; i++) {
    await batch()
  }
  const started = performance.now()
  const written = key
  while (performance.now() - started < 2000) {
    await batch()
  }
  const rate = (key - written) / ((performance.now() - started) / 1000)
  await db.close()
  return rate
}

interface Round {
  rate: number
  sent: number
  delivered: number
  settled: boolean
  /** CPU per delivered message, as text */
  aliceCpu: string
  bobCpu: string
}

/** CPU per message between two readings, all threads and the main thread */
function cpuSpent (before: CpuTimes, after: CpuTimes, messages: number): string {
  const perMessage = (b: NodeJS.CpuUsage, a: NodeJS.CpuUsage): string => `${(cpuSecondsBetween(b, a) * 1e6 / Math.max(1, messages)).toFixed(0)} µs`
  return `${perMessage(before.all, after.all)} (main thread ${perMessage(before.main, after.main)})`
}

/** Sends `count` texts with IN_FLIGHT send() calls outstanding; stops issuing at `deadline`. Returns how many were sent. */
async function sendMany (send: (i: number) => Promise<unknown>, count: number, deadline: number, signal: AbortSignal): Promise<number> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() < deadline && !signal.aborted) {
      await send(next++)
    }
  }
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, worker))
  return next
}

const benchmark: Benchmark = {
  id: 'throughput',
  title: 'sustained messages/s',
  timeoutMs: 120_000,
  run: async (ctx) => {
    // `--no-baselines` keeps them out of a `--cpu-prof` profile of this process
    const alice = await startLocalPeer(ctx, 'Alice')
    let bob: RemotePeer
    let fallback = ''
    if (ctx.flags.has('--in-process')) {
      bob = await startInProcessPeer(ctx, 'Bob')
    } else {
      try {
        bob = await startChildPeer(ctx, 'Bob')
      } catch (err) {
        fallback = ` (child process failed: ${(err as Error).message})`
        bob = await startInProcessPeer(ctx, 'Bob')
      }
    }
    await alice.api.addContact({ invite: bob.invite })
    await bob.addContact(await alice.invite())

    let delivered = 0
    let received = 0
    alice.api.on('message:state', (change) => {
      if (change.state === 'delivered' && change.conversation === dmConversation(bob.account)) {
        delivered++
      }
    })
    const text = textOfBytes(TEXT_BYTES, 'sustained')
    const send = async (): Promise<unknown> => alice.api.send({ conversation: dmConversation(bob.account), text })

    // warm-up: the connection, the /tim/msg stream, the JIT
    await sendMany(send, WARMUP_MESSAGES, Infinity, ctx.signal)
    received = await bob.waitReceived(WARMUP_MESSAGES, SETTLE_TIMEOUT_MS)
    await waitUntil(() => delivered >= WARMUP_MESSAGES, SETTLE_TIMEOUT_MS, 'warm-up messages delivered')

    const rounds: Round[] = []
    for (let i = 0; i < ROUNDS && !ctx.signal.aborted; i++) {
      delivered = 0
      const bobCpuBefore = await bob.cpuUsage()
      const aliceCpuBefore = cpuTimes()
      const started = performance.now()
      const sent = await sendMany(send, MESSAGES, started + SEND_BUDGET_MS, ctx.signal)
      let settled = true
      try {
        await Promise.all([
          bob.waitReceived(received + sent, SETTLE_TIMEOUT_MS),
          waitUntil(() => delivered >= sent, SETTLE_TIMEOUT_MS, `${sent} messages delivered (have ${delivered})`, 1)
        ])
      } catch {
        settled = false
      }
      received += sent
      const elapsedS = (performance.now() - started) / 1000
      const aliceCpu = cpuSpent(aliceCpuBefore, cpuTimes(), delivered)
      const bobCpu = cpuSpent(bobCpuBefore, await bob.cpuUsage(), delivered)
      rounds.push({ rate: delivered / elapsedS, sent, delivered, settled, aliceCpu, bobCpu })
    }
    const median = [...rounds].sort((a, b) => a.rate - b.rate)[Math.floor(rounds.length / 2)]
    const cpuNote = bob.where === 'in-process'
      ? `CPU per message (median round), both nodes in one process: ${median.aliceCpu}`
      : `CPU per message (median round): Alice ${median.aliceCpu}, Bob ${median.bobCpu}, on ${availableParallelism()} cpus`

    // baselines after the Tim rounds, so that their garbage and JIT state do not weigh on Tim's
    const baselines = !ctx.flags.has('--no-baselines')
    const nacl1k = baselines ? naclSealOpenPerSecond() : 0
    const level1k = baselines ? await levelPutsPerSecond(ctx) : 0
    const rate = median.rate

    return {
      rows: [
        { name: 'sustained messages/s', value: rate, unit: 'msg/s', ...(baselines ? { baseline: { name: 'raw nacl box seal+open 1 KiB/s', value: nacl1k } } : {}), target: { on: 'value', op: '>=', limit: TARGET_PER_SECOND } },
        { name: 'sustained messages/s vs level', value: rate, unit: 'msg/s', ...(baselines ? { baseline: { name: `raw level batch(${LEVEL_BATCH}) put 1 KiB/s`, value: level1k } } : {}) }
      ],
      notes: [
        `Alice in this process, Bob ${bob.where === 'in-process' ? 'in this process too' : 'in a child process'}${fallback}; TCP 127.0.0.1; after ${WARMUP_MESSAGES} warm-up texts, ${ROUNDS} rounds of ${MESSAGES} texts of ${TEXT_BYTES} B with ${IN_FLIGHT} send() calls outstanding, each timed from its first send() until Bob received all and Alice saw all 'delivered'; the median round is reported (rounds: ${rounds.map(r => `${Math.round(r.rate)} msg/s${r.settled && r.delivered === r.sent ? '' : ` NOT all settled: ${r.delivered}/${r.sent}`}`).join(', ')}); ${cpuNote}.`,
        baselines ? 'Baselines on one core in this process: tweetnacl box.after+open.after of 1 KiB with precomputed keys; level (classic-level) db.batch of 256 puts of 1 KiB values, fresh temp db.' : 'Baselines skipped (--no-baselines).'
      ]
    }
  }
}

export default benchmark
