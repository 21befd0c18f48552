/**
 * `<data>/api.json` — `{ url, token, pid }` of a running node's JSON-RPC API, written by
 * `tim node` (mode 0600) and read by every other command. Owns reading it (validated: it is
 * data from outside this process), writing it, removing it, and telling a live node's file
 * from one left behind by a node that died.
 */

import { readFile, unlink } from 'node:fs/promises'
import { unlinkSync } from 'node:fs'
import { join } from 'node:path'

export const API_FILE = 'api.json'

export interface ApiFile {
  url: string
  token: string
  pid: number
}

export function apiFilePath (dataDir: string): string {
  return join(dataDir, API_FILE)
}

function isApiFile (value: unknown): value is ApiFile {
  if (typeof value !== 'object' || value === null) return false
  const file = value as Record<string, unknown>
  return typeof file.url === 'string' && typeof file.token === 'string' &&
    typeof file.pid === 'number' && Number.isInteger(file.pid) && file.pid > 0
}

/** The api.json of `dataDir`; undefined when there is none or it is unreadable. */
export async function readApiFile (dataDir: string): Promise<ApiFile | undefined> {
  let text: string
  try {
    text = await readFile(apiFilePath(dataDir), 'utf8')
  } catch {
    return undefined
  }
  try {
    const parsed: unknown = JSON.parse(text)
    return isApiFile(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Whether a process with this id exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function writeApiFile (dataDir: string, file: ApiFile): Promise<void> {
  // loaded here, not at the top: the other commands only read api.json and start faster without it
  const { writePrivateFile } = await import('../../core/identity/index.ts')
  await writePrivateFile(apiFilePath(dataDir), JSON.stringify(file, null, 2) + '\n')
}

/** Removes api.json if it is still the one this process wrote (same token). */
export async function removeApiFile (dataDir: string, token: string): Promise<void> {
  const current = await readApiFile(dataDir)
  if (current !== undefined && current.token !== token) return
  await unlink(apiFilePath(dataDir)).catch(() => {})
}

/** For a forced exit, where nothing async runs any more. */
export function removeApiFileSync (dataDir: string): void {
  try {
    unlinkSync(apiFilePath(dataDir))
  } catch {}
}
