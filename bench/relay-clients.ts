/**
 * Many relay clients in one process for the relay benchmark: `node --import tsx
 * bench/relay-clients.ts <relay multiaddr> <count> <concurrency>`, forked with an IPC channel.
 * Each client is a minimal libp2p node (TCP, noise, yamux, identify, circuit-relay
 * transport, no DHT, no Tim) that listens on `<relay>/p2p-circuit`, i.e. holds one
 * reservation on the relay; a client whose connection the relay dropped tries again, up to
 * ATTEMPTS times (a relay takes only so many handshakes at once). Reports `{ progress: { reserved, failed } }` as it goes and
 * `{ done: … }` at the end, then keeps the clients (and their reservations) until told
 * `stop` or until its parent goes away.
 */

import { createLibp2p, type Libp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { identify } from '@libp2p/identify'
import { circuitRelayTransport } from '@libp2p/circuit-relay-v2'

const ATTEMPTS = 3

export interface ClientsProgress {
  reserved: number
  failed: number
  /** the first failure's message, if any */
  error?: string
}

export type ClientsMessage = { progress: ClientsProgress } | { done: ClientsProgress }

async function main (): Promise<void> {
  const [relay, countText = '100', concurrencyText = '8'] = process.argv.slice(2)
  if (relay == null || process.send == null) {
    throw new Error('usage: forked with an IPC channel, args <relay multiaddr> <count> <concurrency>')
  }
  const count = Number(countText)
  const concurrency = Number(concurrencyText)
  const clients: Libp2p[] = []
  const state: ClientsProgress = { reserved: 0, failed: 0 }
  const send = (message: ClientsMessage): void => { process.send?.(message) }
  let stopping = false
  const stopAll = async (): Promise<void> => {
    stopping = true
    await Promise.allSettled(clients.map(async client => { await client.stop() }))
    process.exit(0)
  }
  process.on('message', (message) => { if ((message as { cmd?: string }).cmd === 'stop') void stopAll() })
  process.on('disconnect', () => { void stopAll() })

  let next = 0
  const worker = async (): Promise<void> => {
    while (!stopping && next < count) {
      next++
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          clients.push(await createLibp2p({
            addresses: { listen: [`${relay}/p2p-circuit`] },
            transports: [tcp(), circuitRelayTransport()],
            connectionEncrypters: [noise()],
            streamMuxers: [yamux()],
            services: { identify: identify() }
          }))
          state.reserved++
          break
        } catch (err) {
          if (attempt < ATTEMPTS) continue
          state.failed++
          state.error ??= (err as Error).message.split('\n').slice(0, 3).join(' ')
        }
      }
      if ((state.reserved + state.failed) % 25 === 0) send({ progress: { ...state } })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  send({ done: { ...state } })
}

main().catch((err: Error) => {
  process.stderr.write(`relay-clients: ${err.stack ?? err.message}\n`)
  process.exit(1)
})
