/**
 * What messaging needs from mailboxes, as an interface it owns (the mailbox room implements
 * it): deposit an envelope for an offline device (or a group message for an offline member
 * account), and collect the mail waiting for this device. Messaging decides when to do either; the mailbox room decides where and how.
 */

import type { VerifiedDevice } from '../identity/index.ts'
import type { DeviceCertificate, Envelope, MailboxTicket } from '../wire/index.ts'

/** An envelope for this device, or a group message for this account (the same bytes every member gets). */
export type CollectedMail =
  | { envelope: Envelope, groupMessage?: undefined, sender: DeviceCertificate }
  | { envelope?: undefined, groupMessage: GroupMailFacts, sender: DeviceCertificate }

/** A collected group message: its bytes, and the id and sender account the mailbox keeps it by. */
export interface GroupMailFacts {
  bytes: Uint8Array
  id: Uint8Array
}

export interface MailPage {
  mail: CollectedMail[]
  /**
   * deletes the mail of this page under these ids (envelopes' and group messages') from the
   * mailbox node that handed it over (a mailbox keeps mail by sender and id: each id's senders
   * are those of the page)
   */
  remove: (ids: Uint8Array[]) => Promise<void>
}

export interface DepositOptions {
  /**
   * the recipient's mailbox ticket for this node's account (see tickets.ts): the mailbox then
   * counts the envelope in this sender's own quota, which strangers cannot fill
   */
  ticket?: MailboxTicket
  signal?: AbortSignal
}

export interface MailboxPort {
  /**
   * stores the envelope (signed by itself) on the recipient's mailbox nodes; resolves with the
   * copies stored (0: none reachable)
   */
  deposit: (recipient: VerifiedDevice, envelope: Envelope, options?: DepositOptions) => Promise<number>
  /** stores a group message (signed by itself) once for a member account on its mailbox nodes; resolves with the copies stored */
  depositGroup: (recipientAccount: Uint8Array, groupMessage: Uint8Array, options?: DepositOptions) => Promise<number>
  /** the mail waiting for this device, page by page, from each of its mailbox nodes */
  collect: (signal?: AbortSignal) => AsyncIterable<MailPage>
}
