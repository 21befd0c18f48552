/**
 * A small typed event hub that implements MessengerEventSource for the rooms that emit
 * MessengerEvents. A throwing listener is logged and never breaks the emitter.
 */

import { logger } from '@libp2p/logger'
import type { MessengerEventListener, MessengerEventName, MessengerEvents, MessengerEventSource } from '../api/index.ts'

const log = logger('tim:events')

export interface EventHub extends MessengerEventSource {
  emit: <E extends MessengerEventName>(event: E, detail: MessengerEvents[E]) => void
}

export function createEventHub (): EventHub {
  const listeners = new Map<MessengerEventName, Set<(detail: unknown) => void>>()
  return {
    on<E extends MessengerEventName>(event: E, listener: MessengerEventListener<E>): () => void {
      let set = listeners.get(event)
      if (set == null) {
        set = new Set()
        listeners.set(event, set)
      }
      const entry = listener as (detail: unknown) => void
      set.add(entry)
      return () => { set.delete(entry) }
    },
    emit (event, detail) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(detail)
        } catch (err) {
          log.error('listener for %s threw %e', event, err)
        }
      }
    }
  }
}
