/**
 * libp2p's datastore (peer store, DHT records) on the node's level database, in the
 * `libp2p` sublevel. What libp2p keeps there is a cache it can rebuild, so a write that
 * fails (a full disk) is logged and dropped instead of failing libp2p itself — otherwise
 * libp2p cannot even stop, and its sockets and WebRTC threads keep the process alive.
 */

import { LevelDatastore } from 'datastore-level'
import type { Key } from 'interface-datastore'
import type { AbortOptions, Logger } from '@libp2p/interface'
import type { Level } from 'level'

export class CacheDatastore extends LevelDatastore {
  protected readonly log: Logger

  /** `log`: the node's logger for this store */
  constructor (level: Level<string, Uint8Array>, log: Logger) {
    super(level)
    this.log = log
  }

  override async put (key: Key, value: Uint8Array, options?: AbortOptions): Promise<Key> {
    try {
      return await super.put(key, value, options)
    } catch (err) {
      this.log.error('could not persist %s, kept in memory only: %s', key.toString(), (err as Error).message)
      return key
    }
  }

  override async delete (key: Key, options?: AbortOptions): Promise<void> {
    try {
      await super.delete(key, options)
    } catch (err) {
      this.log.error('could not delete %s: %s', key.toString(), (err as Error).message)
    }
  }
}
