/**
 * `tim groups` — lists this account's groups; its subcommands create one, show it (`info`,
 * `members`, `requests`, `link`), change who is in it (`invite`, `join`, `approve`, `reject`,
 * `kick`, `leave`), its roles (`transfer`, `promote`, `demote`, `mute`, `unmute`), the group
 * itself (`edit`, `dissolve`) and its invite link (`link --reset`). A group is named by its
 * id (group:<id>) or its name, a member by its account id or name (peer-arg.ts). All of it
 * through the running node's API; the node checks who may do what.
 */

import { readFile } from 'node:fs/promises'
import {
  avatarImageType, InvalidArgumentError, limits, NotGroupMemberError, UnknownContactError,
  type AccountId, type ConversationId, type CreateGroupRequest, type EditGroupRequest, type GroupInfo, type MessengerApi
} from '../../../core/api/index.ts'
import { integerOption, nodeClientOptions, UsageError, type CommandContext, type CommandSpec, type OptionSpecs } from '../command.ts'
import { callOptions, withNode } from '../connect.ts'
import {
  groupFields, groupListHeader, groupRow, memberCount, memberHeader, memberRow, requestHeader, requestRow
} from '../group-format.ts'
import { fetchNameBook } from '../name-book.ts'
import { printFields, printJson, printLine, printTable } from '../output.ts'
import { accountOf, groupOf, namedAccount, type PeopleKind } from '../peer-arg.ts'

type Api = MessengerApi

/** The group `word` names; asks the node for its groups only when `word` is a name. */
export async function resolveGroup (api: Pick<Api, 'listGroups'>, word: string): Promise<ConversationId> {
  return groupOf(word.trim().startsWith('group:') ? [] : await api.listGroups(callOptions()), word)
}

// --- avatars --------------------------------------------------------------------------------

/** An image file's bytes as the data: URL a group avatar is; refuses other files and larger ones. */
export function avatarDataUrl (bytes: Buffer, path: string): string {
  const type = avatarImageType(bytes)
  if (type === null) throw new InvalidArgumentError(`${path} is not a PNG, JPEG, GIF or WebP image`)
  if (bytes.byteLength > limits.maxGroupAvatarBytes) {
    throw new InvalidArgumentError(`${path} has ${bytes.byteLength} bytes: a group avatar has at most ${limits.maxGroupAvatarBytes}`)
  }
  return `data:${type};base64,${bytes.toString('base64')}`
}

async function readAvatar (path: string | undefined): Promise<{ avatar: string } | Record<string, never>> {
  if (path === undefined) return {}
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InvalidArgumentError(`cannot read the --avatar ${path}: ${code === 'ENOENT' ? 'no such file' : String(code)}`)
  }
  return { avatar: avatarDataUrl(bytes, path) }
}

const avatarOption: OptionSpecs = {
  avatar: { type: 'string', value: 'FILE', help: `the group's picture: a PNG, JPEG, GIF or WebP image of at most ${limits.maxGroupAvatarBytes / 1024} KiB` }
}

// --- requests built from the command line (pure) ---------------------------------------------

/** createGroup's request, without the avatar (read from its file) and with members as the node takes them. */
export function createRequest (context: CommandContext, members: AccountId[]): CreateGroupRequest {
  const topic = context.string('topic')
  return {
    name: context.positionals[0] ?? '',
    ...(topic === undefined ? {} : { topic }),
    open: context.flag('open'),
    ...(members.length === 0 ? {} : { members })
  }
}

/** What editGroup changes (its request without the group); a usage error when nothing. */
export function editChanges (context: CommandContext, avatar: { avatar?: string }): Omit<EditGroupRequest, 'conversation'> {
  const name = context.string('name')
  const topic = context.string('topic')
  if (context.flag('open') && context.flag('private')) throw new UsageError('tim groups edit: --open or --private, not both')
  const open = context.flag('open') ? true : context.flag('private') ? false : undefined
  const changes = {
    ...(name === undefined ? {} : { name }),
    ...(topic === undefined ? {} : { topic }),
    ...(open === undefined ? {} : { open }),
    ...avatar
  }
  if (Object.keys(changes).length === 0) throw new UsageError('tim groups edit: nothing to change: give --name, --topic, --avatar, --open or --private')
  return changes
}

const MAX_MUTE_MINUTES = 366 * 24 * 60
export const DEFAULT_MUTE_MINUTES = 60

/** Until when `tim groups mute` mutes (ms since epoch): --minutes from now, an hour by default. */
export function muteUntil (context: CommandContext, now: number): number {
  return now + (integerOption(context, 'minutes', 1, MAX_MUTE_MINUTES) ?? DEFAULT_MUTE_MINUTES) * 60_000
}

