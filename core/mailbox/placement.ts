/**
 * Where an account's mail lives: the mailbox nodes closest to the account key in the DHT's
 * XOR metric (the same metric kad-dht uses: SHA-256 of the key and of each PeerId). Only
 * nodes that serve run the DHT in server mode (relays, and ordinary nodes while reachable:
 * core/net/serving.ts), and `getClosestPeers` yields only peers that answered the lookup as
 * DHT servers, so the candidates are the serving nodes closest to the key, relays or not; a
 * node that stopped serving no longer answers and drops out of the next lookup (the
 * integration test serving.test.ts checks both). Results are cached briefly (`cacheMs`):
 * placement is asked for on every deposit and collection, and a cached node that stopped
 * serving refuses, so depositors go on to the next candidate.
 */

import type { AbortOptions, PeerId } from '@libp2p/interface'
import type { QueryEvent } from '@libp2p/kad-dht'
import { withDeadline } from '../api/index.ts'
import { sha256 } from '../crypto/index.ts'

export interface PlacementInit {
  /** how long one lookup's answer is reused, ms */
  cacheMs: number
  /** bound on one DHT lookup, ms */
  lookupTimeoutMs: number
}

export interface PlacementComponents {
  /** this node */
  peerId: PeerId
  /** the DHT lookup (kad-dht's getClosestPeers) */
  dht: { getClosestPeers: (key: Uint8Array, options?: AbortOptions) => AsyncIterable<QueryEvent> }
}

export interface Placement {
  /** mailbox candidates for `key`, closest first; includes this node when `includeSelf` */
  closest: (key: Uint8Array, options?: { includeSelf?: boolean, signal?: AbortSignal }) => Promise<PeerId[]>
}

function distance (a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, i) => byte ^ b[i])
}

function compare (a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i]
    }
  }
  return 0
}

export function createPlacement (components: PlacementComponents, init: PlacementInit): Placement {
  const { peerId, dht } = components
  const cache = new Map<string, { at: number, peers: PeerId[] }>()

  const lookup = async (key: Uint8Array, signal?: AbortSignal): Promise<PeerId[]> => {
    const cacheKey = Buffer.from(key).toString('base64')
    const cached = cache.get(cacheKey)
    if (cached != null && Date.now() - cached.at < init.cacheMs) {
      return cached.peers
    }
    const found = new Map<string, PeerId>()
    const bounded = withDeadline(signal, init.lookupTimeoutMs)
    try {
      for await (const event of dht.getClosestPeers(key, { signal: bounded })) {
        if (event.name === 'FINAL_PEER') {
          found.set(event.peer.id.toString(), event.peer.id)
        }
      }
    } catch (err) {
      if (found.size === 0) {
        throw err
      }
    }
    const peers = [...found.values()]
    cache.set(cacheKey, { at: Date.now(), peers })
    return peers
  }

  return {
    closest: async (key, options = {}) => {
      const target = sha256(key)
      const peers = [...await lookup(key, options.signal)]
      if (options.includeSelf === true && !peers.some(peer => peer.equals(peerId))) {
        peers.push(peerId)
      }
      const ranked = peers.map(peer => ({ peer, distance: distance(sha256(peer.toMultihash().bytes), target) }))
      ranked.sort((a, b) => compare(a.distance, b.distance))
      return ranked.map(entry => entry.peer)
    }
  }
}
