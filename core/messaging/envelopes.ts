/**
 * Sealing and opening envelopes and acks. An envelope is nacl.box-encrypted from the sender
 * device's box key to the recipient device's box key (shared keys precomputed per pair). One
 * that travels alone through others (mailboxes) is signed by the sender device; one in a batch
 * on the sender's own /tim/msg stream is not: the stream is authenticated end to end as the
 * device whose certificate its hello carried (see EnvelopeBatch in tim.proto). Opening checks
 * every claim against the certified device it came from (the box only opens with that
 * device's certified box key) and throws the typed error that names what was wrong.
 */

import {
  DecryptionFailedError, InvalidSignatureError, MisaddressedEnvelopeError, UncertifiedDeviceError
} from '../api/index.ts'
import {
  createPairKeyCache, equalBytes, openWithSharedKey, randomBytes, sealWithSharedKey, verifySignature, BOX_NONCE_BYTES
} from '../crypto/index.ts'
import { deviceIdToBytes, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import {
  ackSigningBytes, decodePayload, encodePayload, envelopeSigningBytes, WIRE_VERSION,
  type Ack, type Envelope, type Payload, type ReceivedBatch
} from '../wire/index.ts'

/** One envelope of a batch: its payload, or why it does not open. */
export type OpenedEnvelope =
  | { envelope: Envelope, payload: Payload, error?: undefined }
  | { envelope: Envelope, payload?: undefined, error: Error }

export interface EnvelopeCodec {
  /** an unsigned envelope: `sign` it to travel alone, or send it in a batch on a /tim/msg stream */
  seal: (recipient: VerifiedDevice, id: Uint8Array, timestamp: number, payload: Payload) => Envelope
  /** the envelope with its own signature, for travelling alone */
  sign: (envelope: Envelope) => Envelope
  /** checks its own signature, sender, recipient and ciphertext; returns the payload */
  open: (envelope: Envelope, sender: VerifiedDevice) => Payload
  /**
   * opens each envelope of a batch that came on a /tim/msg stream from `sender` (the stream
   * proved it is that device): checks sender, recipient and ciphertext as `open` does
   */
  openBatch: (batch: ReceivedBatch, sender: VerifiedDevice) => OpenedEnvelope[]
  signAck: (ids: Uint8Array[]) => Ack
  /** true when `ack` is `device`'s signed ack */
  verifyAck: (ack: Ack, device: VerifiedDevice) => boolean
}


export function createEnvelopeCodec (identity: LocalIdentity): EnvelopeCodec {
  const sharedKeyFor = createPairKeyCache(identity.boxKeyPair.secretKey)
  const ourDevice = deviceIdToBytes(identity.deviceId)
  const ourAccount = identity.accountSigner.publicKey

  const checkSender = (envelope: Envelope, sender: VerifiedDevice): void => {
    if (!equalBytes(envelope.senderAccount, sender.accountKey) || !equalBytes(envelope.senderDevice, sender.certificate.device)) {
      throw new UncertifiedDeviceError(`envelope claims a sender other than the certified device ${sender.deviceId} it came from`)
    }
  }

  /** what `open` checks after the signature */
  const openVerified = (envelope: Envelope, sender: VerifiedDevice): Payload => {
    if (!equalBytes(envelope.recipientDevice, ourDevice)) {
      throw new MisaddressedEnvelopeError('envelope is addressed to another device')
    }
    const plaintext = openWithSharedKey(envelope.ciphertext, envelope.nonce, sharedKeyFor(sender.boxKey))
    if (plaintext == null) {
      throw new DecryptionFailedError('envelope ciphertext does not open with the pair keys')
    }
    const payload = decodePayload(plaintext)
    if (!equalBytes(payload.recipientAccount, ourAccount)) {
      throw new MisaddressedEnvelopeError('payload was written for another account')
    }
    return payload
  }

  return {
    seal: (recipient, id, timestamp, payload) => {
      const nonce = randomBytes(BOX_NONCE_BYTES)
      const plaintext = encodePayload({ ...payload, recipientAccount: recipient.accountKey as Uint8Array<ArrayBuffer> })
      return {
        version: WIRE_VERSION,
        id: id as Uint8Array<ArrayBuffer>,
        senderAccount: ourAccount,
        senderDevice: ourDevice,
        recipientDevice: recipient.certificate.device,
        timestamp: BigInt(timestamp),
        nonce,
        ciphertext: sealWithSharedKey(plaintext, nonce, sharedKeyFor(recipient.boxKey)),
        signature: new Uint8Array(0)
      }
    },

    sign: (envelope) => ({ ...envelope, signature: identity.deviceSigner.sign(envelopeSigningBytes(envelope)) }),

    open: (envelope, sender) => {
      checkSender(envelope, sender)
      if (!verifySignature(sender.deviceSigningKey, envelopeSigningBytes(envelope), envelope.signature)) {
        throw new InvalidSignatureError(`envelope signature does not verify for device ${sender.deviceId}`)
      }
      return openVerified(envelope, sender)
    },

    openBatch: (batch, sender) => {
      return batch.envelopes.map(envelope => {
        try {
          checkSender(envelope, sender)
          return { envelope, payload: openVerified(envelope, sender) }
        } catch (err) {
          return { envelope, error: err as Error }
        }
      })
    },

    signAck: (ids) => {
      const unsigned: Ack = {
        ids: ids as Array<Uint8Array<ArrayBuffer>>,
        device: ourDevice,
        timestamp: BigInt(Date.now()),
        signature: new Uint8Array(0)
      }
      return { ...unsigned, signature: identity.deviceSigner.sign(ackSigningBytes(unsigned)) }
    },

    verifyAck: (ack, device) =>
      equalBytes(ack.device, device.certificate.device) &&
      verifySignature(device.deviceSigningKey, ackSigningBytes(ack), ack.signature)
  }
}
