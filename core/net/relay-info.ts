/**
 * How a node learns the STUN servers of the relays it knows, with no extra protocol: a
 * relay's identify agent version carries `stun-port=<N>` (e.g. `tim-relay/1 stun-port=3478`),
 * and the node pairs that port with the IP address it reached the relay at, giving
 * `stun:<relay ip>:<N>`. Those URLs, and only those, become the ICE servers of the node's
 * WebRTC connections: never a public STUN server. Holds no sockets; pure bookkeeping.
 */

import type { Multiaddr } from '@multiformats/multiaddr'

export const RELAY_AGENT = 'tim-relay/1'

/** The identify agent version a relay announces. */
export function relayAgentVersion (stunPort: number | undefined): string {
  return stunPort == null ? RELAY_AGENT : `${RELAY_AGENT} stun-port=${stunPort}`
}

/** The STUN port in a relay's agent version, if it announces one. */
export function parseStunPort (agentVersion: string | undefined): number | undefined {
  const match = /(?:^|\s)stun-port=(\d{1,5})(?:\s|$)/.exec(agentVersion ?? '')
  const port = Number(match?.[1])
  return match != null && Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined
}

/** Whether an agent version is a Tim relay's. */
export function isRelayAgent (agentVersion: string | undefined): boolean {
  return agentVersion?.startsWith(RELAY_AGENT) === true
}

/** `stun:<host>:<port>` for the IP address of a multiaddr; undefined for names and relayed addresses. */
export function stunUrl (address: Multiaddr, port: number): string | undefined {
  if (address.toString().includes('/p2p-circuit')) {
    return undefined
  }
  const ip = address.getComponents().find(component => component.name === 'ip4' || component.name === 'ip6')
  if (ip?.value == null) {
    return undefined
  }
  return ip.name === 'ip6' ? `stun:[${ip.value}]:${port}` : `stun:${ip.value}:${port}`
}

export interface IceServerBook {
  /** remember the STUN URL of a relay (the latest one wins) */
  learn: (relay: string, url: string) => void
  /** the newest `max` URLs, newest first */
  urls: (max?: number) => string[]
}

/** A bounded book of relay STUN URLs, newest first. */
export function createIceServerBook (capacity = 16): IceServerBook {
  const byRelay = new Map<string, string>()
  return {
    learn: (relay, url) => {
      byRelay.delete(relay)
      byRelay.set(relay, url)
      while (byRelay.size > capacity) {
        const oldest = byRelay.keys().next().value
        if (oldest == null) break
        byRelay.delete(oldest)
      }
    },
    urls: (max = 4) => [...new Set([...byRelay.values()].reverse())].slice(0, max)
  }
}