// --- commands ----------------------------------------------------------------------------------

/** Prints a group as a command left it: the GroupInfo with --json, else one sentence. */
function printOutcome (context: CommandContext, group: GroupInfo, sentence: string): void {
  if (context.json) printJson(group)
  else printLine(sentence)
}

const groupArg = '<group>'

/**
 * A subcommand on one group (named by its first argument): `fetch` asks the node, then the
 * answer is printed, as JSON (`json` picks what) or in words (`print`).
 */
function groupView<T> (init: {
  word: string
  summary: string
  args?: string
  details?: string[]
  options?: OptionSpecs
  positionals?: { min: number, max: number }
  fetch: (api: Api, conversation: ConversationId, context: CommandContext) => Promise<T>
  json: (value: T) => unknown
  print: (value: T, context: CommandContext) => void
}): CommandSpec {
  return {
    name: `groups ${init.word}`,
    summary: init.summary,
    args: init.args ?? groupArg,
    ...(init.details === undefined ? {} : { details: init.details }),
    options: { ...nodeClientOptions, ...init.options },
    positionals: init.positionals ?? { min: 1, max: 1 },
    run: async context => {
      const value = await withNode(context.dataDir, async api =>
        await init.fetch(api, await resolveGroup(api, context.positionals[0] ?? ''), context))
      if (context.json) printJson(init.json(value))
      else init.print(value, context)
      return 0
    }
  }
}

/** A subcommand that changes a group and says so; --json prints the group as it is now. */
function groupCommand (init: Omit<Parameters<typeof groupView<GroupInfo>>[0], 'json' | 'print' | 'fetch'> & {
  call: (api: Api, conversation: ConversationId, context: CommandContext) => Promise<GroupInfo>
  said: (group: GroupInfo, context: CommandContext) => string
}): CommandSpec {
  const { call, said, ...spec } = init
  return groupView({ ...spec, fetch: call, json: group => group, print: (group, context) => { printLine(said(group, context)) } })
}

const members: PeopleKind = {
  plural: 'members',
  unknown: text => new NotGroupMemberError(`no member is named "${text}" (see \`tim groups members <group>\`)`)
}
const requesters: PeopleKind = {
  plural: 'requests',
  unknown: text => new UnknownContactError(`nobody named "${text}" asks to join (see \`tim groups requests <group>\`)`)
}

/** A subcommand on one member of a group: `<group> <member>`. */
function memberCommand (init: {
  word: string
  summary: string
  details?: string[]
  options?: OptionSpecs
  call: (api: Api, target: { conversation: ConversationId, account: AccountId }, context: CommandContext) => Promise<GroupInfo>
  said: (name: string, group: GroupInfo) => string
}): CommandSpec {
  const { call, said, ...spec } = init
  return groupView({
    ...spec,
    args: `${groupArg} <member>`,
    positionals: { min: 2, max: 2 },
    fetch: async (api, conversation, context) => {
      const { names } = await fetchNameBook(api)
      const listed = await api.groupMembers(conversation, callOptions())
      names.learnMembers(listed)
      const account = accountOf(listed, context.positionals[1] ?? '', members)
      return { group: await call(api, { conversation, account }, context), name: names.account(account) }
    },
    json: ({ group }) => group,
    print: ({ group, name }) => { printLine(said(name, group)) }
  })
}

/** approve or reject: `<group> <account>` among the accounts asking to join. */
function requestCommand (word: 'approve' | 'reject', summary: string): CommandSpec {
  return groupView({
    word,
    summary,
    args: `${groupArg} <account>`,
    positionals: { min: 2, max: 2 },
    fetch: async (api, conversation, { positionals }) => {
      const account = accountOf(await api.groupRequests(conversation, callOptions()), positionals[1] ?? '', requesters)
      const target = { conversation, account }
      if (word === 'approve') return { ...target, group: await api.approveJoin(target, callOptions()) }
      await api.rejectJoin(target, callOptions())
      return { ...target, group: undefined }
    },
    json: ({ group, account, conversation }) => group ?? { rejected: account, conversation },
    print: ({ group, account, conversation }) => {
      printLine(group === undefined
        ? `rejected ${account}'s request to join ${conversation}`
        : `${account} is a member of ${group.name} now (${memberCount(group.memberCount)})`)
    }
  })
}

