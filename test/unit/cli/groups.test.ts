/**
 * Groups on the `tim` command line, without a node: a group is named by its name or its
 * group: id, a member by name or account id (app/cli/peer-arg.ts); `tim send`'s word names a
 * contact before a group; the `tim groups` subcommands turn their options into the API's
 * requests (app/cli/commands/groups.ts); and what `tim groups`, `tim history` and `tim watch`
 * print of groups, members, requests and group messages (group-format.ts, message-format.ts).
 */

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { test } from 'node:test'
import type { Contact, GroupInfo, GroupMember, Message } from '../../../core/api/index.ts'
import { accountIdFromPublicKey } from '../../../core/identity/account-id.ts'
import { optionReaders, parseCommandLine } from '../../../app/cli/args.ts'
import type { CommandContext } from '../../../app/cli/command.ts'
import { avatarDataUrl, createRequest, DEFAULT_MUTE_MINUTES, editChanges, groupsCommand, muteUntil } from '../../../app/cli/commands/groups.ts'
import { describeEvent } from '../../../app/cli/commands/watch.ts'
import { resolveDataDir } from '../../../app/cli/data-dir.ts'
import { groupFields, memberRow } from '../../../app/cli/group-format.ts'
import { messageLine } from '../../../app/cli/message-format.ts'
import { createNameBook } from '../../../app/cli/name-book.ts'
import { accountOf, conversationOf, groupOf, mayNameGroup } from '../../../app/cli/peer-arg.ts'

const newAccount = (): string => accountIdFromPublicKey(randomBytes(32))

function contact (name: string): Contact {
  return {
    accountId: newAccount(), name, status: 'accepted', devices: [], reachability: 'offline', addedAt: 0,
    friend: true, verified: false, keysChanged: false, presence: { status: 'offline' }
  }
}

function group (name: string, fields: Partial<GroupInfo> = {}): GroupInfo {
  return {
    id: `group:${randomBytes(8).toString('hex')}`, name, topic: '', avatar: null, open: false, owner: newAccount(),
    myRole: 'member', memberCount: 3, dissolved: false, ...fields
  }
}

function member (name: string, fields: Partial<GroupMember> = {}): GroupMember {
  return { accountId: newAccount(), name, role: 'member', since: Date.UTC(2026, 0, 1), ...fields }
}

/** What `tim groups …argv` hands its command, as app/cli/main.ts builds it. */
function commandLine (...argv: string[]): CommandContext {
  const parsed = parseCommandLine(groupsCommand, argv)
  const options = optionReaders(parsed.values)
  return { command: parsed.command, positionals: parsed.positionals, dataDir: resolveDataDir('/tmp/tim-unused'), json: false, ...options }
}

const bob = contact('Bob')
const family = group('Family')
const climbing = group('Climbing club')

test('a group is named by its name (any case) or its group: id; an unknown or shared name says what to type', () => {
  assert.equal(groupOf([family, climbing], 'family'), family.id)
  assert.equal(groupOf([family, climbing], ' Climbing Club\n'), climbing.id)
  assert.equal(groupOf([], family.id), family.id, 'an id goes to the node as it is')
  assert.throws(() => groupOf([family], 'Chess'), { name: 'UnknownGroupError', message: /no group is named "Chess".*tim groups/ })
  const twin = group('FAMILY')
  assert.throws(() => groupOf([family, twin], 'Family'),
    { name: 'UnknownGroupError', message: new RegExp(`2 groups are named "Family" \\(${family.id}, ${twin.id}\\): use the group id`) })
  assert.throws(() => groupOf([], `dm:${bob.accountId}`), { name: 'UnknownGroupError', message: /not a group/ })
})

