/**
 * A Tim node in a real child process (`tim node` from the CLI), reached through its JSON-RPC
 * API like any client would. Lets crash tests SIGKILL a node and start it again on the same
 * data directory.
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRpcClient, type RpcClient } from '../../core/rpc/index.ts'
import { tempDir, type AfterHook } from './temp-dir.ts'
import { waitFor } from './peers.ts'

export const timBin = fileURLToPath(new URL('../../app/bin/tim.js', import.meta.url))

export interface NodeProcess {
  name: string
  dataDir: string
  /** the API client of the current incarnation */
  api: () => RpcClient
  account: string
  /** SIGKILL: no shutdown, no flush, like a power cut */
  crash: () => Promise<void>
  /** starts the node again on the same data directory */
  restart: () => Promise<void>
  /** SIGTERM and wait for a clean exit */
  stop: () => Promise<void>
  output: () => string
}

interface ApiFile {
  url: string
  token: string
  pid: number
}

/** Runs `tim <args>` to completion; returns its stdout, throws with stderr on failure. */
export function runTim (args: string[]): string {
  const result = spawnSync(process.execPath, [timBin, ...args], { encoding: 'utf8', timeout: 30_000 })
  if (result.status !== 0) {
    throw new Error(`tim ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  }
  return result.stdout
}

export async function startNodeProcess (t: AfterHook, name: string): Promise<NodeProcess> {
  const dataDir = join(await tempDir(t), name.toLowerCase())
  runTim(['init', '--data', dataDir, '--name', name])
  const account = runTim(['id', '--data', dataDir, '--json'])
  let child: ChildProcess | null = null
  let client: RpcClient | null = null
  let log = ''

  const launch = async (): Promise<void> => {
    const started = Date.now()
    child = spawn(process.execPath, [timBin, 'node', '--data', dataDir, '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString() })
    child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString() })
    const apiFile = await waitFor(async () => {
      try {
        if ((await stat(join(dataDir, 'api.json'))).mtimeMs < started - 1000) {
          return null
        }
        return JSON.parse(await readFile(join(dataDir, 'api.json'), 'utf8')) as ApiFile
      } catch {
        return null
      }
    }, file => file?.pid === child?.pid, { timeoutMs: 30_000, intervalMs: 100, what: `${name}'s node to write api.json (output: ${log})` })
    client = await createRpcClient({ url: (apiFile as ApiFile).url, token: (apiFile as ApiFile).token })
  }

  const exited = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child
    if (running == null || running.exitCode != null || running.signalCode != null) {
      return
    }
    await client?.close().catch(() => {})
    const exit = new Promise(resolve => running.once('exit', resolve))
    running.kill(signal)
    await exit
    child = null
    client = null
  }

  await launch()
  const node: NodeProcess = {
    name,
    dataDir,
    account: (JSON.parse(account) as { accountId: string }).accountId,
    api: () => {
      if (client == null) {
        throw new Error(`${name}'s node is not running`)
      }
      return client
    },
    crash: async () => { await exited('SIGKILL') },
    restart: launch,
    stop: async () => { await exited('SIGTERM') },
    output: () => log
  }
  t.after(async () => { await node.stop() })
  return node
}
