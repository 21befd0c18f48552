/**
 * How a node learns the STUN servers of the relays it knows, with no extra protocol: a
 * relay's identify agent version carries `stun-port=<N>` (e.g. `tim-relay/1 stun-port=3478`),
 * and the node pairs that port with the IP address it reached the relay at, giving
 * `stun:<relay ip>:<N>`. An agent version is whatever the peer says, so a URL becomes an ICE
 * server of the node's WebRTC connections only when it comes from a relay this node reached
 * as a relay: one in its bootstrap list, or one it holds a reservation on (`trustAlso`).
 * Never a public STUN server, never a stranger's. Holds no sockets; pure bookkeeping.
 */

import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'

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
  /** remember the STUN URL a peer announced (the latest one wins); used only while the peer is trusted */
  learn: (relay: string, url: string) => void
  /** trust, besides the bootstrap relays, the peers for which `trusted` says so (the relays holding our reservation) */
  trustAlso: (trusted: (relay: string) => boolean) => void
  /** the newest `max` URLs of trusted relays, newest first */
  urls: (max?: number) => string[]
}

export interface IceServerBookInit {
  /** the bootstrap list's multiaddrs: the peers they name are trusted relays */
  bootstrap?: string[]
  /** most peers' URLs remembered (default 16) */
  capacity?: number
}

/** The PeerIds a bootstrap list names (its `/p2p/<id>` parts; unparseable entries name none). */
export function bootstrapPeerIds (addresses: string[]): Set<string> {
  const ids = new Set<string>()
  for (const address of addresses) {
    try {
      const id = multiaddr(address).getComponents().findLast(component => component.name === 'p2p')?.value
      if (id != null) ids.add(id)
    } catch {
      // not a multiaddr: it names no relay
    }
  }
  return ids
}

/** A bounded book of relay STUN URLs, newest first, handing out only trusted relays' URLs. */
export function createIceServerBook (init: IceServerBookInit = {}): IceServerBook {
  const capacity = init.capacity ?? 16
  const bootstrap = bootstrapPeerIds(init.bootstrap ?? [])
  let trustedAlso: (relay: string) => boolean = () => false
  const byRelay = new Map<string, string>()
  return {
    learn: (relay, url) => {
      byRelay.delete(relay)
      byRelay.set(relay, url)
      while (byRelay.size > capacity) {
        // strangers' entries go first: a flood of them never pushes out a bootstrap relay's
        const oldest = [...byRelay.keys()].find(peer => !bootstrap.has(peer)) ?? byRelay.keys().next().value
        if (oldest == null) break
        byRelay.delete(oldest)
      }
    },
    trustAlso: (trusted) => { trustedAlso = trusted },
    urls: (max = 4) => [...new Set([...byRelay.entries()]
      .filter(([relay]) => bootstrap.has(relay) || trustedAlso(relay))
      .map(([, url]) => url)
      .reverse())].slice(0, max)
  }
}
