/**
 * wire — protobuf schemas (tim.proto, compiled by protons into tim.ts) and the codecs that
 * guard them: sizes, field counts and versions are checked at decode time, and anything a
 * peer sent that does not fit throws a typed error (MalformedFrameError, FrameTooLargeError,
 * UnsupportedVersionError). Also the canonical bytes that signatures cover. No I/O, no keys.
 */

import { MalformedFrameError, UnsupportedVersionError } from '../api/index.ts'
import {
  AccountRecord, Ack, DeviceCertificate, Envelope, EnvelopeBatch, Hello, Invite, MailboxItem, MailboxRequest, MailboxResponse, MsgFrame, Reject
} from './tim.ts'
import { MailboxTicket } from './tim.ts'
import { MESSAGE_ID_BYTES } from './message-id.ts'
import { ACCOUNT_KEY_BYTES, checkSize, decodeOrThrow, requireLength, requirePeerId, type Bytes } from './field-checks.ts'
import { MAX_IDS_PER_FRAME } from './payload.ts'
import { decodeGroupMessage } from './group-message.ts'

export { AccountRecord, Ack, DeviceCertificate, Envelope, EnvelopeBatch, Hello, Invite, MailboxItem, MailboxRequest, MailboxResponse, MsgFrame, Reject }
export { MailboxTicket }

export * from './payload.ts'
export * from './message-id.ts'
export * from './group-op.ts'
export * from './group-message.ts'
export * from './group-sync.ts'

/**
 * The version of certificates, invites, hellos and account records this node writes and the
 * only one it reads. Envelopes have their own (ENVELOPE_VERSION).
 */
export const WIRE_VERSION = 1
/**
 * The envelope version this node seals: 3 carries a Payload with one body of a kind (a oneof,
 * so that a kind unknown to the recipient is passed over, not failed). 2 (LegacyPayload: text
 * and receipts) is still read from peers and mailboxes for one release; both bind the sender's
 * account, device and the message id inside the ciphertext (PayloadBinding).
 */
export const ENVELOPE_VERSION = 3
/** The previous envelope version, still opened (see ENVELOPE_VERSION). */
export const ENVELOPE_VERSION_V2 = 2
/**
 * Envelope v1 bound no sender inside its ciphertext. It still decodes (this node's outbox and
 * the mailboxes may hold ones written before v2, and one old item must not make a whole batch
 * or mailbox page undecodable), but only this node's own stored data is read as v1: the
 * envelope codec refuses a v1 envelope from anyone with UnsupportedVersionError (accepting it
 * would keep the unknown-key share open), and a mailbox takes no v1 deposit.
 */
export const ENVELOPE_VERSION_V1 = 1
/** Largest frame accepted on a /tim/msg stream. */
export const MAX_FRAME_BYTES = 64 * 1024
/** Most envelopes one batch may carry. */
export const MAX_ENVELOPES_PER_BATCH = 256
/**
 * Senders fill a batch up to this many bytes of encoded envelopes, so that a batch frame stays
 * well under MAX_FRAME_BYTES; a single envelope (16 KiB of text at most) always fits.
 */
export const BATCH_FILL_BYTES = 32 * 1024
/** Most addresses an invite may carry. */
export const MAX_INVITE_ADDRS = 16

const BOX_KEY_BYTES = 32
const NONCE_BYTES = 24
const SIGNATURE_BYTES = 64
const MAX_NAME_LENGTH = 64

function requireVersion (version: number, what: string): void {
  if (version !== WIRE_VERSION) {
    throw new UnsupportedVersionError(`${what} version ${version} is not supported (this node speaks ${WIRE_VERSION})`)
  }
}

function requireEnvelopeVersion (version: number): void {
  if (version !== ENVELOPE_VERSION && version !== ENVELOPE_VERSION_V2 && version !== ENVELOPE_VERSION_V1) {
    throw new UnsupportedVersionError(`envelope version ${version} is not supported (this node writes ${ENVELOPE_VERSION}, reads ${ENVELOPE_VERSION_V2}, and ${ENVELOPE_VERSION_V1} from its own storage)`)
  }
}

