/**
 * Groups at scale: `npm run bench -- groups [--members=50,200,500/300]` (the default on 8 cores
 * or more; on fewer, 30,30/15: 50 members in one crowd process did not settle on 2 cores). Each spec is a group
 * of N members (`N/K`: K of them offline); the sender (the group's owner) is a node in this
 * process, the other members are nodes in "crowd" child processes (this file forked with
 * `crowd`, one per spare core), all on 127.0.0.1 with a relay (DHT, mailboxes) in the first
 * crowd. Every member is the sender's contact (so the sender knows their devices at once, and
 * can send them 1:1 messages for the baseline); the offline ones ran once to become contacts
 * and were stopped before the group was made.
 *
 * Figures per spec, after one warm-up message (connections, sender key):
 * - time from `send()` until every online member has the group message (its `message:received`,
 *   taken on the system-wide monotonic clock in the crowds), median of a few sends; baseline: the
 *   same text sent as one 1:1 message to each online member until all are `delivered`;
 * - with every member online, the sender's CPU (this process: the sender and the bench's
 *   bookkeeping) for one group message from `send()` until every online member has it (the
 *   target's figure), and apart from it the CPU of taking the members' delivered receipts that
 *   follow (per-member delivery state: one small frame per member, batched per sender), each
 *   against the same text as 1:1 sends until every one is delivered (acked); each less what
 *   this process spends idle (heartbeats, timers: measured over a second before each pair)
 *   for as long as it took, since a slow group message would otherwise be charged for them;
 * - with K offline: the time from starting them again until every one of them has the message
 *   sent while they were away.
 */

import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ChildProcess } from 'node:child_process'
import { dmConversation, type AccountId, type ConversationId } from '../core/api/index.ts'
import { createIdentity, createNode, type NodeApi, type TimNode } from '../core/index.ts'
import type { Benchmark, BenchContext, BenchRow } from './harness.ts'
import {
  benchNodeInit, cpuSecondsBetween, forkBenchProcess, percentile, startLocalPeer, textOfBytes, waitUntil, withTimeout
} from './support.ts'

interface Spec { members: number, offline: number }

/** one timed send: ms until every online member has it, the sender's CPU seconds over `wallMs`, and that CPU less what idling would have cost */
interface Sample { ms: number, cpu: number, wallMs: number, net?: number }

function describe (sample: Sample): string {
  return `${sample.ms.toFixed(0)} ms/${(sample.cpu * 1000).toFixed(0)}/${((sample.net ?? sample.cpu) * 1000).toFixed(0)} ms CPU`
}

/** this process's CPU seconds per ms while it waits for nothing (its nodes' heartbeats and timers) */
async function idleCpuPerMs (ms = 1000): Promise<number> {
  const before = process.cpuUsage()
  await new Promise(resolve => setTimeout(resolve, ms))
  return cpuSecondsBetween(before, process.cpuUsage()) / ms
}

/** the figures asked for; a machine of fewer cores runs the largest that fits there (measured on 2 cores: 30; 50 did not settle) */
const DEFAULT_SPECS = '50,200,500/300'
const SMALL_MACHINE_SPECS = '30,30/15'
const SMALL_MACHINE_CORES = 8
/** timed sends per spec (after one warm-up) */
const SAMPLES = 5
const TEXT_BYTES = 256
/** member accounts one add op may name (limits.maxAccountsPerGroupOp) */
const ADD_BATCH = 256
/** a spec of 200 members: every online member has a message within this */
const TARGET_MS_AT_200 = 2_000
/** the sender's CPU for one group message, as a share of the same text sent 1:1 to every member */
const TARGET_CPU_RATIO = 0.10
const SETUP_TIMEOUT_MS = 180_000
const ARRIVAL_TIMEOUT_MS = 60_000
/** member device lookups: once a minute (members are contacts, looked up at once) */
const nodeInit = { ...benchNodeInit, groups: { lookupIntervalMs: 60_000 } }

// ---------------------------------------------------------------- the crowd (a child process)

type CrowdRequest =
  | { id: number, cmd: 'start', dirs: string[], bootstrap: string[], relay: boolean }
  | { id: number, cmd: 'addContact', invite: string }
  | { id: number, cmd: 'stopNodes', accounts: AccountId[] }
  | { id: number, cmd: 'restart', accounts: AccountId[] }
  | { id: number, cmd: 'seeGroup', group: ConversationId, memberCount: number, timeoutMs: number }
  /** resolves with the latest arrival of `text` (hrtime, decimal) once every running node has it */
  | { id: number, cmd: 'arrived', text: string, timeoutMs: number }
  /** every node stops and the process exits (what forkBenchProcess asks at the end) */
  | { id: number, cmd: 'stop' }

