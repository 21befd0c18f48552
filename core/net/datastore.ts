/**
 * libp2p's datastore (peer store, DHT records) on the node's level database, in the
 * `libp2p` sublevel. What libp2p keeps there is a cache it can rebuild, so a write that
 * fails (a full disk) is logged and dropped instead of failing libp2p itself — otherwise
 * libp2p cannot even stop, and its sockets and WebRTC threads keep the process alive.
 */

import { logger } from '@libp2p/logger'
import { LevelDatastore } from 'datastore-level'
import type { Key } from 'interface-datastore'
import type { AbortOptions } from '@libp2p/interface'

const log = logger('tim:net:datastore')

export class CacheDatastore extends LevelDatastore {
  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    try {
      return await super.put(key, value, options)
    } catch (err) {
      log.error('could not persist %s, kept in memory only: %s', key.toString(), (err as Error).message)
      return key
    }
  }

  override async delete (key: Key, options?: AbortOptions): Promise<void> {
    try {
      await super.delete(key, options)
    } catch (err) {
      log.error('could not delete %s: %s', key.toString(), (err as Error).message)
    }
  }
}