const createCommand: CommandSpec = {
  name: 'groups create',
  summary: 'create a group with you as its owner, and add members at once',
  args: '<name>',
  options: {
    ...nodeClientOptions,
    topic: { type: 'string', value: 'TEXT', help: `what the group is about (at most ${limits.maxGroupTopicLength} characters)` },
    open: { type: 'boolean', help: 'anyone with the invite link joins (default: private, joining asks you and the managers)' },
    member: { type: 'string', multiple: true, value: 'CONTACT', help: 'add this contact (a name or an account id); repeat for more' },
    ...avatarOption
  },
  details: ['`tim groups link <group>` prints the invite link to share; `tim groups invite` adds contacts later.'],
  positionals: { min: 1, max: 1 },
  run: async context => {
    const avatar = await readAvatar(context.string('avatar'))
    const group = await withNode(context.dataDir, async api => {
      const contacts = await api.listContacts(callOptions())
      const accounts = context.strings('member').map(word => namedAccount(contacts, word).accountId)
      return await api.createGroup({ ...createRequest(context, accounts), ...avatar }, callOptions())
    })
    printOutcome(context, group, `created ${group.name} (${group.id}), ${memberCount(group.memberCount)}`)
    return 0
  }
}

const infoCommand = groupView({
  word: 'info',
  summary: 'show a group: topic, open or private, owner, your role, members, invite link',
  fetch: async (api, conversation) => ({ group: await api.getGroup(conversation, callOptions()), names: (await fetchNameBook(api)).names }),
  json: ({ group }) => group,
  print: ({ group, names }) => { printFields(groupFields(group, names)) }
})

const membersCommand = groupView({
  word: 'members',
  summary: 'list the members of a group with their roles and mutes',
  fetch: async (api, conversation) => {
    const [listed, { names }] = await Promise.all([api.groupMembers(conversation, callOptions()), fetchNameBook(api)])
    names.learnMembers(listed)
    return { listed, names }
  },
  json: ({ listed }) => listed,
  print: ({ listed, names }) => { printTable(memberHeader, listed.map(member => memberRow(member, names, Date.now()))) }
})

const requestsCommand = groupView({
  word: 'requests',
  summary: 'list who asks to join a private group (answer with approve or reject)',
  fetch: async (api, conversation) => await api.groupRequests(conversation, callOptions()),
  json: requests => requests,
  print: requests => {
    if (requests.length === 0) printLine('nobody asks to join')
    else printTable(requestHeader, requests.map(requestRow))
  }
})

const inviteCommand = groupCommand({
  word: 'invite',
  summary: 'add contacts to a group (owner and managers; any member of an open group)',
  args: `${groupArg} <contact…>`,
  details: ['Each contact is a name or an account id.'],
  positionals: { min: 2, max: Infinity },
  call: async (api, conversation, { positionals }) => {
    const contacts = await api.listContacts(callOptions())
    const accounts = positionals.slice(1).map(word => namedAccount(contacts, word).accountId)
    return await api.inviteToGroup({ conversation, members: accounts }, callOptions())
  },
  said: group => `${group.name} has ${memberCount(group.memberCount)} now`
})

const joinCommand: CommandSpec = {
  name: 'groups join',
  summary: 'join an open group through its invite link, or ask to join a private one',
  args: '<link>',
  options: {
    ...nodeClientOptions,
    note: { type: 'string', value: 'TEXT', help: `for a private group: a note to its owner and managers (at most ${limits.maxNoteLength} characters)` }
  },
  details: ['The link starts with tim://group/; quote it in the shell.'],
  positionals: { min: 1, max: 1 },
  run: async ({ dataDir, positionals, string, json }) => {
    const note = string('note')
    const result = await withNode(dataDir, async api => await api.joinGroup({ link: (positionals[0] ?? '').trim(), ...(note === undefined ? {} : { note }) }, callOptions()))
    if (json) printJson(result)
    else if (result.status === 'joined') printLine(`joined ${result.conversation}: see \`tim groups info ${result.conversation}\``)
    else printLine(`asked to join ${result.conversation}: its owner and managers decide (\`tim groups\` lists it once you are in)`)
    return 0
  }
}

const linkCommand = groupView({
  word: 'link',
  summary: 'print a group\'s invite link, or make a new one with --reset (the old one stops working)',
  options: { reset: { type: 'boolean', help: 'a new link; the old one stops working (owner and managers)' } },
  fetch: async (api, conversation, { flag }) => {
    const group = flag('reset') ? await api.resetGroupLink(conversation, callOptions()) : await api.getGroup(conversation, callOptions())
    if (group.link === undefined) throw new NotGroupMemberError(`${group.name} has no link for you: only members see it`)
    return { conversation: group.id, link: group.link }
  },
  json: link => link,
  print: ({ link }) => { printLine(link) }
})

