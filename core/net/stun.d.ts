/**
 * Types for the parts of the `stun` package (plain JavaScript, no bundled types) that
 * core/net/stun-server.ts and the tests use: the UDP server, message building, and the
 * client `request` used to check a server.
 */

declare module 'stun' {
  import type { RemoteInfo, Socket } from 'node:dgram'
  import type { EventEmitter } from 'node:events'

  export interface StunAddress {
    address: string
    port: number
    family: 'IPv4' | 'IPv6'
  }

  export interface StunMessage {
    readonly type: number
    readonly transactionId: Buffer
    addXorAddress: (address: string, port: number) => unknown
    addAddress: (address: string, port: number) => unknown
    addSoftware: (software: string) => unknown
    addFingerprint: () => unknown
    toBuffer: () => Buffer
  }

  export interface StunResponse extends StunMessage {
    getXorAddress: () => StunAddress | undefined
    getAddress: () => StunAddress | undefined
  }

  export interface StunServer extends EventEmitter {
    on: ((event: 'bindingRequest', listener: (request: StunMessage, rinfo: RemoteInfo) => void) => this) &
    ((event: 'error', listener: (err: Error) => void) => this) &
    ((event: string, listener: (...args: unknown[]) => void) => this)
    send: (message: StunMessage, port: number, address: string, callback?: () => void) => boolean
    close: () => void
  }

  export function createServer (options: { type: 'udp4' | 'udp6', socket?: Socket }): StunServer
  export function createMessage (type: number, transactionId?: Buffer): StunMessage
  export function request (url: string, options?: { socket?: Socket, timeout?: number, retries?: number }): Promise<StunResponse>

  export const constants: {
    STUN_BINDING_REQUEST: number
    STUN_BINDING_RESPONSE: number
    STUN_EVENT_BINDING_REQUEST: 'bindingRequest'
    [name: string]: number | string
  }

  const stun: {
    createServer: typeof createServer
    createMessage: typeof createMessage
    request: typeof request
    constants: typeof constants
  }
  export default stun
}
