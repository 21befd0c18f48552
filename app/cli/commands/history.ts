/**
 * `tim history` — the messages of one conversation, oldest first: one line each
 * `[time] → text  (state, path)` (→ sent, ← received), or the Message DTOs with --json.
 */

import type { Message } from '../../../core/api/index.ts'
import { nodeClientOptions, UsageError, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { formatTime, printJson, printLine } from '../output.ts'

export function formatMessage (message: Message): string {
  const arrow = message.direction === 'out' ? '→' : '←'
  const how = [message.state, message.path ?? undefined, message.failure].filter(part => part !== undefined).join(', ')
  return `[${formatTime(message.timestamp)}] ${arrow} ${message.text}  (${how})`
}

function parseLimit (text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const limit = Number(text)
  if (!/^\d+$/.test(text) || limit < 1) {
    throw new UsageError(`tim history: --limit takes a positive whole number, got "${text}"`)
  }
  return limit
}

export const historyCommand: CommandSpec = {
  name: 'history',
  summary: 'show the messages exchanged with a contact',
  args: '<account-id|contact-name>',
  options: {
    ...nodeClientOptions,
    limit: { type: 'string', value: 'N', help: 'at most N messages, the newest ones (default 50, at most 500)' },
    before: { type: 'string', value: 'ID', help: 'only messages older than the message with this id (paging)' }
  },
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, string, json }) => {
    const limit = parseLimit(string('limit'))
    const before = string('before')
    const messages = await withNode(dataDir, async api => {
      const peer = positionals[0] ?? ''
      return await api.history({ peer, ...(limit === undefined ? {} : { limit }), ...(before === undefined ? {} : { before }) }, callOptions())
    })
    if (json) {
      printJson(messages)
      return 0
    }
    if (messages.length === 0) printLine('no messages yet')
    for (const message of messages) printLine(formatMessage(message))
    return 0
  }
}
