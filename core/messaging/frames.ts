/**
 * A /tim/msg stream as a channel of MsgFrames: varint length-prefixed protobuf (read by
 * frame-reader.ts as the bytes arrive), decoded with the wire guards, written with
 * back-pressure (wait for 'drain'). Turns every way a peer's bytes can be wrong into the typed
 * error that names it.
 */

import * as lp from 'it-length-prefixed'
import type { Stream } from '@libp2p/interface'
import { Uint8ArrayList } from 'uint8arraylist'
import { decodeMsgFrame, encodeMsgFrame, MAX_FRAME_BYTES, type MsgFrame, type ReceivedFrame } from '../wire/index.ts'
import { createFrameReader } from './frame-reader.ts'

export const MSG_PROTOCOL = '/tim/msg/1.0.0'

export interface FrameChannel {
  stream: Stream
  /** the next frame, or null when the peer closed the stream cleanly */
  next: (signal?: AbortSignal) => Promise<ReceivedFrame | null>
  /** writes frames in one go, then waits for 'drain' if the stream's buffer is full */
  send: (frames: MsgFrame | MsgFrame[], signal?: AbortSignal) => Promise<void>
  close: () => Promise<void>
  abort: (err: Error) => void
}

export function createFrameChannel (stream: Stream): FrameChannel {
  const reader = createFrameReader(stream, MAX_FRAME_BYTES)
  return {
    stream,
    next: async (signal) => {
      const bytes = await reader.next(signal)
      return bytes == null ? null : decodeMsgFrame(bytes)
    },
    send: async (frames, signal) => {
      const list = new Uint8ArrayList()
      for (const frame of Array.isArray(frames) ? frames : [frames]) {
        list.append(lp.encode.single(encodeMsgFrame(frame)))
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
