/**
 * The outgoing state machine: what becomes of this node's envelopes once queued. A message
 * (text, custom) moves pending → sent → stored | delivered → read, or failed, and never
 * backwards; every state a client sees is on disk first (`message:state` follows the write).
 * Other payloads (receipts, edits, reactions, erasures, contact requests) are sealed once and
 * kept sealed in the outbox until acked or held by a mailbox. Reacts to what delivery reports
 * (sent, acked, rejected, undeliverable: handed to the mailboxes) and reloads the outbox a
 * previous run left. Knows nothing about streams: it asks `delivery` to carry envelopes.
 * While this node is invisible, receipts are held (in the `held-receipts` sublevel: account and
 * kind → ids, so they survive a restart) and sent once it is visible again: a receipt would
 * tell the sender that this node is up.
 */

import type { Logger } from '@libp2p/interface'
import { dmConversation, dmPeer, type DeviceId, type Message, type MessageState, type MessageStateChange } from '../api/index.ts'
import type { VerifiedDevice } from '../identity/index.ts'
import type { BatchOperation, JsonSublevel, Store } from '../store/index.ts'
import {
  createMessageIdGenerator, decodeEnvelope, encodeEnvelope, messageIdFromString, messageIdToString, MAX_IDS_PER_FRAME, type Body, type ReceiptKind
} from '../wire/index.ts'
import type { BatchWriter } from './batch-writer.ts'
import type { ContactBook, ContactEntry } from './contacts.ts'
import type { Delivery, DeliveryEvents, OutboundEnvelope } from './delivery.ts'
import type { EnvelopeCodec } from './envelopes.ts'
import type { EventHub } from './events.ts'
import type { MailboxPort } from './mailbox-port.ts'
import type { MessageStore, StoredMessage } from './message-store.ts'
import type { Outbox } from './outbox.ts'
import type { Stats } from './stats.ts'
import type { TicketBook } from './tickets.ts'

export interface OutgoingComponents {
  history: MessageStore
  writer: BatchWriter
  outbox: Outbox
  codec: EnvelopeCodec
  contacts: ContactBook
  tickets: Pick<TicketBook, 'get'>
  events: EventHub
  stats: Stats
  /** carries envelopes; given as a port because delivery reports back to this machine */
  delivery: Pick<Delivery, 'enqueue'>
  mailbox?: MailboxPort
  /** this node appears offline: receipts wait */
  invisible: () => boolean
  /** a device we seal for: a contact's, or another account's the rooms above sent to */
  device: (deviceId: DeviceId) => VerifiedDevice | undefined
  store: Store
  log: Logger
}

export interface Outgoing {
  /**
   * stores a new message (pending) and queues it for every device of the contact; `stored` runs
   * once it is stored, before anything can move it on
   */
  queueMessage: (entry: ContactEntry, message: StoredMessage, stored?: () => void) => Promise<void>
  /** puts a failed message back into the outbox */
  requeue: (entry: ContactEntry, message: StoredMessage) => Promise<StoredMessage>
  /** seals `body` for every device of the contact and queues it, with `also` in the same write */
  queueSealed: (entry: ContactEntry, body: Body, also?: BatchOperation[]) => Promise<void>
  /** the same for devices of any account (a group's members): retried until acked, never to mailboxes unless a contact's */
  queueSealedTo: (devices: VerifiedDevice[], body: Body, also?: BatchOperation[]) => Promise<void>
  /** read or delivered receipts for these message ids (as their sender named them), in frames of at most 1024 */
  sendReceipts: (entry: ContactEntry, receipt: ReceiptKind, ids: string[]) => Promise<void>
  /** the recipient read these, or collected them from its mailboxes: states move on */
  receipt: (sender: VerifiedDevice, receipt: 'read' | 'delivered', refs: string[]) => Promise<StoredMessage[]>
  /**
   * the message with its current state: a message in flight may be ahead of the store in state
   * (never in content: edits, reactions and erasures are written at once)
   */
  withState: (message: StoredMessage) => StoredMessage
  /** forgets the outbox entries of a message that will not be sent now (recalled before it went) */
  drop: (id: string) => Promise<void>
  /** what delivery reports back */
  deliveryEvents: Pick<DeliveryEvents, 'sent' | 'acked' | 'rejected' | 'undeliverable'>
  /** what the last run left in the outbox; messages sealed again from the history */
  load: () => Promise<OutboundEnvelope[]>
  /** a new message id from this node's clock */
  nextId: (now: number) => Uint8Array
  /** sends the receipts held while invisible, now that this node is visible (a no-op while invisible) */
  releaseHeld: () => Promise<void>
}

