/**
 * Sealing and opening envelopes and acks. An envelope is nacl.box-encrypted from the sender
 * device's box key to the recipient device's box key (shared keys precomputed per pair). One
 * that travels alone through others (mailboxes) is signed by the sender device; one in a batch
 * on the sender's own /tim/msg stream is not: the stream is authenticated end to end as the
 * device whose certificate its hello carried (see EnvelopeBatch in tim.proto). Opening checks
 * every claim against the certified device it came from (the box only opens with that
 * device's certified box key) and throws the typed error that names what was wrong.
 *
 * A certificate does not prove that its device holds the box key it names: Mallory can certify
 * her own device with Bob's box public key, and then any ciphertext Bob wrote to Alice opens
 * on Alice's side "from Mallory". So envelope v2 seals the sender's account, device and the
 * message id inside the ciphertext (PayloadBinding, written here from this node's own identity
 * and the envelope, so callers never handle it), and opening refuses a payload whose binding
 * differs from the envelope and the device it came from (PayloadBindingError).
 *
 * Envelope v3 (a Payload with one body) is written; v2 (a LegacyPayload: text and receipts, with
 * the binding) is still opened. Envelope v1 (before the binding) is refused from the network with UnsupportedVersionError,
 * whether on a /tim/msg stream or from a mailbox: accepting it would keep that hole open, and
 * as no deployed node writes v1, a clear refusal costs only mail from nodes not yet upgraded
 * (their sender gets a Reject naming the error, and stops retrying). The only v1 envelopes
 * this node still reads are the receipts its own outbox stored before v2, which `reseal`
 * turns into v2 (see outbox.ts and store migration 5, outbox-receipts-v1.ts).
 */

import {
  DecryptionFailedError, InvalidSignatureError, MisaddressedEnvelopeError, PayloadBindingError, UncertifiedDeviceError,
  UnsupportedVersionError
} from '../api/index.ts'
import {
  createPairKeyCache, equalBytes, openWithSharedKey, randomBytes, sealWithSharedKey, verifySignature, BOX_NONCE_BYTES
} from '../crypto/index.ts'
import { deviceIdToBytes, type LocalIdentity, type VerifiedDevice } from '../identity/index.ts'
import {
  ackSigningBytes, decodePayload, encodePayload, envelopeSigningBytes, ENVELOPE_VERSION, ENVELOPE_VERSION_V1, ENVELOPE_VERSION_V2,
  type Ack, type Body, type Envelope, type ReceivedBatch
} from '../wire/index.ts'

/** One envelope of a batch: its payload, or why it does not open. */
export type OpenedEnvelope =
  | { envelope: Envelope, body: Body, error?: undefined }
  | { envelope: Envelope, body?: undefined, error: Error }

