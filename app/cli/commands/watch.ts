/**
 * `tim watch` — prints the running node's events as they happen, one line each, until
 * Ctrl-C: messages received, message state changes, contact reachability, message
 * requests. `--json` prints `{"event": name, "data": …}` per line. Exits 1 if the node stops.
 */

import {
  messengerEventNames, NodeUnavailableError,
  type AccountId, type MessengerEventName, type MessengerEvents
} from '../../../core/api/index.ts'
import type { RpcClient } from '../../../core/rpc/client.ts'
import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, connectToNode } from '../connect.ts'
import { timCommand } from '../data-dir.ts'
import { formatTime, note, printJsonLine, printLine } from '../output.ts'
import { waitForShutdown } from '../signals.ts'

type Describe = { [E in MessengerEventName]: (data: MessengerEvents[E], name: (account: AccountId) => string) => string }

const describe: Describe = {
  'message:received': (message, name) => `[${formatTime(message.timestamp)}] ← ${name(message.from)}: ${message.text}  (${message.id}, ${message.path ?? 'unknown path'})`,
  'message:state': (change, name) => `[${formatTime(Date.now())}] → ${name(change.conversation)}: message ${change.id} ${change.state}${change.path === null ? '' : ` (${change.path})`}${change.failure === undefined ? '' : `: ${change.failure}`}`,
  'contact:reachability': (change, name) => `[${formatTime(Date.now())}] ${name(change.accountId)} is ${change.reachability === 'offline' ? 'offline' : `reachable (${change.reachability})`}`,
  'contact:request': (contact) => `[${formatTime(Date.now())}] message request from ${contact.name} (${contact.accountId}): answer with \`tim contacts accept\` or \`tim contacts block\``
}

/** Contact names by account id, refreshed when a new account shows up. */
async function createNameBook (api: RpcClient): Promise<{ name: (account: AccountId) => string, learn: (account: AccountId, name: string) => void }> {
  const names = new Map<AccountId, string>()
  for (const contact of await api.listContacts(callOptions())) names.set(contact.accountId, contact.name)
  return {
    name: account => names.get(account) ?? account,
    learn: (account, name) => { names.set(account, name) }
  }
}

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'print events (messages, delivery states, reachability, requests) until Ctrl-C',
  options: nodeClientOptions,
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, json }) => {
    const api = await connectToNode(dataDir)
    const book = await createNameBook(api)
    const listen = <E extends MessengerEventName>(event: E): void => {
      api.on(event, data => {
        if (json) printJsonLine({ event, data })
        else printLine(describe[event](data, book.name))
      })
    }
    messengerEventNames.forEach(listen)
    api.on('contact:request', contact => { book.learn(contact.accountId, contact.name) })
    // the node handles frames in order: once this answers, the subscriptions are in place
    const identity = await api.getIdentity(callOptions())
    note(`watching the node of ${identity.name} (${identity.accountId}); Ctrl-C to stop`)

    let stopping = false
    const nodeGone = api.closed.then(() => {
      if (!stopping) throw new NodeUnavailableError(`the Tim node for ${dataDir.display} stopped (restart it with \`${timCommand(dataDir, 'node')}\`)`)
    })
    await Promise.race([
      nodeGone,
      waitForShutdown({ stop: async () => { stopping = true; await api.close() } })
    ])
    return 0
  }
}