export function validateCertificate (cert: DeviceCertificate): DeviceCertificate {
  requireVersion(cert.version, 'device certificate')
  requireLength(cert.account, ACCOUNT_KEY_BYTES, 'certificate account')
  requirePeerId(cert.device, 'certificate device')
  requireLength(cert.boxKey, BOX_KEY_BYTES, 'certificate box key')
  requireLength(cert.signature, SIGNATURE_BYTES, 'certificate signature')
  if (cert.name.length > MAX_NAME_LENGTH) {
    throw new MalformedFrameError(`certificate name is over ${MAX_NAME_LENGTH} characters`)
  }
  return cert
}

/**
 * Whether an envelope carries a signature: its 'own' (alone, through mailboxes), none in a
 * 'batch' (its stream authenticates it), or 'any' of the two (an outbox written before batches
 * holds signed ones).
 */
export type EnvelopeSignature = 'own' | 'batch' | 'any'

/**
 * Checks an envelope's fields. Version 1 passes here (see ENVELOPE_VERSION_V1): whether it is
 * accepted is the envelope codec's decision.
 */
export function validateEnvelope (envelope: Envelope, signature: EnvelopeSignature = 'own'): Envelope {
  requireEnvelopeVersion(envelope.version)
  requireLength(envelope.id, MESSAGE_ID_BYTES, 'envelope id')
  requireLength(envelope.senderAccount, ACCOUNT_KEY_BYTES, 'envelope sender account')
  requirePeerId(envelope.senderDevice, 'envelope sender device')
  requirePeerId(envelope.recipientDevice, 'envelope recipient device')
  requireLength(envelope.nonce, NONCE_BYTES, 'envelope nonce')
  if (signature !== 'any' || envelope.signature.byteLength !== 0) {
    requireLength(envelope.signature, signature === 'batch' ? 0 : SIGNATURE_BYTES, signature === 'batch' ? 'signature of an envelope in a batch' : 'envelope signature')
  }
  if (envelope.ciphertext.byteLength === 0) {
    throw new MalformedFrameError('envelope has no ciphertext')
  }
  return envelope
}

function validateAck (ack: Ack): Ack {
  if (ack.ids.length === 0) {
    throw new MalformedFrameError('ack covers no ids')
  }
  ack.ids.forEach(id => { requireLength(id, MESSAGE_ID_BYTES, 'ack id') })
  requirePeerId(ack.device, 'ack device')
  requireLength(ack.signature, SIGNATURE_BYTES, 'ack signature')
  return ack
}

/** A batch as it arrived: its envelopes decoded and checked. */
export interface ReceivedBatch {
  envelopes: Envelope[]
}

/** A /tim/msg frame as decodeMsgFrame returns it. */
export type ReceivedFrame = Omit<MsgFrame, 'batch'> & { batch?: ReceivedBatch }

function decodeBatch (batch: EnvelopeBatch): ReceivedBatch {
  if (batch.envelopes.length === 0) {
    throw new MalformedFrameError('an envelope batch carries no envelopes')
  }
  return {
    envelopes: batch.envelopes.map(bytes => validateEnvelope(decodeOrThrow('envelope', () => Envelope.decode(bytes)), 'batch'))
  }
}

export type MsgFrameKind = 'hello' | 'batch' | 'ack' | 'reject'

/** Decodes one frame of /tim/msg, checking size, shape and versions. */
export function decodeMsgFrame (bytes: Bytes): ReceivedFrame {
  checkSize(bytes, MAX_FRAME_BYTES, 'frame')
  const frame = decodeOrThrow('frame', () => MsgFrame.decode(bytes, {
    limits: { ack: { ids: MAX_IDS_PER_FRAME }, batch: { envelopes: MAX_ENVELOPES_PER_BATCH } }
  }))
  const present = (['hello', 'batch', 'ack', 'reject'] as const).filter(kind => frame[kind] != null)
  if (present.length !== 1) {
    throw new MalformedFrameError(`a frame carries exactly one of hello, batch, ack, reject; this one carries ${present.length === 0 ? 'none' : present.join(', ')}`)
  }
  if (frame.hello != null) {
    requireVersion(frame.hello.version, 'hello')
    if (frame.hello.certificate == null) {
      throw new MalformedFrameError('hello carries no device certificate')
    }
    validateCertificate(frame.hello.certificate)
    if (frame.hello.ticket != null) {
      validateMailboxTicket(frame.hello.ticket)
    }
  }
  if (frame.ack != null) {
    validateAck(frame.ack)
  }
  if (frame.reject != null) {
    requireLength(frame.reject.id, MESSAGE_ID_BYTES, 'reject id')
  }
  return { ...frame, batch: frame.batch == null ? undefined : decodeBatch(frame.batch) }
}