/** a request without its id (the id is the caller's) */
type CrowdCall = CrowdRequest extends infer R ? R extends unknown ? Omit<R, 'id'> : never : never

interface Member { account: AccountId, invite: string, addresses: string[] }

async function crowdMain (): Promise<void> {
  const nodes = new Map<AccountId, { dir: string, node: TimNode | null }>()
  const arrivals = new Map<string, Map<AccountId, bigint>>()
  const arrivalWaiters = new Set<() => void>()
  const watch = (account: AccountId, api: NodeApi): void => {
    api.on('message:received', message => {
      const seen = arrivals.get(message.text) ?? new Map<AccountId, bigint>()
      if (!seen.has(account)) seen.set(account, process.hrtime.bigint())
      arrivals.set(message.text, seen)
      arrivalWaiters.forEach(wake => { wake() })
    })
  }
  let bootstrap: string[] = []
  /** the relay is no member: it is kept apart from the nodes the checks below go over */
  let relayNode: TimNode | null = null
  const open = async (account: AccountId, dir: string, relay: boolean): Promise<TimNode> => {
    const node = await createNode({ ...nodeInit, dataDir: dir, ...(relay ? { role: 'relay' as const } : { bootstrap }) })
    if (relay) {
      relayNode = node
      return node
    }
    nodes.set(account, { dir, node })
    watch(account, node.api)
    return node
  }
  const running = (): Array<[AccountId, TimNode]> => [...nodes].flatMap(([account, entry]) => entry.node == null ? [] : [[account, entry.node] as [AccountId, TimNode]])

  const handle = async (request: CrowdRequest): Promise<unknown> => {
    switch (request.cmd) {
      case 'start': {
        bootstrap = request.bootstrap
        const started: Member[] = []
        for (const dir of request.dirs) {
          const { accountId } = await createIdentity(dir, { name: `M${nodes.size}` })
          const node = await open(accountId, dir, request.relay)
          started.push({ account: accountId, invite: (await node.api.getIdentity()).invite, addresses: node.addresses() })
        }
        return started
      }
      case 'addContact':
        for (const [, node] of running()) await node.api.addContact({ invite: request.invite })
        return null
      case 'stopNodes':
        for (const account of request.accounts) {
          const entry = nodes.get(account)
          await entry?.node?.stop()
          if (entry != null) entry.node = null
        }
        return null
      case 'restart':
        for (const account of request.accounts) await open(account, nodes.get(account)?.dir as string, false)
        return null
      case 'seeGroup': {
        let seen: Array<number | undefined> = []
        await waitUntil(async () => {
          seen = await Promise.all(running().map(async ([, node]) => (await node.api.listGroups()).find(g => g.id === request.group)?.memberCount))
          return seen.every(count => count === request.memberCount)
        }, request.timeoutMs, () => `every crowd node to see the group of ${request.memberCount}; member counts seen: ${seen.map(count => count ?? '-').join(' ')}`, 200)
        return null
      }
      case 'arrived': {
        const all = (): boolean => running().every(([account]) => arrivals.get(request.text)?.has(account) === true)
        if (!all()) {
          let wake = (): void => {}
          const done = new Promise<void>(resolve => { wake = () => { if (all()) resolve() } })
          arrivalWaiters.add(wake)
          try {
            await withTimeout(done, request.timeoutMs, `"${request.text}" at every crowd node (${arrivals.get(request.text)?.size ?? 0} of ${running().length})`)
          } finally {
            arrivalWaiters.delete(wake)
          }
        }
        const times = running().map(([account]) => arrivals.get(request.text)?.get(account) as bigint)
        return times.reduce((a, b) => a > b ? a : b, 0n).toString()
      }
      case 'stop':
        await Promise.all([...running().map(([, node]) => node), ...(relayNode == null ? [] : [relayNode])].map(async node => { await node.stop().catch(() => {}) }))
        process.disconnect()
        return null
    }
  }
  process.on('message', (request: CrowdRequest) => {
    const reply = (message: { id: number, result?: unknown, error?: string }): void => { if (process.connected) process.send?.(message) }
    handle(request).then(result => { reply({ id: request.id, result }) }, (err: Error) => { reply({ id: request.id, error: err.message }) })
  })
  process.on('disconnect', () => {
    void Promise.all([...running().map(([, node]) => node), ...(relayNode == null ? [] : [relayNode])].map(async node => { await node.stop().catch(() => {}) })).then(() => process.exit(0))
  })
  process.send?.({ ready: true })
}

