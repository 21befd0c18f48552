/**
 * The mailbox client every node runs (implements messaging's MailboxPort): deposits an
 * envelope (or a group message for a member account) on the K mailbox nodes closest to the
 * recipient's account (with the recipient's
 * mailbox ticket when messaging has one, see core/messaging/tickets.ts), and collects this
 * device's mail from the nodes closest to its own account, page by page, removing what it took
 * by (sender account, id). A mailbox caps each page in bytes (MAILBOX_PAGE_FILL_BYTES) below
 * the MAX_MAILBOX_FRAME_BYTES read here, with at least one item, so every page fits and each
 * one taken and removed makes room for the next.
 */

import type { Logger, PeerId } from '@libp2p/interface'
import { MailboxQuotaExceededError, withDeadline } from '../api/index.ts'
import type { LocalIdentity } from '../identity/index.ts'
import type { CollectedMail, DepositOptions, MailboxPort, MailPage } from '../messaging/mailbox-port.ts'
import { decodeGroupMessage, MAX_MAILBOX_PAGE, type MailboxItem } from '../wire/index.ts'
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

  /** stores the item on the K reachable mailbox nodes closest to the account; resolves with the copies stored */
  const depositItem = async (accountKey: Uint8Array, item: MailboxItem, { ticket, signal }: DepositOptions): Promise<number> => {
    {
      const candidates = await placement.closest(accountKey, { signal })
      let stored = 0
      let quotaRefusal: string | undefined
      for (const peer of candidates) {
        if (stored >= init.replicas) {
          break
        }
        try {
          const response = await askMailbox(streams, peer, {
            deposit: { recipientAccount: accountKey as Uint8Array<ArrayBuffer>, item, replica: false, ticket }
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
    }
  }
  const expires = (): bigint => BigInt(Date.now() + init.ttlMs)

  return {
    deposit: async (recipient, envelope, options = {}) =>
      await depositItem(recipient.accountKey, { envelope, groupMessage: new Uint8Array(0), sender: identity.certificate, expires: expires() }, options),

    depositGroup: async (recipientAccount, groupMessage, options = {}) =>
      await depositItem(recipientAccount, { groupMessage: groupMessage as Uint8Array<ArrayBuffer>, sender: identity.certificate, expires: expires() }, options),

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
      const mail = response.items.map((item): CollectedMail => {
        const sender = item.sender as NonNullable<typeof item.sender>
        return item.envelope != null
          ? { envelope: item.envelope, sender }
          : { groupMessage: { bytes: item.groupMessage, id: decodeGroupMessage(item.groupMessage).id }, sender }
      })
      yield {
        mail,
        remove: async (ids) => {
          // the mailbox keeps mail by (sender, id): name the sender of each taken item
          const wanted = new Set(ids.map(id => Buffer.from(id).toString('hex')))
          const taken = mail.map(item => ({ id: item.envelope?.id ?? item.groupMessage?.id as Uint8Array, sender: item.sender.account }))
            .filter(item => wanted.has(Buffer.from(item.id).toString('hex')))
          const refs = {
            ids: taken.map(item => item.id as Uint8Array<ArrayBuffer>),
            senders: taken.map(item => item.sender)
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