/** Ids held per account and receipt kind while invisible; older ones go past this (a receipt covers the newest). */
const MAX_HELD_IDS = 4096

/** An outgoing message that moved to a new state (already set on it), and the change to announce. */
interface StateUpdate {
  message: StoredMessage
  change: MessageStateChange
}

export const stateRank: Record<MessageState, number> = { pending: 0, sent: 1, stored: 2, delivered: 3, read: 4, failed: 5 }

/** The body that carries a stored message: sealed again from the history whenever it is sent. */
export function messageBody (message: StoredMessage): Body | null {
  if (message.kind === 'text') {
    return {
      kind: 'text',
      text: message.text,
      ...(message.replyTo != null ? { replyTo: messageIdFromString(message.replyTo) } : {}),
      burnSeconds: message.burn?.seconds ?? 0
    }
  }
  if (message.kind === 'custom' && message.custom != null) {
    return { kind: 'custom', type: message.custom.type, data: Buffer.from(message.custom.data, 'base64') }
  }
  return null
}

export function createOutgoing (components: OutgoingComponents): Outgoing {
  const { history, writer, outbox, codec, contacts, events, stats, log } = components
  const held: JsonSublevel<string[]> = components.store.json<string[]>('held-receipts')
  /** whether any receipt may be held (true until the first release looked) */
  let holding = true
  let releasing: Promise<void> | null = null
  const nextMessageId = createMessageIdGenerator()
  /** outgoing messages with envelopes still in the outbox, by id, with their count */
  const inFlight = new Map<string, { message: StoredMessage, outstanding: number }>()

  /**
   * Moves an outgoing message to a new state, never backwards: the update (none when it did
   * not move), to record with `stateOps` and announce once durable.
   */
  const advance = (message: StoredMessage, state: MessageState, changes: Partial<Message> = {}): StateUpdate[] => {
    if (message.erased != null || (stateRank[state] <= stateRank[message.state] && state !== 'failed')) {
      return []
    }
    Object.assign(message, changes, { state })
    const change: MessageStateChange = { id: message.id, conversation: message.conversation, state: message.state, path: message.path }
    if (message.failure != null) {
      change.failure = message.failure
    }
    return [{ message, change }]
  }

  const stateOps = (updates: StateUpdate[]): BatchOperation[] => updates.flatMap(update => history.updateOps(update.message))

  const announce = (updates: StateUpdate[]): void => {
    updates.forEach(update => { events.emit('message:state', update.change) })
  }

  /** writes the updates (and `also`), then tells clients: a state they see is on disk */
  const persist = (updates: StateUpdate[], also: BatchOperation[] = []): void => {
    writer.write([...stateOps(updates), ...also])
      .then(() => { announce(updates) }, err => { log.error('could not persist message states: %e', err) })
  }

  /** one fewer envelope of this message awaits delivery */
  const settle = (item: OutboundEnvelope): BatchOperation[] => {
    const entry = inFlight.get(item.id)
    if (entry != null && --entry.outstanding <= 0) {
      inFlight.delete(item.id)
    }
    return [outbox.delOp(item)]
  }

  const flying = (item: OutboundEnvelope): StoredMessage | undefined => inFlight.get(item.id)?.message

  const seal = (devices: VerifiedDevice[], kind: OutboundEnvelope['kind'], id: Uint8Array, timestamp: number, body: Body): OutboundEnvelope[] => {
    const idText = messageIdToString(id)
    const queuedAt = Date.now()
    return devices.map(device => ({
      id: idText, deviceId: device.deviceId, kind, encoded: encodeEnvelope(codec.seal(device, id, timestamp, body)), queuedAt
    }))
  }

  const queue = async (items: OutboundEnvelope[], before: BatchOperation[], stored?: () => void): Promise<void> => {
    await writer.write([...before, ...outbox.putOps(items)])
    stored?.()
    components.delivery.enqueue(items)
  }

  const track = (message: StoredMessage, devices: number): void => {
    inFlight.set(message.id, { message, outstanding: devices })
  }

  const queueSealedTo = async (devices: VerifiedDevice[], body: Body, also: BatchOperation[] = []): Promise<void> => {
    const now = Date.now()
    await queue(seal(devices, 'sealed', nextMessageId(now), now, body), also)
  }
  const queueSealed = async (entry: ContactEntry, body: Body, also: BatchOperation[] = []): Promise<void> => {
    await queueSealedTo(entry.devices, body, also)
  }

  /** deposits envelopes for an unreachable device; returns those now held by mailboxes */
  const handToMailboxes = async (items: OutboundEnvelope[]): Promise<OutboundEnvelope[]> => {
    const mailbox = components.mailbox
    if (mailbox == null) {
      return []
    }
    const stored: OutboundEnvelope[] = []
    const updates: StateUpdate[] = []
    const ops: BatchOperation[] = []
    for (const item of items) {
      const device = components.device(item.deviceId)
      if (device == null || await mailbox.deposit(device, codec.sign(decodeEnvelope(item.encoded, 'batch')), { ticket: await components.tickets.get(device.accountId) }) === 0) {
        continue
      }
      stored.push(item)
      const message = flying(item)
      if (message != null) {
        updates.push(...advance(message, 'stored', { path: 'mailbox' }))
      }
      ops.push(...settle(item))
    }
    await writer.write([...stateOps(updates), ...ops])
    announce(updates)
    return stored
  }

  const byIds = async (ids: string[]): Promise<Map<string, StoredMessage>> => {
    const found = new Map<string, StoredMessage>()
    const notInFlight = [...new Set(ids)].filter(id => {
      const message = inFlight.get(id)?.message
      if (message != null) {
        found.set(id, message)
      }
      return message == null
    })
    const stored = await history.getMany(notInFlight)
    notInFlight.forEach((id, i) => {
      const message = stored[i]
      if (message != null) {
        found.set(id, message)
      }
    })
    return found
  }

  const sendReceipts = async (entry: ContactEntry, receipt: ReceiptKind, ids: string[], also: BatchOperation[] = []): Promise<void> => {
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_FRAME) {
      const refs = ids.slice(i, i + MAX_IDS_PER_FRAME).map(messageIdFromString)
      await queueSealed(entry, { kind: 'receipt', receipt, refs, at: Date.now() }, i === 0 ? also : [])
    }
  }

  return {
    nextId: nextMessageId,

    withState: (message) => {
      const live = inFlight.get(message.id)?.message
      if (live == null) return message
      const current: StoredMessage = { ...message, state: live.state, path: live.path }
      if (live.failure != null) current.failure = live.failure
      return current
    },

    queueMessage: async (entry, message, stored) => {
      const body = messageBody(message)
      if (body == null) {
        throw new Error(`a ${message.kind} message is not sent`)
      }
      track(message, entry.devices.length)
      try {
        await queue(seal(entry.devices, 'message', messageIdFromString(message.id), message.timestamp, body), history.putOps(message), stored)
      } catch (err) {
        inFlight.delete(message.id)
        throw err
      }
    },

    requeue: async (entry, message) => {
      const retried: StoredMessage = { ...message, state: 'pending', path: null }
      delete retried.failure
      const body = messageBody(retried)
      if (body == null) {
        throw new Error(`a ${message.kind} message is not sent`)
      }
      track(retried, entry.devices.length)
      await queue(seal(entry.devices, 'message', messageIdFromString(retried.id), retried.timestamp, body), history.updateOps(retried))
      events.emit('message:state', { id: retried.id, conversation: retried.conversation, state: 'pending', path: null })
      return retried
    },

    queueSealed,
    queueSealedTo,

    sendReceipts: async (entry, receipt, ids) => {
      if (components.invisible()) {
        const key = `${entry.record.accountId}!${receipt}`
        await components.store.settled()
        const waiting = [...(await held.get(key)) ?? [], ...ids].slice(-MAX_HELD_IDS)
        await writer.write([{ type: 'put', sublevel: held, key, value: waiting } as BatchOperation])
        holding = true
        return
      }
      await sendReceipts(entry, receipt, ids)
    },

    releaseHeld: async () => {
      if (!holding || components.invisible()) return
      releasing ??= (async () => {
        holding = false
        await components.store.settled()
        for (const [key, ids] of await held.iterator().all()) {
          const [account, receipt] = key.split('!') as [string, ReceiptKind]
          const entry = contacts.get(account)
          const forget = { type: 'del', sublevel: held, key } as BatchOperation
          await (entry == null || entry.record.status === 'blocked' ? writer.write([forget]) : sendReceipts(entry, receipt, ids, [forget]))
        }
      })().finally(() => { releasing = null })
      await releasing
    },

    receipt: async (sender, receipt, refs) => {
      const [state, path] = receipt === 'read' ? ['read', undefined] as const : ['delivered', 'mailbox'] as const
      const updates = await writer.exclusive(async () => {
        const messages = await byIds(refs)
        const found = refs.flatMap(id => {
          const message = messages.get(id)
          return message?.direction === 'out' && message.conversation === dmConversation(sender.accountId) ? advance(message, state, path == null ? {} : { path }) : []
        })
        // the store, not the writer: a write queued behind this exclusive task would wait for it forever
        await components.store.batch(stateOps(found))
        return found
      })
      announce(updates)
      return updates.map(update => update.message)
    },

    drop: async (id) => {
      const entry = inFlight.get(id)
      inFlight.delete(id)
      if (entry == null) {
        return
      }
      const devices = contacts.get(dmPeer(entry.message.conversation) ?? '')?.devices ?? []
      await writer.write(devices.map(device => outbox.delOp({ deviceId: device.deviceId, id })))
    },

    deliveryEvents: {
      // 'sent' lives in memory only: after a restart nothing is in flight, and the outbox resends
      sent: (items, path) => {
        announce(items.flatMap(item => {
          const message = flying(item)
          return message == null ? [] : advance(message, 'sent', { path })
        }))
      },
      acked: (items, path) => {
        stats.delivered += items.filter(item => item.kind === 'message').length
        persist(items.flatMap(item => {
          const message = flying(item)
          return message == null ? [] : advance(message, 'delivered', { path })
        }), items.flatMap(settle))
      },
      rejected: (item, error, reason) => {
        const message = flying(item)
        persist(message == null ? [] : advance(message, 'failed', { failure: `${error}: ${reason}` }), settle(item))
      },
      undeliverable: async (items) => handToMailboxes(items)
    },

    load: async () => {
      const items: OutboundEnvelope[] = []
      const queuedAt = Date.now()
      const entries = await outbox.load()
      const messages = await byIds(entries.flatMap(stored => stored.kind === 'message' ? [stored.id] : []))
      for (const stored of entries) {
        if (stored.kind === 'sealed') {
          items.push({ ...stored, queuedAt })
          continue
        }
        const message = messages.get(stored.id)
        const device = components.device(stored.deviceId)
        const body = message == null ? null : messageBody(message)
        if (message == null || device == null || body == null) {
          log.error('outbox message %s for %s has no %s: it is not sent', stored.id, stored.deviceId, device == null ? 'contact device' : 'message in the history')
          continue
        }
        const envelope = codec.seal(device, messageIdFromString(stored.id), message.timestamp, body)
        items.push({ ...stored, encoded: encodeEnvelope(envelope), queuedAt })
        const entry = inFlight.get(stored.id)
        if (entry != null) {
          entry.outstanding++
        } else {
          inFlight.set(stored.id, { message, outstanding: 1 })
        }
      }
      return items
    }
  }
}
