/**
 * A Tim relay in its own process for the relay and serving benchmarks, so that its memory is
 * measured alone: `node --import tsx --expose-gc bench/relay-host.ts <dataDir>
 * <maxReservations> [relay|serving|client]`, forked with an IPC channel. Starts createNode on
 * 127.0.0.1: `relay` (default) with role 'relay' (STUN on a free port); `serving` an ordinary
 * node that says it is reachable (`reachable`), so it serves, with its reservation, per-IP and
 * mailbox limits raised to what the benchmark puts on it (every client shares 127.0.0.1);
 * `client` an ordinary node that does not serve. Reports `{ ready, addresses }`, then answers
 * `memory` (after a full GC), `reservations` and `mailbox` (envelopes held) until `stop` or
 * until its parent goes away.
 */

import { createIdentity, createNode } from '../core/index.ts'

export type RelayHostRequest = { id: number, cmd: 'memory' | 'reservations' | 'mailbox' | 'stop' }

export type RelayHostRole = 'relay' | 'serving' | 'client'

/** what a `serving` host takes: the benchmark's 10,000 envelopes from one sender, quickly */
const servingMailbox = {
  maxItemsPerAccount: 1_000_000,
  maxItemsPerSender: 1_000_000,
  maxItemsPerContact: 1_000_000,
  maxBytesPerAccount: 1024 * 1024 * 1024,
  maxBytesPerContact: 1024 * 1024 * 1024,
  maxBytesTotal: 1024 * 1024 * 1024,
  maxStrangerBytesTotal: 1024 * 1024 * 1024,
  depositRatePerSecond: 1_000_000,
  depositBurst: 1_000_000
}

export interface RelayHostReply {
  id: number
  result?: unknown
  error?: string
}

export interface RelayHostReady {
  ready: true
  addresses: string[]
}

export interface RelayMemory {
  rss: number
  heapUsed: number
}

async function main (): Promise<void> {
  const [dataDir, max = '600', roleText = 'relay'] = process.argv.slice(2)
  const role = roleText as RelayHostRole
  if (dataDir == null || process.send == null) {
    throw new Error('usage: forked with an IPC channel, args <dataDir> <maxReservations>')
  }
  const maxReservations = Number(max)
  const send = (message: RelayHostReply | RelayHostReady): void => { process.send?.(message) }
  await createIdentity(dataDir, { name: 'bench relay' })
  const node = await createNode({
    dataDir,
    role: role === 'relay' ? 'relay' : 'node',
    ...(role === 'serving' ? { reachable: true, mailbox: servingMailbox } : {}),
    ...(role === 'client' ? { serve: 'off' as const } : {}),
    listen: ['/ip4/127.0.0.1/tcp/0'],
    mdns: false,
    stunPort: 0,
    inboundConnectionThreshold: 100_000,
    maxConnections: maxReservations + 300,
    // every client is on 127.0.0.1: one IP address may take them all here
    relay: { maxReservations, maxReservationsPerIp: maxReservations }
  })
  const collect = (globalThis as { gc?: () => void }).gc
  process.on('message', (raw) => {
    const request = raw as RelayHostRequest
    void (async () => {
      try {
        if (request.cmd === 'memory') {
          collect?.()
          collect?.()
          const usage = process.memoryUsage()
          send({ id: request.id, result: { rss: usage.rss, heapUsed: usage.heapUsed } satisfies RelayMemory })
        } else if (request.cmd === 'reservations') {
          send({ id: request.id, result: (await node.api.stats()).serving?.reservations.count ?? 0 })
        } else if (request.cmd === 'mailbox') {
          send({ id: request.id, result: (await node.api.stats()).serving?.mailbox.messages ?? 0 })
        } else {
          await node.stop()
          send({ id: request.id, result: null })
          process.exit(0)
        }
      } catch (err) {
        send({ id: request.id, error: (err as Error).message })
      }
    })()
  })
  process.on('disconnect', () => { void node.stop().finally(() => process.exit(0)) })
  send({ ready: true, addresses: node.addresses() })
}

main().catch((err: Error) => {
  process.stderr.write(`relay-host: ${err.stack ?? err.message}\n`)
  process.exit(1)
})
