/**
 * `tim node` — runs this device's node: opens the keys (asking for the passphrase when they
 * are encrypted), starts libp2p and messaging (core/host: createNodeHost), serves the
 * JSON-RPC API on 127.0.0.1 with a fresh token, and publishes `{ url, token, pid }` in
 * DIR/api.json for the other commands. With `--ui` it also serves the messenger UI (app/web)
 * and prints a one-time login link (`ui: http://127.0.0.1:PORT/#login=CODE`, a fresh one on
 * SIGUSR1); a data directory without an account then waits for the UI to create one
 * (onboarding) instead of failing. Stops cleanly on SIGINT/SIGTERM and removes api.json.
 * Every node serves others while reachable from outside (DHT server, relay reservations,
 * mailbox): `--reachable` says it is without waiting for AutoNAT, `--serve off` opts out for
 * this run (the UI's switch keeps its choice in DIR/settings.json).
 */

import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { InvalidArgumentError, PassphraseRequiredError, type CreateAccountRequest, type UnlockRequest } from '../../../core/api/index.ts'
import type { NodeApi, TimNode } from '../../../core/index.ts'
import { apiFile, isProcessAlive } from '../endpoint-file.ts'
import { dataOption, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import type { DataDir } from '../data-dir.ts'
import { note, printLine } from '../output.ts'
import { canPrompt, passphraseFromFileOrEnv, promptHidden } from '../passphrase.ts'
import { waitForShutdown } from '../signals.ts'
import { defaultName } from './init.ts'

/** Longest a clean stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 10_000
/** How long API clients get to hang up when the node stops. */
const API_CLOSE_TIMEOUT_MS = 2_000

export const nodeCommand: CommandSpec = {
  name: 'node',
  summary: 'run your node: reach peers, deliver messages, serve the local API',
  options: {
    ...dataOption,
    listen: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'listen on this address (repeatable; default: those of the last run, else TCP and WebSockets on all interfaces)' },
    bootstrap: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'connect to this peer at start (repeatable)' },
    announce: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'advertise this address instead of the listen addresses (repeatable)' },
    api: { type: 'string', value: 'HOST:PORT', help: 'where the JSON-RPC API listens (default 127.0.0.1:0, a free port)' },
    'no-mdns': { type: 'boolean', help: 'do not look for peers on the local network' },
    'passphrase-file': { type: 'string', value: 'FILE', help: 'the keys\' passphrase is the first line of FILE (or set TIM_PASSPHRASE)' },
    ui: { type: 'boolean', help: 'also serve the messenger UI on 127.0.0.1 and print a one-time login link (`ui: URL`)' },
    'ui-port': { type: 'string', value: 'PORT', help: 'with --ui: serve the UI on this port (default: a free one); the same port after a restart keeps the page\'s drafts' },
    reachable: { type: 'boolean', help: 'this node is reachable from outside (a public address): serve others without waiting for AutoNAT to confirm it' },
    serve: { type: 'string', value: 'auto|off', help: 'serve others (DHT server, relay reservations, mailbox) while reachable (auto, the default), or never (off)' }
  },
  details: [
    'Writes DIR/api.json (mode 0600): where the API listens and its token; the other commands read it.',
    'Without --data, uses $TIM_DATA or ~/.tim, and creates an account there if it has none.',
    'With --ui, a data directory without an account waits for you to create one in the UI.',
    'A node reachable from outside serves others with small limits; `tim stats` shows what it holds.',
    'Each login link works once, for 10 minutes; `kill -USR1 <pid>` prints a fresh one.',
    'Stop it with Ctrl-C (or SIGTERM); a second signal exits at once.'
  ],
  positionals: { min: 0, max: 0 },
  run: async context => await runNode(context, { ui: context.flag('ui') })
}

export interface RunNodeOptions {
  /** serve the UI too (`--ui`) */
  ui: boolean
  /** called once the node and its endpoints are up and their lines are printed */
  onReady?: () => void
}