test('tim send, history and read: a name names a contact first, and a group only when no contact has it', () => {
  const sameName = group('Bob')
  assert.equal(mayNameGroup([bob], 'Bob'), false, 'the groups are not even asked for')
  assert.equal(conversationOf([bob], 'Bob', [sameName]), `dm:${bob.accountId}`, 'never a wider audience than meant')
  assert.equal(mayNameGroup([bob], 'family'), true)
  assert.equal(conversationOf([bob], 'family', [family, climbing]), family.id)
  assert.equal(mayNameGroup([bob], family.id), false, 'a group: id is a conversation id')
  assert.equal(conversationOf([bob], family.id), family.id)
  assert.throws(() => conversationOf([bob], 'Chess', [family]),
    { name: 'UnknownContactError', message: /no contact is named "Chess", and no group either .*tim groups/ })
})

test('a member is named by account id or by the name the group lists; several of one name are refused', () => {
  const carol = member('Carol')
  const dave = member('Dave', { role: 'manager' })
  const kind = { plural: 'members', unknown: (text: string) => new Error(`no member is named "${text}"`) }
  assert.equal(accountOf([carol, dave], 'carol', kind), carol.accountId)
  assert.equal(accountOf([carol, dave], dave.accountId, kind), dave.accountId)
  const outsider = newAccount()
  assert.equal(accountOf([carol], outsider, kind), outsider, 'an account id that is no member goes to the node, which refuses it')
  assert.throws(() => accountOf([carol], 'Erin', kind), /no member is named "Erin"/)
  const other = member('carol')
  assert.throws(() => accountOf([carol, other], 'Carol', kind), { message: /2 members are named "Carol" .*use the account id/ })
})

test('tim groups create: name, topic, open and repeated --member become one createGroup request', () => {
  const context = commandLine('create', 'Family', '--topic', 'dinner plans', '--open', '--member', 'Bob', '--member', 'Carol')
  assert.equal(context.command.name, 'groups create')
  assert.deepEqual(context.strings('member'), ['Bob', 'Carol'])
  const accounts = [newAccount(), newAccount()]
  assert.deepEqual(createRequest(context, accounts), { name: 'Family', topic: 'dinner plans', open: true, members: accounts })
  assert.deepEqual(createRequest(commandLine('create', 'Quiet'), []), { name: 'Quiet', open: false }, 'private by default, nobody added')
  assert.throws(() => commandLine('create'), { name: 'UsageError', message: /missing arguments: tim groups create <name>/ })
})

test('tim groups edit: what it changes, refusing nothing to change and --open with --private', () => {
  assert.deepEqual(editChanges(commandLine('edit', 'Family', '--name', 'Kin', '--private'), {}), { name: 'Kin', open: false })
  assert.deepEqual(editChanges(commandLine('edit', 'Family', '--topic', ''), {}), { topic: '' }, 'an empty topic clears it')
  assert.deepEqual(editChanges(commandLine('edit', 'Family'), { avatar: 'data:image/png;base64,AA==' }), { avatar: 'data:image/png;base64,AA==' })
  assert.throws(() => editChanges(commandLine('edit', 'Family'), {}), { name: 'UsageError', message: /nothing to change/ })
  assert.throws(() => editChanges(commandLine('edit', 'Family', '--open', '--private'), {}), { name: 'UsageError', message: /--open or --private, not both/ })
})

test('tim groups mute: an hour by default, --minutes M otherwise, and a bad count is a usage error', () => {
  const now = Date.UTC(2026, 0, 1)
  assert.equal(muteUntil(commandLine('mute', 'Family', 'Carol'), now), now + DEFAULT_MUTE_MINUTES * 60_000)
  assert.equal(muteUntil(commandLine('mute', 'Family', 'Carol', '--minutes', '1440'), now), now + 1440 * 60_000)
  assert.throws(() => muteUntil(commandLine('mute', 'Family', 'Carol', '--minutes', 'soon'), now), { name: 'UsageError', message: /--minutes takes a whole number/ })
  assert.throws(() => commandLine('mute', 'Family'), { name: 'UsageError', message: /missing arguments/ })
  assert.throws(() => commandLine('kick', 'Family', 'Carol', 'Dave'), { name: 'UsageError', message: /unexpected argument "Dave"/ })
  assert.throws(() => commandLine('ban', 'Family'), { name: 'UsageError', message: /unknown subcommand "ban"/ })
})

