/**
 * The `tim` CLI end to end, as a user drives it: real child processes of app/bin/tim.js,
 * real nodes on 127.0.0.1 in temp data dirs (mDNS off). Two accounts are created, their
 * nodes started, they add each other from their invites (with a note) and become friends,
 * exchange a message, and the history, contacts, status, verify and watch commands show what
 * a user would check: presence and typing included. Contacts are renamed, blocked, unblocked
 * and removed. Also the error paths: a mistyped account id, an unknown name, an unknown
 * command, a node that is not running, and errors as JSON with --json. Every wait is bounded.
 * The message kinds (reply, edit, react, recall, delete, burn, custom) are in cli-messages.test.ts.
 */

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { dmConversation, type Contact, type Message } from '../../core/api/index.ts'
import { createRpcClient } from '../../core/rpc/client.ts'
import { waitFor } from '../helpers/wait-for.ts'
import {
  DELIVERY_TIMEOUT_MS, startTim, startTimNode, stopTim, tim, timJson, timOk, timWithEnv, waitForOutput,
  type IdJson, type Running
} from '../helpers/tim-cli.ts'

/** Polls a `tim … --json` command until its output satisfies `done`. */
async function waitForJson<T> (what: string, args: string[], done: (value: T) => boolean): Promise<T> {
  return await waitFor(async () => await timJson<T>(...args), done, { timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200, what })
}

/** The digits of a safety number as `tim contacts verify` prints them (rows of groups of 5). */
function safetyDigits (stdout: string): string {
  return [...stdout.matchAll(/^ {2}((?:\d{5} ){3}\d{5})$/gm)].map(match => match[1]).join(' ')
}

