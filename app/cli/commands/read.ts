/**
 * `tim read` — marks a conversation read (the sender is told, with read receipts).
 */

import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'

export const readCommand: CommandSpec = {
  name: 'read',
  summary: 'mark the messages of a conversation read (the sender gets read receipts)',
  args: '<account-id|contact-name>',
  options: nodeClientOptions,
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, json }) => {
    const conversation = await withNode(dataDir, async api =>
      await api.markRead({ peer: positionals[0] ?? '' }, callOptions()))
    if (json) printJson(conversation)
    else printLine(`conversation with ${conversation.name} marked read (${conversation.unread} unread)`)
    return 0
  }
}
