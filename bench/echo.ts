/**
 * The raw libp2p round trip the latency benchmark compares Tim with: a protocol that writes back
 * whatever arrives on a stream. Registered on a node in this process or in a peer's process.
 */

import type { Stream } from '@libp2p/interface'

export const ECHO_PROTOCOL = '/bench/echo/1.0.0'

export const echoOptions = { maxInboundStreams: 1024, runOnLimitedConnection: false }

export function echo (stream: Stream): void {
  stream.addEventListener('message', (event) => { stream.send(event.data) })
  stream.addEventListener('remoteCloseWrite', () => { void stream.close().catch(() => {}) })
}
