/**
 * What group integration tests wait for: a peer seeing a group (in a state a check names) and
 * receiving a text in a conversation, each bounded in time. And the settings that make group
 * member lookups quick in tests.
 */

import type { ConversationId, GroupInfo, Message } from '../../core/api/index.ts'
import { waitFor, type TestPeer } from './peers.ts'

/** member device lookups every 200 ms at most (instead of 30 s) */
export const groupInit = { groups: { lookupIntervalMs: 200 } }

export async function seesGroup (peer: TestPeer, id: ConversationId, check: (group: GroupInfo) => boolean = () => true, what = 'the group'): Promise<GroupInfo> {
  return await waitFor(async () => (await peer.node.api.listGroups()).find(group => group.id === id), group => group != null && check(group),
    { what: `${peer.name} to see ${what}` }) as GroupInfo
}

/**
 * Resolves once `peer` has a message `text` in the conversation. The bound is against hanging,
 * not a speed: on a loaded machine a message may go the long way (a member the mesh did not
 * reach gets it pushed after 3 s, its sender key through the outbox). `collect`: the peer also
 * looks at its mailboxes once a second while it waits (a member whose devices the sender
 * could not know gets the message there).
 */
export async function receives (peer: TestPeer, conversation: ConversationId, text: string, collect = false): Promise<Message> {
  let collected = 0
  return await waitFor(async () => {
    if (collect && Date.now() - collected >= 1000) {
      collected = Date.now()
      await peer.node.collectMail()
    }
    return (await peer.node.api.history({ conversation })).find(message => message.text === text)
  }, message => message != null, { what: `${peer.name} to receive "${text}"`, timeoutMs: 45_000 }) as Message
}
