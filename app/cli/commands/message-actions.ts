/**
 * The commands that act on one message by its id (as `tim send` and `tim history` print it):
 * `tim message` (every field), `tim edit`, `tim react`, `tim recall`, `tim retry` (each
 * prints the message as it is now, or the Message with --json) and `tim delete` (this node's
 * copy only).
 */

import type { Message, MessengerApi } from '../../../core/api/index.ts'
import { nodeClientOptions, type CommandContext, type CommandSpec, type OptionSpecs } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { messageFields, messageLine } from '../message-format.ts'
import { fetchNameBook } from '../name-book.ts'
import { printFields, printJson, printLine } from '../output.ts'

interface MessageCommandInit {
  name: string
  summary: string
  args: string
  details?: string[]
  options?: OptionSpecs
  positionals: { min: number, max: number }
  /** every field (`tim message`) rather than one line */
  fields?: boolean
  call: (api: MessengerApi, id: string, context: CommandContext) => Promise<Message>
}

function messageCommand (init: MessageCommandInit): CommandSpec {
  const { call, fields = false, options = {}, ...spec } = init
  return {
    ...spec,
    options: { ...nodeClientOptions, ...options },
    run: async context => {
      const id = context.positionals[0] ?? ''
      const { message, names } = await withNode(context.dataDir, async api => ({
        message: await call(api, id, context),
        names: context.json ? undefined : (await fetchNameBook(api)).names
      }))
      if (names === undefined) printJson(message)
      else if (fields) printFields(messageFields(message, names))
      else printLine(messageLine(message, names))
      return 0
    }
  }
}

const showCommand = messageCommand({
  name: 'message',
  summary: 'show one message with all its fields (state, path, reply, edits, reactions, burn, recall)',
  args: '<message-id>',
  positionals: { min: 1, max: 1 },
  fields: true,
  call: async (api, id) => await api.getMessage(id, callOptions())
})

const editCommand = messageCommand({
  name: 'edit',
  summary: 'change the text of one of your messages, for everyone (shown as edited)',
  args: '<message-id> <text…>',
  details: ['Words after the id are joined with spaces, so quoting the text is optional.'],
  positionals: { min: 2, max: Infinity },
  call: async (api, id, { positionals }) => await api.editMessage({ id, text: positionals.slice(1).join(' ') }, callOptions())
})

const reactCommand = messageCommand({
  name: 'react',
  summary: 'react to a message with an emoji, or take the reaction back with --remove',
  args: '<message-id> <emoji>',
  options: { remove: { type: 'boolean', help: 'take this reaction back' } },
  positionals: { min: 2, max: 2 },
  call: async (api, id, { positionals, flag }) =>
    await api.react({ id, emoji: positionals[1] ?? '', ...(flag('remove') ? { remove: true } : {}) }, callOptions())
})

const recallCommand = messageCommand({
  name: 'recall',
  summary: 'delete one of your messages for everyone: it is erased on every device',
  args: '<message-id>',
  details: [
    'A device of the recipient that is offline erases it when it comes back.',
    '`tim message ID` shows which of the recipient\'s devices confirmed.'
  ],
  positionals: { min: 1, max: 1 },
  call: async (api, id) => await api.recall(id, callOptions())
})

const retryCommand = messageCommand({
  name: 'retry',
  summary: 'send a failed message again',
  args: '<message-id>',
  positionals: { min: 1, max: 1 },
  call: async (api, id) => await api.retry(id, callOptions())
})

const deleteCommand: CommandSpec = {
  name: 'delete',
  summary: 'delete a message from this node only (others keep their copies; see tim recall)',
  args: '<message-id>',
  options: nodeClientOptions,
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, json }) => {
    const id = positionals[0] ?? ''
    await withNode(dataDir, async api => { await api.deleteMessage(id, callOptions()) })
    if (json) printJson({ deleted: id })
    else printLine(`deleted message ${id} from this node`)
    return 0
  }
}

export const messageCommands: readonly CommandSpec[] = [showCommand, editCommand, reactCommand, recallCommand, deleteCommand, retryCommand]
