/**
 * The peer gate: peers a higher room says this node must not be connected to right now
 * (presence: an invisible node's contacts, so that it looks offline to them). While the gate
 * hides a peer the node neither dials it nor accepts its connections (the connection gater
 * below), and hangs up on connections to it that are open (`hangUpHidden`, run by the net
 * service on every connection that opens and whenever a room says the gate changed). Knows
 * peers only as PeerIds: why a peer is hidden belongs to the room that supplies the gate.
 */

import type { Connection, ConnectionGater, Logger, PeerId } from '@libp2p/interface'

export interface PeerGate {
  /** true while this node must not be connected to `peer` */
  hides: (peer: PeerId) => boolean
}

/** `gater`, also refusing to dial hidden peers and to accept their connections. */
export function gatedGater (gater: ConnectionGater, gate: PeerGate): ConnectionGater {
  return {
    ...gater,
    denyDialPeer: async (peer) => gate.hides(peer) || await (gater.denyDialPeer?.(peer) ?? false),
    denyInboundEncryptedConnection: async (peer, connection) =>
      gate.hides(peer) || await (gater.denyInboundEncryptedConnection?.(peer, connection) ?? false),
    denyOutboundEncryptedConnection: async (peer, connection) =>
      gate.hides(peer) || await (gater.denyOutboundEncryptedConnection?.(peer, connection) ?? false)
  }
}

/** Closes every one of `connections` whose peer the gate hides; resolves once they are closed. */
export async function hangUpHidden (connections: Connection[], gate: PeerGate, log: Logger): Promise<void> {
  await Promise.all(connections.filter(connection => gate.hides(connection.remotePeer)).map(async connection => {
    log('hanging up on %p: the peer gate hides it', connection.remotePeer)
    await connection.close().catch((err: Error) => { connection.abort(err) })
  }))
}
