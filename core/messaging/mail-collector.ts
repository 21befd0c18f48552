/**
 * Collecting this device's mail from its mailboxes: page by page, each envelope opened against
 * the certificate deposited with it, stored through inbound, then removed from the mailbox, and
 * the senders told (a delivered receipt) which of their messages arrived this way. Messages of
 * a page are stored first and together (their writes share group commits), then the changes
 * (edits, reactions, erasures, receipts) in order, so a change never overtakes its message.
 * Mail that does not open is dropped with its page: it never will. A group message (kept once
 * for the whole account) goes to the groups room, which opens it with its sender key.
 */

import type { Logger } from '@libp2p/interface'
import type { AccountId } from '../api/index.ts'
import { verifyDeviceCertificate, type VerifiedDevice } from '../identity/index.ts'
import { messageIdToString, type Body, type DeviceCertificate, type Envelope } from '../wire/index.ts'
import type { ContactBook } from './contacts.ts'
import type { EnvelopeCodec } from './envelopes.ts'
import { isMessageBody, type Inbound } from './inbound.ts'
import type { MailboxPort } from './mailbox-port.ts'
import type { Outgoing } from './outgoing.ts'
import type { Stats } from './stats.ts'

export interface MailCollectorComponents {
  mailbox: MailboxPort
  codec: EnvelopeCodec
  inbound: Pick<Inbound, 'accept'>
  outgoing: Pick<Outgoing, 'sendReceipts'>
  contacts: ContactBook
  /** a device that proved itself with its certificate: remember it */
  learnDevice: (device: VerifiedDevice) => Promise<void>
  /** whether delivered receipts may go to this account now */
  receiptsTo: (account: AccountId) => boolean
  /** a group message collected for this account: the groups room files it (or holds it for its key) */
  groupMail: (bytes: Uint8Array, sender: DeviceCertificate) => Promise<void>
  stats: Stats
  log: Logger
}

interface OpenedMail {
  envelope: Envelope
  body: Body
  sender: VerifiedDevice
}

/** Takes every page of mail waiting for this device; resolves with the envelopes taken. */
export async function collectMail (components: MailCollectorComponents, signal: AbortSignal): Promise<number> {
  const { mailbox, codec, inbound, outgoing, contacts, stats, log } = components
  let taken = 0
  const drop = (err: Error): void => {
    stats.fault(err)
    log('dropped mailbox mail: %s', err.message)
  }
  const store = async ({ envelope, body, sender }: OpenedMail): Promise<boolean> =>
    inbound.accept(envelope, body, sender, 'mailbox').then(refusal => {
      if (refusal != null) drop(refusal)
      return refusal == null
    }, (err: Error) => { drop(err); return false })

  for await (const page of mailbox.collect(signal)) {
    const opened: OpenedMail[] = []
    for (const { envelope, groupMessage, sender: certificate } of page.mail) {
      if (groupMessage != null) {
        await components.groupMail(groupMessage.bytes, certificate).catch((err: Error) => { drop(err) })
        continue
      }
      try {
        const sender = verifyDeviceCertificate(certificate)
        const body = codec.open(envelope, sender)
        await components.learnDevice(sender)
        opened.push({ envelope, body, sender })
      } catch (err) {
        drop(err as Error)
      }
    }
    const messages = opened.filter(mail => isMessageBody(mail.body))
    const stored = await Promise.all(messages.map(store))
    for (const change of opened.filter(mail => !isMessageBody(mail.body))) {
      await store(change)
    }
    const delivered = new Map<AccountId, string[]>()
    messages.forEach(({ envelope, sender }, i) => {
      if (stored[i]) {
        const ids = delivered.get(sender.accountId) ?? []
        ids.push(messageIdToString(envelope.id))
        delivered.set(sender.accountId, ids)
      }
    })
    await page.remove(page.mail.map(mail => mail.envelope != null ? mail.envelope.id : mail.groupMessage.id))
    taken += page.mail.length
    for (const [accountId, ids] of delivered) {
      const entry = contacts.get(accountId)
      if (entry != null && entry.record.status !== 'blocked' && components.receiptsTo(accountId)) {
        await outgoing.sendReceipts(entry, 'delivered', ids)
      }
    }
  }
  return taken
}
