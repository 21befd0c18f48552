/**
 * The STUN server a relay runs (the `stun` package's UDP server): it answers binding
 * requests with the address and port it saw them come from (XOR-MAPPED-ADDRESS), which is
 * how a WebRTC peer behind a NAT learns its public address. Binding only: no TURN, no
 * authentication, no state per client. Must not answer anything but binding requests.
 */

import { createSocket, type Socket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { logger } from '@libp2p/logger'
import stun from 'stun'

const log = logger('tim:net:stun')

export interface StunServerInit {
  /** the address to bind (default 0.0.0.0) */
  host?: string
  /** UDP port; 0 picks a free one */
  port: number
  /** the SOFTWARE attribute of every response */
  software?: string
}

export interface TimStunServer {
  /** the bound address */
  readonly host: string
  /** the bound port */
  readonly port: number
  /** binding requests answered so far */
  readonly requests: number
  close: () => Promise<void>
}

export async function createStunServer (init: StunServerInit): Promise<TimStunServer> {
  const host = init.host ?? '0.0.0.0'
  const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4')
  const server = stun.createServer({ type: host.includes(':') ? 'udp6' : 'udp4', socket })
  const software = init.software ?? 'tim-relay'
  let requests = 0
  let closed = false

  server.on('bindingRequest', (request, rinfo) => {
    const response = stun.createMessage(stun.constants.STUN_BINDING_RESPONSE, request.transactionId)
    response.addXorAddress(rinfo.address, rinfo.port)
    response.addSoftware(software)
    response.addFingerprint()
    server.send(response, rinfo.port, rinfo.address)
    requests++
  })
  // a malformed datagram is the sender's problem, never ours
  server.on('error', (err) => { log('ignored a bad STUN datagram: %s', err.message) })
  socket.on('error', (err) => { log.error('STUN socket error: %s', err.message) })

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => { reject(err) }
    socket.once('error', onError)
    socket.bind(init.port, host, () => {
      socket.off('error', onError)
      resolve()
    })
  })
  const bound = socket.address() as AddressInfo
  log('STUN server listening on %s:%d', bound.address, bound.port)

  return {
    host: bound.address,
    port: bound.port,
    get requests () { return requests },
    close: async () => {
      if (closed) {
        return
      }
      closed = true
      server.close()
      await new Promise<void>(resolve => { socket.close(() => { resolve() }) })
    }
  }
}
