/**
 * The `/tim/group/1.0.0` libp2p service: one GroupSyncFrame per stream from the opener, and
 * at most one frame back (an answer: the ops or messages asked for), then both ends close.
 * The device that handled a frame closes its end only once it has handled it, so a sender that
 * saw the stream close knows the frame arrived. What a frame means is the groups room's
 * (`setHandler`); this service owns the streams, the frame size, a rate per device and the
 * count of refused frames by error name. Never keeps or queues a frame.
 */

import type { ComponentLogger, Connection, Logger, PeerId, Startable, Stream } from '@libp2p/interface'
import { lpStream } from '@libp2p/utils'
import { createTokenBuckets } from '../../net/token-buckets.ts'
import { decodeGroupSyncFrame, encodeGroupSyncFrame, MAX_GROUP_SYNC_FRAME_BYTES, type GroupSyncFrame } from '../../wire/index.ts'

export const GROUP_PROTOCOL = '/tim/group/1.0.0'

/** handles a frame from `peer` and resolves with the answer to send back, if any; throws a typed error to refuse it */
export type GroupFrameHandler = (frame: GroupSyncFrame, peer: PeerId) => Promise<GroupSyncFrame | undefined>

export interface GroupSyncComponents {
  registrar: {
    handle: (protocol: string, handler: (stream: Stream, connection: Connection) => void | Promise<void>, options?: { maxInboundStreams?: number, maxOutboundStreams?: number, runOnLimitedConnection?: boolean }) => Promise<void>
    unhandle: (protocol: string) => Promise<void>
  }
  connectionManager: {
    openConnection: (peer: PeerId, options?: { signal?: AbortSignal }) => Promise<Connection>
  }
  logger: ComponentLogger
}

export interface GroupSyncInit {
  /** the most one exchange (dial, frame, answer) may take, ms (default 10 s) */
  exchangeTimeoutMs?: number
  /** frames accepted per second from one device, and the burst (default 20 and 200) */
  ratePerSecond?: number
  rateBurst?: number
}

export interface GroupSync {
  setHandler: (handler: GroupFrameHandler) => void
  /** sends `frame` to `peer` (dialling it) and resolves with its answer, or null when it sent none */
  exchange: (peer: PeerId, frame: GroupSyncFrame, signal?: AbortSignal) => Promise<GroupSyncFrame | null>
  /** frames refused, by error name */
  rejected: () => Record<string, number>
  /** counts a refusal the room made outside a stream (a frame's content) */
  count: (name: string) => void
}

const DEFAULT_EXCHANGE_TIMEOUT_MS = 10_000
const DEFAULT_RATE_PER_SECOND = 20
const DEFAULT_RATE_BURST = 200
const MAX_RATED_DEVICES = 4096
const MAX_STREAMS_PER_CONNECTION = 8

/** Names the errors libp2p's length-prefixed reader throws as Tim's wire errors. */
function rejectionName (err: Error): string {
  if (err.name === 'InvalidDataLengthError' || err.name === 'InvalidDataLengthLengthError') return 'FrameTooLargeError'
  if (err.name === 'InvalidMessageLengthError' || err.name === 'UnexpectedEOFError') return 'MalformedFrameError'
  return err.name
}

class GroupSyncService implements GroupSync, Startable {
  readonly [Symbol.toStringTag] = '@tim/group-sync'
  private readonly components: GroupSyncComponents
  private readonly init: GroupSyncInit
  private readonly log: Logger
  private readonly buckets = createTokenBuckets(MAX_RATED_DEVICES)
  private readonly refused: Record<string, number> = {}
  private handler: GroupFrameHandler | null = null
  private started = false

  constructor (components: GroupSyncComponents, init: GroupSyncInit) {
    this.components = components
    this.init = init
    this.log = components.logger.forComponent('tim:group-sync')
  }

  isStarted (): boolean {
    return this.started
  }

  async start (): Promise<void> {
    await this.components.registrar.handle(GROUP_PROTOCOL, this.onStream, {
      maxInboundStreams: MAX_STREAMS_PER_CONNECTION,
      maxOutboundStreams: MAX_STREAMS_PER_CONNECTION,
      runOnLimitedConnection: true
    })
    this.started = true
  }

  async stop (): Promise<void> {
    this.started = false
    await this.components.registrar.unhandle(GROUP_PROTOCOL)
  }

  setHandler (handler: GroupFrameHandler): void {
    this.handler = handler
  }

  rejected (): Record<string, number> {
    return { ...this.refused }
  }

  count (name: string): void {
    this.refused[name] = (this.refused[name] ?? 0) + 1
  }

  private timeout (signal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.init.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS)
    return signal == null ? timeout : AbortSignal.any([timeout, signal])
  }

  async exchange (peer: PeerId, frame: GroupSyncFrame, signal?: AbortSignal): Promise<GroupSyncFrame | null> {
    const deadline = this.timeout(signal)
    const connection = await this.components.connectionManager.openConnection(peer, { signal: deadline })
    const stream = await connection.newStream(GROUP_PROTOCOL, { signal: deadline, runOnLimitedConnection: true })
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_GROUP_SYNC_FRAME_BYTES })
      await lp.write(encodeGroupSyncFrame(frame), { signal: deadline })
      await stream.close({ signal: deadline })
      // the other end writes its answer, if any, then closes: a clean end without one is no answer
      const answer = await lp.read({ signal: deadline }).catch((err: Error) => {
        if (err.name === 'UnexpectedEOFError') return null
        throw err
      })
      return answer == null ? null : decodeGroupSyncFrame(answer.subarray())
    } catch (err) {
      stream.abort(err as Error)
      throw err
    }
  }

  private readonly onStream = async (stream: Stream, connection: Connection): Promise<void> => {
    const device = connection.remotePeer.toString()
    if (this.buckets.take(device, 1, this.init.ratePerSecond ?? DEFAULT_RATE_PER_SECOND, this.init.rateBurst ?? DEFAULT_RATE_BURST) > 0) {
      this.count('RateLimitedError')
      stream.abort(new Error('group frame refused'))
      return
    }
    const deadline = this.timeout()
    try {
      const lp = lpStream(stream, { maxDataLength: MAX_GROUP_SYNC_FRAME_BYTES })
      const frame = decodeGroupSyncFrame((await lp.read({ signal: deadline })).subarray())
      const answer = await this.handler?.(frame, connection.remotePeer)
      if (answer != null) {
        await lp.write(encodeGroupSyncFrame(answer), { signal: deadline })
      }
      await stream.close({ signal: deadline })
    } catch (err) {
      this.count(rejectionName(err as Error))
      this.log('a group frame from %s was refused: %s', device, (err as Error).message)
      stream.abort(err as Error)
    }
  }
}

export function groupSyncService (init: GroupSyncInit = {}): (components: GroupSyncComponents) => GroupSync & Startable {
  return (components) => new GroupSyncService(components, init)
}
