/**
 * `tim node` — runs this device's node: opens the keys (asking for the passphrase when they
 * are encrypted), starts libp2p and messaging (core createNode), serves the JSON-RPC API on
 * 127.0.0.1 with a fresh token, and publishes `{ url, token, pid }` in DIR/api.json for the
 * other commands. Stops cleanly on SIGINT/SIGTERM and removes api.json.
 */

import { randomBytes } from 'node:crypto'
import { InvalidArgumentError } from '../../../core/api/index.ts'
import { apiFilePath, isProcessAlive, readApiFile, removeApiFile, removeApiFileSync, writeApiFile } from '../api-file.ts'
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
    'passphrase-file': { type: 'string', value: 'FILE', help: 'the keys\' passphrase is the first line of FILE (or set TIM_PASSPHRASE)' }
  },
  details: [
    'Writes DIR/api.json (mode 0600): where the API listens and its token; the other commands read it.',
    'Without --data, uses $TIM_DATA or ~/.tim, and creates an account there if it has none.',
    'Stop it with Ctrl-C (or SIGTERM); a second signal exits at once.'
  ],
  positionals: { min: 0, max: 0 },
  run: runNode
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
  const file = await readApiFile(dataDir.path)
  if (file !== undefined && file.pid !== process.pid && isProcessAlive(file.pid)) {
    throw new InvalidArgumentError(`a Tim node (pid ${file.pid}) is already running on ${dataDir.display} (see ${apiFilePath(dataDir.display)}): stop it first`)
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

async function runNode ({ dataDir, string, strings, flag }: CommandContext): Promise<number> {
  const api = parseHostPort(string('api') ?? '127.0.0.1:0')
  await refuseIfRunning(dataDir)
  const given = await passphraseFromFileOrEnv(string('passphrase-file'))
  await ensureIdentity(dataDir, given)
  const passphrase = await resolvePassphrase(dataDir, given)

  const { createNode } = await import('../../../core/index.ts')
  const { createRpcServer } = await import('../../../core/rpc/index.ts')
  const listen = strings('listen')
  const node = await createNode({
    dataDir: dataDir.path,
    passphrase,
    listen: listen.length > 0 ? listen : undefined,
    bootstrap: strings('bootstrap'),
    announce: strings('announce').length > 0 ? strings('announce') : undefined,
    mdns: !flag('no-mdns')
  })

  const token = randomBytes(32).toString('base64url')
  const server = createRpcServer({ api: node.api }, { host: api.host, port: api.port, token })
  try {
    await server.start()
    await refuseIfRunning(dataDir) // another node may have started meanwhile
    await writeApiFile(dataDir.path, { url: server.url, token, pid: process.pid })
  } catch (err) {
    await server.stop({ signal: AbortSignal.timeout(API_CLOSE_TIMEOUT_MS) }).catch(() => {})
    await node.stop()
    throw err
  }

  printLine('Tim node running')
  printLine(`account: ${node.identity.accountId}`)
  printLine(`device (PeerId): ${node.identity.deviceId}`)
  for (const address of node.addresses()) printLine(`listen: ${address}`)
  printLine(`api: ${server.url}`)
  if (!['127.0.0.1', 'localhost', '::1'].includes(api.host)) {
    note(`warning: the API listens on ${api.host}: whoever can reach it and read ${apiFilePath(dataDir.display)} controls this node`)
  }
  note('stop with Ctrl-C')

  await waitForShutdown({
    stop: async () => {
      note('stopping…')
      const watchdog = setTimeout(() => {
        note(`error: the node did not stop within ${STOP_TIMEOUT_MS / 1000} s: exiting anyway`)
        removeApiFileSync(dataDir.path)
        process.exit(1)
      }, STOP_TIMEOUT_MS)
      watchdog.unref()
      try {
        await server.stop({ signal: AbortSignal.timeout(API_CLOSE_TIMEOUT_MS) })
        await node.stop()
      } finally {
        await removeApiFile(dataDir.path, token)
        clearTimeout(watchdog)
      }
      note('stopped')
    },
    force: () => { removeApiFileSync(dataDir.path) }
  })
  return 0
}