// ---------------------------------------------------------------- the benchmark (this process)

interface Crowd {
  call: <T>(request: CrowdCall) => Promise<T>
  /** stops its nodes; resolves once the process is gone */
  stop: () => Promise<void>
}

async function startCrowd (ctx: BenchContext): Promise<Crowd> {
  const child: ChildProcess = forkBenchProcess(ctx, './groups.ts', ['crowd'])
  const pending = new Map<number, { resolve: (value: unknown) => void, reject: (err: Error) => void }>()
  let nextId = 1
  let ready = (): void => {}
  const started = new Promise<void>(resolve => { ready = resolve })
  child.on('message', (raw: { ready?: true, id?: number, result?: unknown, error?: string }) => {
    if (raw.ready === true) { ready(); return }
    const waiter = pending.get(raw.id as number)
    pending.delete(raw.id as number)
    if (raw.error != null) waiter?.reject(new Error(`crowd: ${raw.error}`))
    else waiter?.resolve(raw.result)
  })
  child.once('exit', (code, signal) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`a crowd process exited (${signal ?? code})`))
    pending.clear()
  })
  const call = async <T>(request: CrowdCall): Promise<T> => {
    const id = nextId++
    const result = new Promise<T>((resolve, reject) => { pending.set(id, { resolve: resolve as (value: unknown) => void, reject }) })
    child.send({ ...request, id })
    return await result
  }
  const exited = new Promise<void>(resolve => { child.once('exit', () => { resolve() }) })
  await withTimeout(started, 30_000, 'a crowd process to start')
  return {
    call,
    stop: async () => {
      if (child.connected) child.send({ id: 0, cmd: 'stop' })
      await withTimeout(exited, 30_000, 'a crowd process to stop')
    }
  }
}

function parseSpecs (flags: ReadonlySet<string>): Spec[] {
  const given = [...flags].find(flag => flag.startsWith('--members='))?.slice('--members='.length) ??
    (availableParallelism() < SMALL_MACHINE_CORES ? SMALL_MACHINE_SPECS : DEFAULT_SPECS)
  return given.split(',').map(part => {
    const [members, offline = '0'] = part.split('/')
    const spec = { members: Number(members), offline: Number(offline) }
    if (!Number.isSafeInteger(spec.members) || spec.members < 2 || !Number.isSafeInteger(spec.offline) || spec.offline < 0 || spec.offline > spec.members - 2) {
      throw new Error(`--members takes N or N/K (K of the N members offline), comma-separated; not ${part}`)
    }
    return spec
  })
}

