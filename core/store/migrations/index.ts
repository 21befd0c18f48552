/**
 * Numbered schema migrations, applied in order at open. A migration may only add to or
 * rewrite data in the layout its version describes; never remove a step once released.
 */

import type { Store } from '../types.ts'

export interface Migration {
  version: number
  description: string
  up: (store: Store) => Promise<void>
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'layout 1: contacts, conversations, messages (conversation!timestamp!id), message-index, outbox, libp2p',
    // the first layout starts empty: nothing to rewrite
    up: async () => {}
  }
]
