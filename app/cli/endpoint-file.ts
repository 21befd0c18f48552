/**
 * Endpoint files: `{ url, token, pid }` of a running process's local endpoint, kept in the
 * data directory with mode 0600 — `api.json` (a node's JSON-RPC API, written by `tim node`)
 * and `admin.json` (a relay's admin endpoint, written by `tim relay`). Owns reading them
 * (validated: they are data from outside this process), writing and removing them, and
 * telling a live process's file from one left behind by a process that died.
 */

import { readFile, unlink } from 'node:fs/promises'
import { unlinkSync } from 'node:fs'
import { join } from 'node:path'

export interface EndpointFileContent {
  url: string
  token: string
  pid: number
}

export interface EndpointFile {
  name: string
  path: (dataDir: string) => string
  /** the file of `dataDir`; undefined when there is none or it is not one */
  read: (dataDir: string) => Promise<EndpointFileContent | undefined>
  write: (dataDir: string, content: EndpointFileContent) => Promise<void>
  /** removes the file if it is still the one this process wrote (same token) */
  remove: (dataDir: string, token: string) => Promise<void>
  /** for a forced exit, where nothing async runs any more */
  removeSync: (dataDir: string) => void
}

function isContent (value: unknown): value is EndpointFileContent {
  if (typeof value !== 'object' || value === null) return false
  const file = value as Record<string, unknown>
  return typeof file.url === 'string' && typeof file.token === 'string' &&
    typeof file.pid === 'number' && Number.isInteger(file.pid) && file.pid > 0
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

export function endpointFile (name: string): EndpointFile {
  const path = (dataDir: string): string => join(dataDir, name)
  const read = async (dataDir: string): Promise<EndpointFileContent | undefined> => {
    try {
      const parsed: unknown = JSON.parse(await readFile(path(dataDir), 'utf8'))
      return isContent(parsed) ? parsed : undefined
    } catch {
      return undefined
    }
  }
  return {
    name,
    path,
    read,
    write: async (dataDir, content) => {
      // loaded here, not at the top: commands that only read start faster without it
      const { writePrivateFile } = await import('../../core/identity/index.ts')
      await writePrivateFile(path(dataDir), JSON.stringify(content, null, 2) + '\n')
    },
    remove: async (dataDir, token) => {
      const current = await read(dataDir)
      if (current !== undefined && current.token !== token) return
      await unlink(path(dataDir)).catch(() => {})
    },
    removeSync: (dataDir) => {
      try {
        unlinkSync(path(dataDir))
      } catch {}
    }
  }
}

/** `api.json`: a running node's JSON-RPC API. */
export const apiFile = endpointFile('api.json')
/** `admin.json`: a running relay's admin endpoint (`http://127.0.0.1:PORT/admin`). */
export const adminFile = endpointFile('admin.json')
