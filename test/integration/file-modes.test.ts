/**
 * A data directory is its owner's only: every directory in it 0700, every file 0600, whatever
 * was there before. Alice runs the real `tim` CLI (child processes under umask 022, the usual
 * default, so that nothing but Tim itself tightens the modes), initialised into a directory
 * that already existed with mode 0755; Bob is an in-process node on 127.0.0.1. Messages make
 * LevelDB write, and a restart makes it create new files (its log becomes a table); the tree
 * is walked while the node runs and after it stops. Then every mode is loosened, as an older
 * Tim or a careless copy leaves them, and the next `tim node` puts them right.
 */

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { chmod, lstat, mkdir, readdir } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Message } from '../../core/api/index.ts'
import { startPeer, waitFor } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TIM = join(root, 'app', 'bin', 'tim.js')
const COMMAND_TIMEOUT_MS = 15_000
const NODE_START_TIMEOUT_MS = 20_000
const DELIVERY_TIMEOUT_MS = 20_000
const NODE_STOP_TIMEOUT_MS = 10_000

/** `tim …` under umask 022, as a login shell usually has it (this process's umask may differ). */
function spawnTim (args: string[]): ReturnType<typeof spawn> {
  const env = { ...process.env }
  for (const name of ['TIM_DATA', 'TIM_PASSPHRASE', 'DEBUG']) delete env[name]
  return spawn('/bin/sh', ['-c', 'umask 022 && exec "$0" "$@"', process.execPath, TIM, ...args], {
    cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']
  })
}

interface Result { code: number | null, stdout: string, stderr: string }

async function tim (...args: string[]): Promise<Result> {
  const child = spawnTim(args)
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, COMMAND_TIMEOUT_MS)
  const code = await new Promise<number | null>(resolve => { child.on('close', resolve) })
  clearTimeout(timer)
  assert.equal(code, 0, `tim ${args.join(' ')} failed: ${stderr}`)
  return { code, stdout, stderr }
}

interface RunningNode {
  stop: () => Promise<number | null | 'killed'>
}

/** `tim node` on 127.0.0.1; resolves once it printed its API line (api.json is written before). */
async function startNode (dataDir: string): Promise<RunningNode> {
  const child = spawnTim(['node', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns'])
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<number | null>(resolve => { child.on('close', resolve) })
  const stop = async (): Promise<number | null | 'killed'> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
    child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'killed'>(resolve => {
      timer = setTimeout(() => { child.kill('SIGKILL'); resolve('killed') }, NODE_STOP_TIMEOUT_MS)
    })
    const outcome = await Promise.race([exited, late])
    clearTimeout(timer)
    return outcome
  }
  try {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`tim node exited with ${child.exitCode}: ${stderr}`)
      return stdout
    }, out => /^api: ws:/m.test(out), { what: `tim node on ${dataDir} to print its api line`, timeoutMs: NODE_START_TIMEOUT_MS })
  } catch (err) {
    await stop()
    throw err
  }
  return { stop }
}

/** Every entry under `dir` (itself included) whose mode is not 0700 (directories) or 0600 (files). */
async function looseModes (dir: string): Promise<string[]> {
  const loose: string[] = []
  const visit = async (path: string): Promise<void> => {
    let entry
    try {
      entry = await lstat(path)
    } catch {
      return // LevelDB removed it meanwhile
    }
    const mode = entry.mode & 0o777
    const wanted = entry.isDirectory() ? 0o700 : 0o600
    if (mode !== wanted) loose.push(`${relative(dir, path) || '.'} ${mode.toString(8)}`)
    if (entry.isDirectory()) {
      for (const name of await readdir(path).catch(() => [])) await visit(join(path, name))
    }
  }
  await visit(dir)
  return loose
}

/** Every file and directory under `dir` (itself included). */
async function tree (dir: string): Promise<string[]> {
  const entries = [dir]
  for (const name of await readdir(dir, { recursive: true })) entries.push(join(dir, name))
  return entries
}

test('a data directory is its owner\'s only: directories 0700, files 0600, whatever was there before', { timeout: 120_000 }, async t => {
  let alice: RunningNode | undefined
  // registered before the temp directory, so it runs first: the node stops, then its data goes
  t.after(async () => { await alice?.stop() })
  const base = await tempDir(t, 'tim-modes-')
  const dataDir = join(base, 'alice')
  await mkdir(dataDir, { mode: 0o755 })
  await chmod(dataDir, 0o755)

  const bob = await startPeer(t, 'Bob')
  await tim('init', '--data', dataDir, '--name', 'Alice')
  alice = await startNode(dataDir)
  const aliceId = JSON.parse((await tim('id', '--data', dataDir, '--json')).stdout) as { accountId: string, invite: string }
  await tim('contacts', 'add', '--data', dataDir, await bob.invite())
  await bob.node.api.addContact({ invite: aliceId.invite })

  /** Alice sends through her node (her database writes it) until she sees it delivered. */
  const aliceSends = async (text: string): Promise<void> => {
    await tim('send', '--data', dataDir, 'Bob', text)
    await waitFor(async () => JSON.parse((await tim('history', '--data', dataDir, 'Bob', '--json')).stdout) as Message[],
      history => history.some(m => m.text === text && m.state === 'delivered'),
      { what: `"${text}" delivered`, timeoutMs: DELIVERY_TIMEOUT_MS, intervalMs: 200 })
  }

  await t.test('tim init into an existing 0755 directory, then a running node that stores messages', async () => {
    await aliceSends('hello from a private directory')
    assert.deepEqual(await looseModes(dataDir), [])
  })

  await t.test('files LevelDB creates after a restart (its log turned into a table) are 0600 too', async () => {
    assert.equal(await alice?.stop(), 0)
    const before = new Set(await tree(join(dataDir, 'db')))
    alice = await startNode(dataDir)
    await aliceSends('hello after a restart')
    const created = (await tree(join(dataDir, 'db'))).filter(path => !before.has(path))
    assert.ok(created.length > 0, 'LevelDB created files while this node ran')
    assert.deepEqual(await looseModes(dataDir), [])
    assert.equal(await alice.stop(), 0)
    assert.deepEqual(await looseModes(dataDir), [], 'and after it stopped')
  })

  await t.test('loosened modes, as an older Tim left them, are put right when the node starts', async () => {
    for (const path of await tree(dataDir)) {
      await chmod(path, (await lstat(path)).isDirectory() ? 0o755 : 0o644)
    }
    assert.notDeepEqual(await looseModes(dataDir), [])
    alice = await startNode(dataDir)
    assert.deepEqual(await looseModes(dataDir), [])
    await aliceSends('hello after loosening')
    assert.deepEqual(await looseModes(dataDir), [])
  })
})
