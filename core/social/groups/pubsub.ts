/**
 * The gossipsub service the groups' meshes run on, configured for Tim: messages are signed by
 * their sender devices inside (GroupMessage), so gossipsub signs nothing and names no author
 * (StrictNoSign) and a message's id is the hash of its bytes; a node's own messages go to its
 * mesh peers only (no flood publish: the sender's cost does not grow with the group), and a
 * message larger than the largest GroupMessage is not even decoded. Peers are not scored by
 * their IP address: members reached through one relay, or behind one NAT, all come from one
 * address, and gossipsub's default penalty for more than ten of them ignored everything they
 * sent (their subscriptions too, so no mesh formed); what a peer sends is judged by the topic
 * validator instead (a member's signed message, fanout.ts).
 */

import { gossipsub, type GossipSub, type GossipSubComponents } from '@libp2p/gossipsub'
import { sha256 } from '../../crypto/index.ts'
import { MAX_GROUP_MESSAGE_BYTES } from '../../wire/index.ts'

export function groupPubsub (): (components: GossipSubComponents) => GossipSub {
  return gossipsub({
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: (message) => sha256(message.data),
    floodPublish: false,
    fallbackToFloodsub: false,
    allowPublishToZeroTopicPeers: true,
    emitSelf: false,
    runOnLimitedConnection: true,
    maxInboundDataLength: MAX_GROUP_MESSAGE_BYTES + 1024,
    scoreParams: { IPColocationFactorWeight: 0 }
  })
}
