/**
 * The mailbox client every node runs (implements messaging's MailboxPort): deposits an
 * envelope on the K mailbox nodes closest to the recipient's account (with the recipient's
 * mailbox ticket when messaging has one, see core/messaging/tickets.ts), and collects this
 * device's mail from the nodes closest to its own account, page by page, removing what it took
 * by (sender account, id). A mailbox caps each page in bytes (MAILBOX_PAGE_FILL_BYTES) below
 * the MAX_MAILBOX_FRAME_BYTES read here, with at least one item, so every page fits and each
 * one taken and removed makes room for the next.
 */

import type { Logger, PeerId } from '@libp2p/interface'
import { MailboxQuotaExceededError, withDeadline } from '../api/index.ts'
import type { LocalIdentity } from '../identity/index.ts'
import type { MailboxPort, MailPage } from '../messaging/mailbox-port.ts'
import { MAX_MAILBOX_PAGE } from '../wire/index.ts'
import { askMailbox, type StreamOpener } from './exchange.ts'
import type { Placement } from './placement.ts'


export interface MailboxClientInit {
  replicas: number
  ttlMs: number
  requestTimeoutMs: number
  /** bound on pages taken from one mailbox node in one collection */
  maxPagesPerCollection: number
}

export interface MailboxClientComponents {
  streams: StreamOpener
  /** the node's `tim:mailbox:client` logger */
  log: Logger
  identity: LocalIdentity
  placement: Placement
}

export function createMailboxClient (components: MailboxClientComponents, init: MailboxClientInit): MailboxPort {
  const { streams, identity, placement, log } = components
  const timeout = (signal?: AbortSignal): AbortSignal => withDeadline(signal, init.requestTimeoutMs)

  return {
    deposit: async (recipient, envelope, { ticket, signal } = {}) => {
      const candidates = await placement.closest(recipient.accountKey, { signal })
      let stored = 0
      let quotaRefusal: string | undefined
      for (const peer of candidates) {
        if (stored >= init.replicas) {
          break
        }
        try {
          const response = await askMailbox(streams, peer, {
            deposit: {
              recipientAccount: recipient.accountKey as Uint8Array<ArrayBuffer>,
              item: { envelope, sender: identity.certificate, expires: BigInt(Date.now() + init.ttlMs) },
              replica: false,
              ticket
            }
          }, timeout(signal))
          if (response.ok) {
            stored++
          } else if (response.error === 'MailboxQuotaExceededError') {
            quotaRefusal = response.message
          } else {
            log('mailbox %p refused a deposit: %s %s', peer, response.error, response.message)
          }
        } catch (err) {
          log('mailbox %p unreachable: %s', peer, (err as Error).message)
        }
      }
      if (stored === 0 && quotaRefusal != null) {
        throw new MailboxQuotaExceededError(quotaRefusal)
      }
      return stored
    },

    collect: async function * (signal) {
      const mailboxes = (await placement.closest(identity.accountSigner.publicKey, { signal })).slice(0, init.replicas + 1)
      for (const peer of mailboxes) {
        yield * pagesFrom(peer, signal)
      }
    }
  }

  async function * pagesFrom (peer: PeerId, signal?: AbortSignal): AsyncGenerator<MailPage> {
    for (let page = 0; page < init.maxPagesPerCollection; page++) {
      let response
      try {
        response = await askMailbox(streams, peer, { fetch: { device: identity.certificate, limit: MAX_MAILBOX_PAGE } }, timeout(signal))
      } catch (err) {
        log('mailbox %p unreachable: %s', peer, (err as Error).message)
        return
      }
      if (!response.ok) {
        log('mailbox %p refused to hand over mail: %s %s', peer, response.error, response.message)
        return
      }
      if (response.items.length === 0) {
        return
      }
      const mail = response.items.map(item => ({ envelope: item.envelope as NonNullable<typeof item.envelope>, sender: item.sender as NonNullable<typeof item.sender> }))
      yield {
        mail,
        remove: async (ids) => {
          // the mailbox keeps mail by (sender, id): name the sender of each taken envelope
          const wanted = new Set(ids.map(id => Buffer.from(id).toString('hex')))
          const taken = mail.filter(({ envelope }) => wanted.has(Buffer.from(envelope.id).toString('hex'))).map(({ envelope }) => envelope)
          const refs = {
            ids: taken.map(envelope => envelope.id as Uint8Array<ArrayBuffer>),
            senders: taken.map(envelope => envelope.senderAccount as Uint8Array<ArrayBuffer>)
          }
          const removed = await askMailbox(streams, peer, { remove: { device: identity.certificate, ...refs } }, timeout(signal))
          if (!removed.ok) {
            log('mailbox %p did not remove collected mail: %s', peer, removed.message)
          }
        }
      }
      if (!response.more) {
        return
      }
    }
  }
}
