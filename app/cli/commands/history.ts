/**
 * `tim history` — the messages of one conversation, oldest first: one line each (see
 * message-format.ts: id, → sent / ← received, quoted reply, content, reactions, state, path,
 * edits, burn timer; erased, custom and unsupported messages say what they are), or the
 * Message DTOs with --json.
 */

import { limits, parseConversationId } from '../../../core/api/index.ts'
import { integerOption, nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { messageLine } from '../message-format.ts'
import { fetchNameBook, learnMembersOf } from '../name-book.ts'
import { printJson, printLine } from '../output.ts'
import { resolveConversation } from '../conversation-arg.ts'

export const historyCommand: CommandSpec = {
  name: 'history',
  summary: 'show the messages of a conversation',
  args: '<contact|group|conversation-id>',
  options: {
    ...nodeClientOptions,
    limit: { type: 'string', value: 'N', help: `at most N messages, the newest ones (default ${limits.defaultHistoryPage}, at most ${limits.maxHistoryPage})` },
    before: { type: 'string', value: 'ID', help: 'only messages older than the message with this id (paging)' }
  },
  details: [
    'Each line: [time] id → sent or ← received (in a group, with the sender\'s name), (re …) the quoted message of a reply,',
    'the text, [reactions], and (state, path, edited, burn timer).'
  ],
  positionals: { min: 1, max: 1 },
  run: async context => {
    const limit = integerOption(context, 'limit', 1, limits.maxHistoryPage)
    const before = context.string('before')
    const { messages, names } = await withNode(context.dataDir, async api => {
      const { contacts, names } = await fetchNameBook(api)
      const conversation = await resolveConversation(api, context.positionals[0] ?? '', contacts)
      if (parseConversationId(conversation)?.kind === 'group') {
        // senders who are not contacts go by the names the group lists
        await learnMembersOf(api, names, conversation)
      }
      const request = { conversation, ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }) }
      return { messages: await api.history(request, callOptions()), names }
    })
    if (context.json) {
      printJson(messages)
      return 0
    }
    if (messages.length === 0) printLine('no messages yet')
    for (const message of messages) printLine(messageLine(message, names))
    return 0
  }
}
