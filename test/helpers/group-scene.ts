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

export async function receives (peer: TestPeer, conversation: ConversationId, text: string): Promise<Message> {
  return await waitFor(async () => (await peer.node.api.history({ conversation })).find(message => message.text === text), message => message != null,
    { what: `${peer.name} to receive "${text}"` }) as Message
}
