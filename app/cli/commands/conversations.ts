/**
 * `tim conversations` — every conversation with its id, unread count and last message;
 * `conversations delete` deletes one conversation's history from this node.
 */

import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { messageContent } from '../message-format.ts'
import { formatTime, oneLine, printJson, printLine, printTable } from '../output.ts'
import { resolveConversation } from '../conversation-arg.ts'

const deleteCommand: CommandSpec = {
  name: 'conversations delete',
  summary: 'delete a conversation\'s history from this node (the others keep theirs)',
  args: '<contact|group|conversation-id>',
  options: nodeClientOptions,
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, json }) => {
    const conversation = await withNode(dataDir, async api => {
      const target = await resolveConversation(api, positionals[0] ?? '')
      await api.deleteConversation(target, callOptions())
      return target
    })
    if (json) printJson({ deleted: conversation })
    else printLine(`deleted the conversation ${conversation} from this node`)
    return 0
  }
}

export const conversationsCommand: CommandSpec = {
  name: 'conversations',
  summary: 'list conversations with unread counts and the last message',
  options: nodeClientOptions,
  positionals: { min: 0, max: 0 },
  subcommands: [deleteCommand],
  run: async ({ dataDir, json }) => {
    const conversations = await withNode(dataDir, async api => await api.conversations(callOptions()))
    if (json) {
      printJson(conversations)
      return 0
    }
    if (conversations.length === 0) {
      printLine('no conversations yet')
      return 0
    }
    printTable(['NAME', 'CONVERSATION', 'UNREAD', 'LAST MESSAGE'], conversations.map(conversation => {
      const last = conversation.lastMessage
      const lastText = last === null ? '' : `[${formatTime(last.timestamp)}] ${last.direction === 'out' ? '→' : '←'} ${oneLine(messageContent(last), 50)}`
      return [conversation.name, conversation.id, String(conversation.unread), lastText]
    }))
    return 0
  }
}
