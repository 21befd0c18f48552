/**
 * `tim stats` — the node's counters: messages received and delivered, open connections,
 * envelopes dropped from blocked contacts, and inbound frames rejected by error name; and
 * what it serves others (whether and why, DHT mode, reservations held, mail held).
 */

import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine } from '../output.ts'

export const statsCommand: CommandSpec = {
  name: 'stats',
  summary: 'show the node\'s counters (received, delivered, connections, rejected frames)',
  options: nodeClientOptions,
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, json }) => {
    const stats = await withNode(dataDir, async api => await api.stats(callOptions()))
    if (json) {
      printJson(stats)
      return 0
    }
    printLine(`received:    ${stats.received}`)
    printLine(`delivered:   ${stats.delivered}`)
    printLine(`connections: ${stats.connections}`)
    printLine(`blocked:     ${stats.blocked}`)
    const rejected = Object.entries(stats.rejected).filter(([, count]) => count > 0)
    printLine(`rejected:    ${rejected.length === 0 ? 0 : rejected.map(([name, count]) => `${name} ${count}`).join(', ')}`)
    const serving = stats.serving
    if (serving !== undefined) {
      printLine(`serving:     ${serving.serving ? 'yes' : 'no'} (${serving.reason}; --serve ${serving.mode})`)
      printLine(`dht:         ${serving.dhtMode}`)
      printLine(`reservations: ${serving.reservations.count} of ${serving.reservations.max}`)
      printLine(`mailbox:     ${serving.mailbox.messages} messages, ${serving.mailbox.bytes} bytes, for ${serving.mailbox.accounts} accounts`)
    }
    return 0
  }
}
