/**
 * What a mailbox node holds: envelopes for offline devices (ciphertext and routing metadata
 * only), with per-account and per-sender quotas, a TTL, and tombstones that keep collected
 * mail from being resurrected by a late replica. Owns the `mailbox` sublevel:
 *   i!<account>!<device>!<id>  → StoredMail
 *   t!<device>!<id>            → expiry of a tombstone
 * Usage per account is counted in memory, rebuilt at start.
 */

import { MailboxQuotaExceededError, type AccountId, type DeviceId } from '../api/index.ts'
import type { JsonSublevel, Store } from '../store/index.ts'

export interface StoredMail {
  /** base64 of the encoded Envelope */
  envelope: string
  /** base64 of the sender's encoded DeviceCertificate */
  sender: string
  senderAccount: AccountId
  /** hex of the 16-byte envelope id */
  id: string
  expires: number
  bytes: number
}

export interface MailboxQuotas {
  /** envelopes held for one account */
  maxItemsPerAccount: number
  /** bytes held for one account */
  maxBytesPerAccount: number
  /** envelopes held for one account from one sender account: one flooding sender cannot fill a mailbox */
  maxItemsPerSender: number
  /** how long mail is held, ms */
  ttlMs: number
}

export interface AccountUsage {
  account: AccountId
  count: number
  bytes: number
}

export interface MailStorage {
  load: () => Promise<void>
  /** stores once; a collected (tombstoned) or already held envelope is accepted and ignored */
  put: (account: AccountId, device: DeviceId, mail: StoredMail) => Promise<'stored' | 'held' | 'collected'>
  /** oldest first */
  list: (account: AccountId, device: DeviceId, limit: number) => Promise<{ items: StoredMail[], more: boolean }>
  remove: (account: AccountId, device: DeviceId, ids: string[]) => Promise<void>
  /** every device mailbox of an account, for re-replication */
  accountMail: (account: AccountId) => Promise<Array<{ device: DeviceId, mail: StoredMail }>>
  accounts: () => AccountId[]
  usage: () => AccountUsage[]
  /** drops expired mail and tombstones */
  expire: (now?: number) => Promise<number>
}

type Record = StoredMail | number

function itemKey (account: AccountId, device: DeviceId, id: string): string {
  return `i!${account}!${device}!${id}`
}

function tombstoneKey (device: DeviceId, id: string): string {
  return `t!${device}!${id}`
}

export function createMailStorage (store: Store, quotas: MailboxQuotas): MailStorage {
  const sublevel: JsonSublevel<Record> = store.json<Record>('mailbox')
  const usage = new Map<AccountId, { count: number, bytes: number, bySender: Map<AccountId, number> }>()
  /** writes run one after another so that quota checks see every earlier write */
  let tail: Promise<unknown> = Promise.resolve()
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task)
    tail = result.catch(() => {})
    return result
  }

  const account = (id: AccountId): { count: number, bytes: number, bySender: Map<AccountId, number> } => {
    let entry = usage.get(id)
    if (entry == null) {
      entry = { count: 0, bytes: 0, bySender: new Map() }
      usage.set(id, entry)
    }
    return entry
  }

  const count = (id: AccountId, mail: StoredMail, sign: 1 | -1): void => {
    const entry = account(id)
    entry.count += sign
    entry.bytes += sign * mail.bytes
    entry.bySender.set(mail.senderAccount, (entry.bySender.get(mail.senderAccount) ?? 0) + sign)
    if (entry.count <= 0) {
      usage.delete(id)
    }
  }

  const removeKeys = async (keys: string[], tombstones: Array<[string, number]>): Promise<void> => {
    const found = await sublevel.getMany(keys)
    const ops: Array<{ type: 'del', key: string } | { type: 'put', key: string, value: number }> = []
    found.forEach((value, i) => {
      if (value != null && typeof value === 'object') {
        count(keys[i].split('!')[1], value, -1)
        ops.push({ type: 'del', key: keys[i] })
      }
    })
    tombstones.forEach(([key, expires]) => ops.push({ type: 'put', key, value: expires }))
    await sublevel.batch(ops)
  }

  return {
    load: async () => {
      usage.clear()
      for await (const [key, value] of sublevel.iterator({ gte: 'i!', lt: 'i!~' })) {
        if (typeof value === 'object') {
          count(key.split('!')[1], value, 1)
        }
      }
    },

    put: async (accountId, device, mail) => serially(async () => {
      const [held, tombstone] = await sublevel.getMany([itemKey(accountId, device, mail.id), tombstoneKey(device, mail.id)])
      if (tombstone != null) {
        return 'collected'
      }
      if (held != null || mail.expires <= Date.now()) {
        // already held, or already past its time: nothing to keep
        return 'held'
      }
      const entry = usage.get(accountId)
      if ((entry?.count ?? 0) + 1 > quotas.maxItemsPerAccount || (entry?.bytes ?? 0) + mail.bytes > quotas.maxBytesPerAccount) {
        throw new MailboxQuotaExceededError(`the mailbox of ${accountId} is full (${quotas.maxItemsPerAccount} envelopes or ${quotas.maxBytesPerAccount} bytes)`)
      }
      if ((entry?.bySender.get(mail.senderAccount) ?? 0) + 1 > quotas.maxItemsPerSender) {
        throw new MailboxQuotaExceededError(`${mail.senderAccount} already has ${quotas.maxItemsPerSender} envelopes waiting for ${accountId}`)
      }
      count(accountId, mail, 1)
      try {
        await sublevel.put(itemKey(accountId, device, mail.id), mail)
      } catch (err) {
        count(accountId, mail, -1)
        throw err
      }
      return 'stored'
    }),

    list: async (accountId, device, limit) => {
      const prefix = `i!${accountId}!${device}!`
      const now = Date.now()
      const page = await sublevel.values({ gte: prefix, lt: `${prefix}~`, limit: limit + 1 }).all()
      const items = page.filter((value): value is StoredMail => typeof value === 'object' && value.expires > now)
      return { items: items.slice(0, limit), more: page.length > limit }
    },

    remove: async (accountId, device, ids) => serially(async () => {
      const expires = Date.now() + quotas.ttlMs
      await removeKeys(ids.map(id => itemKey(accountId, device, id)), ids.map(id => [tombstoneKey(device, id), expires]))
    }),

    accountMail: async (accountId) => {
      const prefix = `i!${accountId}!`
      const mail: Array<{ device: DeviceId, mail: StoredMail }> = []
      for await (const [key, value] of sublevel.iterator({ gte: prefix, lt: `${prefix}~` })) {
        if (typeof value === 'object') {
          mail.push({ device: key.split('!')[2], mail: value })
        }
      }
      return mail
    },

    accounts: () => [...usage.keys()],

    usage: () => [...usage].map(([id, entry]) => ({ account: id, count: entry.count, bytes: entry.bytes })),

    expire: async (now = Date.now()) => {
      const expiredItems: string[] = []
      const expiredTombstones: string[] = []
      for await (const [key, value] of sublevel.iterator()) {
        const expires = typeof value === 'number' ? value : value.expires
        if (expires <= now) {
          (key.startsWith('t!') ? expiredTombstones : expiredItems).push(key)
        }
      }
      await serially(async () => {
        await removeKeys(expiredItems, [])
        await sublevel.batch(expiredTombstones.map(key => ({ type: 'del' as const, key })))
      })
      return expiredItems.length
    }
  }
}
