/**
 * Reads varint length-prefixed frames from a stream as its 'message' events arrive: each
 * event's bytes are split into whole frames there and then, and a waiting reader resumes in
 * the next microtask (async iteration over the stream took several hops through generators
 * and a pushable per frame). Frames that arrived before a problem are read first; then the
 * problem is thrown, as a typed error when the peer's bytes were wrong. While many frames wait
 * for a slow reader, the stream stays paused: yamux then grants the peer no more window, so a
 * peer that sends faster than it is read is held back instead of filling memory.
 */

import type { Stream } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameTooLargeError, MalformedFrameError, raceAbort } from '../api/index.ts'
import { MAX_STREAM_WINDOW_BYTES } from '../net/index.ts'

const log = logger('tim:frames')

/** What a read that outlived its signal reports. */
const WAITED_TOO_LONG = 'timed out waiting for the peer'

/** A length prefix longer than this many bytes is not one a frame under 2^35 bytes needs. */
const MAX_PREFIX_BYTES = 5
/** frames, or bytes of frames, waiting for the reader past which the stream stays paused */
const MAX_QUEUED_FRAMES = 64
const MAX_QUEUED_BYTES = 1024 * 1024
/**
 * What a paused stream may buffer: all the peer may still send, its yamux window, plus a frame.
 * Past its own limit (4 MiB by default) the stream would reset itself.
 */
const PAUSED_READ_BUFFER_BYTES = MAX_STREAM_WINDOW_BYTES + 64 * 1024

export interface FrameReader {
  /** the next frame's bytes, or null once the peer closed its end cleanly */
  next: (signal?: AbortSignal) => Promise<Uint8Array | null>
}

/** Takes one whole frame off the front of `buffered`, or null while it is incomplete. */
function takeFrame (buffered: Uint8ArrayList, maxFrameBytes: number): Uint8Array | null {
  let length = 0
  for (let i = 0; ; i++) {
    if (i >= MAX_PREFIX_BYTES) {
      throw new MalformedFrameError('frame length prefix is invalid')
    }
    if (i >= buffered.byteLength) {
      return null
    }
    const byte = buffered.get(i)
    length += (byte & 0x7f) * 2 ** (7 * i)
    if (length > maxFrameBytes) {
      throw new FrameTooLargeError(`frame is over the ${maxFrameBytes}-byte limit`)
    }
    if ((byte & 0x80) === 0) {
      const start = i + 1
      if (buffered.byteLength < start + length) {
        return null
      }
      const frame = buffered.subarray(start, start + length)
      buffered.consume(start + length)
      return frame
    }
  }
}

export function createFrameReader (stream: Stream, maxFrameBytes: number): FrameReader {
  const buffered = new Uint8ArrayList()
  const frames: Uint8Array[] = []
  let queuedBytes = 0
  stream.maxReadBufferLength = Math.max(stream.maxReadBufferLength, PAUSED_READ_BUFFER_BYTES)
  let ended = stream.readStatus !== 'readable' && stream.readStatus !== 'paused'
  let failure: Error | null = null
  let waiting: PromiseWithResolvers<void> | null = null

  /**
   * yamux answers every data frame with a window update, written before the frame's reader
   * runs: pausing the stream until this turn's work is done lets the reader go first
   */
  let resumeScheduled = false
  const backlogged = (): boolean => frames.length >= MAX_QUEUED_FRAMES || queuedBytes >= MAX_QUEUED_BYTES
  const resume = (): void => {
    resumeScheduled = false
    // a backlog keeps the stream paused: the reader resumes it once it has caught up
    if (stream.readStatus !== 'paused' || backlogged()) {
      return
    }
    try {
      stream.resume()
    } catch (err) {
      // the connection is closing under the stream: what it had buffered is dispatched by
      // then, and the window update it could not send no longer matters
      log('could not resume a stream: %s', (err as Error).message)
    }
  }
  const scheduleResume = (): void => {
    if (!resumeScheduled) {
      resumeScheduled = true
      setImmediate(resume)
    }
  }
  const holdWindowUpdate = (): void => {
    if (stream.readStatus === 'readable') {
      stream.pause()
      scheduleResume()
    }
  }

  const wake = (): void => {
    const resolved = waiting
    waiting = null
    resolved?.resolve()
  }

  const onMessage = (event: { data: Uint8Array | Uint8ArrayList }): void => {
    if (failure != null || ended) {
      return
    }
    buffered.append(event.data)
    holdWindowUpdate()
    try {
      for (let frame = takeFrame(buffered, maxFrameBytes); frame != null; frame = takeFrame(buffered, maxFrameBytes)) {
        frames.push(frame)
        queuedBytes += frame.byteLength
      }
    } catch (err) {
      failure = err as Error
      buffered.consume(buffered.byteLength)
    }
    wake()
  }

  const onEnd = (err?: Error): void => {
    if (ended) {
      return
    }
    ended = true
    stream.removeEventListener('message', onMessage)
    stream.removeEventListener('close', onClose)
    stream.removeEventListener('end', onReadEnd)
    if (failure == null && err != null) {
      failure = err
    } else if (failure == null && buffered.byteLength > 0) {
      failure = new MalformedFrameError('stream ended inside a frame (truncated frame)')
    }
    wake()
  }
  const onClose = (event: { error?: Error }): void => { onEnd(event.error) }
  /** the remote closed its end and everything it sent was dispatched (also after a pause) */
  const onReadEnd = (): void => { onEnd() }

  if (!ended) {
    stream.addEventListener('message', onMessage)
    stream.addEventListener('close', onClose)
    stream.addEventListener('end', onReadEnd)
  }

  return {
    next: async (signal) => {
      for (;;) {
        const frame = frames.shift()
        if (frame != null) {
          queuedBytes -= frame.byteLength
          if (stream.readStatus === 'paused' && !backlogged()) {
            scheduleResume()
          }
          return frame
        }
        if (failure != null) {
          throw failure
        }
        if (ended) {
          return null
        }
        waiting ??= Promise.withResolvers<void>()
        await raceAbort(waiting.promise, signal, WAITED_TOO_LONG)
      }
    }
  }
}
