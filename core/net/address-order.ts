/**
 * The order in which a node tries a peer's addresses: direct ones first (public before
 * private, loopback last, TCP before WebSockets), then plain relayed circuits, and WebRTC
 * through a relay last. libp2p's default would try `…/p2p-circuit/webrtc` before direct
 * private addresses (it does not count it as a circuit), so a peer behind a symmetric NAT
 * would cost a full ICE timeout before the relay is used. Tim reaches the peer through the
 * relay at once and upgrades to WebRTC afterwards (upgrade.ts).
 */

import { loopbackAddressLast, publicAddressesFirst, reliableTransportsFirst } from '@libp2p/utils'
import type { Address } from '@libp2p/interface'
import { isWebRTCAddress } from './paths.ts'

function rank (address: string): number {
  if (isWebRTCAddress(address)) return 2
  if (address.includes('/p2p-circuit')) return 1
  return 0
}

export function timAddressSorter (a: Address, b: Address): -1 | 0 | 1 {
  const byKind = Math.sign(rank(a.multiaddr.toString()) - rank(b.multiaddr.toString())) as -1 | 0 | 1
  if (byKind !== 0) return byKind
  const ordered = loopbackAddressLast(a.multiaddr, b.multiaddr) ||
    publicAddressesFirst(a.multiaddr, b.multiaddr) ||
    reliableTransportsFirst(a.multiaddr, b.multiaddr)
  return Math.sign(ordered) as -1 | 0 | 1
}
