/**
 * What a mailbox node holds: envelopes for offline devices (ciphertext and routing metadata
 * only), with quotas, a TTL, and tombstones that keep collected mail from being resurrected
 * by a late replica. Owns the `mailbox` sublevel:
 *   i!<account>!<device>!<id>!<sender account>  → StoredMail
 *   t!<device>!<id>!<sender account>            → expiry of a tombstone
 *   t!<device>!<id>                             → expiry of a tombstone written before mail
 *                                                 was kept by sender (layout before migration
 *                                                 `mailbox keys name the sender`; read, never
 *                                                 written, gone within one TTL)
 * Mail is kept and deduplicated by (sender account, id), never by the bare id a sender
 * chooses: another sender's junk under the same id neither hides nor replaces it. Pages are
 * listed by id (time-ordered), so oldest first.
 *
 * Quotas, checked in this order on every put:
 * - `maxBytesTotal`: everything this node holds, for every account;
 * - ticketed mail (the recipient's signed MailboxTicket for the sender, checked by the server;
 *   see core/messaging/tickets.ts): its own quota per (recipient, sender),
 *   `maxItemsPerContact` / `maxBytesPerContact`, so a contact always has room unless that
 *   contact itself floods;
 * - strangers' mail (no ticket): a small pool per recipient (`maxItemsPerAccount`,
 *   `maxBytesPerAccount`), at most `maxItemsPerSender` of it from one sender account, and
 *   at most `maxStrangerBytesTotal` over all recipients, so strangers alone never fill the node.
 * Refusals are MailboxQuotaExceededError; nothing held is ever evicted. Usage is counted in
 * memory and rebuilt at start.
 */

import { MailboxQuotaExceededError, type AccountId, type DeviceId } from '../api/index.ts'
import type { JsonSublevel, Store } from '../store/index.ts'

export interface StoredMail {
  /** base64 of the encoded Envelope (or GroupMessage: `group`) */
  envelope: string
  /** base64 of the sender's encoded DeviceCertificate */
  sender: string
  senderAccount: AccountId
  /** hex of the 16-byte envelope id */
  id: string
  expires: number
  bytes: number
  /** base64 of the recipient's MailboxTicket for the sender, verified when deposited */
  ticket?: string
  /** `envelope` holds an encoded GroupMessage (kept for the whole account) */
  group?: true
}

export interface MailboxQuotas {
  /** strangers' (unticketed) envelopes held for one account */
  maxItemsPerAccount: number
  /** strangers' (unticketed) bytes held for one account */
  maxBytesPerAccount: number
  /** strangers' envelopes held for one account from one sender account */
  maxItemsPerSender: number
  /** ticketed envelopes held for one account from one contact (sender account) */
  maxItemsPerContact: number
  /** ticketed bytes held for one account from one contact */
  maxBytesPerContact: number
  /** bytes this node holds for all accounts together */
  maxBytesTotal: number
  /** strangers' (unticketed) bytes this node holds for all accounts together */
  maxStrangerBytesTotal: number
  /** how long mail is held, ms */
  ttlMs: number
}

export interface AccountUsage {
  account: AccountId
  count: number
  bytes: number
}

/** One envelope a device took, to remove: by its sender and id, or every sender's under `id`. */
export interface MailRef {
  id: string
  sender?: AccountId
}

export interface MailStorage {
  load: () => Promise<void>
  /** stores once; a collected (tombstoned) or already held envelope is accepted and ignored */
  put: (account: AccountId, device: DeviceId, mail: StoredMail) => Promise<'stored' | 'held' | 'collected'>
  /**
   * oldest first: at most `limit` items, filled while their bytes (with the wire's overhead,
   * pageItemBytes) stay within `maxBytes`, but always one when any is waiting
   */
  list: (account: AccountId, device: DeviceId, limit: number, maxBytes?: number) => Promise<{ items: StoredMail[], more: boolean }>
  remove: (account: AccountId, device: DeviceId, refs: Array<MailRef | string>) => Promise<void>
  /** every device mailbox of an account, for re-replication */
  accountMail: (account: AccountId) => Promise<Array<{ device: DeviceId, mail: StoredMail }>>
  accounts: () => AccountId[]
  usage: () => AccountUsage[]
  /** everything held, over all accounts */
  total: () => { count: number, bytes: number, strangerBytes: number }
  /** drops expired mail and tombstones */
  expire: (now?: number) => Promise<number>
}