export interface EnvelopeCodec {
  /** an unsigned envelope: `sign` it to travel alone, or send it in a batch on a /tim/msg stream */
  seal: (recipient: VerifiedDevice, id: Uint8Array, timestamp: number, body: Body) => Envelope
  /** the envelope with its own signature, for travelling alone */
  sign: (envelope: Envelope) => Envelope
  /** checks its own signature, sender, recipient and ciphertext; returns the payload's body */
  open: (envelope: Envelope, sender: VerifiedDevice) => Body
  /**
   * opens each envelope of a batch that came on a /tim/msg stream from `sender` (the stream
   * proved it is that device): checks sender, recipient and ciphertext as `open` does
   */
  openBatch: (batch: ReceivedBatch, sender: VerifiedDevice) => OpenedEnvelope[]
  /**
   * an envelope this device sealed for `recipient`, in a version peers open: a v1 one (stored
   * before v2) is opened with the same pair key and sealed again as the current version, with
   * the same id, timestamp and body; a v2 or v3 one is returned as it is. Throws when it is not this device's envelope for `recipient`.
   */
  reseal: (envelope: Envelope, recipient: VerifiedDevice) => Envelope
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
  const openVerified = (envelope: Envelope, sender: VerifiedDevice): Body => {
    if (envelope.version !== ENVELOPE_VERSION && envelope.version !== ENVELOPE_VERSION_V2) {
      throw new UnsupportedVersionError(`envelope version ${envelope.version} binds no sender to its ciphertext: refused (this node opens versions ${ENVELOPE_VERSION_V2} and ${ENVELOPE_VERSION})`)
    }
    if (!equalBytes(envelope.recipientDevice, ourDevice)) {
      throw new MisaddressedEnvelopeError('envelope is addressed to another device')
    }
    const plaintext = openWithSharedKey(envelope.ciphertext, envelope.nonce, sharedKeyFor(sender.boxKey))
    if (plaintext == null) {
      throw new DecryptionFailedError('envelope ciphertext does not open with the pair keys')
    }
    const { body, recipientAccount, binding } = decodePayload(plaintext, envelope.version)
    if (!equalBytes(recipientAccount, ourAccount)) {
      throw new MisaddressedEnvelopeError('payload was written for another account')
    }
    // checkSender made the envelope's sender fields the certified device's
    if (binding == null || !equalBytes(binding.senderAccount, envelope.senderAccount) ||
      !equalBytes(binding.senderDevice, envelope.senderDevice) || !equalBytes(binding.id, envelope.id)) {
      throw new PayloadBindingError(`the payload of envelope from device ${sender.deviceId} was sealed by another sender or under another id`)
    }
    return body
  }

  const seal = (recipient: VerifiedDevice, id: Uint8Array, timestamp: number, body: Body): Envelope => {
    const nonce = randomBytes(BOX_NONCE_BYTES)
    const plaintext = encodePayload(body, recipient.accountKey, { senderAccount: ourAccount, senderDevice: ourDevice, id: id as Uint8Array<ArrayBuffer> })
    return {
      version: ENVELOPE_VERSION,
      id: id as Uint8Array<ArrayBuffer>,
      senderAccount: ourAccount,
      senderDevice: ourDevice,
      recipientDevice: recipient.certificate.device,
      timestamp: BigInt(timestamp),
      nonce,
      ciphertext: sealWithSharedKey(plaintext, nonce, sharedKeyFor(recipient.boxKey)),
      signature: new Uint8Array(0)
    }
  }

  return {
    seal,

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
          return { envelope, body: openVerified(envelope, sender) }
        } catch (err) {
          return { envelope, error: err as Error }
        }
      })
    },

    reseal: (envelope, recipient) => {
      if (!equalBytes(envelope.senderAccount, ourAccount) || !equalBytes(envelope.senderDevice, ourDevice) ||
        !equalBytes(envelope.recipientDevice, recipient.certificate.device)) {
        throw new MisaddressedEnvelopeError(`envelope is not this device's for device ${recipient.deviceId}`)
      }
      if (envelope.version === ENVELOPE_VERSION || envelope.version === ENVELOPE_VERSION_V2) {
        return envelope
      }
      if (envelope.version !== ENVELOPE_VERSION_V1) {
        throw new UnsupportedVersionError(`envelope version ${envelope.version} cannot be sealed again`)
      }
      // nacl.box's shared key is the same from both ends: what we sealed opens with it
      const plaintext = openWithSharedKey(envelope.ciphertext, envelope.nonce, sharedKeyFor(recipient.boxKey))
      if (plaintext == null) {
        throw new DecryptionFailedError(`envelope does not open with the pair key of device ${recipient.deviceId}`)
      }
      const { body, recipientAccount } = decodePayload(plaintext, ENVELOPE_VERSION_V1)
      if (!equalBytes(recipientAccount, recipient.accountKey)) {
        throw new MisaddressedEnvelopeError('payload was written for another account')
      }
      return seal(recipient, envelope.id, Number(envelope.timestamp), body)
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
