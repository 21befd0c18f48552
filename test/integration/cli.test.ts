/**
 * The `tim` CLI end to end, as a user drives it: real child processes of app/bin/tim.js,
 * real nodes on 127.0.0.1 in temp data dirs (mDNS off). Two accounts are created, their
 * nodes started, they add each other from their invites, exchange a message, and the
 * history, contacts and watch commands show what a user would check. Also the error paths:
 * a mistyped account id, an unknown command, a node that is not running. Every wait is
 * bounded.
 */

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Contact, Message } from '../../core/api/index.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TIM = join(root, 'app', 'bin', 'tim.js')
/** One CLI command (not a node) must finish within this. */
const COMMAND_TIMEOUT_MS = 15_000
const NODE_START_TIMEOUT_MS = 20_000
const DELIVERY_TIMEOUT_MS = 20_000
const NODE_STOP_TIMEOUT_MS = 10_000

/** The environment without the variables that would change what the CLI does. */
function cleanEnv (): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of ['TIM_DATA', 'TIM_PASSPHRASE', 'DEBUG']) delete env[name]
  return env
}

interface Result { code: number | null, stdout: string, stderr: string }

/** Runs `tim …` to completion (killed after COMMAND_TIMEOUT_MS). */
async function tim (...args: string[]): Promise<Result> {
  return await timWithEnv({}, ...args)
}

