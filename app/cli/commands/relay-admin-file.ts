/**
 * `<data>/admin.json` — `{ url, token, pid }` of a running relay's admin endpoint, written by
 * `tim relay` (mode 0600) and read by `tim relay stats`. Owns reading it (validated: it is
 * data from outside this process), writing and removing it. Knows nothing of the endpoint.
 */

import { readFile, unlink } from 'node:fs/promises'
import { unlinkSync } from 'node:fs'
import { join } from 'node:path'

export const ADMIN_FILE = 'admin.json'

export interface AdminFile {
  /** `http://127.0.0.1:PORT/admin` */
  url: string
  token: string
  pid: number
}

export function adminFilePath (dataDir: string): string {
  return join(dataDir, ADMIN_FILE)
}

function isAdminFile (value: unknown): value is AdminFile {
  if (typeof value !== 'object' || value === null) return false
  const file = value as Record<string, unknown>
  return typeof file.url === 'string' && /^https?:\/\//.test(file.url) && typeof file.token === 'string' &&
    typeof file.pid === 'number' && Number.isInteger(file.pid) && file.pid > 0
}

/** The admin.json of `dataDir`; undefined when there is none or it is not one. */
export async function readAdminFile (dataDir: string): Promise<AdminFile | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(adminFilePath(dataDir), 'utf8'))
    return isAdminFile(parsed) ? parsed : undefined
  } catch {
    return undefined
  }
}

export async function writeAdminFile (dataDir: string, file: AdminFile): Promise<void> {
  const { writePrivateFile } = await import('../../../core/identity/index.ts')
  await writePrivateFile(adminFilePath(dataDir), JSON.stringify(file, null, 2) + '\n')
}

/** Removes admin.json if it is still the one this process wrote (same token). */
export async function removeAdminFile (dataDir: string, token: string): Promise<void> {
  const current = await readAdminFile(dataDir)
  if (current !== undefined && current.token !== token) return
  await unlink(adminFilePath(dataDir)).catch(() => {})
}

/** For a forced exit, where nothing async runs any more. */
export function removeAdminFileSync (dataDir: string): void {
  try {
    unlinkSync(adminFilePath(dataDir))
  } catch {}
}
