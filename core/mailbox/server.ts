/**
 * The mailbox service a serving node runs: answers /tim/mailbox deposits (checking the
 * sender's certificate and signature, the recipient's mailbox ticket when one is attached,
 * quotas and TTL, and a deposit budget per connected peer), fetches and removals (only the
 * device the mail is for, proven by its certificate and its connection), expires old mail, and
 * re-replicates held mail to the K nodes now closest to each account, handing it off when this
 * node is no longer among them. Sees ciphertext and routing metadata only.
 *
 * A fetch answers a page capped in bytes (MAILBOX_PAGE_FILL_BYTES, below the
 * MAX_MAILBOX_FRAME_BYTES a client accepts) and always holding at least one item, so however
 * large or many the items waiting, every page fits and the device makes progress.
 *
 * The deposit budget is a token bucket per remote peer (`depositRatePerSecond`,
 * `depositBurst`; at most `maxBudgetPeers` buckets, the least recently used forgotten): a
 * peer over budget waits up to a second for its turn (a node copying its mail here in
 * sequence just slows down), beyond that it is refused with RateLimitedError.
 */

import type { Connection, Logger, PeerId, Stream } from '@libp2p/interface'
import {
  InvalidSignatureError, RateLimitedError, UncertifiedDeviceError, errorToWire, withDeadline, type AccountId
} from '../api/index.ts'
import { equalBytes, verifySignature } from '../crypto/index.ts'
import { accountIdFromPublicKey, publicKeyFromAccountId, verifyDeviceCertificate } from '../identity/index.ts'
import { verifyMailboxTicket } from '../messaging/tickets.ts'
import { createTokenBuckets } from '../net/index.ts'
import type { Store } from '../store/index.ts'
import {
  decodeCertificate, decodeEnvelope, decodeGroupMessage, decodeMailboxTicket, encodeCertificate, encodeEnvelope, encodeMailboxTicket,
  envelopeSigningBytes, groupMessageSigningBytes,
  MAILBOX_PAGE_FILL_BYTES, MAX_MAILBOX_PAGE, type DeviceCertificate, type MailboxItem, type MailboxRequest, type MailboxResponse,
  type MailboxTicket
} from '../wire/index.ts'
import { answerMailbox, askMailbox, MAILBOX_PROTOCOL, readMailboxRequest, type StreamOpener } from './exchange.ts'
import type { Placement } from './placement.ts'
import { createMailStorage, type AccountUsage, type MailboxQuotas, type StoredMail } from './storage.ts'


export interface MailboxServerInit extends MailboxQuotas {
  /** copies of each account's mail kept across mailbox nodes */
  replicas: number
  /** how often held mail is checked for placement changes and expiry, ms */
  maintenanceIntervalMs: number
  /** bound on reading one request, ms */
  requestTimeoutMs: number
  /** deposits one connected peer may make per second, sustained */
  depositRatePerSecond: number
  /** deposits one connected peer may make in a burst */
  depositBurst: number
  /** most peers whose deposit budget is remembered */
  maxBudgetPeers: number
}

export interface MailboxServerComponents {
  /** this node */
  peerId: PeerId
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => Promise<void>, options?: { maxInboundStreams?: number }) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  streams: StreamOpener
  /** the node's `tim:mailbox` logger */
  log: Logger
  store: Store
  placement: Placement
  /** counts rejected requests by error name */
  fault: (err: Error) => void
}

export interface MailboxServer {
  /** loads what is held and answers /tim/mailbox */
  start: () => Promise<void>
  /** stops answering (first, so depositors go on to the next node); stop() does it too */
  stopAnswering: () => Promise<void>
  /** stops answering and maintaining; waits for a maintenance pass under way */
  stop: () => Promise<void>
  usage: () => AccountUsage[]
  /** everything held, over all accounts (bytes: what counts against maxBytesTotal) */
  held: () => { count: number, bytes: number, strangerBytes: number }
  /** one maintenance pass now: expiry and re-replication */
  maintain: () => Promise<void>
}

