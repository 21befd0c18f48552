/**
 * The /tim/mailbox/1.0.0 exchange: one length-prefixed MailboxRequest, one MailboxResponse,
 * then the stream closes. Both ends decode with the wire guards, so malformed or oversized
 * frames become typed errors.
 */

import * as lp from 'it-length-prefixed'
import type { AbortOptions, PeerId, Stream } from '@libp2p/interface'
import { MalformedFrameError } from '../api/index.ts'
import { createFrameReader } from '../messaging/frame-reader.ts'
import {
  decodeMailboxRequest, decodeMailboxResponse, encodeMailboxRequest, encodeMailboxResponse,
  MAX_FRAME_BYTES, MAX_MAILBOX_FRAME_BYTES, type MailboxRequest, type MailboxResponse
} from '../wire/index.ts'

export const MAILBOX_PROTOCOL = '/tim/mailbox/1.0.0'

/** How the mailbox opens a stream to another node (libp2p's `dialProtocol`; the service: its connection manager's openStream). */
export interface StreamOpener {
  dialProtocol: (peer: PeerId, protocol: string, options?: AbortOptions) => Promise<Stream>
}

async function writeFrame (stream: Stream, bytes: Uint8Array, signal?: AbortSignal): Promise<void> {
  if (!stream.send(lp.encode.single(bytes))) {
    await stream.onDrain({ signal })
  }
}

async function readFrame (stream: Stream, maxDataLength: number, signal?: AbortSignal): Promise<Uint8Array> {
  const frame = await createFrameReader(stream, maxDataLength).next(signal)
  if (frame == null) {
    throw new MalformedFrameError('the mailbox stream closed without a frame')
  }
  return frame
}

/** Sends one request to a mailbox node and returns its response. */
export async function askMailbox (streams: StreamOpener, peer: PeerId, request: MailboxRequest, signal?: AbortSignal): Promise<MailboxResponse> {
  const stream = await streams.dialProtocol(peer, MAILBOX_PROTOCOL, { signal })
  try {
    await writeFrame(stream, encodeMailboxRequest(request), signal)
    return decodeMailboxResponse(await readFrame(stream, MAX_MAILBOX_FRAME_BYTES, signal))
  } finally {
    await stream.close().catch((err: Error) => { stream.abort(err) })
  }
}

/** Reads the request of an inbound mailbox stream. */
export async function readMailboxRequest (stream: Stream, signal: AbortSignal): Promise<MailboxRequest> {
  return decodeMailboxRequest(await readFrame(stream, MAX_FRAME_BYTES, signal))
}

export async function answerMailbox (stream: Stream, response: MailboxResponse): Promise<void> {
  await writeFrame(stream, encodeMailboxResponse(response))
  await stream.close()
}
