/**
 * Inbound /tim/msg streams: the hello exchange (the peer proves which certified device it
 * is; from then on the stream itself authenticates what it carries as that device's), then
 * batches of envelopes, each opened against that device's certificate, handed to `accept` for
 * durable storage, and acknowledged in signed batches once stored. A bad envelope gets a Reject
 * frame and is counted; a bad frame resets the stream and is counted. The node never crashes
 * on what a peer sends, and a flooding peer is throttled, not served faster.
 */

import { logger } from '@libp2p/logger'
import type { Connection, Stream } from '@libp2p/interface'
import { MalformedFrameError, RateLimitedError, UncertifiedDeviceError } from '../api/index.ts'
import { verifyDeviceCertificate, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import { connectionPath, createTokenBuckets } from '../net/index.ts'
import { MAX_IDS_PER_FRAME, WIRE_VERSION, type Body, type Envelope, type MsgFrame } from '../wire/index.ts'
import type { EnvelopeCodec } from './envelopes.ts'
import { createFrameChannel, type FrameChannel } from './frames.ts'
import type { DeliveryPath } from './delivery.ts'
import type { HelloTickets } from './tickets.ts'

const log = logger('tim:receiver')

export interface ReceiverHooks {
  /**
   * the peer proved it is this device; throwing refuses the stream before this node answers
   * (a blocked account meets what an offline node shows: no hello, no ack)
   */
  hello: (device: VerifiedDevice) => Promise<void>
  /** whether the device's account is an accepted contact: strangers get a lower rate */
  trusted: (device: VerifiedDevice) => boolean
  /**
   * store what the envelope carries; resolves once durable (or once deliberately dropped), or
   * with the error that refuses this envelope for good (a Reject frame names it)
   */
  accept: (envelope: Envelope, body: Body, sender: VerifiedDevice, path: DeliveryPath) => Promise<Error | undefined>
  /** something the peer sent was wrong: counted by error name */
  fault: (err: Error) => void
}

export interface ReceiverInit {
  helloTimeoutMs: number
  /** envelopes per second one contact's device may send, sustained */
  ratePerSecond: number
  /** envelopes one contact's device may send in a burst */
  rateBurst: number
  /** envelopes per second one stranger's device may send, sustained */
  strangerRatePerSecond: number
  /** envelopes one stranger's device may send in a burst */
  strangerRateBurst: number
  /** most envelopes of one stream awaiting storage before reading pauses */
  maxUnstored: number
}

export interface ReceiverComponents {
  identity: LocalIdentity
  codec: EnvelopeCodec
  hooks: ReceiverHooks
  /** mailbox tickets in the hello: ours handed to a contact, a contact's kept (tickets.ts) */
  tickets?: HelloTickets
}

export type StreamHandler = (stream: Stream, connection: Connection) => Promise<void>

/** Devices whose rate is tracked at once: the state is bounded whoever connects. */
const MAX_TRACKED_DEVICES = 4096

/**
 * While more envelopes of the stream are still being stored, acks wait for this many: fewer,
 * larger acks (each one signed here and verified there) and wider window openings for the
 * sender. When nothing is left to store, whatever is stored is acked at once.
 */
const ACK_EVERY = 64

/** The frame that refuses one envelope for good, naming why. */
function rejectFrame (envelope: Envelope, err: Error): MsgFrame {
  return { reject: { id: envelope.id, error: err.name, message: err.message } }
}

export function createReceiver (components: ReceiverComponents, init: ReceiverInit): StreamHandler {
  const { identity, codec, hooks } = components
  const buckets = createTokenBuckets(MAX_TRACKED_DEVICES)

  /** waits until the device may send `count` more envelopes; true when it had to wait */
  const throttle = async (device: VerifiedDevice, count: number): Promise<boolean> => {
    const [rate, burst] = hooks.trusted(device) ? [init.ratePerSecond, init.rateBurst] : [init.strangerRatePerSecond, init.strangerRateBurst]
    const waitMs = buckets.take(device.deviceId, count, rate, burst)
    if (waitMs === 0) {
      return false
    }
    await new Promise(resolve => setTimeout(resolve, waitMs))
    return true
  }

  const serve = async (channel: FrameChannel, connection: Connection): Promise<void> => {
    const first = await channel.next(AbortSignal.timeout(init.helloTimeoutMs))
    if (first?.hello?.certificate == null) {
      throw new MalformedFrameError('the first frame of a /tim/msg stream must be a hello')
    }
    const sender = verifyDeviceCertificate(first.hello.certificate)
    if (sender.deviceId !== connection.remotePeer.toString()) {
      throw new UncertifiedDeviceError(`peer ${connection.remotePeer.toString()} presented the certificate of device ${sender.deviceId}`)
    }
    await hooks.hello(sender)
    components.tickets?.received(sender, first.hello.ticket)
    await channel.send({ hello: { version: WIRE_VERSION, certificate: identity.certificate, ticket: components.tickets?.for(sender.deviceId) } })
    const path = connectionPath(connection)

    const stored: Uint8Array[] = []
    const unstored = new Set<Promise<void>>()
    let ackScheduled = false
    let failure: Error | null = null
    const flushAcks = async (): Promise<void> => {
      ackScheduled = false
      while (stored.length > 0 && failure == null) {
        await channel.send({ ack: codec.signAck(stored.splice(0, MAX_IDS_PER_FRAME)) })
      }
    }
    const scheduleAcks = (): void => {
      if (!ackScheduled) {
        ackScheduled = true
        setImmediate(() => { flushAcks().catch(err => { failure = err }) })
      }
    }

    for (;;) {
      if (failure != null) {
        throw failure
      }
      const frame = await channel.next()
      if (frame == null) {
        break
      }
      if (frame.batch == null) {
        throw new MalformedFrameError('after the hello a sender may only send envelope batches')
      }
      const { envelopes } = frame.batch
      if (await throttle(sender, envelopes.length)) {
        hooks.fault(new RateLimitedError(`device ${sender.deviceId} sends faster than its rate limit`))
      }
      const rejects: MsgFrame[] = []
      for (const { envelope, body, error } of codec.openBatch(frame.batch, sender)) {
        if (error != null) {
          hooks.fault(error)
          rejects.push(rejectFrame(envelope, error))
          continue
        }
        const storing: Promise<void> = hooks.accept(envelope, body, sender, path).then(
          async (refusal) => {
            if (refusal == null) {
              stored.push(envelope.id)
              return
            }
            hooks.fault(refusal)
            await channel.send(rejectFrame(envelope, refusal))
          }
        ).catch((err: Error) => { failure = err }).finally(() => {
          unstored.delete(storing)
          if (stored.length > 0 && (unstored.size === 0 || stored.length >= ACK_EVERY)) {
            scheduleAcks()
          }
        })
        unstored.add(storing)
      }
      if (rejects.length > 0) {
        await channel.send(rejects)
      }
      while (unstored.size >= init.maxUnstored) {
        await Promise.race(unstored)
      }
    }
    await Promise.all(unstored)
    await flushAcks()
    if (failure != null) {
      throw failure
    }
    await channel.close()
  }

  return async (stream, connection) => {
    const channel = createFrameChannel(stream)
    try {
      await serve(channel, connection)
    } catch (err) {
      log('inbound stream from %p failed: %s', connection.remotePeer, (err as Error).message)
      hooks.fault(err as Error)
      channel.abort(err as Error)
    }
  }
}
