/**
 * `tim read` — marks a conversation's received messages read, all of them or up to one
 * (`--up-to ID`); their senders get read receipts (accepted contacts only, never message
 * requests).
 */

import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'
import { resolveConversation } from '../conversation-arg.ts'

export const readCommand: CommandSpec = {
  name: 'read',
  summary: 'mark the messages of a conversation read (the sender gets read receipts)',
  args: '<contact|group|conversation-id>',
  options: {
    ...nodeClientOptions,
    'up-to': { type: 'string', value: 'ID', help: 'only the received messages up to and including this one' }
  },
  details: ['A message request\'s sender gets no read receipts until you accept it.'],
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, string, json }) => {
    const upTo = string('up-to')
    const conversation = await withNode(dataDir, async api => {
      const target = await resolveConversation(api, positionals[0] ?? '')
      return await api.markRead({ conversation: target, ...(upTo === undefined ? {} : { upTo }) }, callOptions())
    })
    if (json) printJson(conversation)
    else printLine(`conversation with ${conversation.name} marked read (${conversation.unread} unread)`)
    return 0
  }
}