test('two users on 127.0.0.1 chat through the tim command line', { timeout: 240_000 }, async t => {
  const nodes: Running[] = []
  let base = ''
  // registered first, so it runs first: stop the nodes, then remove their data
  t.after(async () => {
    const outcomes = await Promise.all(nodes.map(async node => await stopTim(node, 'SIGTERM')))
    if (base !== '') {
      const leftovers = ['alice', 'bob'].filter(name => existsSync(join(base, name, 'api.json')))
      await rm(base, { recursive: true, force: true, maxRetries: 3 })
      assert.deepEqual(outcomes, nodes.map(() => 0), 'every node exits 0 on SIGTERM')
      assert.deepEqual(leftovers, [], 'a clean shutdown removes api.json')
    }
  })
  base = await mkdtemp(join(tmpdir(), 'tim-cli-'))
  const alice = join(base, 'alice')
  const bob = join(base, 'bob')
  let aliceId: IdJson | undefined
  let bobId: IdJson | undefined
  const aliceAccount = (): string => aliceId?.accountId ?? assert.fail('Alice has no id yet')
  const bobAccount = (): string => bobId?.accountId ?? assert.fail('Bob has no id yet')

  await t.test('init creates an account and prints its id', async () => {
    const [a, b] = await Promise.all([tim('init', '--data', alice, '--name', 'Alice'), tim('init', '--data', bob, '--name', 'Bob')])
    for (const result of [a, b]) {
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout.trim(), /^tim[1-9A-HJ-NP-Za-km-z]+$/)
      assert.match(result.stderr, /tim node --data/, 'says what to do next')
    }
  })

  await t.test('tim node starts and publishes api.json (mode 0600)', async () => {
    nodes.push(...await Promise.all([startTimNode(alice), startTimNode(bob)]))
    const { stdout } = nodes[0]?.output() ?? { stdout: '' }
    assert.match(stdout, /Tim node running/)
    assert.match(stdout, /device \(PeerId\): 12D3/)
    assert.match(stdout, /\/ip4\/127\.0\.0\.1\/tcp\/\d+/)
    for (const dir of [alice, bob]) {
      assert.equal((await stat(join(dir, 'api.json'))).mode & 0o777, 0o600, 'only its owner may read the API token')
    }
  })

  await t.test('tim id --json gives each account id and invite', async () => {
    [aliceId, bobId] = await Promise.all([timJson<IdJson>('id', '--data', alice), timJson<IdJson>('id', '--data', bob)])
    assert.equal(aliceId.name, 'Alice')
    assert.match(aliceId.invite, /^tim:\/\//)
    assert.ok(aliceId.addresses.some(address => address.startsWith('/ip4/127.0.0.1/') && address.endsWith(`/p2p/${aliceId?.deviceId}`)))
    assert.notEqual(aliceId.accountId, bobId.accountId)
  })

  await t.test('Alice adds Bob with a note, Bob sees her request and its note, and once he adds her back they are friends', async () => {
    assert.ok(aliceId !== undefined && bobId !== undefined)
    const added = await timJson<Contact>('contacts', 'add', '--data', alice, bobId.invite, '--note', 'Alice from the book club')
    assert.equal(added.accountId, bobAccount())
    assert.equal(added.name, 'Bob')

    const request = await waitForJson<Contact[]>('Alice\'s request at Bob', ['contacts', '--data', bob],
      list => list.some(contact => contact.accountId === aliceAccount()))
    assert.equal(request.find(contact => contact.accountId === aliceAccount())?.note, 'Alice from the book club')
    assert.match(await timOk('contacts', '--data', bob), /asks: "Alice from the book club"/)

    const back = await tim('contacts', 'add', '--data', bob, aliceId.invite, '--name', 'Ally')
    assert.equal(back.code, 0, back.stderr)
    assert.match(back.stdout, /^added Ally \(tim\w+\): accepted/)
    await waitForJson<Contact[]>('Bob as Alice\'s friend', ['contacts', '--data', alice],
      list => list.some(contact => contact.accountId === bobAccount() && contact.friend))
    await waitForJson<Contact[]>('Alice as Bob\'s friend', ['contacts', '--data', bob],
      list => list.some(contact => contact.accountId === aliceAccount() && contact.friend && contact.status === 'accepted'))
  })

  await t.test('a message sent with tim send arrives, and its sender sees it delivered', async () => {
    const sent = await tim('send', '--data', alice, 'Bob', 'hello from the command line')
    assert.equal(sent.code, 0, sent.stderr)
    const id = sent.stdout.trim()
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/, 'prints the message id only')

    const received = await waitForJson<Message[]>('the message in Bob\'s history', ['history', '--data', bob, aliceAccount()],
      history => history.some(message => message.id === id))
    const message = received.find(m => m.id === id)
    assert.equal(message?.text, 'hello from the command line')
    assert.equal(message?.from, aliceAccount())
    assert.equal(message?.conversation, dmConversation(aliceAccount()))
    assert.equal(message?.state, 'delivered')

    const mine = await waitForJson<Message[]>('the delivered state in Alice\'s history', ['history', '--data', alice, 'Bob'],
      history => history.some(m => m.id === id && m.state === 'delivered'))
    assert.equal(mine.find(m => m.id === id)?.path, 'direct')

    const text = await timOk('history', '--data', bob, 'Ally')
    assert.match(text, new RegExp(`${id} ← hello from the command line {2}\\(delivered, direct\\)`))
    const byConversationId = await timOk('history', '--data', bob, dmConversation(aliceAccount()))
    assert.equal(byConversationId, text, 'the dm: conversation id names the same conversation')
  })

  await t.test('tim contacts shows the other account reachable directly', async () => {
    const contacts = await waitForJson<Contact[]>('Bob reachable directly', ['contacts', '--data', alice],
      list => list.some(contact => contact.accountId === bobId?.accountId && contact.reachability === 'direct'))
    assert.equal(contacts.length, 1)
    assert.equal(contacts[0]?.status, 'accepted')
  })

  await t.test('tim watch --json prints a message:received line when a message arrives', async () => {
    const watch = startTim('watch', '--data', bob, '--json')
    try {
      await waitForOutput(watch, /watching/, 'tim watch to subscribe', 'stderr')
      const id = (await timOk('send', '--data', alice, 'Bob', 'are', 'you', 'watching?')).trim()
      const lines = await waitForOutput(watch, new RegExp(id), 'the message:received line')
      const events = lines.trim().split('\n').map(line => JSON.parse(line) as { event: string, data: Message })
      const event = events.find(e => e.event === 'message:received' && e.data.id === id)
      assert.equal(event?.data.text, 'are you watching?')
      assert.equal(event?.data.from, aliceAccount())
    } finally {
      assert.equal(await stopTim(watch, 'SIGINT'), 0, 'tim watch exits 0 on Ctrl-C')
    }
  })

  await t.test('tim watch shows Alice\'s status, status text and typing to Bob as lines he can read', async () => {
    const watch = startTim('watch', '--data', bob)
    const file = JSON.parse(await readFile(join(alice, 'api.json'), 'utf8')) as { url: string, token: string }
    const aliceApi = await createRpcClient({ url: file.url, token: file.token })
    try {
      await waitForOutput(watch, /watching/, 'tim watch to subscribe', 'stderr')
      assert.equal((await timOk('status', '--data', alice, 'away', '--text', 'at lunch')).trim(), 'status: away — "at lunch"; last seen shared')
      await waitForOutput(watch, /^\[[\d: -]+\] Ally is away: at lunch$/m, 'Alice\'s presence in Bob\'s watch')
      const contacts = await timJson<Contact[]>('contacts', '--data', bob)
      assert.deepEqual(contacts.find(contact => contact.accountId === aliceAccount())?.presence, { status: 'away', text: 'at lunch' })
      assert.match(await timOk('contacts', '--data', bob), /away: at lunch/)

      await aliceApi.setTyping({ conversation: dmConversation(bobAccount()), typing: true })
      await waitForOutput(watch, /^\[[\d: -]+\] Ally is typing…$/m, 'Alice typing in Bob\'s watch')

      assert.match(await timOk('status', '--data', alice, 'invisible', '--hide-last-seen'), /^status: invisible \(contacts see you offline\); last seen hidden$/m)
      await waitForOutput(watch, /^\[[\d: -]+\] Ally is offline$/m, 'invisible Alice offline in Bob\'s watch')
      assert.match(await timOk('status', '--data', alice), /^status: invisible/, 'tim status alone prints it')
      await timOk('status', '--data', alice, 'online')
    } finally {
      await aliceApi.close()
      assert.equal(await stopTim(watch, 'SIGINT'), 0, 'tim watch exits 0 on Ctrl-C')
    }
  })

  await t.test('tim contacts verify shows both users the same safety number, and --yes marks the contact verified', async () => {
    const [mine, theirs] = await Promise.all([timOk('contacts', 'verify', '--data', alice, 'Bob'), timOk('contacts', 'verify', '--data', bob, 'Ally')])
    const digits = safetyDigits(mine)
    assert.match(digits, /^(\d{5} ){11}\d{5}$/, 'twelve groups of five digits')
    assert.equal(safetyDigits(theirs), digits, 'the same number on both sides')
    assert.match(mine, /[█▀▄]{7}/, 'a QR code drawn with text')
    assert.match(mine, /^verified: no: compare the numbers with Bob, then run `tim contacts verify tim\w+ --yes`$/m)

    assert.match(await timOk('contacts', 'verify', '--data', alice, 'Bob', '--yes'), /^verified: yes/m)
    const contacts = await timJson<Contact[]>('contacts', '--data', alice)
    assert.equal(contacts.find(contact => contact.accountId === bobAccount())?.verified, true)
    const both = await tim('contacts', 'verify', '--data', alice, 'Bob', '--yes', '--no')
    assert.equal(both.code, 2)
    assert.match(both.stderr, /--yes or --no, not both/)
  })

  await t.test('a contact is renamed, blocked and unblocked by name or id, and removed; its history stays and is named again when re-added', async () => {
    assert.match(await timOk('contacts', 'rename', '--data', alice, 'Bob', 'Robert'), /^renamed Robert \(tim\w+\): accepted/)
    assert.match(await timOk('history', '--data', alice, 'robert'), /hello from the command line/, 'the new name names the conversation')
    assert.match(await timOk('contacts', 'block', '--data', alice, 'Robert'), /^blocked Robert .*: blocked/)
    assert.match(await timOk('contacts', 'unblock', '--data', alice, bobAccount()), /^unblocked Robert .*: accepted/)

    assert.equal((await timOk('contacts', 'remove', '--data', alice, 'Robert')).trim(), `removed Robert (${bobAccount()})`)
    const contacts = await timJson<Contact[]>('contacts', '--data', alice)
    assert.equal(contacts.some(contact => contact.accountId === bobAccount()), false)
    const byName = await tim('send', '--data', alice, 'Robert', 'hi')
    assert.equal(byName.code, 1)
    assert.match(byName.stderr, /^error: no contact is named "Robert"/)
    // the conversation stays until it is deleted: by account id it is still there
    assert.match(await timOk('history', '--data', alice, bobAccount()), /hello from the command line/, 'a removed contact\'s history stays')

    await timOk('contacts', 'add', '--data', alice, bobId?.invite ?? '')
    assert.match(await timOk('history', '--data', alice, 'Bob'), /hello from the command line/, 'the history stayed on the node')
  })

  await t.test('a mistyped account id is refused with a message about its checksum', async () => {
    const id = bobAccount()
    const last = id.at(-1) === 'x' ? 'y' : 'x'
    const result = await tim('send', '--data', alice, id.slice(0, -1) + last, 'hi')
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^error: .*checksum/m)
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line')
  })

  await t.test('with --json an error is one JSON object on stderr, and the exit code says what failed', async () => {
    const unknown = await tim('send', '--data', alice, 'Nobody', 'hi', '--json')
    assert.equal(unknown.code, 1)
    assert.equal(unknown.stdout, '')
    const { error } = JSON.parse(unknown.stderr) as { error: { name: string, message: string } }
    assert.equal(error.name, 'UnknownContactError')
    assert.match(error.message, /no contact is named "Nobody"/)

    const usage = await tim('send', '--data', alice, '--burn', 'soon', 'Nobody', 'hi', '--json')
    assert.equal(usage.code, 2)
    assert.deepEqual(JSON.parse(usage.stderr), { error: { name: 'UsageError', message: 'tim send: --burn takes a whole number from 1 to 604800, got "soon"' } })
  })

  await t.test('an unknown command or option exits 2 with one line on stderr', async () => {
    const command = await tim('sned', '--data', alice)
    assert.equal(command.code, 2)
    assert.match(command.stderr, /unknown command "sned"/)
    assert.equal(command.stderr.trim().split('\n').length, 1)
    const option = await tim('send', '--data', alice, '--shout', 'Bob', 'hi')
    assert.equal(option.code, 2)
    assert.match(option.stderr, /unknown option --shout/)
  })

  await t.test('--help exits 0 and lists every command, and each command\'s --help lists its flags', async () => {
    const help = await tim('--help')
    assert.equal(help.code, 0)
    const commands = ['init', 'node', 'id', 'contacts', 'contacts add', 'contacts accept', 'contacts block', 'contacts unblock',
      'contacts remove', 'contacts rename', 'contacts verify', 'status', 'send', 'message', 'edit', 'react', 'recall', 'delete',
      'retry', 'history', 'conversations', 'conversations delete', 'read', 'watch', 'stats', 'help']
    for (const command of commands) {
      assert.match(help.stdout, new RegExp(`^ {2}${command}\\b`, 'm'), `mentions ${command}`)
    }
    const flags: Record<string, string[]> = {
      send: ['--reply-to ID', '--burn SECONDS', '--kind TYPE', '--data-file FILE', '--json'],
      'contacts add': ['--name NAME', '--note TEXT'],
      'contacts verify': ['--yes', '--no'],
      react: ['--remove'],
      status: ['--text TEXT', '--hide-last-seen'],
      history: ['--limit N', '--before ID'],
      read: ['--up-to ID']
    }
    for (const [command, expected] of Object.entries(flags)) {
      const result = await tim(...command.split(' '), '--help')
      assert.equal(result.code, 0)
      assert.match(result.stdout, new RegExp(`usage: tim ${command}`))
      for (const flag of expected) assert.match(result.stdout, new RegExp(`^ {2}${flag}\\b`, 'm'), `tim ${command} --help lists ${flag}`)
    }
  })

  await t.test('tim send with no node running says so and how to start it', async () => {
    const idle = join(base, 'idle')
    const result = await tim('send', '--data', idle, 'Bob', 'hi')
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^error: the Tim node for .* is not running.*tim node --data/m)

    // an api.json left behind by a node that died is not a running node
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    await new Promise(resolve => { dead.on('close', resolve) })
    await mkdir(idle, { recursive: true })
    await writeFile(join(idle, 'api.json'), JSON.stringify({ url: 'ws://127.0.0.1:9/rpc', token: 'x', pid: dead.pid }))
    const stale = await tim('send', '--data', idle, 'Bob', 'hi')
    assert.equal(stale.code, 1)
    assert.match(stale.stderr, /not running \(.*has exited\)/)
  })
})

