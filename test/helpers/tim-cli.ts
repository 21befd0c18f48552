/**
 * Driving the `tim` command line as a user does, for the CLI integration tests: one command
 * run to completion (exit code, stdout, stderr), its --json output parsed, a long-running
 * `tim node` or `tim watch` with its output so far, stopped by a signal; and a scene of two
 * accounts whose nodes run and who added each other from their invites. Real child processes
 * of app/bin/tim.js, nodes on 127.0.0.1 in temp data dirs with mDNS off; every wait bounded.
 */

import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { timBin } from './node-process.ts'
import { waitFor } from './wait-for.ts'
import { tempDir, type AfterHook } from './temp-dir.ts'

/** One CLI command (not a node) must finish within this. */
export const COMMAND_TIMEOUT_MS = 15_000
export const NODE_START_TIMEOUT_MS = 20_000
export const DELIVERY_TIMEOUT_MS = 20_000
export const NODE_STOP_TIMEOUT_MS = 10_000

/** The environment without the variables that would change what the CLI does. */
function cleanEnv (): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of ['TIM_DATA', 'TIM_PASSPHRASE', 'DEBUG']) delete env[name]
  return env
}

export interface Result { code: number | null, stdout: string, stderr: string }

/** A long-running `tim` process (node, watch) with its output so far. */
export interface Running {
  child: ChildProcess
  output: () => { stdout: string, stderr: string }
  exited: Promise<number | null>
}

/** Starts `tim …` with these environment variables added to cleanEnv()'s. */
function spawnTim (extra: NodeJS.ProcessEnv, args: string[]): Running {
  const child = spawn(process.execPath, [timBin, ...args], { env: { ...cleanEnv(), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<number | null>(resolve => { child.on('close', resolve) })
  return { child, output: () => ({ stdout, stderr }), exited }
}

export function startTim (...args: string[]): Running {
  return spawnTim({}, args)
}

/** Runs `tim …` with extra environment variables to completion (killed after COMMAND_TIMEOUT_MS). */
export async function timWithEnv (extra: NodeJS.ProcessEnv, ...args: string[]): Promise<Result> {
  const running = spawnTim(extra, args)
  const timer = setTimeout(() => { running.child.kill('SIGKILL') }, COMMAND_TIMEOUT_MS)
  const code = await running.exited
  clearTimeout(timer)
  return { code, ...running.output() }
}

/** Runs `tim …` to completion (killed after COMMAND_TIMEOUT_MS). */
export async function tim (...args: string[]): Promise<Result> {
  return await timWithEnv({}, ...args)
}

/** Runs `tim …` and returns its stdout, failing with its stderr when it fails. */
export async function timOk (...args: string[]): Promise<string> {
  const result = await tim(...args)
  assert.equal(result.code, 0, `tim ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

/** Runs `tim … --json` and parses its stdout, failing with its stderr when it fails. */
export async function timJson<T> (...args: string[]): Promise<T> {
  return JSON.parse(await timOk(...args, '--json')) as T
}

/** Sends `signal` and waits (bounded) for the process to exit; SIGKILL when it does not. */
export async function stopTim (running: Running, signal: NodeJS.Signals, timeoutMs = NODE_STOP_TIMEOUT_MS): Promise<number | null | 'killed'> {
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

/** Waits (bounded) until the process has printed something that matches `pattern` on stdout (or stderr). */
export async function waitForOutput (running: Running, pattern: RegExp, what: string, stream: 'stdout' | 'stderr' = 'stdout',
  timeoutMs = DELIVERY_TIMEOUT_MS): Promise<string> {
  return await waitFor(() => {
    if (running.child.exitCode !== null) assert.fail(`tim exited with ${running.child.exitCode} while waiting for ${what}: ${running.output().stderr}`)
    return running.output()[stream]
  }, text => pattern.test(text), { timeoutMs, intervalMs: 100, what })
}

/**
 * Starts `tim node` and waits for its `api:` line: the node writes api.json first, then prints
 * that it runs, then that line (api.json alone can be seen before anything is printed).
 */
export async function startTimNode (dataDir: string): Promise<Running> {
  const node = startTim('node', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns')
  await waitForOutput(node, /^api: ws:\/\//m, `tim node on ${dataDir} to print its api line`, 'stdout', NODE_START_TIMEOUT_MS)
  return node
}

/** What `tim id --json` prints. */
export interface IdJson { accountId: string, deviceId: string, name: string, invite: string, addresses: string[] }

export interface CliUser {
  name: string
  /** the data directory: pass it as --data */
  data: string
  id: IdJson
  node: Running
}

/** A new account in a temp data directory, with its node running until `t` ends. */
export async function startCliUser (t: AfterHook, name: string): Promise<CliUser> {
  const data = join(await tempDir(t), name.toLowerCase())
  await timOk('init', '--data', data, '--name', name)
  const node = await startTimNode(data)
  t.after(async () => { await stopTim(node, 'SIGTERM') })
  return { name, data, node, id: await timJson<IdJson>('id', '--data', data) }
}

/**
 * Two accounts, each with its node running, that added each other from their invites with
 * `tim contacts add` (so they are friends and know each other by name). Stopped when `t` ends.
 */
export async function startCliFriends (t: AfterHook, names: [string, string] = ['Alice', 'Bob']): Promise<[CliUser, CliUser]> {
  const [a, b] = await Promise.all([startCliUser(t, names[0]), startCliUser(t, names[1])])
  await timOk('contacts', 'add', '--data', a.data, b.id.invite)
  await timOk('contacts', 'add', '--data', b.data, a.id.invite)
  return [a, b]
}
