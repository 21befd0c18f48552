/**
 * Helpers the benchmarks share: Tim peers on 127.0.0.1 with mDNS off (in this process, or in
 * a child process driven over IPC), percentiles, and bounded waits.
 */

import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createIdentity, createNode, type NodeApi, type TimNode, type TimNodeInit } from '../core/index.ts'
import type { AccountId } from '../core/api/index.ts'
import type { BenchContext } from './harness.ts'
import type { PeerReply, PeerRequest, PeerReady } from './tim-peer.ts'
import { withTimeout } from '../test/helpers/timeout.ts'

/** Node settings of every benchmark peer: loopback TCP only, no mDNS, no dial throttling. */
export const benchNodeInit = {
  listen: ['/ip4/127.0.0.1/tcp/0'],
  mdns: false,
  inboundConnectionThreshold: 1000
} satisfies Partial<TimNodeInit>

export interface LocalPeer {
  name: string
  dataDir: string
  node: TimNode
  api: NodeApi
  account: AccountId
  invite: () => Promise<string>
}

/** A Tim node in this process with a fresh identity in a temp dir; stopped when the benchmark ends. */
export async function startLocalPeer (ctx: BenchContext, name: string, init: Partial<TimNodeInit> = {}): Promise<LocalPeer> {
  const dataDir = join(await ctx.tempDir(), name.toLowerCase())
  await createIdentity(dataDir, { name })
  const node = await createNode({ ...benchNodeInit, ...init, dataDir })
  ctx.defer(async () => { await node.stop() })
  return {
    name,
    dataDir,
    node,
    api: node.api,
    account: node.identity.accountId,
    invite: async () => (await node.api.getIdentity()).invite
  }
}

/** What a benchmark needs of the other side, wherever it runs. */
export interface RemotePeer {
  where: 'child process' | 'in-process'
  account: AccountId
  deviceId: string
  invite: string
  addContact: (invite: string) => Promise<void>
  /** resolves once this peer has received (persisted) `count` messages in all */
  waitReceived: (count: number, timeoutMs: number) => Promise<number>
  /** CPU time of the peer's process (all its threads) and of its main thread so far, in µs; ours when in-process */
  cpuUsage: () => Promise<CpuTimes>
}

export interface CpuTimes {
  /** every thread of the process: main, GC helpers, libuv pool, LevelDB's */
  all: NodeJS.CpuUsage
  /** the JavaScript thread alone */
  main: NodeJS.CpuUsage
}

export function cpuTimes (): CpuTimes {
  return { all: process.cpuUsage(), main: process.threadCpuUsage() }
}

/** CPU seconds between two readings */
export function cpuSecondsBetween (before: NodeJS.CpuUsage, after: NodeJS.CpuUsage): number {
  return (after.user - before.user + after.system - before.system) / 1e6
}

/**
 * Forks a benchmark script of this folder (with this process's exec flags, so `--cpu-prof`
 * profiles it too, and `extraExecArgv`) with an IPC channel; its stdout goes to our stderr so
 * that `--json` output stays clean. When the benchmark ends it is asked to `stop`, and killed
 * if it has not exited 10 s later.
 */
export function forkBenchProcess (ctx: BenchContext, script: string, args: string[], extraExecArgv: string[] = []): ChildProcess {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, { execArgv: forkExecArgv(extraExecArgv), stdio: ['ignore', 2, 2, 'ipc'] })
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  ctx.defer(async () => {
    if (child.exitCode != null || child.signalCode != null) {
      return
    }
    if (child.connected) {
      child.send({ id: 0, cmd: 'stop' })
    }
    const timer = setTimeout(() => { child.kill('SIGKILL') }, 10_000)
    await exited
    clearTimeout(timer)
  })
  return child
}