function hex (bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/**
 * Where an item is kept for its account: an envelope under the device it is addressed to (hex),
 * a group message under ACCOUNT_WIDE, taken by whichever of the account's devices fetches first
 */
const ACCOUNT_WIDE = 'account'

/** What the server reads of an item: an envelope's fields, or a group message's. */
interface ItemFacts {
  deviceKey: string
  senderAccount: Uint8Array
  senderDevice: Uint8Array
  id: Uint8Array
  /** the encoded envelope or group message */
  encoded: Uint8Array
  signed: { bytes: Uint8Array, signature: Uint8Array }
}

function factsOf (item: MailboxItem): ItemFacts {
  if (item.envelope != null) {
    const envelope = item.envelope
    return {
      deviceKey: hex(envelope.recipientDevice),
      senderAccount: envelope.senderAccount,
      senderDevice: envelope.senderDevice,
      id: envelope.id,
      encoded: encodeEnvelope(envelope),
      signed: { bytes: envelopeSigningBytes(envelope), signature: envelope.signature }
    }
  }
  const message = decodeGroupMessage(item.groupMessage)
  return {
    deviceKey: ACCOUNT_WIDE,
    senderAccount: (item.sender as DeviceCertificate).account,
    senderDevice: message.senderDevice,
    id: message.id,
    encoded: item.groupMessage,
    signed: { bytes: groupMessageSigningBytes(message), signature: message.signature }
  }
}

export function createMailboxServer (components: MailboxServerComponents, init: MailboxServerInit): MailboxServer {
  const { peerId, placement, streams, log } = components
  const storage = createMailStorage(components.store, init)
  /** the placement ranking each account's mail was last replicated for */
  const replicatedTo = new Map<AccountId, string>()
  let timer: NodeJS.Timeout | undefined
  let maintaining: Promise<void> | null = null
  /** aborted when the server stops: ends the replication under way */
  let halt = new AbortController()
  /** deposit budget per remote peer */
  const budgets = createTokenBuckets(init.maxBudgetPeers)

  /** takes one deposit from the peer's budget: waits up to a second for it, else RateLimitedError */
  const spend = async (peer: PeerId): Promise<void> => {
    const key = peer.toString()
    const waitMs = budgets.take(key, 1, init.depositRatePerSecond, init.depositBurst)
    if (waitMs > 1000) {
      budgets.refund(key, 1)
      throw new RateLimitedError(`${key} deposits more than ${init.depositRatePerSecond} envelopes a second`)
    }
    if (waitMs > 0) {
      await new Promise(resolve => setTimeout(resolve, waitMs))
    }
  }

  /**
   * the base64 ticket to keep with the mail when the deposit carries the recipient's valid
   * ticket for the envelope's sender; an expired ticket counts as none (strangers' pool)
   */
  const checkTicket = (deposit: NonNullable<MailboxRequest['deposit']>): string | undefined => {
    const ticket = deposit.ticket
    if (ticket == null || Number(ticket.expires) <= Date.now()) {
      return undefined
    }
    if (!verifyMailboxTicket(ticket, { recipient: deposit.recipientAccount, sender: factsOf(deposit.item as MailboxItem).senderAccount })) {
      throw new InvalidSignatureError('the mailbox ticket is not the recipient\'s ticket for this sender')
    }
    return Buffer.from(encodeMailboxTicket(ticket)).toString('base64')
  }

  /** checks that the item (envelope or group message) was signed by a device its sender account certified */
  const checkSender = (facts: ItemFacts, item: MailboxItem): void => {
    const sender = verifyDeviceCertificate(item.sender as DeviceCertificate)
    if (!equalBytes(facts.senderAccount, sender.accountKey) || !equalBytes(facts.senderDevice, sender.certificate.device)) {
      throw new UncertifiedDeviceError('the deposited mail was not sent by the device its certificate names')
    }
    if (!verifySignature(sender.deviceSigningKey, facts.signed.bytes, facts.signed.signature)) {
      throw new InvalidSignatureError('the deposited mail\'s signature does not verify')
    }
  }

  /** the account and device key of the connected device that proved itself with `cert` */
  const checkFetcher = (cert: DeviceCertificate, connection: Connection): { account: AccountId, device: string } => {
    const device = verifyDeviceCertificate(cert)
    if (device.deviceId !== connection.remotePeer.toString()) {
      throw new UncertifiedDeviceError(`peer ${connection.remotePeer.toString()} presented the certificate of ${device.deviceId}`)
    }
    return { account: device.accountId, device: hex(cert.device) }
  }

  const toStored = (facts: ItemFacts, item: MailboxItem, ticket: string | undefined): StoredMail => {
    const sender = encodeCertificate(item.sender as DeviceCertificate)
    const now = Date.now()
    const requested = Number(item.expires)
    return {
      envelope: Buffer.from(facts.encoded).toString('base64'),
      sender: Buffer.from(sender).toString('base64'),
      senderAccount: accountIdFromPublicKey(facts.senderAccount),
      id: hex(facts.id),
      expires: requested > now ? Math.min(requested, now + init.ttlMs) : now + init.ttlMs,
      bytes: facts.encoded.byteLength + sender.byteLength,
      ...(ticket == null ? {} : { ticket }),
      ...(item.envelope == null ? { group: true } : {})
    }
  }

  const ticketOf = (mail: StoredMail): MailboxTicket | undefined => {
    try {
      return mail.ticket == null ? undefined : decodeMailboxTicket(Buffer.from(mail.ticket, 'base64'))
    } catch {
      return undefined
    }
  }

  const toItem = (mail: StoredMail): MailboxItem => {
    const encoded = Buffer.from(mail.envelope, 'base64')
    return {
      ...(mail.group === true ? { groupMessage: new Uint8Array(encoded) } : { envelope: decodeEnvelope(encoded), groupMessage: new Uint8Array(0) }),
      sender: decodeCertificate(Buffer.from(mail.sender, 'base64')),
      expires: BigInt(mail.expires)
    }
  }

  const respond = async (request: MailboxRequest, connection: Connection): Promise<MailboxResponse> => {
    if (request.deposit != null) {
      await spend(connection.remotePeer)
      const item = request.deposit.item as MailboxItem
      const facts = factsOf(item)
      checkSender(facts, item)
      const ticket = checkTicket(request.deposit)
      await storage.put(accountIdFromPublicKey(request.deposit.recipientAccount), facts.deviceKey, toStored(facts, item, ticket))
      return { ok: true, error: '', message: '', items: [], more: false }
    }
    if (request.fetch != null) {
      const { account, device } = checkFetcher(request.fetch.device as DeviceCertificate, connection)
      const limit = Math.max(1, Math.min(request.fetch.limit || MAX_MAILBOX_PAGE, MAX_MAILBOX_PAGE))
      const own = await storage.list(account, device, limit, MAILBOX_PAGE_FILL_BYTES)
      // the account's group mail once the device's own is taken (a page holds one or the other)
      const page = own.items.length > 0 ? own : await storage.list(account, ACCOUNT_WIDE, limit, MAILBOX_PAGE_FILL_BYTES)
      const more = page.more || (page === own && (await storage.list(account, ACCOUNT_WIDE, 1)).items.length > 0)
      return { ok: true, error: '', message: '', items: page.items.map(toItem), more }
    }
    const remove = request.remove as NonNullable<MailboxRequest['remove']>
    const { account, device } = checkFetcher(remove.device as DeviceCertificate, connection)
    const refs = remove.ids.map((id, i) => ({
      id: hex(id),
      sender: remove.senders.length === 0 ? undefined : accountIdFromPublicKey(remove.senders[i])
    }))
    await storage.remove(account, device, refs)
    await storage.remove(account, ACCOUNT_WIDE, refs)
    return { ok: true, error: '', message: '', items: [], more: false }
  }

  const handle = async (stream: Stream, connection: Connection): Promise<void> => {
    try {
      const request = await readMailboxRequest(stream, AbortSignal.timeout(init.requestTimeoutMs))
      let response: MailboxResponse
      try {
        response = await respond(request, connection)
      } catch (err) {
        components.fault(err as Error)
        const wire = errorToWire(err)
        response = { ok: false, error: wire.name, message: wire.message, items: [], more: false }
      }
      await answerMailbox(stream, response)
    } catch (err) {
      components.fault(err as Error)
      stream.abort(err as Error)
    }
  }

  /**
   * Copies an account's mail to the reachable mailbox nodes now closest to it, until K hold
   * it (this node counts when it is among them); drops ours when it no longer is.
   */
  const replicate = async (account: AccountId): Promise<void> => {
    const ranked = await placement.closest(publicKeyFromAccountId(account), { includeSelf: true, signal: halt.signal })
    const ranking = ranked.map(peer => peer.toString()).join(',')
    if (replicatedTo.get(account) === ranking) {
      return
    }
    const mail = await storage.accountMail(account)
    const holders: PeerId[] = []
    for (const peer of ranked) {
      if (holders.length >= init.replicas) {
        break
      }
      if (peer.equals(peerId) || await copyTo(peer, account, mail)) {
        holders.push(peer)
      }
    }
    replicatedTo.set(account, ranking)
    if (!holders.some(peer => peer.equals(peerId)) && holders.length >= init.replicas) {
      const byDevice = Map.groupBy(mail, entry => entry.device)
      for (const [device, entries] of byDevice) {
        await storage.remove(account, device, entries.map(entry => ({ id: entry.mail.id, sender: entry.mail.senderAccount })))
      }
      log('handed the mail of %s to %s', account, holders.join(','))
    }
  }

  const copyTo = async (peer: PeerId, account: AccountId, mail: Array<{ mail: StoredMail }>): Promise<boolean> => {
    try {
      for (const entry of mail) {
        const response = await askMailbox(streams, peer, {
          deposit: { recipientAccount: publicKeyFromAccountId(account) as Uint8Array<ArrayBuffer>, item: toItem(entry.mail), replica: true, ticket: ticketOf(entry.mail) }
        }, withDeadline(halt.signal, init.requestTimeoutMs))
        if (!response.ok) {
          log('mailbox %p refused a replica of %s: %s', peer, account, response.message)
          return false
        }
      }
      return true
    } catch (err) {
      log('could not replicate the mail of %s to %p: %s', account, peer, (err as Error).message)
      return false
    }
  }

  const maintain = async (): Promise<void> => {
    maintaining ??= (async () => {
      await storage.expire()
      for (const account of storage.accounts()) {
        await replicate(account).catch(err => { log('replication of %s failed: %s', account, err.message) })
      }
    })().finally(() => { maintaining = null })
    await maintaining
  }

  const stopAnswering = async (): Promise<void> => {
    await components.registrar.unhandle(MAILBOX_PROTOCOL).catch(() => {})
  }

  return {
    start: async () => {
      halt = new AbortController()
      await storage.load()
      await components.registrar.handle(MAILBOX_PROTOCOL, handle, { maxInboundStreams: 64 })
      timer = setInterval(() => { void maintain() }, init.maintenanceIntervalMs)
      timer.unref()
    },
    stopAnswering,
    stop: async () => {
      await stopAnswering()
      clearInterval(timer)
      halt.abort()
      await maintaining
    },
    usage: storage.usage,
    held: storage.total,
    maintain
  }
}
