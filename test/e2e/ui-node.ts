/**
 * Helpers of the browser tests: a `tim node --ui` child process (real node, real web host,
 * on 127.0.0.1 with mDNS off) whose printed one-time login links the test opens, and the
 * Chromium the tests drive (Debian's /usr/bin/chromium or $TIM_CHROMIUM; never a
 * downloaded browser). Every wait is bounded.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { createRpcClient, type RpcClient } from '../../core/rpc/client.ts'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const TIM = join(root, 'app', 'bin', 'tim.js')
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 15_000

/** `ui: http://127.0.0.1:PORT/#login=CODE` as `tim node --ui` prints it. */
const LOGIN_LINE = /^ui: (http:\/\/127\.0\.0\.1:\d+\/#login=[\w-]+)$/gm

export interface UiNode {
  dataDir: string
  /** the newest login link of the running incarnation (each works once) */
  loginUrl: () => string
  /** stdout and stderr of every incarnation so far, for failure messages */
  output: () => string
  /** SIGTERM, wait for a clean exit (exit code 0), start again on the same data dir */
  restart: () => Promise<void>
  /** starts it again after stop(), on the same data dir and arguments */
  start: () => Promise<void>
  /** SIGTERM and wait; resolves the exit code ('killed' when it had to be SIGKILLed) */
  stop: () => Promise<number | null | 'killed'>
}

/** The environment without the variables that would change what the CLI does. */
function cleanEnv (): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const name of ['TIM_DATA', 'TIM_PASSPHRASE', 'DEBUG']) delete env[name]
  return env
}

async function exited (child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
  return await new Promise(resolve => { child.once('exit', code => { resolve(code) }) })
}

export interface UiNodeOptions {
  /** `node` runs `tim node --ui` (default); `desktop` runs `tim desktop`, which `npm start` runs */
  command?: 'node' | 'desktop'
  /** more arguments for the command */
  args?: string[]
}

/** Starts `tim node --ui` (or `tim desktop`) on `dataDir`; waits (bounded) for its first login link. */
export async function startUiNode (dataDir: string, options: UiNodeOptions = {}): Promise<UiNode> {
  const command = options.command === 'desktop' ? ['desktop'] : ['node', '--ui']
  let log = ''
  let child: ChildProcess | undefined
  let stdout = ''

  const launch = async (): Promise<void> => {
    stdout = ''
    const running = spawn(process.execPath, [
      TIM, ...command, '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', ...(options.args ?? [])
    ], { cwd: root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    child = running
    running.stdout?.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; log += chunk })
    running.stderr?.setEncoding('utf8').on('data', (chunk: string) => { log += chunk })
    const deadline = Date.now() + START_TIMEOUT_MS
    while ([...stdout.matchAll(LOGIN_LINE)].length === 0) {
      if (running.exitCode !== null || running.signalCode !== null) {
        throw new Error(`tim ${command.join(' ')} on ${dataDir} exited (${running.exitCode ?? running.signalCode}) before printing a login link:\n${log}`)
      }
      if (Date.now() > deadline) {
        running.kill('SIGKILL')
        throw new Error(`tim ${command.join(' ')} on ${dataDir} printed no login link within ${START_TIMEOUT_MS} ms:\n${log}`)
      }
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }

  const stop = async (): Promise<number | null | 'killed'> => {
    const running = child
    if (running === undefined) return null
    child = undefined
    if (running.exitCode !== null || running.signalCode !== null) return running.exitCode
    running.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'killed'>(resolve => {
      timer = setTimeout(() => { running.kill('SIGKILL'); resolve('killed') }, STOP_TIMEOUT_MS)
    })
    const outcome = await Promise.race([exited(running), late])
    clearTimeout(timer)
    return outcome
  }

  await launch()
  return {
    dataDir,
    loginUrl: () => {
      const links = [...stdout.matchAll(LOGIN_LINE)]
      const last = links.at(-1)?.[1]
      if (last === undefined) throw new Error(`no login link printed yet:\n${log}`)
      return last
    },
    output: () => log,
    restart: async () => {
      const code = await stop()
      if (code !== 0) throw new Error(`tim node did not exit cleanly on SIGTERM (${String(code)}):\n${log}`)
      await launch()
    },
    start: launch,
    stop
  }
}

/** A port that was free a moment ago (for a node that must come back on the same one). */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => { server.listen(0, '127.0.0.1', resolve) })
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => { server.close(() => { resolve() }) })
  return port
}

/** The JSON-RPC API of the node running on `dataDir` (what the CLI uses), from its api.json. */
export async function connectApi (dataDir: string): Promise<RpcClient> {
  const file = JSON.parse(await readFile(join(dataDir, 'api.json'), 'utf8')) as { url: string, token: string }
  return await createRpcClient({ url: file.url, token: file.token, signal: AbortSignal.timeout(START_TIMEOUT_MS) })
}

/** `tim init` of an account called `name` in `dataDir` (with `args`, no passphrase from the environment); what it printed. */
export function initAccount (dataDir: string, name: string, args: string[] = []): string {
  return execFileSync(process.execPath, [TIM, 'init', '--data', dataDir, '--name', name, ...args],
    { encoding: 'utf8', env: { ...process.env, TIM_PASSPHRASE: '' } })
}

/** The Chromium to drive, or why there is none. */
export function chromiumPath (): { path: string } | { missing: string } {
  const path = process.env.TIM_CHROMIUM ?? '/usr/bin/chromium'
  if (!existsSync(path)) {
    return { missing: `no Chromium at ${path} (install Debian's: apt-get install chromium, or set TIM_CHROMIUM)` }
  }
  return { path }
}

/** What a browser test holds: each is stopped, and the base directory removed, after the test. */
export interface BrowserTestScene {
  chromium: string
  /** a fresh temporary directory for the test's data */
  base: string
  node?: UiNode
  browser?: Browser
  /** more to stop after the browser (API clients, more nodes), last added first */
  stops: Array<() => Promise<unknown>>
}

/**
 * The start of a browser test: null (the test skipped, saying why) without Chromium, else
 * a fresh directory and the place to put the node and the browser it starts.
 */
export async function startBrowserTest (t: { skip: (why: string) => void, after: (fn: () => Promise<void>) => void }, prefix: string): Promise<BrowserTestScene | null> {
  const chromium = chromiumPath()
  if ('missing' in chromium) {
    t.skip(chromium.missing)
    return null
  }
  const scene: BrowserTestScene = { chromium: chromium.path, base: await mkdtemp(join(tmpdir(), `tim-${prefix}-`)), stops: [] }
  t.after(async () => {
    await scene.browser?.close()
    for (const stop of scene.stops.reverse()) await stop().catch(() => {})
    await scene.node?.stop()
    await rm(scene.base, { recursive: true, force: true, maxRetries: 3 })
  })
  return scene
}

/** `tim init` for Alice in `dataDir` (with `args`, and no passphrase from the environment); what it printed. */
export function initAlice (dataDir: string, args: string[] = []): string {
  return initAccount(dataDir, 'Alice', args)
}

export async function launchChromium (path: string): Promise<Browser> {
  return await chromium.launch({
    executablePath: path,
    timeout: START_TIMEOUT_MS,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'
    ]
  })
}