/** A peer in its own process, with what only the latency benchmark asks of it. */
export interface ChildPeer extends RemotePeer {
  /** answers the echo protocol (bench/echo.ts) */
  startEcho: () => Promise<void>
  /** from now on notes when each text arrives */
  recordArrivals: () => Promise<void>
  /** when these texts arrived, on `process.hrtime.bigint()`'s clock (null: not arrived) */
  arrivals: (texts: string[]) => Promise<Array<bigint | null>>
}

/** A Tim node in a child process (bench/tim-peer.ts), driven over IPC; its data is removed at the end. */
export async function startChildPeer (ctx: BenchContext, name: string): Promise<ChildPeer> {
  const child = forkBenchProcess(ctx, './tim-peer.ts', [join(await ctx.tempDir(), name.toLowerCase()), name])

  const pending = new Map<number, { resolve: (value: unknown) => void, reject: (err: Error) => void }>()
  let nextId = 1
  let ready: (value: PeerReady) => void = () => {}
  let failed: (err: Error) => void = () => {}
  const readyPromise = new Promise<PeerReady>((resolve, reject) => { ready = resolve; failed = reject })
  child.on('message', (raw) => {
    const message = raw as PeerReply | PeerReady
    if ('ready' in message) {
      ready(message)
      return
    }
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.error != null) {
      waiter?.reject(new Error(`${name}: ${message.error}`))
    } else {
      waiter?.resolve(message.result)
    }
  })
  child.once('exit', (code, signal) => {
    const err = new Error(`${name}'s process exited (${signal ?? code})`)
    failed(err)
    for (const waiter of pending.values()) {
      waiter.reject(err)
    }
    pending.clear()
  })
  child.once('error', (err) => { failed(err) })

  const call = async (request: PeerRequest extends infer R ? R extends unknown ? Omit<R, 'id'> : never : never): Promise<unknown> => {
    const id = nextId++
    const result = new Promise((resolve, reject) => { pending.set(id, { resolve, reject }) })
    child.send({ ...request, id } as PeerRequest)
    return result
  }

  const info = await withTimeout(readyPromise, 30_000, `${name}'s process to start`)
  return {
    where: 'child process',
    account: info.account,
    deviceId: info.deviceId,
    invite: info.invite,
    addContact: async (invite) => { await call({ cmd: 'addContact', invite }) },
    waitReceived: async (count, timeoutMs) => await call({ cmd: 'waitReceived', count, timeoutMs }) as number,
    cpuUsage: async () => await call({ cmd: 'cpuUsage' }) as CpuTimes,
    startEcho: async () => { await call({ cmd: 'startEcho' }) },
    recordArrivals: async () => { await call({ cmd: 'recordArrivals' }) },
    arrivals: async (texts) => (await call({ cmd: 'arrivals', texts }) as Array<string | null>).map(at => at == null ? null : BigInt(at))
  }
}

/** The same surface as startChildPeer, for a node in this process. */
export async function startInProcessPeer (ctx: BenchContext, name: string): Promise<RemotePeer> {
  const peer = await startLocalPeer(ctx, name)
  const counter = receivedCounter(peer.api)
  return {
    where: 'in-process',
    account: peer.account,
    deviceId: peer.node.identity.deviceId,
    invite: await peer.invite(),
    addContact: async (invite) => { await peer.api.addContact({ invite }) },
    waitReceived: counter.waitFor,
    cpuUsage: async () => cpuTimes()
  }
}

/** Counts `message:received` events; `waitFor(n)` resolves once n have arrived. */
export function receivedCounter (api: NodeApi): { count: () => number, waitFor: (count: number, timeoutMs: number) => Promise<number> } {
  let received = 0
  const waiters = new Set<{ count: number, resolve: () => void }>()
  api.on('message:received', () => {
    received++
    for (const waiter of waiters) {
      if (received >= waiter.count) {
        waiters.delete(waiter)
        waiter.resolve()
      }
    }
  })
  return {
    count: () => received,
    waitFor: async (count, timeoutMs) => {
      if (received < count) {
        const reached = new Promise<void>(resolve => { waiters.add({ count, resolve }) })
        await withTimeout(reached, timeoutMs, `${count} received messages (have ${received})`)
      }
      return received
    }
  }
}

