/**
 * Erasing messages for good: a recalled or burnt message becomes a tombstone (its text, custom
 * data, raw bytes, quote reference and reactions dropped), a message deleted for this node only
 * disappears, and in both cases the values are purged from the database's files soon after
 * (Store.purge: LevelDB keeps overwritten values in its log and tables until a compaction) and
 * at the latest when the node stops. Burn timers: a burn message's erasure time is kept in the
 * `burn-timers` sublevel (id → expiresAt) so that it fires after a restart too. Owns that
 * sublevel; the messages are messaging's history.
 */

import type { Logger } from '@libp2p/interface'
import type { ErasedReason, Message } from '../api/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../store/index.ts'
import type { BatchWriter } from './batch-writer.ts'
import type { EventHub } from './events.ts'
import type { MessageStore, StoredMessage } from './message-store.ts'

export interface ErasureComponents {
  store: Store
  history: MessageStore
  writer: BatchWriter
  events: EventHub
  /** what clients are shown of a stored message */
  view: (message: StoredMessage) => Promise<Message>
  log: Logger
}

export interface ErasureInit {
  /** how long after an erasure the database's files are purged, ms */
  purgeDelayMs?: number
}

export interface Erasure {
  /** replaces the message with a tombstone, everywhere on this node's disk */
  erase: (message: StoredMessage, reason: ErasedReason, also?: BatchOperation[]) => Promise<StoredMessage>
  /** deletes messages from this node (and, with `also`, more: a conversation's record) */
  remove: (messages: StoredMessage[], also?: BatchOperation[]) => Promise<void>
  /** erases the message at `expiresAt` (now, when that has passed); records the time on it */
  burnAt: (message: StoredMessage, expiresAt: number) => Promise<StoredMessage>
  start: (find: (id: string) => Promise<StoredMessage | undefined>) => Promise<void>
  stop: () => Promise<void>
}

/** setTimeout's longest delay; later timers are set again when it fires */
const MAX_TIMER_MS = 2 ** 31 - 1
const DEFAULT_PURGE_DELAY_MS = 2_000

/** The tombstone of a message: who sent what when, and nothing of what it said. */
function tombstone (message: StoredMessage, reason: ErasedReason): StoredMessage {
  const { replyTo: _replyTo, custom: _custom, unsupported: _unsupported, reactions: _reactions, reactionVersions: _versions, editedAt: _editedAt, lastEditId: _lastEditId, ...kept } = message
  return { ...kept, text: '', erased: reason }
}

export function createErasure (components: ErasureComponents, init: ErasureInit = {}): Erasure {
  const { store, history, writer, events, log } = components
  const timers: JsonSublevel<number> = store.json<number>('burn-timers')
  const scheduled = new Map<string, NodeJS.Timeout>()
  let purgeTimer: NodeJS.Timeout | undefined
  let purgeDue = false
  let stopped = false
  let find: (id: string) => Promise<StoredMessage | undefined> = async () => undefined

  const purge = async (): Promise<void> => {
    clearTimeout(purgeTimer)
    purgeTimer = undefined
    if (!purgeDue) return
    purgeDue = false
    await store.purge()
  }

  const schedulePurge = (): void => {
    purgeDue = true
    if (purgeTimer == null && !stopped) {
      purgeTimer = setTimeout(() => { purge().catch(err => { log.error('could not purge erased messages from disk: %e', err) }) }, init.purgeDelayMs ?? DEFAULT_PURGE_DELAY_MS)
      purgeTimer.unref()
    }
  }

  const erase = async (message: StoredMessage, reason: ErasedReason, also: BatchOperation[] = []): Promise<StoredMessage> => {
    clearTimeout(scheduled.get(message.id))
    scheduled.delete(message.id)
    const erased = tombstone(message, reason)
    await writer.write([...history.putOps(erased), { type: 'del', sublevel: timers, key: message.id } as BatchOperation, ...also])
    schedulePurge()
    events.emit('message:updated', await components.view(erased))
    return erased
  }

  const fire = (id: string, expiresAt: number): void => {
    clearTimeout(scheduled.get(id))
    const delay = Math.max(0, expiresAt - Date.now())
    const timer = setTimeout(() => {
      scheduled.delete(id)
      if (delay > MAX_TIMER_MS) {
        fire(id, expiresAt)
        return
      }
      find(id).then(async message => {
        if (message != null && message.erased == null) {
          await erase(message, 'burnt')
        }
      }).catch(err => { log.error('could not burn message %s: %e', id, err) })
    }, Math.min(delay, MAX_TIMER_MS))
    timer.unref()
    scheduled.set(id, timer)
  }

  return {
    erase,

    remove: async (messages, also = []) => {
      messages.forEach(message => { clearTimeout(scheduled.get(message.id)); scheduled.delete(message.id) })
      await writer.write([
        ...messages.flatMap(message => [...history.delOps(message), { type: 'del', sublevel: timers, key: message.id } as BatchOperation]),
        ...also
      ])
      schedulePurge()
    },

    burnAt: async (message, expiresAt) => {
      if (message.erased != null || message.burn == null) return message
      if (message.burn.expiresAt != null && message.burn.expiresAt <= expiresAt) {
        return message
      }
      if (expiresAt <= Date.now()) {
        return erase(message, 'burnt')
      }
      const timed: StoredMessage = { ...message, burn: { ...message.burn, expiresAt } }
      await writer.write([...history.putOps(timed), { type: 'put', sublevel: timers, key: message.id, value: expiresAt } as BatchOperation])
      fire(message.id, expiresAt)
      events.emit('message:updated', await components.view(timed))
      return timed
    },

    start: async (lookup) => {
      find = lookup
      await store.settled()
      for await (const [id, expiresAt] of timers.iterator()) {
        fire(id, expiresAt)
      }
    },

    stop: async () => {
      stopped = true
      scheduled.forEach(timer => { clearTimeout(timer) })
      scheduled.clear()
      await purge()
    }
  }
}