export function encodeMsgFrame (frame: MsgFrame): Uint8Array {
  return MsgFrame.encode(frame)
}

export function msgFrameKind (frame: MsgFrame | ReceivedFrame): MsgFrameKind {
  if (frame.hello != null) return 'hello'
  if (frame.batch != null) return 'batch'
  if (frame.ack != null) return 'ack'
  return 'reject'
}

/** The bytes an envelope's signature covers: the envelope with an empty signature. */
export function envelopeSigningBytes (envelope: Envelope): Uint8Array {
  return Envelope.encode({ ...envelope, signature: new Uint8Array(0) })
}

export function ackSigningBytes (ack: Ack): Uint8Array {
  return Ack.encode({ ...ack, signature: new Uint8Array(0) })
}

export function certificateSigningBytes (cert: DeviceCertificate): Uint8Array {
  return DeviceCertificate.encode({ ...cert, signature: new Uint8Array(0) })
}

export function encodeEnvelope (envelope: Envelope): Uint8Array<ArrayBuffer> {
  return Envelope.encode(envelope)
}

export function decodeEnvelope (bytes: Bytes, signature: EnvelopeSignature = 'own'): Envelope {
  checkSize(bytes, MAX_FRAME_BYTES, 'envelope')
  return validateEnvelope(decodeOrThrow('envelope', () => Envelope.decode(bytes)), signature)
}

export function encodeCertificate (cert: DeviceCertificate): Uint8Array {
  return DeviceCertificate.encode(cert)
}

export function decodeCertificate (bytes: Bytes): DeviceCertificate {
  checkSize(bytes, 1024, 'device certificate')
  return validateCertificate(decodeOrThrow('device certificate', () => DeviceCertificate.decode(bytes)))
}

export function encodeInvite (invite: Invite): Uint8Array {
  return Invite.encode(invite)
}

export function decodeInvite (bytes: Bytes): Invite {
  checkSize(bytes, 4096, 'invite')
  const invite = decodeOrThrow('invite', () => Invite.decode(bytes, { limits: { addrs: MAX_INVITE_ADDRS } }))
  requireVersion(invite.version, 'invite')
  if (invite.certificate == null) {
    throw new MalformedFrameError('invite carries no device certificate')
  }
  validateCertificate(invite.certificate)
  return invite
}

/** Largest frame on a /tim/mailbox stream (a page of items): the most a client accepts. */
export const MAX_MAILBOX_FRAME_BYTES = 1024 * 1024
/** Most items one mailbox fetch returns. */
export const MAX_MAILBOX_PAGE = 256
/**
 * A mailbox fills a page with items up to this many bytes (each counted with its field tags
 * and lengths), and always hands out at least one: every item came in a deposit of at most
 * MAX_FRAME_BYTES, so a page stays under MAX_MAILBOX_FRAME_BYTES and each page makes progress.
 */
export const MAILBOX_PAGE_FILL_BYTES = MAX_MAILBOX_FRAME_BYTES - MAX_FRAME_BYTES

export function validateMailboxTicket (ticket: MailboxTicket): MailboxTicket {
  requireVersion(ticket.version, 'mailbox ticket')
  requireLength(ticket.recipient, ACCOUNT_KEY_BYTES, 'ticket recipient')
  requireLength(ticket.sender, ACCOUNT_KEY_BYTES, 'ticket sender')
  requireLength(ticket.signature, SIGNATURE_BYTES, 'ticket signature')
  return ticket
}

/** The bytes a mailbox ticket's signature covers: the ticket with an empty signature. */
export function mailboxTicketSigningBytes (ticket: MailboxTicket): Uint8Array {
  return MailboxTicket.encode({ ...ticket, signature: new Uint8Array(0) })
}

export function encodeMailboxTicket (ticket: MailboxTicket): Uint8Array {
  return MailboxTicket.encode(ticket)
}

export function decodeMailboxTicket (bytes: Bytes): MailboxTicket {
  checkSize(bytes, 1024, 'mailbox ticket')
  return validateMailboxTicket(decodeOrThrow('mailbox ticket', () => MailboxTicket.decode(bytes)))
}

