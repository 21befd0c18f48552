/**
 * `tim relay` — runs a relay: the same engine as `tim node` (core createNode) with
 * `role: 'relay'`: circuit-relay server with limits, DHT server, AutoNAT, DCUtR and a STUN
 * server. Creates a relay identity in DIR when it has none. Prints the addresses other nodes
 * bootstrap from (each ending in /p2p/<peerId>) and the STUN URL(s), serves the admin
 * endpoint (core/net admin-server) on 127.0.0.1 with a fresh token and publishes
 * `{ url, token, pid }` in DIR/admin.json (mode 0600) for `tim relay stats`. Stops cleanly on
 * SIGINT/SIGTERM and removes admin.json.
 */

import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { dataOption, integerOption, UsageError, type CommandContext, type CommandSpec } from '../command.ts'
import type { DataDir } from '../data-dir.ts'
import { note, printLine } from '../output.ts'
import { passphraseFromFileOrEnv } from '../passphrase.ts'
import { waitForShutdown } from '../signals.ts'
import { parseHostPort } from './node.ts'
import { adminFile } from '../endpoint-file.ts'
import { relayStatsCommand } from './relay-stats.ts'

/** Longest a clean stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 10_000

export const relayCommand: CommandSpec = {
  name: 'relay',
  summary: 'run a relay: relay circuits, DHT server, STUN, bootstrap for other nodes',
  options: {
    ...dataOption,
    listen: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'listen on this address (repeatable; default: those of the last run, else TCP and WebSockets on all interfaces)' },
    announce: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'advertise this address instead of the listen addresses (repeatable)' },
    bootstrap: { type: 'string', multiple: true, value: 'MULTIADDR', help: 'connect to this peer (another relay) at start (repeatable)' },
    admin: { type: 'string', value: 'HOST:PORT', help: 'where the admin endpoint listens (default 127.0.0.1:0, a free port)' },
    'stun-port': { type: 'string', value: 'N', help: 'UDP port of the STUN server (default 3478; 0 picks a free one)' },
    'max-reservations': { type: 'string', value: 'N', help: 'reservations held at once (default 128)' },
    'max-circuits': { type: 'string', value: 'N', help: 'relayed circuits open at once (default 256)' },
    'circuit-minutes': { type: 'string', value: 'N', help: 'longest a circuit stays open before the relay resets it (default 60)' },
    'circuit-mib': { type: 'string', value: 'N', help: 'most MiB a circuit carries in one direction before the relay resets it (default 64)' },
    'passphrase-file': { type: 'string', value: 'FILE', help: 'the keys\' passphrase is the first line of FILE (or set TIM_PASSPHRASE)' }
  },
  details: [
    'Prints `bootstrap: MULTIADDR` lines (give one to `tim node --bootstrap`) and `stun: URL` lines.',
    'Writes DIR/admin.json (mode 0600): where the admin endpoint listens and its token; `tim relay stats` reads it.',
    'Nodes learn the STUN server from the relay itself (its identify agent version carries the port).',
    'Stop it with Ctrl-C (or SIGTERM); a second signal exits at once.'
  ],
  positionals: { min: 0, max: 0 },
  subcommands: [relayStatsCommand],
  run: runRelay
}

function adminAddress (text: string): { host: string, port: number } {
  try {
    return parseHostPort(text)
  } catch {
    throw new UsageError(`tim relay: --admin takes HOST:PORT (for example 127.0.0.1:7891), got "${text}"`)
  }
}

/** A relay needs keys: make them on first start (no passphrase unless one is given). */
async function ensureRelayIdentity (dataDir: DataDir, passphrase: string | undefined): Promise<void> {
  const { createIdentity, hasIdentity } = await import('../../../core/index.ts')
  if (await hasIdentity(dataDir.path)) return
  const name = `relay ${hostname()}`.slice(0, 64)
  const identity = await createIdentity(dataDir.path, { name, passphrase })
  note(`created the relay identity "${identity.name}" in ${dataDir.display}${identity.encrypted ? ' (keys encrypted)' : ''}`)
}

async function runRelay (context: CommandContext): Promise<number> {
  const { dataDir, string, strings } = context
  const admin = adminAddress(string('admin') ?? '127.0.0.1:0')
  const stunPort = integerOption(context, 'stun-port', 0, 65535)
  const maxReservations = integerOption(context, 'max-reservations', 1, 1_000_000)
  const maxCircuits = integerOption(context, 'max-circuits', 1, 1_000_000)
  const circuitMinutes = integerOption(context, 'circuit-minutes', 1, 7 * 24 * 60)
  const circuitMib = integerOption(context, 'circuit-mib', 1, 1024 * 1024)
  const passphrase = await passphraseFromFileOrEnv(string('passphrase-file'))
  await ensureRelayIdentity(dataDir, passphrase)

  const { createNode } = await import('../../../core/index.ts')
  const { createAdminServer } = await import('../../../core/net/index.ts')
  const listen = strings('listen')
  const announce = strings('announce')
  const node = await createNode({
    dataDir: dataDir.path,
    passphrase,
    role: 'relay',
    listen: listen.length > 0 ? listen : undefined,
    announce: announce.length > 0 ? announce : undefined,
    bootstrap: strings('bootstrap'),
    mdns: false,
    ...(stunPort !== undefined ? { stunPort } : {}),
    relay: {
      ...(maxReservations !== undefined ? { maxReservations } : {}),
      ...(maxCircuits !== undefined ? { maxCircuits } : {}),
      ...(circuitMinutes !== undefined ? { circuitDurationMs: circuitMinutes * 60_000 } : {}),
      ...(circuitMib !== undefined ? { circuitDataBytes: circuitMib * 1024 * 1024 } : {})
    }
  })

  const net = node.libp2p.services.net
  const token = randomBytes(32).toString('base64url')
  const server = createAdminServer({
    stats: async () => await net.relayStats(),
    serving: async () => (await node.api.stats()).serving
  }, { host: admin.host, port: admin.port, token })
  try {
    await server.start()
    await adminFile.write(dataDir.path, { url: server.url, token, pid: process.pid })
  } catch (err) {
    await server.stop().catch(() => {})
    await node.stop()
    throw err
  }

  printLine('Tim relay running')
  printLine(`relay (PeerId): ${node.identity.deviceId}`)
  for (const address of (await net.relayStats()).addresses) printLine(`bootstrap: ${address}`)
  for (const url of net.stunUrls()) printLine(`stun: ${url}`)
  printLine(`admin: ${server.url}`)
  if (!['127.0.0.1', 'localhost', '::1'].includes(admin.host)) {
    note(`warning: the admin endpoint listens on ${admin.host}: whoever can reach it and read ${adminFile.path(dataDir.display)} sees this relay's peers`)
  }
  note('stop with Ctrl-C')

  await waitForShutdown({
    stop: async () => {
      note('stopping…')
      const watchdog = setTimeout(() => {
        note(`error: the relay did not stop within ${STOP_TIMEOUT_MS / 1000} s: exiting anyway`)
        adminFile.removeSync(dataDir.path)
        process.exit(1)
      }, STOP_TIMEOUT_MS)
      watchdog.unref()
      try {
        await server.stop()
        await node.stop()
      } finally {
        await adminFile.remove(dataDir.path, token)
        clearTimeout(watchdog)
      }
      note('stopped')
    },
    force: () => { adminFile.removeSync(dataDir.path) }
  })
  return 0
}
