/**
 * The account directory: publishes this account's record (its device certificate and current
 * addresses) in the DHT, again whenever the published addresses change and before it expires,
 * and looks up other accounts' records — how a sender with only an account id, or with stale
 * addresses, finds the recipient's devices.
 *
 * Anyone who knows an account id can read its record, so the record names only addresses
 * that are meant for the world: public ones and relayed ones (`/p2p-circuit`). Loopback, LAN
 * and link-local addresses travel only over mDNS and direct exchange (invites, hellos),
 * unless `publishPrivateAddresses` is set (tests and closed LANs).
 */

import { logger } from '@libp2p/logger'
import { isPrivate } from '@libp2p/utils'
import type { Multiaddr } from '@multiformats/multiaddr'
import { withDeadline, type AccountId } from '../api/index.ts'
import {
  accountRecordKey, createAccountRecord, selectAccountRecord, verifyAccountRecord,
  type LocalIdentity, type VerifiedAccountRecord
} from '../identity/index.ts'
import type { TimLibp2p } from '../net/index.ts'

const log = logger('tim:directory')

export interface AccountDirectoryInit {
  /** how long a published record stays valid, ms */
  recordTtlMs: number
  /** how often the record is published again, ms (well under the TTL) */
  republishMs: number
  /** bound on one DHT put or get, ms */
  dhtTimeoutMs: number
  /**
   * also publish loopback, LAN and link-local addresses in the DHT record (default false):
   * for tests and closed LANs only, since anyone who knows the account id reads them
   */
  publishPrivateAddresses?: boolean
}

/** The addresses an account record may name: public and relayed ones, or all with `includePrivate`. */
export function publishableAddresses (addresses: Multiaddr[], includePrivate = false): string[] {
  return addresses
    .filter(address => includePrivate || address.toString().includes('/p2p-circuit') || !isPrivate(address))
    .map(address => address.toString())
}

export interface AccountDirectory {
  start: () => void
  stop: () => void
  publish: () => Promise<void>
  /** the newest valid record of the account, or null when the DHT has none */
  lookup: (accountId: AccountId, signal?: AbortSignal) => Promise<VerifiedAccountRecord | null>
}

export function createAccountDirectory (components: { libp2p: TimLibp2p, identity: LocalIdentity }, init: AccountDirectoryInit): AccountDirectory {
  const { libp2p, identity } = components
  const dht = libp2p.services.dht
  let timer: NodeJS.Timeout | undefined
  let publishing: Promise<void> | null = null
  /** the addresses of the last record published, to republish only when they change */
  let published: string | undefined

  const addressesToPublish = (): string[] => publishableAddresses(libp2p.getMultiaddrs(), init.publishPrivateAddresses === true)

  /** the seq of the last record published: a record's seq is its time, and never goes back */
  let lastSeq = 0

  const put = async (addresses: string[]): Promise<void> => {
    lastSeq = Math.max(Date.now(), lastSeq + 1)
    const record = createAccountRecord(identity.accountSigner, [{ certificate: identity.certificate, addresses }], lastSeq, init.recordTtlMs)
    for await (const event of dht.put(accountRecordKey(identity.accountId), record, { signal: AbortSignal.timeout(init.dhtTimeoutMs) })) {
      void event
    }
  }

  const publish = async (): Promise<void> => {
    publishing ??= (async () => {
      const addresses = addressesToPublish()
      try {
        await put(addresses)
      } catch (err) {
        if ((err as Error).name !== 'StaleRecordError') throw err
        // this node holds a record of ours with a higher seq (the clock went back since it was
        // published, say): DHT stores refuse to go back, so go past it
        const held = await lookup(identity.accountId)
        lastSeq = Math.max(lastSeq, held?.seq ?? 0)
        log('the DHT holds our record with seq %d, newer than the clock: publishing past it', held?.seq)
        await put(addresses)
      }
      published = addresses.join(' ')
      log('published the account record with %d addresses', addresses.length)
    })().catch(err => { log('could not publish the account record: %s', err.message) })
      .finally(() => { publishing = null })
    await publishing
  }

  const onAddressesChanged = (): void => {
    // a change of private addresses alone changes nothing in the record
    if (published !== undefined && addressesToPublish().join(' ') === published) return
    // a change during a publish is published after it
    void publish().then(async () => {
      if (addressesToPublish().join(' ') !== published) await publish()
    })
  }
  const onPeerIdentified = (): void => {
    // the first DHT peers make publishing possible
    if (timer == null) {
      schedule(0)
    }
  }

  const schedule = (delay: number): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      void publish().finally(() => { schedule(init.republishMs) })
    }, delay)
    timer.unref()
  }

  return {
    start: () => {
      // this node holds its own record whatever strangers put in its DHT store
      libp2p.services.net.keepDhtRecord(accountRecordKey(identity.accountId))
      libp2p.addEventListener('self:peer:update', onAddressesChanged)
      libp2p.addEventListener('peer:identify', onPeerIdentified, { once: true })
    },
    stop: () => {
      clearTimeout(timer)
      libp2p.removeEventListener('self:peer:update', onAddressesChanged)
      libp2p.removeEventListener('peer:identify', onPeerIdentified)
    },
    publish,
    lookup
  }

  async function lookup (accountId: AccountId, signal?: AbortSignal): Promise<VerifiedAccountRecord | null> {
    const key = accountRecordKey(accountId)
    const values: Uint8Array[] = []
    const bounded = withDeadline(signal, init.dhtTimeoutMs)
    try {
      for await (const event of dht.get(key, { signal: bounded })) {
        if (event.name === 'VALUE') {
          values.push(event.value)
        }
      }
    } catch (err) {
      log('lookup of %s ended early: %s', accountId, (err as Error).message)
    }
    if (values.length === 0) {
      return null
    }
    try {
      const record = verifyAccountRecord(values[selectAccountRecord(key, values)])
      return record.accountId === accountId ? record : null
    } catch {
      return null
    }
  }
}