export { withTimeout }

/** Times `sample` sequentially: `warmup` unrecorded runs, then up to `count` recorded ones within `budgetMs`. */
export async function measure (ctx: BenchContext, warmup: number, count: number, budgetMs: number, sample: (i: number) => Promise<number>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) {
    await sample(-1 - i)
  }
  const samples: number[] = []
  const deadline = performance.now() + budgetMs
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    ctx.signal.throwIfAborted()
    samples.push(await sample(i))
  }
  return samples
}

/**
 * Like `measure` for several samplers at once, taken in turn (a, b, a, b, …), so that each sees
 * the same machine: on a shared VM the speed drifts by ±15% within minutes, and phases taken
 * one after the other would compare different machines. Returns each sampler's samples.
 */
export async function measureInTurn (ctx: BenchContext, warmup: number, count: number, budgetMs: number, samplers: Array<(i: number) => Promise<number>>): Promise<number[][]> {
  const samples = samplers.map((): number[] => [])
  await measure(ctx, warmup, count, budgetMs, async (i) => {
    for (const [k, sample] of samplers.entries()) {
      const value = await sample(i)
      if (i >= 0) {
        samples[k].push(value)
      }
    }
    return 0
  })
  return samples
}

/** `expect(text)` resolves when a message with that text reaches `api`; call it before sending. */
export function watchArrivals (api: NodeApi): (text: string) => Promise<void> {
  const waiting = new Map<string, () => void>()
  api.on('message:received', (message) => { waiting.get(message.text)?.() })
  return async (text) => await new Promise<void>(resolve => { waiting.set(text, () => { waiting.delete(text); resolve() }) })
}

/** `settled(id)` resolves once `api` saw message `id` delivered, whether before or after the call. */
export function watchDeliveries (api: NodeApi): (id: string, timeoutMs: number, what: string) => Promise<void> {
  const seen = new Set<string>()
  const waiting = new Map<string, () => void>()
  api.on('message:state', (change) => {
    if (change.state === 'delivered') {
      seen.add(change.id)
      waiting.get(change.id)?.()
    }
  })
  return async (id, timeoutMs, what) => {
    if (!seen.has(id)) {
      await withTimeout(new Promise<void>(resolve => { waiting.set(id, resolve) }), timeoutMs, what)
      waiting.delete(id)
    }
    seen.delete(id)
  }
}

/** exec flags for a forked benchmark process: ours (so `--cpu-prof` follows), with tsx, then `extra` */
function forkExecArgv (extra: string[] = []): string[] {
  return [...(process.execArgv.some(arg => arg.includes('tsx')) ? process.execArgv : ['--import', 'tsx', ...process.execArgv]), ...extra]
}

/** Polls `check` every `intervalMs` until it holds; throws after `timeoutMs`, saying `what` (a function: asked then, to tell what was last seen). */
export async function waitUntil (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string), intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`)
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs))
  }
}

/** Nearest-rank percentile (p in 0..100) of samples. */
export function percentile (samples: number[], p: number): number {
  if (samples.length === 0) {
    return Number.NaN
  }
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p / 100 * sorted.length)))
  return sorted[rank - 1]
}

/** Runs `fn` repeatedly for about `ms`; returns how many times per second it ran. */
export function ratePerSecond (ms: number, fn: () => number): number {
  let done = 0
  const started = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    done += fn()
    elapsed = performance.now() - started
  }
  return done / (elapsed / 1000)
}

/** A text of exactly `bytes` ASCII bytes, different for each `seed`. */
export function textOfBytes (bytes: number, seed: number | string = ''): string {
  const head = `${seed}:`
  return (head + 'x'.repeat(Math.max(0, bytes - head.length))).slice(0, bytes)
}