function validateMailboxItem (item: MailboxItem | undefined): MailboxItem {
  if (item?.sender == null || (item.envelope == null) === (item.groupMessage.byteLength === 0)) {
    throw new MalformedFrameError('a mailbox item carries an envelope or a group message, and its sender\'s certificate')
  }
  if (item.envelope != null) validateEnvelope(item.envelope)
  else decodeGroupMessage(item.groupMessage)
  validateCertificate(item.sender)
  return item
}

/** Decodes one /tim/mailbox request, checking size, shape and the certificates and envelopes in it. */
export function decodeMailboxRequest (bytes: Bytes): MailboxRequest {
  checkSize(bytes, MAX_FRAME_BYTES, 'mailbox request')
  const request = decodeOrThrow('mailbox request', () => MailboxRequest.decode(bytes, {
    limits: { remove: { ids: MAX_MAILBOX_PAGE, senders: MAX_MAILBOX_PAGE } }
  }))
  const present = (['deposit', 'fetch', 'remove'] as const).filter(kind => request[kind] != null)
  if (present.length !== 1) {
    throw new MalformedFrameError(`a mailbox request carries exactly one of deposit, fetch, remove; this one carries ${present.length === 0 ? 'none' : present.join(', ')}`)
  }
  if (request.deposit != null) {
    requireLength(request.deposit.recipientAccount, ACCOUNT_KEY_BYTES, 'deposit recipient account')
    validateMailboxItem(request.deposit.item)
    if (request.deposit.ticket != null) {
      validateMailboxTicket(request.deposit.ticket)
    }
    const version = request.deposit.item?.envelope?.version
    if (request.deposit.item?.envelope != null && version !== ENVELOPE_VERSION && version !== ENVELOPE_VERSION_V2) {
      // no recipient opens v1 from the network (see ENVELOPE_VERSION_V1): not worth holding
      throw new UnsupportedVersionError(`a mailbox takes envelopes of versions ${ENVELOPE_VERSION_V2} and ${ENVELOPE_VERSION}, not ${version}`)
    }
  }
  const device = request.fetch?.device ?? request.remove?.device
  if ((request.fetch != null || request.remove != null) && device == null) {
    throw new MalformedFrameError('a fetch or remove carries the device certificate of the fetching device')
  }
  if (device != null) {
    validateCertificate(device)
  }
  request.remove?.ids.forEach(id => { requireLength(id, MESSAGE_ID_BYTES, 'remove id') })
  if (request.remove != null && request.remove.senders.length !== 0) {
    if (request.remove.senders.length !== request.remove.ids.length) {
      throw new MalformedFrameError('a remove names the sender of each id, or of none')
    }
    request.remove.senders.forEach(sender => { requireLength(sender, ACCOUNT_KEY_BYTES, 'remove sender') })
  }
  return request
}

export function encodeMailboxRequest (request: MailboxRequest): Uint8Array {
  return MailboxRequest.encode(request)
}

export function decodeMailboxResponse (bytes: Bytes): MailboxResponse {
  checkSize(bytes, MAX_MAILBOX_FRAME_BYTES, 'mailbox response')
  const response = decodeOrThrow('mailbox response', () => MailboxResponse.decode(bytes, { limits: { items: MAX_MAILBOX_PAGE } }))
  response.items.forEach(validateMailboxItem)
  return response
}

export function encodeMailboxResponse (response: MailboxResponse): Uint8Array {
  return MailboxResponse.encode(response)
}

/** Most devices one account record lists. */
export const MAX_RECORD_DEVICES = 16

export function encodeAccountRecord (record: AccountRecord): Uint8Array {
  return AccountRecord.encode(record)
}

export function decodeAccountRecord (bytes: Bytes): AccountRecord {
  checkSize(bytes, 16 * 1024, 'account record')
  const record = decodeOrThrow('account record', () => AccountRecord.decode(bytes, {
    limits: { devices: MAX_RECORD_DEVICES, devices$: { addrs: MAX_INVITE_ADDRS } }
  }))
  requireVersion(record.version, 'account record')
  requireLength(record.account, ACCOUNT_KEY_BYTES, 'record account')
  requireLength(record.signature, SIGNATURE_BYTES, 'record signature')
  record.devices.forEach(device => {
    if (device.certificate == null) {
      throw new MalformedFrameError('an account record device carries its certificate')
    }
    validateCertificate(device.certificate)
  })
  return record
}

export function accountRecordSigningBytes (record: AccountRecord): Uint8Array {
  return AccountRecord.encode({ ...record, signature: new Uint8Array(0) })
}
