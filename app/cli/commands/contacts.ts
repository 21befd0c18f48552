/**
 * `tim contacts` — lists contacts and message requests (status, friend, verified, presence,
 * reachability); `contacts add <invite>` adds one from an invite link with an optional note,
 * `accept` / `block` / `unblock` answer a message request or (un)block a contact, `remove`
 * forgets a contact, `rename` names it, `verify` compares safety numbers (contacts-verify.ts).
 * All of it through the running node's API.
 */

import { bestOf, type Contact, type MessengerApi, type Presence } from '../../../core/api/index.ts'
import { nodeClientOptions, type CommandContext, type CommandSpec } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import { formatTime, oneLine, printJson, printLine, printTable } from '../output.ts'
import { namedAccount } from '../peer-arg.ts'
import { verifyCommand } from './contacts-verify.ts'

/** `accepted, friend, verified, direct` */
export function contactState (contact: Contact): string {
  return [contact.status, contact.friend ? 'friend' : undefined, contact.verified ? 'verified' : undefined, contact.reachability]
    .filter(part => part !== undefined).join(', ')
}

function printContact (verb: string, contact: Contact): void {
  printLine(`${verb} ${contact.name} (${contact.accountId}): ${contactState(contact)}`)
}

/** `away: at lunch`, `offline, last seen 2025-01-31 14:05:09` */
export function presenceText (presence: Presence): string {
  const text = presence.text === undefined || presence.text === '' ? '' : `: ${oneLine(presence.text, 40)}`
  const lastSeen = presence.status === 'offline' && presence.lastSeen !== undefined ? `, last seen ${formatTime(presence.lastSeen)}` : ''
  return `${presence.status}${text}${lastSeen}`
}

/** A subcommand that takes one contact and prints it as the API returns it. */
function contactCommand (init: {
  word: string
  summary: string
  args: string
  positionals?: { min: number, max: number }
  verb: string
  call: (api: MessengerApi, context: CommandContext) => Promise<Contact>
}): CommandSpec {
  return {
    name: `contacts ${init.word}`,
    summary: init.summary,
    args: init.args,
    options: nodeClientOptions,
    positionals: init.positionals ?? { min: 1, max: 1 },
    run: async context => {
      const contact = await withNode(context.dataDir, async api => await init.call(api, context))
      if (context.json) printJson(contact)
      else printContact(init.verb, contact)
      return 0
    }
  }
}

const addCommand: CommandSpec = {
  name: 'contacts add',
  summary: 'add a contact from their invite link (tim://invite/…) and send them a contact request',
  args: '<invite>',
  options: {
    ...nodeClientOptions,
    name: { type: 'string', value: 'NAME', help: 'your name for the contact (default: the name in the invite)' },
    note: { type: 'string', value: 'TEXT', help: 'a short note that goes with the contact request (at most 280 characters)' }
  },
  details: [
    'They print their invite with `tim id`; quote it in the shell.',
    'You become friends once they add you too (or accept your request).',
    'A blocked account stays blocked: unblock it first with `tim contacts unblock`.'
  ],
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, string, json }) => {
    const name = string('name')
    const note = string('note')
    const request = { invite: positionals[0] ?? '', ...(name === undefined ? {} : { name }), ...(note === undefined ? {} : { note }) }
    const contact = await withNode(dataDir, async api => await api.addContact(request, callOptions()))
    if (json) printJson(contact)
    else printContact('added', contact)
    return 0
  }
}

const removeCommand: CommandSpec = {
  name: 'contacts remove',
  summary: 'forget a contact (its history stays here, and is back when you add them again)',
  args: '<account-id|contact-name>',
  options: nodeClientOptions,
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, json }) => {
    const removed = await withNode(dataDir, async api => {
      const account = namedAccount(await api.listContacts(callOptions()), positionals[0] ?? '')
      await api.removeContact(account.accountId, callOptions())
      return account
    })
    if (json) printJson({ accountId: removed.accountId })
    else printLine(`removed ${removed.name} (${removed.accountId})`)
    return 0
  }
}

export const contactsCommand: CommandSpec = {
  name: 'contacts',
  summary: 'list contacts and message requests; add, accept, block, unblock, remove, rename or verify one',
  options: nodeClientOptions,
  positionals: { min: 0, max: 0 },
  subcommands: [
    addCommand,
    contactCommand({
      word: 'accept',
      summary: 'accept a message request: the sender becomes a contact and a friend',
      args: '<account-id>',
      verb: 'accepted',
      call: async (api, { positionals }) => await api.acceptContact(positionals[0] ?? '', callOptions())
    }),
    contactCommand({
      word: 'block',
      summary: 'block a contact or a message request: nothing more is accepted from it',
      // a stranger chooses its own name, so only an accepted contact is found by name
      args: '<account-id|contact-name>',
      verb: 'blocked',
      call: async (api, { positionals }) => await api.blockContact(positionals[0] ?? '', callOptions())
    }),
    contactCommand({
      word: 'unblock',
      summary: 'lift a block: the account is again a contact, or a message request',
      args: '<account-id>',
      verb: 'unblocked',
      call: async (api, { positionals }) => await api.unblockContact(positionals[0] ?? '', callOptions())
    }),
    removeCommand,
    contactCommand({
      word: 'rename',
      summary: 'give a contact another name (only you see it)',
      args: '<account-id|contact-name> <new-name>',
      positionals: { min: 2, max: 2 },
      verb: 'renamed',
      call: async (api, { positionals }) => await api.renameContact({ peer: positionals[0] ?? '', name: positionals[1] ?? '' }, callOptions())
    }),
    verifyCommand
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
    printTable(['NAME', 'ACCOUNT', 'STATUS', 'FRIEND', 'VERIFIED', 'PRESENCE', 'REACHABILITY', 'DEVICES'],
      contacts.map(contact => [
        contact.name, contact.accountId, contact.status, contact.friend ? 'yes' : 'no', contact.verified ? 'yes' : 'no',
        presenceText(contact.presence), reachabilityText(contact), String(contact.devices.length)
      ]))
    for (const contact of contacts) printRemarks(contact)
    return 0
  }
}

/** What the table cannot say about a contact: its request's note, changed keys, failed upgrades. */
function printRemarks (contact: Contact): void {
  if (contact.status === 'request' && contact.note !== undefined && contact.note !== '') {
    printLine(`${contact.name} (${contact.accountId}) asks: "${oneLine(contact.note)}" — \`tim contacts accept ${contact.accountId}\` or \`tim contacts block ${contact.accountId}\``)
  }
  if (contact.keysChanged) {
    printLine(`${contact.name}: keys changed since you verified them: compare safety numbers again with \`tim contacts verify ${contact.accountId}\``)
  }
  for (const device of contact.devices.filter(d => d.upgradeFailure != null)) {
    printLine(`${contact.name}: no direct connection to device ${device.deviceId}: ${device.upgradeFailure}`)
  }
}

/** `direct`, `hole-punched`, `relayed` or `offline`: the best connection to any device of the contact. */
function reachabilityText (contact: Contact): string {
  return bestOf(contact.devices.map(device => device.connection)) ?? contact.reachability
}
