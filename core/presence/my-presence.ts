/**
 * This node's own presence: what `setPresence` accepts (checked against core/api's limits)
 * and where it is kept (key `me` of the `presence` sublevel), so that a restart keeps it: an
 * account that went invisible is still invisible when its node comes back.
 */

import { InvalidArgumentError, isPlainObject, limits, type MyPresence, type PresenceStatus } from '../api/index.ts'
import type { JsonSublevel } from '../store/index.ts'

const statuses: readonly PresenceStatus[] = ['online', 'away', 'busy', 'invisible']

export const defaultPresence: MyPresence = { status: 'online', shareLastSeen: true }

const KEY = 'me'

/**
 * The presence `request` makes of `current`: `status` is required; an omitted `text` or
 * `shareLastSeen` keeps its current value, and an empty text clears it.
 */
export function applyPresenceRequest (current: MyPresence, request: unknown): MyPresence {
  if (!isPlainObject(request) || !statuses.includes(request.status as PresenceStatus)) {
    throw new InvalidArgumentError(`setPresence needs { status: ${statuses.map(s => `'${s}'`).join(' | ')}, text?, shareLastSeen? }`)
  }
  const { text, shareLastSeen } = request
  if (text !== undefined && typeof text !== 'string') {
    throw new InvalidArgumentError('a status text must be a string')
  }
  if (text !== undefined && text.length > limits.maxStatusTextLength) {
    throw new InvalidArgumentError(`a status text is at most ${limits.maxStatusTextLength} characters`)
  }
  if (shareLastSeen !== undefined && typeof shareLastSeen !== 'boolean') {
    throw new InvalidArgumentError('shareLastSeen must be true or false')
  }
  const nextText = text === undefined ? current.text : text
  return {
    status: request.status as PresenceStatus,
    ...(nextText != null && nextText !== '' ? { text: nextText } : {}),
    shareLastSeen: shareLastSeen ?? current.shareLastSeen
  }
}

export async function loadMyPresence (sublevel: JsonSublevel<unknown>): Promise<MyPresence> {
  const stored = await sublevel.get(KEY)
  try {
    return applyPresenceRequest(defaultPresence, stored)
  } catch {
    return defaultPresence
  }
}

export async function saveMyPresence (sublevel: JsonSublevel<unknown>, presence: MyPresence): Promise<void> {
  await sublevel.put(KEY, presence)
}