/** Bytes an item takes in a fetch response: its envelope and certificate, plus field tags and lengths. */
export function pageItemBytes (mail: StoredMail): number {
  return mail.bytes + 32
}

type Record = StoredMail | number

function itemKey (account: AccountId, device: DeviceId, id: string, sender: AccountId): string {
  return `i!${account}!${device}!${id}!${sender}`
}

function tombstoneKey (device: DeviceId, id: string, sender: AccountId): string {
  return `t!${device}!${id}!${sender}`
}

/** a tombstone of the layout before mail was kept by sender */
function legacyTombstoneKey (device: DeviceId, id: string): string {
  return `t!${device}!${id}`
}

interface Usage {
  count: number
  bytes: number
  strangerCount: number
  strangerBytes: number
  /** strangers' envelopes per sender */
  strangers: Map<AccountId, number>
  /** ticketed envelopes and bytes per sender */
  contacts: Map<AccountId, { count: number, bytes: number }>
}

export function createMailStorage (store: Store, quotas: MailboxQuotas): MailStorage {
  const sublevel: JsonSublevel<Record> = store.json<Record>('mailbox')
  const usage = new Map<AccountId, Usage>()
  const totals = { count: 0, bytes: 0, strangerBytes: 0 }
  /** writes run one after another so that quota checks see every earlier write */
  let tail: Promise<unknown> = Promise.resolve()
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task)
    tail = result.catch(() => {})
    return result
  }

  const account = (id: AccountId): Usage => {
    let entry = usage.get(id)
    if (entry == null) {
      entry = { count: 0, bytes: 0, strangerCount: 0, strangerBytes: 0, strangers: new Map(), contacts: new Map() }
      usage.set(id, entry)
    }
    return entry
  }

  const count = (id: AccountId, mail: StoredMail, sign: 1 | -1): void => {
    const entry = account(id)
    entry.count += sign
    entry.bytes += sign * mail.bytes
    totals.count += sign
    totals.bytes += sign * mail.bytes
    if (mail.ticket != null) {
      const contact = entry.contacts.get(mail.senderAccount) ?? { count: 0, bytes: 0 }
      contact.count += sign
      contact.bytes += sign * mail.bytes
      if (contact.count <= 0) entry.contacts.delete(mail.senderAccount)
      else entry.contacts.set(mail.senderAccount, contact)
    } else {
      entry.strangerCount += sign
      entry.strangerBytes += sign * mail.bytes
      totals.strangerBytes += sign * mail.bytes
      const held = (entry.strangers.get(mail.senderAccount) ?? 0) + sign
      if (held <= 0) entry.strangers.delete(mail.senderAccount)
      else entry.strangers.set(mail.senderAccount, held)
    }
    if (entry.count <= 0) {
      usage.delete(id)
    }
  }

  /** MailboxQuotaExceededError when holding `mail` for `accountId` would break a quota */
  const checkQuotas = (accountId: AccountId, mail: StoredMail): void => {
    if (totals.bytes + mail.bytes > quotas.maxBytesTotal) {
      throw new MailboxQuotaExceededError(`this mailbox node is full (${quotas.maxBytesTotal} bytes for all accounts)`)
    }
    const entry = usage.get(accountId)
    if (mail.ticket != null) {
      const contact = entry?.contacts.get(mail.senderAccount)
      if ((contact?.count ?? 0) + 1 > quotas.maxItemsPerContact || (contact?.bytes ?? 0) + mail.bytes > quotas.maxBytesPerContact) {
        throw new MailboxQuotaExceededError(`${mail.senderAccount} already has ${quotas.maxItemsPerContact} envelopes or ${quotas.maxBytesPerContact} bytes waiting for ${accountId}`)
      }
      return
    }
    if (totals.strangerBytes + mail.bytes > quotas.maxStrangerBytesTotal) {
      throw new MailboxQuotaExceededError(`this mailbox node holds all the mail from strangers it takes (${quotas.maxStrangerBytesTotal} bytes)`)
    }
    if ((entry?.strangerCount ?? 0) + 1 > quotas.maxItemsPerAccount || (entry?.strangerBytes ?? 0) + mail.bytes > quotas.maxBytesPerAccount) {
      throw new MailboxQuotaExceededError(`the mailbox of ${accountId} is full for senders without its ticket (${quotas.maxItemsPerAccount} envelopes or ${quotas.maxBytesPerAccount} bytes)`)
    }
    if ((entry?.strangers.get(mail.senderAccount) ?? 0) + 1 > quotas.maxItemsPerSender) {
      throw new MailboxQuotaExceededError(`${mail.senderAccount} already has ${quotas.maxItemsPerSender} envelopes waiting for ${accountId}`)
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
      totals.count = 0
      totals.bytes = 0
      totals.strangerBytes = 0
      for await (const [key, value] of sublevel.iterator({ gte: 'i!', lt: 'i!~' })) {
        if (typeof value === 'object') {
          count(key.split('!')[1], value, 1)
        }
      }
    },

    put: async (accountId, device, mail) => serially(async () => {
      const [held, tombstone, legacyTombstone] = await sublevel.getMany([
        itemKey(accountId, device, mail.id, mail.senderAccount), tombstoneKey(device, mail.id, mail.senderAccount), legacyTombstoneKey(device, mail.id)
      ])
      if (tombstone != null || legacyTombstone != null) {
        return 'collected'
      }
      if (held != null || mail.expires <= Date.now()) {
        // already held, or already past its time: nothing to keep
        return 'held'
      }
      checkQuotas(accountId, mail)
      count(accountId, mail, 1)
      try {
        await sublevel.put(itemKey(accountId, device, mail.id, mail.senderAccount), mail)
      } catch (err) {
        count(accountId, mail, -1)
        throw err
      }
      return 'stored'
    }),

    list: async (accountId, device, limit, maxBytes = Infinity) => {
      const prefix = `i!${accountId}!${device}!`
      const now = Date.now()
      const items: StoredMail[] = []
      let bytes = 0
      for await (const value of sublevel.values({ gte: prefix, lt: `${prefix}~` })) {
        if (typeof value !== 'object' || value.expires <= now) {
          continue
        }
        const size = pageItemBytes(value)
        if (items.length >= limit || (items.length > 0 && bytes + size > maxBytes)) {
          return { items, more: true }
        }
        items.push(value)
        bytes += size
      }
      return { items, more: false }
    },

    remove: async (accountId, device, refs) => serially(async () => {
      const expires = Date.now() + quotas.ttlMs
      const keys: string[] = []
      const tombstones: Array<[string, number]> = []
      for (const ref of refs.map(ref => typeof ref === 'string' ? { id: ref } : ref)) {
        if (ref.sender != null) {
          keys.push(itemKey(accountId, device, ref.id, ref.sender))
          tombstones.push([tombstoneKey(device, ref.id, ref.sender), expires])
          continue
        }
        // a device that names no sender takes every sender's mail under the id
        const prefix = `i!${accountId}!${device}!${ref.id}!`
        for await (const key of sublevel.keys({ gte: prefix, lt: `${prefix}~` })) {
          keys.push(key)
          tombstones.push([tombstoneKey(device, ref.id, key.slice(prefix.length)), expires])
        }
      }
      await removeKeys(keys, tombstones)
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

    total: () => ({ ...totals }),

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
