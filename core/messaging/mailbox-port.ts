/**
 * What messaging needs from mailboxes, as an interface it owns (the mailbox room implements
 * it): deposit an envelope for an offline device, and collect the mail waiting for this
 * device. Messaging decides when to do either; the mailbox room decides where and how.
 */

import type { VerifiedDevice } from '../identity/index.ts'
import type { DeviceCertificate, Envelope } from '../wire/index.ts'

export interface CollectedMail {
  envelope: Envelope
  /** the sender device's certificate, as deposited */
  sender: DeviceCertificate
}

export interface MailPage {
  mail: CollectedMail[]
  /** deletes these envelope ids from the mailbox node that handed them over */
  remove: (ids: Uint8Array[]) => Promise<void>
}

export interface MailboxPort {
  /**
   * stores the envelope (signed by itself) on the recipient's mailbox nodes; resolves with the
   * copies stored (0: none reachable)
   */
  deposit: (recipient: VerifiedDevice, envelope: Envelope, signal?: AbortSignal) => Promise<number>
  /** the mail waiting for this device, page by page, from each of its mailbox nodes */
  collect: (signal?: AbortSignal) => AsyncIterable<MailPage>
}