test('tim desktop never turns Chromium\'s sandbox off unasked', { timeout: 60_000 }, async t => {
  const base = await mkdtemp(join(tmpdir(), 'tim-desktop-'))
  t.after(async () => { await rm(base, { recursive: true, force: true }) })
  // a stand-in for Electron that notes how it was started; a display, so that Electron could run
  const electron = join(base, 'electron')
  const started = `${electron}.args`
  await writeFile(electron, '#!/bin/sh\necho "$@" > "$0.args"\n', { mode: 0o755 })
  const env = { TIM_ELECTRON: electron, DISPLAY: ':99' }

  await t.test('--help names --no-sandbox and what it costs', async () => {
    const help = await tim('desktop', '--help')
    assert.equal(help.code, 0)
    assert.match(help.stdout, /--no-sandbox/)
    assert.match(help.stdout, /cannot run as root/)
  })

  const root = process.geteuid?.() === 0
  await t.test('as root, without --no-sandbox, it refuses and says why and what to do instead', { skip: !root && 'runs as root only' }, async () => {
    const result = await timWithEnv(env, 'desktop', '--data', join(base, 'data'))
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stderr, /^error: tim desktop does not start the desktop app as root: Chromium's sandbox cannot run as root/m)
    assert.match(result.stderr, /rights of the user running it/)
    assert.match(result.stderr, /tim desktop --web/)
    assert.match(result.stderr, /tim desktop --no-sandbox/)
    assert.equal(existsSync(started), false, 'Electron was not started')
    assert.equal(existsSync(join(base, 'data')), false, 'no node was started in web mode either')
  })
})