/** one spec's figures: rows and a note */
async function runSpec (ctx: BenchContext, spec: Spec, crowdCount: number): Promise<{ rows: BenchRow[], note: string }> {
  const began = performance.now()
  const progress = (what: string): void => { process.stderr.write(`bench groups: ${spec.members} members: ${what} (${((performance.now() - began) / 1000).toFixed(0)} s)\n`) }
  const crowds = await Promise.all(Array.from({ length: crowdCount }, async () => await startCrowd(ctx)))
  const root = await ctx.tempDir('tim-bench-groups-')
  const [relay] = await crowds[0].call<Member[]>({ cmd: 'start', dirs: [join(root, 'relay')], bootstrap: [], relay: true })
  const bootstrap = relay.addresses
  const sender = await startLocalPeer(ctx, 'Sender', { ...nodeInit, bootstrap })
  const others = spec.members - 1
  const placed: Array<{ crowd: Crowd, member: Member }> = []
  await Promise.all(crowds.map(async (crowd, c) => {
    const dirs = Array.from({ length: others }, (_, i) => i).filter(i => i % crowdCount === c).map(i => join(root, `m${i}`))
    for (const member of await crowd.call<Member[]>({ cmd: 'start', dirs, bootstrap, relay: false })) placed.push({ crowd, member })
  }))
  progress('nodes started')
  const senderInvite = await sender.invite()
  await Promise.all(crowds.map(async crowd => { await crowd.call({ cmd: 'addContact', invite: senderInvite }) }))
  for (const { member } of placed) await sender.api.addContact({ invite: member.invite })
  await waitUntil(async () => (await sender.api.listContacts()).filter(contact => contact.friend === true).length >= others, SETUP_TIMEOUT_MS, 'the sender to befriend every member', 100)

  progress('all are contacts of the sender')
  const offline = placed.slice(0, spec.offline)
  const online = placed.slice(spec.offline)
  for (const crowd of crowds) await crowd.call({ cmd: 'stopNodes', accounts: offline.filter(p => p.crowd === crowd).map(p => p.member.account) })

  const accounts = placed.map(p => p.member.account)
  const group = await sender.api.createGroup({ name: `Bench ${spec.members}`, members: accounts.slice(0, ADD_BATCH - 1) })
  for (let from = ADD_BATCH - 1; from < accounts.length; from += ADD_BATCH) {
    await sender.api.inviteToGroup({ conversation: group.id, members: accounts.slice(from, from + ADD_BATCH) })
  }
  await Promise.all(crowds.map(async crowd => { await crowd.call({ cmd: 'seeGroup', group: group.id, memberCount: spec.members, timeoutMs: SETUP_TIMEOUT_MS }) }))

  const delivered = new Set<string>()
  let checkDelivered = (): void => {}
  sender.api.on('message:state', change => {
    if (change.state === 'delivered') delivered.add(change.id)
    checkDelivered()
  })
  /** resolves once the sender saw every one of `ids` delivered (told by the state events, not polled: polling would add to the CPU measured) */
  const allDelivered = async (ids: string[]): Promise<void> => {
    await withTimeout(new Promise<void>(resolve => {
      checkDelivered = () => { if (ids.every(id => delivered.has(id))) resolve() }
      checkDelivered()
    }), ARRIVAL_TIMEOUT_MS, `${ids.length} messages delivered`)
  }
  /**
   * sends `text` to the group; resolves with the ms until every online member has it and the
   * sender's CPU seconds until then (`sent`), and with every member online the CPU seconds
   * from then until the message is delivered (every member's receipt in: `receipts`)
   */
  const groupSend = async (text: string): Promise<{ sent: Sample, receipts: Sample }> => {
    const cpu = process.cpuUsage()
    const started = process.hrtime.bigint()
    const arrived = crowds.map(async crowd => BigInt(await crowd.call<string>({ cmd: 'arrived', text, timeoutMs: ARRIVAL_TIMEOUT_MS })))
    const { id } = await sender.api.send({ conversation: group.id, text })
    const last = (await Promise.all(arrived)).reduce((a, b) => a > b ? a : b, 0n)
    const allHaveIt = process.cpuUsage()
    const haveItAt = process.hrtime.bigint()
    if (spec.offline === 0) await allDelivered([id])
    const ms = Number(last - started) / 1e6
    return {
      sent: { ms, cpu: cpuSecondsBetween(cpu, allHaveIt), wallMs: Number(haveItAt - started) / 1e6 },
      receipts: { ms, cpu: cpuSecondsBetween(allHaveIt, process.cpuUsage()), wallMs: Number(process.hrtime.bigint() - haveItAt) / 1e6 }
    }
  }
  /** the same text to every online member as 1:1 messages, until all are delivered */
  const directSends = async (text: string): Promise<Sample> => {
    const cpu = process.cpuUsage()
    const started = process.hrtime.bigint()
    const ids = await Promise.all(online.map(async ({ member }) => (await sender.api.send({ conversation: dmConversation(member.account), text })).id))
    await allDelivered(ids)
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    return { ms, cpu: cpuSecondsBetween(cpu, process.cpuUsage()), wallMs: ms }
  }

  progress('every online member sees the group')
  await groupSend(textOfBytes(TEXT_BYTES, 'warm-up group'))
  await directSends(textOfBytes(TEXT_BYTES, 'warm-up 1:1'))
  const grouped: Sample[] = []
  const receipted: Sample[] = []
  const direct: Sample[] = []
  const idleRates: number[] = []
  for (let i = 0; i < SAMPLES && !ctx.signal.aborted; i++) {
    // what the nodes here spend doing nothing asked (heartbeats, timers, compaction), per ms: taken off each figure for its wall time
    const idle = await idleCpuPerMs()
    idleRates.push(idle)
    const net = (sample: Sample): Sample => ({ ...sample, net: Math.max(0, sample.cpu - idle * sample.wallMs) })
    const { sent, receipts } = await groupSend(textOfBytes(TEXT_BYTES, `group ${i}`))
    grouped.push(net(sent))
    receipted.push(net(receipts))
    direct.push(net(await directSends(textOfBytes(TEXT_BYTES, `1:1 ${i}`))))
  }
  progress('sampled')
  const median = (values: number[]): number => percentile(values, 50)
  const label = `${spec.members} members${spec.offline > 0 ? `, ${spec.offline} offline` : ''}`
  const rows: BenchRow[] = [
    {
      name: `group message → all ${online.length} online have it (${label})`,
      value: median(grouped.map(s => s.ms)),
      unit: 'ms',
      baseline: { name: `${online.length} 1:1 sends → all delivered`, value: median(direct.map(s => s.ms)) },
      ...(spec.members === 200 && spec.offline === 0 ? { target: { on: 'value' as const, op: '<=' as const, limit: TARGET_MS_AT_200 } } : {})
    },
    ...(spec.offline > 0 ? [] : [{
      name: `sender CPU per group message, until all have it (${label})`,
      value: median(grouped.map(s => (s.net ?? s.cpu) * 1000)),
      unit: 'ms CPU',
      baseline: { name: `sender CPU for ${online.length} 1:1 sends`, value: median(direct.map(s => (s.net ?? s.cpu) * 1000)) },
      target: { on: 'ratio' as const, op: '<=' as const, limit: TARGET_CPU_RATIO }
    }, {
      name: `sender CPU taking its ${online.length} delivered receipts (${label})`,
      value: median(receipted.map(s => (s.net ?? s.cpu) * 1000)),
      unit: 'ms CPU',
      baseline: { name: `sender CPU for ${online.length} 1:1 sends`, value: median(direct.map(s => (s.net ?? s.cpu) * 1000)) }
    }])
  ]

  if (offline.length > 0) {
    const text = textOfBytes(TEXT_BYTES, 'while you were away')
    await groupSend(text)
    const started = process.hrtime.bigint()
    const arrived = crowds.map(async crowd => {
      await crowd.call({ cmd: 'restart', accounts: offline.filter(p => p.crowd === crowd).map(p => p.member.account) })
      return BigInt(await crowd.call<string>({ cmd: 'arrived', text, timeoutMs: ARRIVAL_TIMEOUT_MS * 2 }))
    })
    const last = (await Promise.all(arrived)).reduce((a, b) => a > b ? a : b, 0n)
    rows.push({
      name: `${offline.length} offline members started → all have it (${label})`,
      value: Number(last - started) / 1e6,
      unit: 'ms',
      baseline: { name: `all ${online.length} online have it`, value: rows[0].value }
    })
  }
  await sender.node.stop()
  await Promise.all(crowds.map(async crowd => { await crowd.stop() }))
  return {
    rows,
    note: `${label}: the sender here, ${others} members in ${crowdCount} crowd process(es); idle CPU ${idleRates.map(rate => (rate * 1e6).toFixed(0)).join('/')} ms per s; group (time, CPU, CPU less idle): ${grouped.map(describe).join(', ')}; its receipts: ${receipted.map(describe).join(', ')}; 1:1: ${direct.map(describe).join(', ')}`
  }
}

const benchmark: Benchmark = {
  id: 'groups',
  title: 'group messages at scale',
  timeoutMs: 30 * 60_000,
  run: async (ctx) => {
    const specs = parseSpecs(ctx.flags)
    const crowdCount = Math.max(1, Math.min(8, availableParallelism() - 1))
    const rows: BenchRow[] = []
    const notes: string[] = []
    for (const spec of specs) {
      const result = await runSpec(ctx, spec, crowdCount)
      rows.push(...result.rows)
      notes.push(result.note)
    }
    notes.push(`members are nodes in ${crowdCount} child process(es) (one per spare core), all contacts of the sender; ${SAMPLES} timed sends of ${TEXT_BYTES} B after a warm-up, medians; the CPU is this process's (the sender's), all members online: for a group message from send() until every member has it, and apart from that until every member's delivered receipt is in; for 1:1 sends until every ack; offline members ran once, were stopped before the group was made, and are started again after a message`)
    return { rows, notes }
  }
}

export default benchmark

if (process.argv[2] === 'crowd' && fileURLToPath(import.meta.url) === process.argv[1]) {
  crowdMain().catch(err => {
    process.stderr.write(`groups crowd failed: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  })
}
