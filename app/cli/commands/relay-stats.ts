/**
 * `tim relay stats` — what the running relay of DIR reports on its admin endpoint (found
 * through DIR/admin.json): uptime, connected peers, reservations, circuits, mailbox usage
 * per account (counts and bytes) and the metrics; `--json` prints the endpoint's JSON as is.
 */

import { NodeUnavailableError } from '../../../core/api/index.ts'
import type { RelayStats } from '../../../core/net/index.ts'
import { adminFile, isProcessAlive } from '../endpoint-file.ts'
import { nodeClientOptions, type CommandSpec } from '../command.ts'
import { timCommand, type DataDir } from '../data-dir.ts'
import { formatTime, printJson, printLine, printTable } from '../output.ts'

/** How long the admin endpoint gets to answer. */
const STATS_TIMEOUT_MS = 10_000

function notRunning (dataDir: DataDir, why: string): Error {
  return new NodeUnavailableError(`the Tim relay for ${dataDir.display} is not running (${why}): start it with \`${timCommand(dataDir, 'relay')}\``)
}

async function fetchStats (dataDir: DataDir): Promise<RelayStats> {
  const file = await adminFile.read(dataDir.path)
  if (file === undefined) {
    throw notRunning(dataDir, `no ${adminFile.path(dataDir.display)}`)
  }
  if (!isProcessAlive(file.pid)) {
    throw notRunning(dataDir, `${adminFile.path(dataDir.display)} was left by process ${file.pid}, which has exited`)
  }
  let response: Response
  try {
    response = await fetch(`${file.url}/stats`, {
      headers: { authorization: `Bearer ${file.token}` },
      signal: AbortSignal.timeout(STATS_TIMEOUT_MS)
    })
  } catch (err) {
    throw notRunning(dataDir, `nothing answers at ${file.url}: ${(err as Error).message}`)
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok || typeof body !== 'object' || body === null || 'error' in body || !('metrics' in body)) {
    const error = (body as { error?: { name?: unknown, message?: unknown } } | null)?.error
    const failure = new Error(`the relay's admin endpoint answered ${response.status}: ${typeof error?.message === 'string' ? error.message : response.statusText}`)
    failure.name = typeof error?.name === 'string' ? error.name : 'Error'
    throw failure
  }
  return body as RelayStats
}

function duration (ms: number): string {
  const seconds = Math.floor(ms / 1000)
  const parts = [[Math.floor(seconds / 86400), 'd'], [Math.floor(seconds / 3600) % 24, 'h'], [Math.floor(seconds / 60) % 60, 'm'], [seconds % 60, 's']] as const
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value}${unit}`)
  return shown.length === 0 ? '0s' : shown.join(' ')
}

function bytes (count: number): string {
  if (count < 1024) return `${count} B`
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} KiB`
  return `${(count / 1024 / 1024).toFixed(1)} MiB`
}

function short (peerId: string | undefined): string {
  return peerId === undefined ? '?' : `${peerId.slice(0, 8)}…${peerId.slice(-6)}`
}

function printStats (stats: RelayStats): void {
  const { reservations, circuits } = stats
  printLine(`relay:        ${stats.peerId}`)
  printLine(`up:           ${duration(stats.uptimeMs)} (since ${formatTime(stats.startedAt)})`)
  for (const address of stats.addresses) printLine(`bootstrap:    ${address}`)
  for (const url of stats.stun) printLine(`stun:         ${url}`)
  printLine(`peers:        ${stats.peers.count} connected`)
  printLine(`reservations: ${reservations.count} of ${reservations.max} (${reservations.refused} refused of ${reservations.requests} requests)`)
  printLine(`circuits:     ${circuits.active} of ${circuits.max} open (${circuits.opened} opened, ${circuits.denied} denied, ` +
    `${circuits.endedByDuration + circuits.endedByData} reset by limits)`)
  if (stats.mailbox === null) {
    printLine('mailbox:      none held here')
  } else {
    const count = stats.mailbox.reduce((sum, m) => sum + m.count, 0)
    const size = stats.mailbox.reduce((sum, m) => sum + m.bytes, 0)
    printLine(`mailbox:      ${stats.mailbox.length} accounts, ${count} envelopes, ${bytes(size)}`)
  }
  if (reservations.list.length > 0) {
    printLine()
    printTable(['reserved by', 'expires', 'from'], reservations.list.map(r => [short(r.peerId), formatTime(r.expiresAt), r.address]))
  }
  if (circuits.list.length > 0) {
    printLine()
    printTable(['circuit from', 'to', 'open for', 'bytes to destination'],
      circuits.list.map(c => [short(c.source), short(c.destination), duration(stats.startedAt + stats.uptimeMs - c.openedAt), bytes(c.bytesToDestination)]))
  }
  if (stats.mailbox !== null && stats.mailbox.length > 0) {
    printLine()
    printTable(['mailbox account', 'envelopes', 'bytes'], stats.mailbox.map(m => [m.account, String(m.count), bytes(m.bytes)]))
  }
  printLine()
  printTable(['metric', 'value'], Object.entries(stats.metrics).map(([name, value]) => [name, String(value)]))
}

export const relayStatsCommand: CommandSpec = {
  name: 'relay stats',
  summary: 'show the running relay\'s peers, reservations, circuits, mailbox usage and metrics',
  options: nodeClientOptions,
  details: ['Reads DIR/admin.json, written by `tim relay`, and asks the relay\'s admin endpoint.'],
  positionals: { min: 0, max: 0 },
  run: async ({ dataDir, json }) => {
    const stats = await fetchStats(dataDir)
    if (json) {
      printJson(stats)
    } else {
      printStats(stats)
    }
    return 0
  }
}