/** Runs `tim …` with these environment variables added to cleanEnv()'s. */
async function timWithEnv (extra: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  const child = spawn(process.execPath, [TIM, ...args], { cwd: root, env: { ...cleanEnv(), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, COMMAND_TIMEOUT_MS)
  const code = await new Promise<number | null>(resolve => { child.on('close', resolve) })
  clearTimeout(timer)
  return { code, stdout, stderr }
}

/** Runs `tim …` and parses its stdout as JSON, failing with its stderr when it fails. */
async function timJson<T> (...args: string[]): Promise<T> {
  const result = await tim(...args, '--json')
  assert.equal(result.code, 0, `tim ${args.join(' ')} failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

/** Polls `read` until `done` says yes; fails after `timeoutMs` with the last value. */
async function waitFor<T> (what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: T | undefined
  while (Date.now() < deadline) {
    last = await read()
    if (done(last)) return last
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`)
}

/** A long-running `tim` process (node, watch) with its output so far. */
interface Running {
  child: ChildProcess
  output: () => { stdout: string, stderr: string }
  exited: Promise<number | null>
}

function start (...args: string[]): Running {
  const child = spawn(process.execPath, [TIM, ...args], { cwd: root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<number | null>(resolve => { child.on('close', resolve) })
  return { child, output: () => ({ stdout, stderr }), exited }
}

/** Sends `signal` and waits (bounded) for the process to exit; SIGKILL when it does not. */
async function stop (running: Running, signal: NodeJS.Signals, timeoutMs: number): Promise<number | null | 'killed'> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return running.child.exitCode
  running.child.kill(signal)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'killed'>(resolve => {
    timer = setTimeout(() => { running.child.kill('SIGKILL'); resolve('killed') }, timeoutMs)
  })
  const outcome = await Promise.race([running.exited, late])
  clearTimeout(timer)
  return outcome
}

/**
 * Starts `tim node` and waits for its `api:` line: the node writes api.json first, then prints
 * that it runs, then that line (api.json alone can be seen before anything is printed).
 */
async function startNode (dataDir: string): Promise<Running> {
  const node = start('node', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns')
  await waitFor(`tim node on ${dataDir} to print its api line`, async () => {
    if (node.child.exitCode !== null) assert.fail(`tim node exited with ${node.child.exitCode}: ${node.output().stderr}`)
    return node.output().stdout
  }, stdout => /^api: ws:\/\//m.test(stdout), NODE_START_TIMEOUT_MS)
  return node
}

interface IdJson { accountId: string, deviceId: string, name: string, invite: string, addresses: string[] }

test('two users on 127.0.0.1 chat through the tim command line', { timeout: 90_000 }, async t => {
  const nodes: Running[] = []
  let base = ''
  // registered first, so it runs first: stop the nodes, then remove their data
  t.after(async () => {
    const outcomes = await Promise.all(nodes.map(async node => await stop(node, 'SIGTERM', NODE_STOP_TIMEOUT_MS)))
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

  await t.test('init creates an account and prints its id', async () => {
    const [a, b] = await Promise.all([tim('init', '--data', alice, '--name', 'Alice'), tim('init', '--data', bob, '--name', 'Bob')])
    for (const result of [a, b]) {
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout.trim(), /^tim[1-9A-HJ-NP-Za-km-z]+$/)
      assert.match(result.stderr, /tim node --data/, 'says what to do next')
    }
  })

  await t.test('tim node starts and publishes api.json (mode 0600)', async () => {
    nodes.push(...await Promise.all([startNode(alice), startNode(bob)]))
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

  await t.test('each adds the other from their invite', async () => {
    assert.ok(aliceId !== undefined && bobId !== undefined)
    const added = await timJson<Contact>('contacts', 'add', '--data', alice, bobId.invite)
    assert.equal(added.accountId, bobId.accountId)
    assert.equal(added.name, 'Bob')
    const back = await tim('contacts', 'add', '--data', bob, aliceId.invite, '--name', 'Ally')
    assert.equal(back.code, 0, back.stderr)
    assert.match(back.stdout, /Ally/)
  })

  await t.test('a message sent with tim send arrives, and its sender sees it delivered', async () => {
    assert.ok(aliceId !== undefined && bobId !== undefined)
    const sent = await tim('send', '--data', alice, 'Bob', 'hello from the command line')
    assert.equal(sent.code, 0, sent.stderr)
    const id = sent.stdout.trim()
    assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/, 'prints the message id only')

    const received = await waitFor('the message in Bob\'s history',
      async () => await timJson<Message[]>('history', '--data', bob, aliceId?.accountId ?? ''),
      history => history.some(message => message.id === id), DELIVERY_TIMEOUT_MS)
    const message = received.find(m => m.id === id)
    assert.equal(message?.text, 'hello from the command line')
    assert.equal(message?.from, aliceId.accountId)
    assert.equal(message?.state, 'delivered')

    const mine = await waitFor('the delivered state in Alice\'s history',
      async () => await timJson<Message[]>('history', '--data', alice, 'Bob'),
      history => history.some(m => m.id === id && m.state === 'delivered'), DELIVERY_TIMEOUT_MS)
    assert.equal(mine.find(m => m.id === id)?.path, 'direct')

    const text = await tim('history', '--data', bob, 'Ally')
    assert.match(text.stdout, /← hello from the command line {2}\(delivered, direct\)/)
  })

  await t.test('tim contacts shows the other account reachable directly', async () => {
    const contacts = await waitFor('Bob reachable directly',
      async () => await timJson<Contact[]>('contacts', '--data', alice),
      list => list.some(contact => contact.accountId === bobId?.accountId && contact.reachability === 'direct'), DELIVERY_TIMEOUT_MS)
    assert.equal(contacts.length, 1)
    assert.equal(contacts[0]?.status, 'accepted')
  })

  await t.test('tim watch --json prints a message:received line when a message arrives', async () => {
    const watch = start('watch', '--data', bob, '--json')
    try {
      await waitFor('tim watch to subscribe', async () => watch.output().stderr, stderr => /watching/.test(stderr), COMMAND_TIMEOUT_MS)
      const sent = await tim('send', '--data', alice, 'Bob', 'are', 'you', 'watching?')
      assert.equal(sent.code, 0, sent.stderr)
      const id = sent.stdout.trim()
      const lines = await waitFor('the message:received line', async () => watch.output().stdout,
        stdout => stdout.includes(id), DELIVERY_TIMEOUT_MS)
      const events = lines.trim().split('\n').map(line => JSON.parse(line) as { event: string, data: Message })
      const event = events.find(e => e.event === 'message:received' && e.data.id === id)
      assert.equal(event?.data.text, 'are you watching?')
      assert.equal(event?.data.from, aliceId?.accountId)
    } finally {
      assert.equal(await stop(watch, 'SIGINT', NODE_STOP_TIMEOUT_MS), 0, 'tim watch exits 0 on Ctrl-C')
    }
  })

  await t.test('a mistyped account id is refused with a message about its checksum', async () => {
    const id = bobId?.accountId ?? ''
    const last = id.at(-1) === 'x' ? 'y' : 'x'
    const result = await tim('send', '--data', alice, id.slice(0, -1) + last, 'hi')
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^error: .*checksum/m)
    assert.equal(result.stderr.trim().split('\n').length, 1, 'one line')
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

  await t.test('--help exits 0 and lists every command', async () => {
    const help = await tim('--help')
    assert.equal(help.code, 0)
    for (const command of ['init', 'node', 'id', 'contacts', 'contacts add', 'contacts accept', 'contacts block', 'send', 'history', 'conversations', 'read', 'watch', 'stats', 'help']) {
      assert.match(help.stdout, new RegExp(`^ {2}${command}\\b`, 'm'), `mentions ${command}`)
    }
    const sendHelp = await tim('send', '--help')
    assert.equal(sendHelp.code, 0)
    assert.match(sendHelp.stdout, /usage: tim send/)
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
