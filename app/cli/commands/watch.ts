/**
 * `tim watch` — prints every event of the running node as it happens, one readable line each,
 * until Ctrl-C: messages received, queued, changed and deleted, delivery states, unread
 * counts, typing, contacts' presence and reachability, message requests and contact changes,
 * groups that change and accounts that ask to join one.
 * `--json` prints `{"event": name, "data": …}` per line. Exits 1 if the node stops.
 */

import {
  dmConversation, dmPeer, messengerEventNames, NodeUnavailableError,
  type MessengerEventName, type MessengerEvents
} from '../../../core/api/index.ts'
import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { callOptions, connectToNode } from '../connect.ts'
import { timCommand } from '../data-dir.ts'
import { messageSummary } from '../message-format.ts'
import { fetchNameBook, learnMembersOf, type NameBook } from '../name-book.ts'
import { formatTime, note, printJsonLine, printLine } from '../output.ts'
import { waitForShutdown } from '../signals.ts'
import { groupType, memberCount, myStanding } from '../group-format.ts'
import { contactState, presenceText } from './contacts.ts'

type Describe = { [E in MessengerEventName]: (data: MessengerEvents[E], names: NameBook) => string }

/** Each event in words, without the time that every line starts with. */
export const describeEvent: Describe = {
  // in a group, the summary names the sender
  'message:received': (message, names) => `${dmPeer(message.conversation) === null ? `in ${names.conversation(message.conversation)}` : names.account(message.from)}: ${messageSummary(message, names)}`,
  'message:queued': (message, names) => `to ${names.conversation(message.conversation)}: ${messageSummary(message, names)}`,
  'message:state': (change, names) => `→ ${names.conversation(change.conversation)}: message ${change.id} ${change.state}` +
    `${change.path === null ? '' : ` (${change.path})`}${change.failure === undefined ? '' : `: ${change.failure}`}`,
  'message:updated': (message, names) => `changed in ${names.conversation(message.conversation)}: ${messageSummary(message, names)}`,
  'message:removed': (removal, names) => `message ${removal.id} deleted from the conversation with ${names.conversation(removal.conversation)}`,
  'conversation:updated': (conversation) => `conversation with ${conversation.name}: ${conversation.unread} unread`,
  'conversation:removed': (removal, names) => `conversation with ${names.conversation(removal.id)} deleted`,
  'conversation:typing': (typing, names) => `${names.account(typing.from)} ${typing.typing ? 'is typing…' : 'stopped typing'}` +
    `${typing.conversation === dmConversation(typing.from) ? '' : ` in ${names.conversation(typing.conversation)}`}`,
  'contact:reachability': (change, names) => `${names.account(change.accountId)} is ${change.reachability === 'offline' ? 'unreachable' : `reachable (${change.reachability})`}`,
  'contact:request': (contact) => `message request from ${contact.name} (${contact.accountId})` +
    `${contact.note === undefined || contact.note === '' ? '' : `: "${contact.note}"`}: answer with \`tim contacts accept\` or \`tim contacts block\``,
  'contact:updated': (contact) => `contact ${contact.name} (${contact.accountId}): ${contactState(contact)}` +
    `${contact.keysChanged ? '; keys changed: compare safety numbers again' : ''}`,
  'contact:removed': (removal, names) => `contact ${names.account(removal.accountId)} removed`,
  'contact:presence': (change, names) => `${names.account(change.accountId)} is ${presenceText(change.presence)}`,
  'group:updated': (group) => `group ${group.name} (${group.id}): ${groupType(group)}, ${memberCount(group.memberCount)}, you: ${myStanding(group)}`,
  'group:request': (request, names) => `${request.name} (${request.accountId}) asks to join ${names.conversation(request.conversation)}` +
    `${request.note === '' ? '' : `: "${request.note}"`}: answer with \`tim groups approve\` or \`tim groups reject\``
}

export const watchCommand: CommandSpec = {
  name: 'watch',
  summary: 'print every event (messages, states, typing, presence, contacts, groups) until Ctrl-C',
  options: nodeClientOptions,
  details: ['Each line starts with the local time; --json prints {"event": …, "data": …} lines instead.'],
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, json }) => {
    const api = await connectToNode(dataDir)
    const { names } = await fetchNameBook(api)
    const groups = await api.listGroups(callOptions()).catch(() => [])
    for (const group of groups) names.learnGroup(group)
    await Promise.all(groups.map(async group => { await learnMembersOf(api, names, group.id).catch(() => {}) }))
    const listen = <E extends MessengerEventName>(event: E): void => {
      api.on(event, data => {
        if (json) printJsonLine({ event, data })
        else printLine(`[${formatTime(Date.now())}] ${describeEvent[event](data, names)}`)
      })
    }
    api.on('contact:request', names.learn)
    api.on('contact:updated', names.learn)
    // a group's name at once, its members' as soon as the node says (only names: a failure changes no line's meaning)
    api.on('group:updated', group => {
      names.learnGroup(group)
      learnMembersOf(api, names, group.id).catch(() => {})
    })
    messengerEventNames.forEach(listen)
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
