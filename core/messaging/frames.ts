/**
 * A /tim/msg stream as a channel of MsgFrames: varint length-prefixed protobuf, decoded with
 * the wire guards, written with back-pressure (wait for 'drain'). Turns every way a peer's
 * bytes can be wrong into the typed error that names it.
 */

import * as lp from 'it-length-prefixed'
import type { Stream } from '@libp2p/interface'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameTooLargeError, MalformedFrameError, raceAbort } from '../api/index.ts'
import { decodeMsgFrame, encodeMsgFrame, MAX_FRAME_BYTES, type MsgFrame, type ReceivedFrame } from '../wire/index.ts'

export const MSG_PROTOCOL = '/tim/msg/1.0.0'

/** What a read that outlived its signal reports. */
export const WAITED_TOO_LONG = 'timed out waiting for the peer'

export interface FrameChannel {
  stream: Stream
  /** the next frame, or null when the peer closed the stream cleanly */
  next: (signal?: AbortSignal) => Promise<ReceivedFrame | null>
  /**
   * writes frames in one go (a Uint8Array is a frame already encoded), then waits for 'drain'
   * if the stream's buffer is full
   */
  send: (frames: MsgFrame | Array<MsgFrame | Uint8Array>, signal?: AbortSignal) => Promise<void>
  close: () => Promise<void>
  abort: (err: Error) => void
}

/** The typed error for what went wrong reading a length-prefixed frame. */
export function typedReadError (err: Error): Error {
  switch (err.name) {
    case 'InvalidDataLengthError':
    case 'InvalidDataLengthLengthError':
      return new FrameTooLargeError(`frame is over the ${MAX_FRAME_BYTES}-byte limit`)
    case 'InvalidMessageLengthError':
      return new MalformedFrameError('frame length prefix is invalid')
    case 'UnexpectedEOFError':
      return new MalformedFrameError('stream ended inside a frame (truncated frame)')
    default:
      return err
  }
}


export function createFrameChannel (stream: Stream): FrameChannel {
  const frames = lp.decode(stream, { maxDataLength: MAX_FRAME_BYTES })[Symbol.asyncIterator]()
  return {
    stream,
    next: async (signal) => {
      let result: IteratorResult<{ subarray: () => Uint8Array }>
      try {
        result = await raceAbort(frames.next(), signal, WAITED_TOO_LONG)
      } catch (err) {
        throw typedReadError(err as Error)
      }
      if (result.done === true) {
        return null
      }
      return decodeMsgFrame(result.value.subarray())
    },
    send: async (frames, signal) => {
      const list = new Uint8ArrayList()
      for (const frame of Array.isArray(frames) ? frames : [frames]) {
        list.append(lp.encode.single(frame instanceof Uint8Array ? frame : encodeMsgFrame(frame)))
      }
      if (!stream.send(list)) {
        await stream.onDrain({ signal })
      }
    },
    close: async () => {
      try {
        await stream.close()
      } catch (err) {
        stream.abort(err as Error)
      }
    },
    abort: (err) => { stream.abort(err) }
  }
}
