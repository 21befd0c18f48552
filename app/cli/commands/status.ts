/**
 * `tim status` — what contacts see of this account: `tim status` prints it, `tim status
 * online|away|busy|invisible [--text TEXT] [--hide-last-seen]` sets all of it at once (a
 * status text or hidden last-seen time not given again is cleared).
 */

import type { MyPresence, PresenceStatus } from '../../../core/api/index.ts'
import { nodeClientOptions, UsageError, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'

const statuses: readonly PresenceStatus[] = ['online', 'away', 'busy', 'invisible']

function parseStatus (word: string): PresenceStatus {
  const status = statuses.find(candidate => candidate === word)
  if (status === undefined) throw new UsageError(`tim status: the status is one of ${statuses.join(', ')}, got "${word}"`)
  return status
}

function describePresence (presence: MyPresence): string {
  const shown = presence.status === 'invisible' ? 'invisible (contacts see you offline)' : presence.status
  const text = presence.text === undefined || presence.text === '' ? '' : ` — "${presence.text}"`
  return `status: ${shown}${text}; last seen ${presence.shareLastSeen ? 'shared' : 'hidden'}`
}

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: 'show or set what contacts see of you: online, away, busy or invisible, and a status text',
  args: '[online|away|busy|invisible]',
  options: {
    ...nodeClientOptions,
    text: { type: 'string', value: 'TEXT', help: 'a status text contacts see (at most 140 characters)' },
    'hide-last-seen': { type: 'boolean', help: 'do not let contacts see when you were last online' }
  },
  details: [
    'Setting a status sets all of it: a --text or --hide-last-seen not given again is cleared.',
    'Invisible looks exactly like offline to others; messages still arrive.',
    'Only contacts see it, over their own connections.'
  ],
  positionals: { min: 0, max: 1 },
  run: async ({ dataDir, positionals, string, flag, json }) => {
    const word = positionals[0]
    if (word === undefined && (string('text') !== undefined || flag('hide-last-seen'))) {
      throw new UsageError('tim status: --text and --hide-last-seen go with a status: tim status online|away|busy|invisible')
    }
    const request = word === undefined
      ? undefined
      : { status: parseStatus(word), text: string('text') ?? '', shareLastSeen: !flag('hide-last-seen') }
    const presence = await withNode(dataDir, async api => request === undefined
      ? await api.getPresence(callOptions())
      : await api.setPresence(request, callOptions()))
    if (json) printJson(presence)
    else printLine(describePresence(presence))
    return 0
  }
}
