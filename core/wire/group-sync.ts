/**
 * GroupSyncFrame on the wire: the frames of /tim/group/1.0.0, catching up between two member
 * devices (heads → the ops the other lacks; messages after an id), and members' receipts for a
 * sender's messages. Decoding checks the frame
 * size, that exactly one field is set, and every count and length in it; what the ops and
 * messages inside say is checked by their own codecs when they are read. No I/O here.
 */

import { MalformedFrameError } from '../api/index.ts'
import { checkSize, decodeOrThrow, requireLength, requirePeerId, type Bytes } from './field-checks.ts'
import { MAX_GROUP_MESSAGE_BYTES } from './group-message.ts'
import { GROUP_ID_BYTES } from './group-op.ts'
import { MESSAGE_ID_BYTES } from './message-id.ts'
import { checkEncodedOpSize, checkSenderKey, MAX_GROUP_OPS_PER_BODY, MAX_IDS_PER_FRAME } from './payload.ts'
import { GroupSyncFrame, type GroupMessagesPage, type GroupReceiptsFrame, type SenderKeyBody } from './tim.ts'

export { GroupSyncFrame, type GroupMessagesPage, type GroupReceiptsFrame, type SenderKeyBody }

/** Largest frame on a /tim/group stream. */
export const MAX_GROUP_SYNC_FRAME_BYTES = 1024 * 1024
/** Most heads one frame names (as many as an op may have parents). */
export const MAX_GROUP_SYNC_HEADS = 16
/** Most ops or messages one page carries, and the most messages one may ask for. */
export const MAX_GROUP_SYNC_PAGE = MAX_GROUP_OPS_PER_BODY
const OP_ID_BYTES = 32

const kinds = ['heads', 'ops', 'want', 'messages', 'reject', 'receipts'] as const
export type GroupSyncFrameKind = typeof kinds[number]

function fail (message: string): never {
  throw new MalformedFrameError(message)
}

function validateGroupSyncFrame (frame: GroupSyncFrame): GroupSyncFrame {
  const present = kinds.filter(kind => frame[kind] != null)
  if (present.length !== 1) {
    fail(`a group sync frame carries exactly one of ${kinds.join(', ')}; this one carries ${present.length === 0 ? 'none' : present.join(', ')}`)
  }
  const { heads, ops, want, messages, receipts } = frame
  if (heads != null) {
    requireLength(heads.group, GROUP_ID_BYTES, 'heads group')
    if (heads.heads.length === 0) fail('a heads frame names no heads')
    heads.heads.forEach(head => { requireLength(head, OP_ID_BYTES, 'head') })
  }
  if (ops != null) {
    requireLength(ops.group, GROUP_ID_BYTES, 'ops page group')
    // an empty page (with nothing more) says "you lack nothing"
    if (ops.ops.length === 0 && ops.more) fail('an empty ops page says more follow')
    ops.ops.forEach(op => { checkEncodedOpSize(op, 'an ops page') })
  }
  if (want != null) {
    requireLength(want.group, GROUP_ID_BYTES, 'wanted messages group')
    if (want.after.byteLength !== 0) requireLength(want.after, MESSAGE_ID_BYTES, 'wanted messages after')
    if (want.limit === 0 || want.limit > MAX_GROUP_SYNC_PAGE) fail(`a request for messages asks for 1–${MAX_GROUP_SYNC_PAGE}, not ${want.limit}`)
  }
  if (messages != null) {
    requireLength(messages.group, GROUP_ID_BYTES, 'messages page group')
    messages.keys.forEach(key => {
      checkSenderKey(key)
      requirePeerId(key.device, 'sender key device')
    })
    for (const message of messages.messages) {
      if (message.byteLength === 0 || message.byteLength > MAX_GROUP_MESSAGE_BYTES) {
        fail(`a message of ${message.byteLength} bytes in a messages page is not 1–${MAX_GROUP_MESSAGE_BYTES} bytes`)
      }
    }
  }
  if (receipts != null) {
    if (receipts.delivered.length + receipts.read.length === 0) fail('a receipts frame names no message')
    ;[...receipts.delivered, ...receipts.read].forEach(id => { requireLength(id, MESSAGE_ID_BYTES, 'receipt message id') })
  }
  return frame
}

/** Decodes one /tim/group frame, checking its size, shape, counts and lengths. */
export function decodeGroupSyncFrame (bytes: Bytes): GroupSyncFrame {
  checkSize(bytes, MAX_GROUP_SYNC_FRAME_BYTES, 'group sync frame')
  return validateGroupSyncFrame(decodeOrThrow('group sync frame', () => GroupSyncFrame.decode(bytes, {
    limits: {
      heads: { heads: MAX_GROUP_SYNC_HEADS },
      ops: { ops: MAX_GROUP_SYNC_PAGE },
      messages: { messages: MAX_GROUP_SYNC_PAGE, keys: MAX_GROUP_SYNC_PAGE, senders: MAX_GROUP_SYNC_PAGE },
      receipts: { delivered: MAX_IDS_PER_FRAME, read: MAX_IDS_PER_FRAME }
    }
  })))
}

export function encodeGroupSyncFrame (frame: GroupSyncFrame): Uint8Array<ArrayBuffer> {
  return GroupSyncFrame.encode(frame)
}

export function groupSyncFrameKind (frame: GroupSyncFrame): GroupSyncFrameKind {
  return kinds.find(kind => frame[kind] != null) ?? 'reject'
}