const editCommand: CommandSpec = {
  name: 'groups edit',
  summary: 'change a group\'s name, topic, avatar, or whether it is open (owner and managers)',
  args: groupArg,
  options: {
    ...nodeClientOptions,
    name: { type: 'string', value: 'NAME', help: `the new name (at most ${limits.maxNameLength} characters)` },
    topic: { type: 'string', value: 'TEXT', help: 'the new topic (empty: none)' },
    open: { type: 'boolean', help: 'anyone with the invite link joins' },
    private: { type: 'boolean', help: 'joining asks the owner and managers' },
    ...avatarOption
  },
  positionals: { min: 1, max: 1 },
  run: async context => {
    const changes = editChanges(context, await readAvatar(context.string('avatar')))
    const group = await withNode(context.dataDir, async api =>
      await api.editGroup({ conversation: await resolveGroup(api, context.positionals[0] ?? ''), ...changes }, callOptions()))
    printOutcome(context, group, `${group.name} (${group.id}) changed`)
    return 0
  }
}

export const groupsCommand: CommandSpec = {
  name: 'groups',
  summary: 'list your groups; create, join, show or run one (members, roles, requests, link)',
  options: nodeClientOptions,
  details: [
    'A group is named by its name or its id (group:<id>); a member by its name or account id.',
    'Send to a group and read it with `tim send <group> …` and `tim history <group>`.'
  ],
  positionals: { min: 0, max: 0 },
  subcommands: [
    createCommand, infoCommand, membersCommand, inviteCommand, joinCommand, requestsCommand,
    requestCommand('approve', 'let an account that asks to join a private group in'),
    requestCommand('reject', 'turn down an account that asks to join a private group'),
    memberCommand({
      word: 'kick',
      summary: 'remove a member (the owner removes anyone; a manager plain members only)',
      details: ['A removed member reads nothing sent after: the keys change.'],
      call: async (api, target) => await api.kickMember(target, callOptions()),
      said: (name, group) => `removed ${name} from ${group.name} (${memberCount(group.memberCount)})`
    }),
    groupCommand({
      word: 'leave',
      summary: 'leave a group (its owner transfers it first, or dissolves it)',
      call: async (api, conversation) => await api.leaveGroup(conversation, callOptions()),
      said: group => `you left ${group.name}`
    }),
    groupCommand({
      word: 'dissolve',
      summary: 'end a group for everyone (owner only): nothing more can happen in it',
      call: async (api, conversation) => await api.dissolveGroup(conversation, callOptions()),
      said: group => `${group.name} is dissolved`
    }),
    memberCommand({
      word: 'transfer',
      summary: 'make a member the owner (owner only); you become a manager',
      call: async (api, target) => await api.transferGroup(target, callOptions()),
      said: (name, group) => `${name} owns ${group.name} now; you are a manager`
    }),
    memberCommand({
      word: 'promote',
      summary: 'make a member a manager (owner only)',
      call: async (api, target) => await api.setMemberRole({ ...target, role: 'manager' }, callOptions()),
      said: (name, group) => `${name} is a manager of ${group.name}`
    }),
    memberCommand({
      word: 'demote',
      summary: 'make a manager a plain member again (owner only)',
      call: async (api, target) => await api.setMemberRole({ ...target, role: 'member' }, callOptions()),
      said: (name, group) => `${name} is a member of ${group.name} (no longer a manager)`
    }),
    memberCommand({
      word: 'mute',
      summary: 'stop a member from writing for a while (owner and managers; not a manager or the owner)',
      options: { minutes: { type: 'string', value: 'M', help: `for M minutes (default ${DEFAULT_MUTE_MINUTES})` } },
      call: async (api, target, context) => await api.muteMember({ ...target, until: muteUntil(context, Date.now()) }, callOptions()),
      said: (name, group) => `${name} is muted in ${group.name}`
    }),
    memberCommand({
      word: 'unmute',
      summary: 'let a muted member write again',
      call: async (api, target) => await api.muteMember({ ...target, until: null }, callOptions()),
      said: (name, group) => `${name} may write in ${group.name} again`
    }),
    editCommand, linkCommand
  ],
  run: async ({ dataDir, json }) => {
    const groups = await withNode(dataDir, async api => await api.listGroups(callOptions()))
    if (json) printJson(groups)
    else if (groups.length === 0) printLine('no groups yet: create one with `tim groups create <name>`, or join one with `tim groups join \'<link>\'`')
    else printTable(groupListHeader, groups.map(groupRow))
    return 0
  }
}
