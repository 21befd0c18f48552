/**
 * Sealing and opening group messages. A message is sealed once with the sending device's
 * sender key (secretbox over a Payload that names the group, the sender account and device
 * and the message id) and signed once with the device key: the same bytes go to every member
 * device. Opening checks, in this order, and throws the typed error: the wire guards, the
 * sender device known, its signature, the key known, the secretbox, the payload binding.
 * Whether the sender is a member (and not muted) at the message is the groups service's
 * check, not this module's; so is which keys it knows (sender-keys.ts). Pure: no I/O.
 */

import {
  DecryptionFailedError, InvalidArgumentError, InvalidSignatureError, MessageTooLargeError, PayloadBindingError, UncertifiedDeviceError, type DeviceId
} from '../../api/index.ts'
import { equalBytes, randomBytes, secretboxOpen, secretboxSeal, SECRETBOX_NONCE_BYTES, verifySignature, type Signer } from '../../crypto/index.ts'
import { deviceIdFromBytes, type VerifiedDevice } from '../../identity/index.ts'
import {
  decodeGroupMessage, decodePayload, encodeGroupMessage, encodeGroupPayload, ENVELOPE_VERSION, GROUP_MESSAGE_VERSION,
  groupMessageSigningBytes, MAX_GROUP_CIPHERTEXT_BYTES, type Body, type DeviceCertificate, type GroupMessage
} from '../../wire/index.ts'
import type { SenderKey } from './sender-keys.ts'

export interface SealGroupMessageInit {
  /** the sending device's key (identity.deviceSigner) */
  signer: Signer
  /** the sending device's certificate: names its account and device */
  certificate: DeviceCertificate
  /** the sending device's current sender key for the group (SenderKeyRing.current) */
  key: SenderKey
  /** the 16-byte message id */
  id: Uint8Array
  timestamp: number
  body: Body
}

export interface OpenedGroupMessage {
  group: Uint8Array
  id: Uint8Array
  sender: VerifiedDevice
  epoch: number
  timestamp: number
  body: Body
  /** the encoded GroupMessage, as it arrived: what is passed on to other members */
  bytes: Uint8Array
}

/** What openGroupMessage needs to know, looked up by the message's fields. */
export interface GroupMessageLookup {
  /** a certified device (a member's, as the service knows them) */
  device: (deviceId: DeviceId) => VerifiedDevice | undefined
  /** a sender key (SenderKeyRing.find) */
  key: (group: Uint8Array, deviceId: DeviceId, epoch: number) => Uint8Array | undefined
}

/** The encoded GroupMessage carrying `body`, sealed with the sender key and signed by the device. */
export function sealGroupMessage (init: SealGroupMessageInit): Uint8Array {
  const { signer, certificate, key, id, timestamp, body } = init
  const device = deviceIdFromBytes(certificate.device)
  if (!equalBytes(signer.publicKey, device.signingKey) || device.deviceId !== key.deviceId) {
    throw new InvalidArgumentError('a group message is sealed with the sending device\'s own signer, certificate and sender key')
  }
  const payload = encodeGroupPayload(body, key.group, {
    senderAccount: certificate.account, senderDevice: certificate.device, id: id as Uint8Array<ArrayBuffer>
  })
  const nonce = randomBytes(SECRETBOX_NONCE_BYTES)
  const ciphertext = secretboxSeal(payload, nonce, key.key)
  if (ciphertext.byteLength > MAX_GROUP_CIPHERTEXT_BYTES) {
    throw new MessageTooLargeError(`a sealed group message of ${ciphertext.byteLength} bytes is over the ${MAX_GROUP_CIPHERTEXT_BYTES}-byte limit`)
  }
  const unsigned: GroupMessage = {
    version: GROUP_MESSAGE_VERSION,
    group: key.group as Uint8Array<ArrayBuffer>,
    id: id as Uint8Array<ArrayBuffer>,
    senderDevice: certificate.device,
    epoch: key.epoch,
    timestamp: BigInt(timestamp),
    nonce,
    ciphertext,
    signature: new Uint8Array(0)
  }
  return encodeGroupMessage({ ...unsigned, signature: signer.sign(groupMessageSigningBytes(unsigned)) })
}

/** The checked contents of an encoded GroupMessage; throws the typed error that refuses it. */
export function openGroupMessage (bytes: Uint8Array, lookup: GroupMessageLookup): OpenedGroupMessage {
  const message = decodeGroupMessage(bytes)
  const { deviceId } = deviceIdFromBytes(message.senderDevice)
  const sender = lookup.device(deviceId)
  if (sender == null) {
    throw new UncertifiedDeviceError(`group message from device ${deviceId}, which no member certified`)
  }
  if (!verifySignature(sender.deviceSigningKey, groupMessageSigningBytes(message), message.signature)) {
    throw new InvalidSignatureError(`group message signature does not verify for device ${deviceId}`)
  }
  const key = lookup.key(message.group, deviceId, message.epoch)
  if (key == null) {
    throw new DecryptionFailedError(`the sender key of device ${deviceId} for epoch ${message.epoch} is missing: this device was never given it`)
  }
  const plaintext = secretboxOpen(message.ciphertext, message.nonce, key)
  if (plaintext == null) {
    throw new DecryptionFailedError(`group message from device ${deviceId} does not open with its epoch ${message.epoch} sender key`)
  }
  const { group, binding, body } = decodePayload(plaintext, ENVELOPE_VERSION)
  if (group == null || !equalBytes(group, message.group) || binding == null ||
    !equalBytes(binding.senderAccount, sender.accountKey) || !equalBytes(binding.senderDevice, message.senderDevice) ||
    !equalBytes(binding.id, message.id)) {
    throw new PayloadBindingError(`the payload of a group message from device ${deviceId} was sealed for another group, by another sender or under another id`)
  }
  return {
    group: message.group,
    id: message.id,
    sender,
    epoch: message.epoch,
    timestamp: Number(message.timestamp),
    body,
    bytes
  }
}
