/**
 * Messages written while the node could not be reached (web mode, node restarting): kept in
 * localStorage (`tim.unsent`) until the node is back, then sent in order. Only requests that
 * never reached the node are kept here, so nothing is sent twice.
 */

import { isPlainObject, type SendRequest } from '../../../core/api/index.ts'

const KEY = 'tim.unsent'

export interface UnsentMessage {
  /** the local echo's id, `local:…` */
  localId: string
  request: SendRequest
  /** when it was written, ms since epoch */
  timestamp: number
}

function isUnsent (value: unknown): value is UnsentMessage {
  return isPlainObject(value) && typeof value.localId === 'string' && typeof value.timestamp === 'number' &&
    isPlainObject(value.request) && typeof value.request.conversation === 'string'
}

export function readUnsent (): UnsentMessage[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter(isUnsent) : []
  } catch {
    return []
  }
}

function writeUnsent (list: readonly UnsentMessage[]): void {
  try {
    if (list.length === 0) localStorage.removeItem(KEY)
    else localStorage.setItem(KEY, JSON.stringify(list))
  } catch {
    // storage disabled or full: kept as long as the page
  }
}

export function keepUnsent (message: UnsentMessage): void {
  writeUnsent([...readUnsent().filter(kept => kept.localId !== message.localId), message])
}

export function dropUnsent (localId: string): void {
  writeUnsent(readUnsent().filter(kept => kept.localId !== localId))
}
