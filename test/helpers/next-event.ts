/**
 * `nextEvent`: the next MessengerEvent of a name that matches, from any event source (a node's
 * API, an event hub), within a bound on time, so no test hangs waiting for one. Subscribe
 * before the action that should cause it.
 */

import type { MessengerEventName, MessengerEvents, MessengerEventSource } from '../../core/api/index.ts'
import { withTimeout } from './timeout.ts'

export async function nextEvent<E extends MessengerEventName> (source: MessengerEventSource, name: E,
  matches: (detail: MessengerEvents[E]) => boolean = () => true, what: string = name, timeoutMs = 15_000): Promise<MessengerEvents[E]> {
  let off = (): void => {}
  const event = new Promise<MessengerEvents[E]>(resolve => {
    off = source.on(name, detail => { if (matches(detail)) resolve(detail) })
  })
  try {
    return await withTimeout(event, timeoutMs, what)
  } finally {
    off()
  }
}
