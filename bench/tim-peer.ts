/**
 * A Tim node in its own process for benchmarks: `node --import tsx bench/tim-peer.ts <dataDir> <name>`,
 * forked with an IPC channel. It creates an identity in <dataDir>, starts a node on 127.0.0.1
 * with mDNS off, reports `{ ready, account, deviceId, invite }`, then answers requests until
 * `stop` or until its parent goes away; it removes <dataDir> before it exits. On request it
 * answers the echo protocol, and notes when each text arrived on the system-wide monotonic clock
 * (`process.hrtime`, comparable between processes of one machine).
 */

import { rm } from 'node:fs/promises'
import { createIdentity, createNode } from '../core/index.ts'
import type { AccountId } from '../core/api/index.ts'
import { echo, echoOptions, ECHO_PROTOCOL } from './echo.ts'

export type PeerRequest =
  | { id: number, cmd: 'addContact', invite: string }
  | { id: number, cmd: 'waitReceived', count: number, timeoutMs: number }
  | { id: number, cmd: 'cpuUsage' }
  | { id: number, cmd: 'startEcho' }
  | { id: number, cmd: 'recordArrivals' }
  /** when each of these texts arrived, as `process.hrtime.bigint()` in decimal; forgotten once told */
  | { id: number, cmd: 'arrivals', texts: string[] }
  | { id: number, cmd: 'stop' }

export interface PeerReply {
  id: number
  result?: unknown
  error?: string
}

export interface PeerReady {
  ready: true
  account: AccountId
  deviceId: string
  invite: string
}

async function main (): Promise<void> {
  const [dataDir, name = 'Peer'] = process.argv.slice(2)
  if (dataDir == null || process.send == null) {
    throw new Error('usage: forked with an IPC channel, args <dataDir> [name]')
  }
  const send = (message: PeerReply | PeerReady): void => { process.send?.(message) }
  // Same settings as bench/support.ts benchNodeInit (not imported, to keep this process's module graph small)
  await createIdentity(dataDir, { name })
  const node = await createNode({ dataDir, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, inboundConnectionThreshold: 1000 })

  let received = 0
  const waiters = new Set<{ count: number, done: () => void }>()
  let arrivals: Map<string, bigint> | null = null
  node.api.on('message:received', (message) => {
    arrivals?.set(message.text, process.hrtime.bigint())
    received++
    for (const waiter of waiters) {
      if (received >= waiter.count) {
        waiters.delete(waiter)
        waiter.done()
      }
    }
  })

  let stopping: Promise<void> | undefined
  const stop = async (): Promise<void> => {
    stopping ??= (async () => {
      await node.stop().catch(() => {})
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 })
      if (process.connected) {
        process.disconnect()
      }
    })()
    await stopping
  }
  process.on('disconnect', () => { void stop().then(() => process.exit(0)) })

  process.on('message', (raw) => {
    const request = raw as PeerRequest
    const handle = async (): Promise<unknown> => {
      switch (request.cmd) {
        case 'addContact':
          await node.api.addContact({ invite: request.invite })
          return null
        case 'waitReceived':
          if (received < request.count) {
            await new Promise<void>((resolve, reject) => {
              const waiter = { count: request.count, done: () => { clearTimeout(timer); resolve() } }
              const timer = setTimeout(() => {
                waiters.delete(waiter)
                reject(new Error(`timed out waiting for ${request.count} received messages (have ${received})`))
              }, request.timeoutMs)
              waiters.add(waiter)
            })
          }
          return received
        case 'startEcho':
          await node.libp2p.handle(ECHO_PROTOCOL, echo, echoOptions)
          return null
        case 'recordArrivals':
          arrivals ??= new Map()
          return null
        case 'arrivals':
          return request.texts.map(text => {
            const at = arrivals?.get(text)
            arrivals?.delete(text)
            return at?.toString() ?? null
          })
        case 'cpuUsage':
          return { all: process.cpuUsage(), main: process.threadCpuUsage() }
        case 'stop':
          await stop()
          return null
      }
    }
    handle().then(
      result => { if (request.cmd !== 'stop') send({ id: request.id, result }) },
      (err: Error) => { send({ id: request.id, error: err.message }) }
    )
  })

  send({ ready: true, account: node.identity.accountId, deviceId: node.identity.deviceId, invite: (await node.api.getIdentity()).invite })
}

main().catch(err => {
  process.stderr.write(`tim-peer failed: ${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