/** `--ui-port PORT` (undefined: 0, a free port) */
function parseUiPort (text: string | undefined): number {
  if (text === undefined) return 0
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`tim node: --ui-port takes a port number, got "${text}"`)
  return Number(text)
}

/** `127.0.0.1:0`, `localhost:8080`, `[::1]:9000` */
export function parseHostPort (text: string): { host: string, port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text)
  const port = Number(match?.[2])
  if (match?.[1] === undefined || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`tim node: --api takes HOST:PORT (for example 127.0.0.1:7890), got "${text}"`)
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port }
}

async function refuseIfRunning (dataDir: DataDir): Promise<void> {
  const file = await apiFile.read(dataDir.path)
  if (file !== undefined && file.pid !== process.pid && isProcessAlive(file.pid)) {
    throw new InvalidArgumentError(`a Tim node (pid ${file.pid}) is already running on ${dataDir.display} (see ${apiFile.path(dataDir.display)}): stop it first`)
  }
}

/** With no --data and no account yet, makes one, so that `npm start` works on a fresh machine. */
async function ensureIdentity (dataDir: DataDir, passphrase: string | undefined): Promise<void> {
  const { createIdentity, hasIdentity } = await import('../../../core/index.ts')
  if (dataDir.given || await hasIdentity(dataDir.path)) return
  const identity = await createIdentity(dataDir.path, { name: defaultName(), passphrase })
  note(`created a new account "${identity.name}" in ${dataDir.display}${identity.encrypted ? ' (keys encrypted)' : ''}`)
}

async function resolvePassphrase (dataDir: DataDir, fromFileOrEnv: string | undefined): Promise<string | undefined> {
  if (fromFileOrEnv !== undefined) return fromFileOrEnv
  const { readPublicIdentity } = await import('../../../core/index.ts')
  const { encrypted } = await readPublicIdentity(dataDir.path)
  if (!encrypted || !canPrompt()) return undefined
  return await promptHidden(`passphrase for the keys in ${dataDir.display}: `)
}

/** The lines that tell the user (and tests) that the node runs, and where. */
function printRunning (node: TimNode): void {
  printLine('Tim node running')
  printLine(`account: ${node.identity.accountId}`)
  printLine(`device (PeerId): ${node.identity.deviceId}`)
  for (const address of node.addresses()) printLine(`listen: ${address}`)
}

/** `api` whose createAccount and unlock (in the UI) also print that the node now runs. */
function announcingStart (api: NodeApi, node: () => TimNode | null): NodeApi {
  return {
    ...api,
    createAccount: async (request: CreateAccountRequest, options) => {
      const identity = await api.createAccount(request, options)
      const running = node()
      if (running !== null) printRunning(running)
      return identity
    },
    unlock: async (request: UnlockRequest, options) => {
      const wasLocked = node() === null
      const identity = await api.unlock(request, options)
      const running = node()
      if (wasLocked && running !== null) printRunning(running)
      return identity
    }
  }
}

/** What `tim node` does; `tim desktop` runs it with `ui` in web mode. Resolves after shutdown. */
/** `--serve auto|off` (undefined: the saved choice, else auto) */
export function parseServe (text: string | undefined): 'auto' | 'off' | undefined {
  if (text === undefined || text === 'auto' || text === 'off') return text
  throw new UsageError(`tim node: --serve takes auto or off, got "${text}"`)
}

