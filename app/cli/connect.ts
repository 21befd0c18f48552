/**
 * Reaching the running node of a data directory: reads its api.json and opens a JSON-RPC
 * client. Every failure to reach the node becomes one NodeUnavailableError whose message
 * says the node is not running and the command that starts it. Also the deadlines the CLI
 * gives its calls (the CLI is the caller, so it picks them).
 */

import { AbortError, NodeUnavailableError, type AbortOptions } from '../../core/api/index.ts'
import { createRpcClient, type RpcClient } from '../../core/rpc/client.ts'
import { apiFile, isProcessAlive } from './endpoint-file.ts'
import { timCommand, type DataDir } from './data-dir.ts'

/** How long to wait for the node to accept the connection. */
export const CONNECT_TIMEOUT_MS = 5_000
/** How long one API call may take. */
export const CALL_TIMEOUT_MS = 30_000

function notRunning (dataDir: DataDir, why?: string): Error {
  const detail = why === undefined ? '' : ` (${why})`
  return new NodeUnavailableError(`the Tim node for ${dataDir.display} is not running${detail}: start it with \`${timCommand(dataDir, 'node')}\``)
}

/** Connects to the node of `dataDir`; throws NodeUnavailableError saying how to start it. */
export async function connectToNode (dataDir: DataDir): Promise<RpcClient> {
  const file = await apiFile.read(dataDir.path)
  if (file === undefined) {
    throw notRunning(dataDir)
  }
  if (!isProcessAlive(file.pid)) {
    throw notRunning(dataDir, `${apiFile.path(dataDir.display)} was left by process ${file.pid}, which has exited`)
  }
  try {
    return await createRpcClient({ url: file.url, token: file.token, signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS) })
  } catch (err) {
    const name = err instanceof Error ? err.name : ''
    if (name === 'NodeUnavailableError') throw notRunning(dataDir, `nothing answers at ${file.url}`)
    if (name === 'AbortError') throw notRunning(dataDir, `${file.url} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`)
    throw err
  }
}

/** Options for one API call: its deadline. */
export function callOptions (): AbortOptions {
  return { signal: AbortSignal.timeout(CALL_TIMEOUT_MS) }
}

/** Connects, runs `fn` with the client, and always closes it. A missed deadline says so. */
export async function withNode<T> (dataDir: DataDir, fn: (api: RpcClient) => Promise<T>): Promise<T> {
  const api = await connectToNode(dataDir)
  try {
    return await fn(api)
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') {
      throw new AbortError(`the Tim node did not answer within ${CALL_TIMEOUT_MS / 1000} s`)
    }
    throw err
  } finally {
    await api.close()
  }
}