test('a group avatar is an image file as a data: URL; other files and large ones are refused', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(32)])
  assert.equal(avatarDataUrl(png, 'a.png'), `data:image/png;base64,${png.toString('base64')}`)
  assert.match(avatarDataUrl(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]), 'a.jpg'), /^data:image\/jpeg;base64,/)
  assert.throws(() => avatarDataUrl(Buffer.from('hello'), 'notes.txt'), { name: 'InvalidArgumentError', message: /notes\.txt is not a PNG, JPEG, GIF or WebP image/ })
  const large = Buffer.concat([png, Buffer.alloc(32 * 1024)])
  assert.throws(() => avatarDataUrl(large, 'big.png'), { name: 'InvalidArgumentError', message: /at most 32768/ })
})

test('history names the sender of each group message: a contact by its name, another member by the group\'s name for it', () => {
  const me = newAccount()
  const erin = member('Erin')
  const names = createNameBook([bob], me)
  names.learnGroup(family)
  names.learnMembers([erin, member('Bobby', { accountId: bob.accountId })])
  const line = (fields: Partial<Message>): string => messageLine({
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA', conversation: family.id, from: bob.accountId, direction: 'in', kind: 'text',
    text: 'hello all', timestamp: Date.UTC(2026, 0, 1), state: 'delivered', path: 'direct', ...fields
  }, names)
  assert.match(line({}), /← Bob: hello all/, 'the contact\'s name wins over the group\'s')
  assert.match(line({ from: erin.accountId }), /← Erin: hello all/)
  assert.match(line({ direction: 'out', from: me }), /→ hello all/, 'our own messages need no name')
  assert.match(messageLine({
    id: '01JAAAAAAAAAAAAAAAAAAAAAAA', conversation: `dm:${bob.accountId}`, from: bob.accountId, direction: 'in', kind: 'text',
    text: 'just us', timestamp: 0, state: 'delivered', path: 'direct'
  }, names), /← just us/, 'a 1:1 message stays as it was')
})

test('tim watch tells group changes, join requests and group messages in words', () => {
  const names = createNameBook([bob], newAccount())
  names.learnGroup(family)
  assert.equal(describeEvent['group:updated']({ ...family, ended: 'removed', myRole: null }, names),
    `group Family (${family.id}): private, 3 members, you: you were removed`)
  assert.match(describeEvent['group:request']({ conversation: family.id, accountId: bob.accountId, name: 'Bob', note: 'hi', at: 0 }, names),
    /^Bob \(.+\) asks to join Family: "hi": answer with `tim groups approve`/)
  assert.match(describeEvent['message:received']({
    id: 'X', conversation: family.id, from: bob.accountId, direction: 'in', kind: 'text', text: 'dinner?', timestamp: 0, state: 'delivered', path: 'direct'
  }, names), /^in Family: X ← Bob: dinner\?/)
})

test('tim groups info and members show the link, our standing, roles and mutes that still hold', () => {
  const names = createNameBook([bob])
  const fields = new Map(groupFields({ ...family, owner: bob.accountId, link: 'tim://group/abc', open: true, topic: 'dinner' }, names))
  assert.equal(fields.get('owner'), `Bob (${bob.accountId})`)
  assert.equal(fields.get('link'), 'tim://group/abc')
  assert.match(fields.get('type') ?? '', /^open: anyone with the link joins/)
  assert.equal(fields.get('you'), 'member')
  assert.equal(new Map(groupFields({ ...family, myRole: null, ended: 'left' }, names)).get('you'), 'you left')
  assert.equal(fields.has('avatar'), false, 'what a group does not have is left out')

  const now = Date.UTC(2026, 0, 1)
  const muted = member('Carol', { mutedUntil: now + 60_000 })
  assert.match(memberRow(muted, names, now).at(-1) ?? '', /^muted until /)
  assert.equal(memberRow({ ...muted, mutedUntil: now - 1 }, names, now).at(-1), '', 'a mute that ran out is not shown')
  assert.equal(memberRow(member('Dave', { role: 'manager' }), names, now)[2], 'manager')
})
