/**
 * Outbound delivery: one session per recipient device that drains that device's outbox over
 * a /tim/msg stream. Envelopes are pipelined (a window of unacked ones in flight) in batches
 * (one frame for many envelopes), acks are verified against the device's key, and a broken stream
 * puts the unacked envelopes back in front of the queue, in order, to be retried with
 * exponential backoff, or at once when a connection to the device opens. Knows nothing about
 * message states: it reports.
 */

import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import {
  InvalidSignatureError, MalformedFrameError, UncertifiedDeviceError, type DeviceId, type MessageId
} from '../api/index.ts'
import { verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import { connectionPath, type TimLibp2p } from '../net/index.ts'
import { BATCH_FILL_BYTES, MAX_ENVELOPES_PER_BATCH, messageIdToString, WIRE_VERSION } from '../wire/index.ts'
import type { EnvelopeCodec } from './envelopes.ts'
import { createFrameChannel, MSG_PROTOCOL, type FrameChannel } from './frames.ts'
import { createNotifier } from './notifier.ts'
import type { HelloTickets } from './tickets.ts'

const log = logger('tim:delivery')

/** One envelope for one device, persisted in the outbox before it is handed over here. */
export interface OutboundEnvelope {
  id: MessageId
  deviceId: DeviceId
  kind: 'message' | 'sealed'
  /**
   * the unsigned envelope's protobuf bytes, as the outbox keeps them and a batch frame carries
   * them (only the bytes are kept: thousands may be in flight)
   */
  encoded: Uint8Array<ArrayBuffer>
  /** when this process queued it, ms: the delivery deadline counts from here */
  queuedAt: number
}

export type DeliveryPath = 'direct' | 'relayed' | 'hole-punched'

export interface DeliveryEvents {
  /** envelopes were written to the device's stream */
  sent: (items: OutboundEnvelope[], path: DeliveryPath) => void
  /** the device acked these envelopes with a valid signature */
  acked: (items: OutboundEnvelope[], path: DeliveryPath) => void
  /** the device refused an envelope for good */
  rejected: (item: OutboundEnvelope, error: string, message: string) => void
  /** the device presented its certificate in its hello */
  device: (device: VerifiedDevice) => void
  /** something the device sent was wrong: counted by error name */
  fault: (err: Error) => void
  /** the device could not be reached: its addresses may be stale */
  unreachable: (deviceId: DeviceId) => void
  /**
   * these envelopes missed the delivery deadline while the device is unreachable: resolves
   * with those now held elsewhere (mailboxes), which the session then drops
   */
  undeliverable: (items: OutboundEnvelope[]) => Promise<OutboundEnvelope[]>
}

export interface DeliveryInit {
  dialTimeoutMs: number
  helloTimeoutMs: number
  retryMinMs: number
  retryMaxMs: number
  /** close a stream after this long with nothing to send or await */
  idleCloseMs: number
  /** most unacked envelopes in flight per device */
  window: number
  /** how long an envelope may wait for an unreachable device before it is handed to mailboxes, ms */
  deliveryDeadlineMs: number
}

export interface DeliveryComponents {
  libp2p: TimLibp2p
  identity: LocalIdentity
  codec: EnvelopeCodec
  events: DeliveryEvents
  /** mailbox tickets in the hello: ours handed to a contact, a contact's kept (tickets.ts) */
  tickets?: HelloTickets
}

export interface Delivery {
  enqueue: (items: OutboundEnvelope[]) => void
  /** a connection to this device opened: retry now instead of waiting out the backoff */
  kick: (deviceId: DeviceId) => void
  /** envelopes queued or in flight for a device */
  backlog: (deviceId: DeviceId) => number
  stop: () => Promise<void>
}

interface OpenChannel {
  channel: FrameChannel
  device: VerifiedDevice
  path: DeliveryPath
}

export function createDelivery (components: DeliveryComponents, init: DeliveryInit): Delivery {
  const sessions = new Map<DeviceId, DeviceSession>()
  let stopped = false

  const session = (deviceId: DeviceId): DeviceSession => {
    let existing = sessions.get(deviceId)
    if (existing == null) {
      existing = new DeviceSession(deviceId, components, init, () => stopped)
      sessions.set(deviceId, existing)
    }
    return existing
  }

  return {
    enqueue: (items) => {
      const byDevice = Map.groupBy(items, item => item.deviceId)
      for (const [deviceId, deviceItems] of byDevice) {
        session(deviceId).enqueue(deviceItems)
      }
    },
    kick: (deviceId) => { sessions.get(deviceId)?.kick() },
    backlog: (deviceId) => sessions.get(deviceId)?.backlog() ?? 0,
    stop: async () => {
      stopped = true
      await Promise.all([...sessions.values()].map(async s => { await s.stop() }))
    }
  }
}

/** Splits envelopes, in order, into batches of at most BATCH_FILL_BYTES (a big one alone). */
function fillBatches (items: OutboundEnvelope[]): OutboundEnvelope[][] {
  const batches: OutboundEnvelope[][] = []
  let current: OutboundEnvelope[] = []
  let bytes = 0
  for (const item of items) {
    const size = item.encoded.byteLength
    if (current.length > 0 && (bytes + size > BATCH_FILL_BYTES || current.length >= MAX_ENVELOPES_PER_BATCH)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) {
    batches.push(current)
  }
  return batches
}

class DeviceSession {
  private readonly queue: OutboundEnvelope[] = []
  private readonly inflight = new Map<MessageId, OutboundEnvelope>()
  /** wakes the stream loop: new work, an ack, the reader ending */
  private readonly notifier = createNotifier()
  /** cuts a retry backoff short: a connection to the device opened, or the node stops */
  private readonly retryNow = createNotifier()
  private running: Promise<void> | null = null
  private backoffMs: number
  private channel: FrameChannel | null = null

  constructor (
    private readonly deviceId: DeviceId,
    private readonly components: DeliveryComponents,
    private readonly init: DeliveryInit,
    private readonly stopped: () => boolean
  ) {
    this.backoffMs = init.retryMinMs
  }

  enqueue (items: OutboundEnvelope[]): void {
    this.queue.push(...items)
    this.notifier.notify()
    this.start()
  }

  kick (): void {
    this.backoffMs = this.init.retryMinMs
    this.notifier.notify()
    this.retryNow.notify()
    this.start()
  }

  backlog (): number {
    return this.queue.length + this.inflight.size
  }

  async stop (): Promise<void> {
    this.notifier.notify()
    this.retryNow.notify()
    this.channel?.abort(new Error('node is stopping'))
    await this.running
  }

  private hasWork (): boolean {
    return this.backlog() > 0
  }

  private start (): void {
    if (this.running != null || this.stopped() || !this.hasWork()) {
      return
    }
    this.running = this.run().finally(() => {
      this.running = null
      if (this.hasWork() && !this.stopped()) {
        this.start()
      }
    })
  }

  private async run (): Promise<void> {
    while (!this.stopped() && this.hasWork()) {
      try {
        const open = await this.open()
        this.backoffMs = this.init.retryMinMs
        await this.serve(open)
      } catch (err) {
        log('delivery to %s interrupted: %s', this.deviceId, (err as Error).message)
        this.channel?.abort(err as Error)
        this.requeueInflight()
        this.components.events.unreachable(this.deviceId)
        await this.handOverOverdue()
        if (this.stopped() || !this.hasWork()) {
          break
        }
        // new envelopes for an unreachable device wait out the backoff with the others
        await this.retryNow.wait(this.backoffMs)
        this.backoffMs = Math.min(this.backoffMs * 2, this.init.retryMaxMs)
      } finally {
        this.channel = null
      }
    }
  }

  /** gives envelopes past the delivery deadline to the mailboxes, keeping the rest queued */
  private async handOverOverdue (): Promise<void> {
    const deadline = Date.now() - this.init.deliveryDeadlineMs
    const overdue = this.queue.filter(item => item.queuedAt <= deadline)
    if (overdue.length === 0) {
      return
    }
    try {
      const handedOver = new Set(await this.components.events.undeliverable(overdue))
      const kept = this.queue.filter(item => !handedOver.has(item))
      this.queue.splice(0, this.queue.length, ...kept)
    } catch (err) {
      log('could not hand envelopes for %s to mailboxes: %s', this.deviceId, (err as Error).message)
    }
  }

  private requeueInflight (): void {
    const unacked = [...this.inflight.values()]
    this.inflight.clear()
    this.queue.unshift(...unacked)
  }

  private async open (): Promise<OpenChannel> {
    const { libp2p, identity } = this.components
    const peerId = peerIdFromString(this.deviceId)
    const signal = AbortSignal.timeout(this.init.dialTimeoutMs)
    const stream = await libp2p.dialProtocol(peerId, MSG_PROTOCOL, { signal })
    const channel = createFrameChannel(stream)
    this.channel = channel
    const connection = libp2p.getConnections(peerId).find(c => c.streams.includes(stream))
    await channel.send({ hello: { version: WIRE_VERSION, certificate: identity.certificate, ticket: this.components.tickets?.for(this.deviceId) } }, signal)
    const reply = await channel.next(AbortSignal.timeout(this.init.helloTimeoutMs))
    if (reply?.hello?.certificate == null) {
      throw new MalformedFrameError('the device did not answer with a hello')
    }
    const device = verifyDeviceCertificate(reply.hello.certificate)
    if (device.deviceId !== this.deviceId) {
      throw new UncertifiedDeviceError(`device ${this.deviceId} presented the certificate of ${device.deviceId}`)
    }
    this.components.events.device(device)
    this.components.tickets?.received(device, reply.hello.ticket)
    return { channel, device, path: connection == null ? 'direct' : connectionPath(connection) }
  }

  private async serve ({ channel, device, path }: OpenChannel): Promise<void> {
    let readerError: Error | null = null
    let readerDone = false
    const reader = this.readAcks(channel, device, path).then(
      () => { readerDone = true },
      (err: Error) => { readerDone = true; readerError = err }
    ).finally(() => { this.notifier.notify() })

    try {
      while (!this.stopped()) {
        if (readerError != null) {
          throw readerError
        }
        if (this.queue.length > 0 && this.inflight.size < this.init.window) {
          const batch = this.queue.splice(0, this.init.window - this.inflight.size)
          batch.forEach(item => this.inflight.set(item.id, item))
          await channel.send(fillBatches(batch).map(items => ({ batch: { envelopes: items.map(item => item.encoded) } })))
          this.components.events.sent(batch, path)
          continue
        }
        if (readerDone) {
          if (this.hasWork()) {
            throw new Error('the device closed the stream with envelopes unacked')
          }
          return
        }
        if (!this.hasWork()) {
          const woke = await this.notifier.wait(this.init.idleCloseMs)
          if (!woke && !this.hasWork()) {
            await channel.close()
            return
          }
          continue
        }
        await this.notifier.wait()
      }
    } finally {
      if (!readerDone) {
        channel.abort(new Error('delivery session ended'))
      }
      await reader
    }
  }

  private async readAcks (channel: FrameChannel, device: VerifiedDevice, path: DeliveryPath): Promise<void> {
    for (;;) {
      const frame = await channel.next()
      if (frame == null) {
        return
      }
      if (frame.ack != null) {
        if (!this.components.codec.verifyAck(frame.ack, device)) {
          const err = new InvalidSignatureError(`ack from ${this.deviceId} does not verify`)
          this.components.events.fault(err)
          throw err
        }
        const acked = frame.ack.ids.map(id => this.take(messageIdToString(id))).filter(item => item != null)
        if (acked.length > 0) {
          this.components.events.acked(acked, path)
        }
      } else if (frame.reject != null) {
        const item = this.take(messageIdToString(frame.reject.id))
        if (item != null) {
          this.components.events.rejected(item, frame.reject.error, frame.reject.message)
        }
      } else {
        const err = new MalformedFrameError('a recipient may only send acks and rejects')
        this.components.events.fault(err)
        throw err
      }
      this.notifier.notify()
    }
  }

  private take (id: MessageId): OutboundEnvelope | undefined {
    const item = this.inflight.get(id)
    this.inflight.delete(id)
    return item
  }
}
