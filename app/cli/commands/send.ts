/**
 * `tim send` — queues a message for a contact on the running node and prints its id only
 * (so scripts can capture it); `--json` prints the whole Message instead.
 */

import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'

export const sendCommand: CommandSpec = {
  name: 'send',
  summary: 'send a message to a contact; prints the message id',
  args: '<account-id|contact-name> <text…>',
  options: nodeClientOptions,
  details: [
    'Words after the contact are joined with spaces, so quoting the text is optional.',
    'The message is queued at once; follow its state with `tim history` or `tim watch`.'
  ],
  positionals: { min: 2, max: Infinity },
  run: async ({ dataDir, positionals, json }) => {
    const [peer = '', ...words] = positionals
    const message = await withNode(dataDir, async api => await api.send({ to: peer, text: words.join(' ') }, callOptions()))
    if (json) printJson(message)
    else printLine(message.id)
    return 0
  }
}
