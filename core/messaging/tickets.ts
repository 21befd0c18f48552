/**
 * Mailbox tickets: how a contact's offline mail is kept from being crowded out by strangers'.
 *
 * A ticket is the recipient account's signature over "account X may deposit mail for me,
 * until T" (MailboxTicket in tim.proto). A node hands one to each *accepted* contact in its
 * /tim/msg hello (both directions: the hello it answers with and the hello it opens with), and
 * keeps the newest ticket each contact handed it (sublevel `mailbox-tickets`, one per account).
 * When it deposits mail for a contact, it attaches that contact's ticket; a mailbox node
 * verifies it (signed by the account the mail is for, naming the depositing sender account,
 * unexpired) and counts ticketed mail in its own quota per (recipient, sender), apart from
 * the small pool that all strangers share (see core/mailbox/storage.ts). Accounts are free, so
 * quotas per sender account alone let throwaway accounts fill a mailbox; a ticket costs the
 * recipient's consent, which a stranger cannot mint. (An attacker may of course ticket her own
 * throwaway accounts to each other: that gives her room in her own mailboxes only, which the
 * node-wide byte cap bounds.)
 *
 * Tickets live `ttlMs` (default 60 days, twice the mail TTL) and are re-signed once half of
 * that is gone, so a contact that met us in the last month always holds one valid for the
 * whole life of the mail it deposits. This module never touches sockets or mailboxes: the
 * receiver and delivery call `hello`, messaging's deposit path calls `get`.
 */

import { logger } from '@libp2p/logger'
import type { AccountId, DeviceId } from '../api/index.ts'
import { equalBytes, verifySignature } from '../crypto/index.ts'
import type { LocalIdentity, VerifiedDevice } from '../identity/index.ts'
import type { JsonSublevel, Store } from '../store/index.ts'
import {
  decodeMailboxTicket, encodeMailboxTicket, mailboxTicketSigningBytes, WIRE_VERSION, type MailboxTicket
} from '../wire/index.ts'
import type { ContactBook } from './contacts.ts'

const log = logger('tim:tickets')

export const DEFAULT_TICKET_TTL_MS = 60 * 24 * 60 * 60 * 1000

/** What the /tim/msg hello exchange does with tickets. */
export interface HelloTickets {
  /** the ticket to put in our hello to this device: only for an accepted contact's device */
  for: (deviceId: DeviceId) => MailboxTicket | undefined
  /** keeps the ticket a contact's device handed us in its hello (ignored when invalid or from a stranger) */
  received: (device: VerifiedDevice, ticket: MailboxTicket | undefined) => void
}

export interface TicketBook {
  /** the newest valid ticket this contact handed us, for depositing mail for it */
  get: (account: AccountId) => Promise<MailboxTicket | undefined>
  /** keeps a ticket `device`'s account handed us, when it is valid and newer than the one held */
  keep: (device: VerifiedDevice, ticket: MailboxTicket) => Promise<boolean>
  /** a ticket of ours for an account (signed now, or reused while more than half its life is left) */
  issue: (account: Uint8Array) => MailboxTicket
  hello: HelloTickets
}

export interface TicketBookComponents {
  identity: LocalIdentity
  store: Store
  contacts: ContactBook
}

export interface TicketBookInit {
  ticketTtlMs?: number
}

export interface TicketCheck {
  /** the account key the mail is for: the ticket must be its signature */
  recipient: Uint8Array
  /** the account key of the depositing sender: the ticket must name it */
  sender: Uint8Array
  now?: number
}

/** Whether `ticket` is `check.recipient`'s valid, unexpired ticket for `check.sender`. */
export function verifyMailboxTicket (ticket: MailboxTicket, check: TicketCheck): boolean {
  return equalBytes(ticket.recipient, check.recipient) &&
    equalBytes(ticket.sender, check.sender) &&
    Number(ticket.expires) > (check.now ?? Date.now()) &&
    verifySignature(ticket.recipient, mailboxTicketSigningBytes(ticket), ticket.signature)
}

export function issueMailboxTicket (identity: LocalIdentity, sender: Uint8Array, expires: number): MailboxTicket {
  const unsigned: MailboxTicket = {
    version: WIRE_VERSION,
    recipient: identity.accountSigner.publicKey,
    sender: sender as Uint8Array<ArrayBuffer>,
    expires: BigInt(expires),
    signature: new Uint8Array(0)
  }
  return { ...unsigned, signature: identity.accountSigner.sign(mailboxTicketSigningBytes(unsigned)) }
}

export function createTicketBook (components: TicketBookComponents, init: TicketBookInit = {}): TicketBook {
  const { identity, contacts } = components
  const ttlMs = init.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS
  /** base64 of the encoded ticket each contact account handed us */
  const sublevel: JsonSublevel<string> = components.store.json<string>('mailbox-tickets')
  /** what is in the sublevel, read once per account */
  const held = new Map<AccountId, MailboxTicket | null>()
  /** ours, handed out: re-signed once half their life is gone */
  const issued = new Map<string, MailboxTicket>()
  const ownAccount = identity.accountSigner.publicKey

  const read = async (account: AccountId): Promise<MailboxTicket | null> => {
    if (held.has(account)) {
      return held.get(account) ?? null
    }
    const text = await sublevel.get(account)
    let ticket: MailboxTicket | null = null
    if (text != null) {
      try {
        ticket = decodeMailboxTicket(Buffer.from(text, 'base64'))
      } catch (err) {
        log('the stored ticket of %s does not decode: %s', account, (err as Error).message)
      }
    }
    held.set(account, ticket)
    return ticket
  }

  const book: TicketBook = {
    get: async (account) => {
      const ticket = await read(account)
      return ticket != null && Number(ticket.expires) > Date.now() ? ticket : undefined
    },

    keep: async (device, ticket) => {
      if (!verifyMailboxTicket(ticket, { recipient: device.accountKey, sender: ownAccount })) {
        return false
      }
      const current = await read(device.accountId)
      if (current != null && current.expires >= ticket.expires) {
        return false
      }
      held.set(device.accountId, ticket)
      await sublevel.put(device.accountId, Buffer.from(encodeMailboxTicket(ticket)).toString('base64'))
      return true
    },

    issue: (account) => {
      const key = Buffer.from(account).toString('base64')
      const now = Date.now()
      let ticket = issued.get(key)
      if (ticket == null || Number(ticket.expires) - now < ttlMs / 2) {
        ticket = issueMailboxTicket(identity, account, now + ttlMs)
        issued.set(key, ticket)
      }
      return ticket
    },

    hello: {
      for: (deviceId) => {
        const entry = contacts.byDevice(deviceId)
        const device = entry?.devices.find(d => d.deviceId === deviceId)
        return entry?.record.status === 'accepted' && device != null ? book.issue(device.accountKey) : undefined
      },
      received: (device, ticket) => {
        // only a contact's tickets are kept: a stranger's would only fill the sublevel
        if (ticket == null || contacts.get(device.accountId) == null) {
          return
        }
        book.keep(device, ticket).catch((err: Error) => { log('the ticket of %s was not kept: %s', device.accountId, err.message) })
      }
    }
  }
  return book
}
