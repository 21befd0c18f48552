/**
 * `tim contacts` — lists contacts and message requests; `contacts add <invite>` adds one
 * from an invite link, `contacts accept` / `contacts block` answer a message request (or
 * block a contact). All of it through the running node's API.
 */

import { bestOf, type Contact, type MessengerApi } from '../../../core/api/index.ts'
import { nodeClientOptions, type CommandContext, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { printJson, printLine, printTable } from '../output.ts'

function printContact (verb: string, contact: Contact): void {
  printLine(`${verb} ${contact.name} (${contact.accountId}): ${contact.status}, ${contact.reachability}`)
}

/** `contacts accept` and `contacts block`: one peer argument, one API method. */
function answerCommand (word: 'accept' | 'block' | 'unblock', summary: string, verb: string,
  call: (api: MessengerApi, peer: string) => Promise<Contact>): CommandSpec {
  return {
    name: `contacts ${word}`,
    summary,
    // a stranger chooses its own name, so only an accepted contact is found by name
    args: word === 'block' ? '<account-id|contact-name>' : '<account-id>',
    options: nodeClientOptions,
    positionals: { min: 1, max: 1 },
    run: async ({ dataDir, positionals, json }: CommandContext) => {
      const contact = await withNode(dataDir, async api => await call(api, positionals[0] ?? ''))
      if (json) printJson(contact)
      else printContact(verb, contact)
      return 0
    }
  }
}

const addCommand: CommandSpec = {
  name: 'contacts add',
  summary: 'add a contact from their invite link (tim://invite/…)',
  args: '<invite>',
  options: {
    ...nodeClientOptions,
    name: { type: 'string', value: 'NAME', help: 'your name for the contact (default: the name in the invite)' }
  },
  details: ['They print their invite with `tim id`; quote it in the shell.'],
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, string, json }) => {
    const invite = positionals[0] ?? ''
    const name = string('name')
    const contact = await withNode(dataDir, async api => await api.addContact(name === undefined ? { invite } : { invite, name }, callOptions()))
    if (json) printJson(contact)
    else printContact('added', contact)
    return 0
  }
}

export const contactsCommand: CommandSpec = {
  name: 'contacts',
  summary: 'list contacts and message requests; add, accept, block or unblock one',
  options: nodeClientOptions,
  positionals: { min: 0, max: 0 },
  subcommands: [
    addCommand,
    answerCommand('accept', 'accept a message request: the sender becomes a contact', 'accepted',
      async (api, peer) => await api.acceptContact(peer, callOptions())),
    answerCommand('block', 'block a contact or a message request: nothing more is accepted from it', 'blocked',
      async (api, peer) => await api.blockContact(peer, callOptions())),
    answerCommand('unblock', 'lift a block: the account is again a contact, or a message request', 'unblocked',
      async (api, peer) => await api.unblockContact(peer, callOptions()))
  ],
  run: async ({ dataDir, json }) => {
    const contacts = await withNode(dataDir, async api => await api.listContacts(callOptions()))
    if (json) {
      printJson(contacts)
      return 0
    }
    if (contacts.length === 0) {
      printLine('no contacts yet: add one with `tim contacts add \'<invite>\'`')
      return 0
    }
    printTable(['NAME', 'ACCOUNT', 'STATUS', 'REACHABILITY', 'DEVICES'],
      contacts.map(contact => [contact.name, contact.accountId, contact.status, reachabilityText(contact), String(contact.devices.length)]))
    for (const contact of contacts) {
      for (const device of contact.devices.filter(d => d.upgradeFailure != null)) {
        printLine(`${contact.name}: no direct connection to device ${device.deviceId}: ${device.upgradeFailure}`)
      }
    }
    return 0
  }
}

/** `direct`, `hole-punched`, `relayed` or `offline`: the best connection to any device of the contact. */
function reachabilityText (contact: Contact): string {
  return bestOf(contact.devices.map(device => device.connection)) ?? contact.reachability
}