export async function runNode ({ dataDir, string, strings, flag }: CommandContext, { ui, onReady }: RunNodeOptions): Promise<number> {
  const apiAddress = parseHostPort(string('api') ?? '127.0.0.1:0')
  const serve = parseServe(string('serve'))
  const { checkUiRpcHost, defaultStaticDir, startLocalApi } = await import('../../web/index.ts')
  if (ui) checkUiRpcHost(apiAddress.host)
  await refuseIfRunning(dataDir)
  const given = await passphraseFromFileOrEnv(string('passphrase-file'))
  const { createNodeHost } = await import('../../../core/host/index.ts')
  const { hasIdentity } = await import('../../../core/index.ts')
  // with --ui, a missing account is created in the UI (onboarding); without, as before
  if (!ui) await ensureIdentity(dataDir, given)
  const onboarding = ui && !await hasIdentity(dataDir.path)
  const passphrase = onboarding ? given : await resolvePassphrase(dataDir, given)
  if (onboarding) await mkdir(dataDir.path, { recursive: true, mode: 0o700 })

  const listen = strings('listen')
  const host = createNodeHost({
    dataDir: dataDir.path,
    passphrase,
    listen: listen.length > 0 ? listen : undefined,
    bootstrap: strings('bootstrap'),
    announce: strings('announce').length > 0 ? strings('announce') : undefined,
    mdns: !flag('no-mdns'),
    reachable: flag('reachable'),
    ...(serve !== undefined ? { serve } : {})
  })
  await host.start()
  if (host.locked() && !ui) {
    await host.stop()
    throw new PassphraseRequiredError(`the keys in ${dataDir.display} are encrypted: give the passphrase (TIM_PASSPHRASE or --passphrase-file), or use --ui to unlock in the browser`)
  }

  const token = randomBytes(32).toString('base64url')
  let local: Awaited<ReturnType<typeof startLocalApi>> | undefined
  try {
    local = await startLocalApi({
      api: ui ? announcingStart(host.api, host.node) : host.api,
      token,
      rpc: apiAddress,
      ui: ui ? { staticDir: defaultStaticDir, port: parseUiPort(string('ui-port')) } : undefined
    })
    await refuseIfRunning(dataDir) // another node may have started meanwhile
    await apiFile.write(dataDir.path, { url: local.rpc.url, token, pid: process.pid })
  } catch (err) {
    await local?.stop({ signal: AbortSignal.timeout(API_CLOSE_TIMEOUT_MS) }).catch(() => {})
    await host.stop()
    throw err
  }
  const { rpc, web } = local

  const node = host.node()
  if (node !== null) printRunning(node)
  else if (host.locked()) printLine('Tim node locked: unlock it in the UI with the account\'s passphrase')
  else printLine('Tim node waiting for an account: create it in the UI')
  printLine(`api: ${rpc.url}`)
  if (!['127.0.0.1', 'localhost', '::1'].includes(apiAddress.host)) {
    note(`warning: the API listens on ${apiAddress.host}: whoever can reach it and read ${apiFile.path(dataDir.display)} controls this node`)
  }
  const printLoginLink = (): void => { if (web !== undefined) printLine(`ui: ${web.loginUrl()}`) }
  if (web !== undefined) {
    printLoginLink()
    note(`open the ui link in a browser: it logs in once, within 10 minutes (\`kill -USR1 ${process.pid}\` prints a new one)`)
    process.on('SIGUSR1', printLoginLink)
  }
  note('stop with Ctrl-C')
  onReady?.()

  await waitForShutdown({
    stop: async () => {
      note('stopping…')
      process.off('SIGUSR1', printLoginLink)
      const watchdog = setTimeout(() => {
        note(`error: the node did not stop within ${STOP_TIMEOUT_MS / 1000} s: exiting anyway`)
        apiFile.removeSync(dataDir.path)
        process.exit(1)
      }, STOP_TIMEOUT_MS)
      watchdog.unref()
      try {
        await local.stop({ signal: AbortSignal.timeout(API_CLOSE_TIMEOUT_MS) })
        await host.stop()
      } finally {
        await apiFile.remove(dataDir.path, token)
        clearTimeout(watchdog)
      }
      note('stopped')
    },
    force: () => { apiFile.removeSync(dataDir.path) }
  })
  return 0
}
