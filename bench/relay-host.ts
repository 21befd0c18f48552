/**
 * A Tim relay in its own process for the relay benchmark, so that its memory is measured
 * alone: `node --import tsx --expose-gc bench/relay-host.ts <dataDir> <maxReservations>`,
 * forked with an IPC channel. Starts createNode({ role: 'relay' }) on 127.0.0.1 (STUN on a
 * free port), reports `{ ready, addresses }`, then answers `memory` (after a full GC) and
 * `reservations` until `stop` or until its parent goes away.
 */

import { createIdentity, createNode } from '../core/index.ts'

export type RelayHostRequest = { id: number, cmd: 'memory' | 'reservations' | 'stop' }

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
  const [dataDir, max = '600'] = process.argv.slice(2)
  if (dataDir == null || process.send == null) {
    throw new Error('usage: forked with an IPC channel, args <dataDir> <maxReservations>')
  }
  const maxReservations = Number(max)
  const send = (message: RelayHostReply | RelayHostReady): void => { process.send?.(message) }
  await createIdentity(dataDir, { name: 'bench relay' })
  const node = await createNode({
    dataDir,
    role: 'relay',
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
          send({ id: request.id, result: (await node.libp2p.services.net.relayStats()).reservations.count })
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
