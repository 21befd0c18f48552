/**
 * GroupMessage on the wire: one message to a whole group, sealed once with the sending
 * device's sender key (core/social/groups/group-cipher.ts), the same bytes for every member
 * device. Decoding checks the version and every field's length before anyone looks inside;
 * whether the sender is a member and the key is known is for the groups room. No keys here.
 */

import { MalformedFrameError, UnsupportedVersionError } from '../api/index.ts'
import { checkSize, decodeOrThrow, requireLength, requirePeerId, type Bytes } from './field-checks.ts'
import { GROUP_ID_BYTES } from './group-op.ts'
import { MESSAGE_ID_BYTES } from './message-id.ts'
import { GroupMessage } from './tim.ts'

export { GroupMessage }

/** The GroupMessage version this node writes and reads (WIRE_VERSION, which index.ts defines). */
export const GROUP_MESSAGE_VERSION = 1
const NONCE_BYTES = 24
const SIGNATURE_BYTES = 64
/** Largest sealed payload: a 16 KiB text or custom body, or a receipt of 1024 ids, with room to spare. */
export const MAX_GROUP_CIPHERTEXT_BYTES = 20 * 1024
/** Largest encoded GroupMessage: the ciphertext and the fixed fields around it. */
export const MAX_GROUP_MESSAGE_BYTES = MAX_GROUP_CIPHERTEXT_BYTES + 1024

export function validateGroupMessage (message: GroupMessage): GroupMessage {
  if (message.version !== GROUP_MESSAGE_VERSION) {
    throw new UnsupportedVersionError(`group message version ${message.version} is not supported (this node speaks ${GROUP_MESSAGE_VERSION})`)
  }
  requireLength(message.group, GROUP_ID_BYTES, 'group message group')
  requireLength(message.id, MESSAGE_ID_BYTES, 'group message id')
  requirePeerId(message.senderDevice, 'group message sender device')
  if (message.epoch === 0) {
    throw new MalformedFrameError('a group message names no sender key epoch (they start at 1)')
  }
  requireLength(message.nonce, NONCE_BYTES, 'group message nonce')
  requireLength(message.signature, SIGNATURE_BYTES, 'group message signature')
  if (message.ciphertext.byteLength === 0 || message.ciphertext.byteLength > MAX_GROUP_CIPHERTEXT_BYTES) {
    throw new MalformedFrameError(`a group message's ciphertext of ${message.ciphertext.byteLength} bytes is not 1–${MAX_GROUP_CIPHERTEXT_BYTES} bytes`)
  }
  return message
}

export function encodeGroupMessage (message: GroupMessage): Uint8Array<ArrayBuffer> {
  return GroupMessage.encode(message)
}

export function decodeGroupMessage (bytes: Bytes): GroupMessage {
  checkSize(bytes, MAX_GROUP_MESSAGE_BYTES, 'group message')
  return validateGroupMessage(decodeOrThrow('group message', () => GroupMessage.decode(bytes)))
}

/** The bytes a group message's signature covers: the message with an empty signature. */
export function groupMessageSigningBytes (message: GroupMessage): Uint8Array {
  return GroupMessage.encode({ ...message, signature: new Uint8Array(0) })
}
