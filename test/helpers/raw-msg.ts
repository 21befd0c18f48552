/**
 * A hostile sender's view of /tim/msg: raw streams from one test peer to another, and frames
 * built by hand (a hello, a batch of envelopes sealed with a real identity), so a test can send
 * what an honest node never would and read every frame the recipient answers with.
 */

import * as lp from 'it-length-prefixed'
import { peerIdFromString } from '@libp2p/peer-id'
import type { Stream } from '@libp2p/interface'
import { createEnvelopeCodec } from '../../core/messaging/envelopes.ts'
import { MSG_PROTOCOL } from '../../core/messaging/index.ts'
import type { LocalIdentity, VerifiedDevice } from '../../core/identity/index.ts'
import { precomputeSharedKey, randomBytes, sealWithSharedKey, BOX_NONCE_BYTES } from '../../core/crypto/index.ts'
import { deviceIdToBytes } from '../../core/identity/index.ts'
import {
  createMessageIdGenerator, decodeMsgFrame, encodeEnvelope, encodeMsgFrame, ENVELOPE_VERSION, messageIdToString, WIRE_VERSION,
  type Envelope, type PayloadBinding, type MsgFrame, type ReceivedFrame
} from '../../core/wire/index.ts'
import type { TestPeer } from './peers.ts'

export interface RawStream {
  stream: Stream
  /** frames the recipient sent back, until it closed or reset the stream */
  replies: () => Promise<ReceivedFrame[]>
}

export async function openRawStream (from: TestPeer, to: TestPeer): Promise<RawStream> {
  const stream = await from.node.libp2p.dialProtocol(peerIdFromString(to.node.identity.deviceId), MSG_PROTOCOL)
  const replies = async (): Promise<ReceivedFrame[]> => {
    const frames: ReceivedFrame[] = []
    try {
      for await (const bytes of lp.decode(stream)) {
        frames.push(decodeMsgFrame(bytes.subarray()))
      }
    } catch {
      // the recipient reset the stream: that is one of the answers under test
    }
    return frames
  }
  return { stream, replies }
}

export function frameBytes (frame: MsgFrame): Uint8Array {
  return lp.encode.single(encodeMsgFrame(frame)).subarray()
}

export function hello (identity: LocalIdentity, version = WIRE_VERSION): Uint8Array {
  return frameBytes({ hello: { version, certificate: identity.certificate } })
}

/** a batch frame of these envelopes, as an honest sender's delivery writes it */
export function batchFrame (envelopes: Envelope[]): MsgFrame {
  return { batch: { envelopes: envelopes.map(encodeEnvelope) } }
}

/** sends a hello as `identity` and one batch of `envelopes` on a raw stream, closes it, and returns every frame answered */
export async function sendRaw (from: TestPeer, to: TestPeer, identity: LocalIdentity, envelopes: Envelope[]): Promise<ReceivedFrame[]> {
  const { stream, replies } = await openRawStream(from, to)
  stream.send(hello(identity))
  stream.send(frameBytes(batchFrame(envelopes)))
  await stream.close()
  return replies()
}

/** the ids a list of answered frames acknowledges */
export function ackedIds (frames: ReceivedFrame[]): Uint8Array[] {
  return frames.flatMap(frame => frame.ack?.ids ?? [])
}

const nextId = createMessageIdGenerator()

/** a text envelope from `sender` to `recipient`, stamped `timestamp` (default: now) */
export function textEnvelope (sender: LocalIdentity, recipient: VerifiedDevice, text: string, timestamp = Date.now()): Envelope {
  return createEnvelopeCodec(sender).seal(recipient, nextId(Date.now()), timestamp, { kind: 'text', text, burnSeconds: 0 })
}

/**
 * An envelope v3 from `sender` to `recipient` whose payload bytes `payload` writes (with the
 * binding an honest sender would seal: a newer Tim's payload, say), sealed as an honest
 * sender would seal them. Returns it with its id.
 */
export function envelopeWithPayload (sender: LocalIdentity, recipient: VerifiedDevice, payload: (recipientAccount: Uint8Array, binding: PayloadBinding) => Uint8Array): { envelope: Envelope, id: string } {
  const id = nextId(Date.now())
  const senderDevice = deviceIdToBytes(sender.deviceId) as Uint8Array<ArrayBuffer>
  const senderAccount = sender.accountSigner.publicKey as Uint8Array<ArrayBuffer>
  const plaintext = payload(recipient.accountKey, { senderAccount, senderDevice, id: id as Uint8Array<ArrayBuffer> })
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const envelope: Envelope = {
    version: ENVELOPE_VERSION,
    id: id as Uint8Array<ArrayBuffer>,
    senderAccount,
    senderDevice,
    recipientDevice: recipient.certificate.device,
    timestamp: BigInt(Date.now()),
    nonce,
    ciphertext: sealWithSharedKey(plaintext, nonce, precomputeSharedKey(recipient.boxKey, sender.boxKeyPair.secretKey)) as Uint8Array<ArrayBuffer>,
    signature: new Uint8Array(0)
  }
  return { envelope, id: messageIdToString(id) }
}
