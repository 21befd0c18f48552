/**
 * `tim send` — queues a message in a conversation on the running node and prints its id only
 * (so scripts can capture it); `--json` prints the whole Message instead. A text message may
 * reply to another (`--reply-to`) and burn after reading (`--burn`); `--kind` with
 * `--data-file` sends an application-defined kind whose bytes are the file's.
 */

import { readFile } from 'node:fs/promises'
import { InvalidArgumentError, limits, type SendRequest } from '../../../core/api/index.ts'
import { integerOption, nodeClientOptions, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'
import { resolveConversation } from '../conversation-arg.ts'

async function readDataFile (path: string): Promise<string> {
  try {
    return (await readFile(path)).toString('base64')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code)
    throw new InvalidArgumentError(`cannot read the --data-file ${path}: ${why}`)
  }
}

/** What to send, without the conversation: a text (with its reply and burn options) or a custom kind. */
async function messageContent (context: CommandContext): Promise<Omit<SendRequest, 'conversation'>> {
  const { positionals, string } = context
  const words = positionals.slice(1)
  const kind = string('kind')
  const dataFile = string('data-file')
  const replyTo = string('reply-to')
  const burnSeconds = integerOption(context, 'burn', limits.minBurnSeconds, limits.maxBurnSeconds)
  const options = { ...(replyTo === undefined ? {} : { replyTo }), ...(burnSeconds === undefined ? {} : { burnSeconds }) }
  if (kind === undefined) {
    if (dataFile !== undefined) throw new UsageError('tim send: --data-file goes with --kind TYPE')
    if (words.length === 0) throw new UsageError('tim send: missing the text: tim send <contact> <text…> (see tim send --help)')
    return { text: words.join(' '), ...options }
  }
  if (words.length > 0) throw new UsageError('tim send: a message of a --kind has no text: its content is the --data-file')
  if (dataFile === undefined) throw new UsageError('tim send: --kind needs --data-file FILE (the bytes to send)')
  return { custom: { type: kind, data: await readDataFile(dataFile) }, ...options }
}

export const sendCommand: CommandSpec = {
  name: 'send',
  summary: 'send a message to a contact or a group; prints the message id',
  args: '<contact|group|conversation-id> <text…>',
  options: {
    ...nodeClientOptions,
    'reply-to': { type: 'string', value: 'ID', help: 'reply to the message with this id (it is quoted)' },
    burn: { type: 'string', value: 'SECONDS', help: 'burn after reading: erased everywhere SECONDS after it is first read' },
    kind: { type: 'string', value: 'TYPE', help: 'send an application-defined kind (letters, digits, .-_/) instead of text' },
    'data-file': { type: 'string', value: 'FILE', help: 'with --kind: the bytes to send (at most 16 KiB)' }
  },
  details: [
    'The contact is a name, an account id or a conversation id (dm:<account id>); a group is its name or',
    'its id (group:<id>). A name names a contact first, a group only when no contact has it.',
    'Words after the contact are joined with spaces, so quoting the text is optional.',
    'The message is queued at once; follow its state with `tim history`, `tim message ID` or `tim watch`.'
  ],
  positionals: { min: 1, max: Infinity },
  run: async context => {
    const content = await messageContent(context)
    const message = await withNode(context.dataDir, async api => {
      const conversation = await resolveConversation(api, context.positionals[0] ?? '')
      return await api.send({ conversation, ...content }, callOptions())
    })
    if (context.json) printJson(message)
    else printLine(message.id)
    return 0
  }
}
