/**
 * The frames of `/tim/signal/1.0.0`: one SignalFrame (core/wire/tim.proto) per stream, varint
 * length-prefixed, carrying a presence signal, a typing signal or both. This module turns the
 * generated codec's shape into checked plain values and back, and refuses what a peer sent
 * that does not fit with the typed error that names it (FrameTooLargeError,
 * MalformedFrameError). No I/O.
 */

import { FrameTooLargeError, limits, MalformedFrameError, parseConversationId, type ConversationId } from '../api/index.ts'
import { SignalFrame } from '../wire/tim.ts'

export const SIGNAL_PROTOCOL = '/tim/signal/1.0.0'

/**
 * Largest SignalFrame accepted: a status text of 140 UTF-16 units is at most 420 bytes of
 * UTF-8, a conversation id 128; the rest is a few tags and varints.
 */
export const MAX_SIGNAL_FRAME_BYTES = 1024

/** What a device says of its account's presence; `offline` is sent once when it goes invisible or stops. */
export type SignalStatus = 'online' | 'away' | 'busy' | 'offline'

/** The wire numbers of the statuses (PresenceSignal.status); an unknown number reads as online. */
const statusNumbers: Record<SignalStatus, number> = { online: 0, away: 1, busy: 2, offline: 3 }
const statusesByNumber = new Map(Object.entries(statusNumbers).map(([status, number]) => [number, status as SignalStatus]))

export interface PresenceSignal {
  status: SignalStatus
  /** the status text; '' for none */
  text: string
  /** when the sender was last online (its clock, ms since epoch); 0 when it hides that */
  lastSeen: number
}

export interface TypingSignal {
  /** the conversation as the recipient names it: `dm:<sender's account>` */
  conversation: ConversationId
  typing: boolean
}

export interface Signal {
  presence?: PresenceSignal
  typing?: TypingSignal
}

export function encodeSignal (signal: Signal): Uint8Array {
  return SignalFrame.encode({
    ...(signal.presence != null
      ? { presence: { status: statusNumbers[signal.presence.status], text: signal.presence.text, lastSeen: BigInt(signal.presence.lastSeen) } }
      : {}),
    ...(signal.typing != null ? { typing: { ...signal.typing } } : {})
  })
}

/** Decodes and checks one frame's bytes (without its length prefix). */
export function decodeSignal (bytes: Uint8Array): Signal {
  if (bytes.byteLength > MAX_SIGNAL_FRAME_BYTES) {
    throw new FrameTooLargeError(`signal frame of ${bytes.byteLength} bytes is over the ${MAX_SIGNAL_FRAME_BYTES}-byte limit`)
  }
  let frame: SignalFrame
  try {
    frame = SignalFrame.decode(bytes)
  } catch (err) {
    throw new MalformedFrameError(`signal frame does not decode: ${(err as Error).message}`)
  }
  if (frame.presence == null && frame.typing == null) {
    throw new MalformedFrameError('a signal frame carries neither presence nor typing')
  }
  const signal: Signal = {}
  if (frame.presence != null) {
    const { status, text, lastSeen } = frame.presence
    if (text.length > limits.maxStatusTextLength) {
      throw new MalformedFrameError(`a status text is over ${limits.maxStatusTextLength} characters`)
    }
    if (lastSeen > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new MalformedFrameError('a last-seen time is out of range')
    }
    signal.presence = { status: statusesByNumber.get(status) ?? 'online', text, lastSeen: Number(lastSeen) }
  }
  if (frame.typing != null) {
    if (parseConversationId(frame.typing.conversation) == null) {
      throw new MalformedFrameError('a typing signal names no conversation')
    }
    signal.typing = { conversation: frame.typing.conversation, typing: frame.typing.typing }
  }
  return signal
}
