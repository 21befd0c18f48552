/**
 * The plaintext inside an envelope or a group message: one body of a kind (text, receipt, edit,
 * reaction, erase, custom, contact request, and the group kinds sent pairwise: sender key, group
 * ops, join request), checked at decode time, plus what binds it to what carries it. A 1:1
 * payload names its recipient account; a group payload names its group instead. A body
 * this node does not know decodes as `unsupported` with the payload's bytes, never as an error:
 * a newer peer's new kind must not fail against this node. Envelope v3 carries Payload; v2 and
 * v1 carried LegacyPayload (text and receipts only), still read from mailboxes and outboxes.
 */

import { MalformedFrameError } from '../api/index.ts'
import { limits } from '../api/types.ts'
import { ACCOUNT_KEY_BYTES, decodeOrThrow, requireLength, requirePeerId } from './field-checks.ts'
import { GROUP_ID_BYTES, GROUP_JOIN_PROOF_BYTES, MAX_GROUP_OP_BYTES } from './group-op.ts'
import { MESSAGE_ID_BYTES } from './message-id.ts'
import { LegacyPayload, Payload as PayloadMessage, type CustomBody, type DeviceCertificate, type GroupJoinRequestBody, type GroupOpsBody, type SenderKeyBody } from './tim.ts'

/** Most message ids one ack or receipt may cover. */
export const MAX_IDS_PER_FRAME = 1024
/** A sender key: a secretbox key. */
const SENDER_KEY_BYTES = 32
/** Most encoded group ops one GroupOpsBody (or one catch-up page) may carry. */
export const MAX_GROUP_OPS_PER_BODY = 256
/** Member device cards one group ops body may carry, and addresses per card. */
export const MAX_DEVICE_CARDS_PER_BODY = 64
export const MAX_ADDRS_PER_CARD = 16

/** A member's device as another member knows it: its certificate and addresses (multiaddr bytes). */
export interface MemberDeviceCard {
  certificate: DeviceCertificate
  addrs: Uint8Array[]
}
const CUSTOM_TYPE = /^[A-Za-z0-9._/-]+$/

export type Body =
  | { kind: 'text', text: string, replyTo?: Uint8Array, burnSeconds: number }
  | { kind: 'receipt', receipt: ReceiptKind, refs: Uint8Array[], at: number }
  | { kind: 'edit', ref: Uint8Array, text: string }
  | { kind: 'reaction', ref: Uint8Array, emoji: string, remove: boolean }
  | { kind: 'erase', ref: Uint8Array, reason: 'recall' | 'burn', at: number }
  | { kind: 'custom', type: string, data: Uint8Array }
  | { kind: 'contact-request', note: string }
  /** a device's sender key for a group (pairwise, to each member device) */
  | { kind: 'sender-key', group: Uint8Array, epoch: number, key: Uint8Array }
  /** encoded group ops, parents before children (pairwise: the log to a new member, new ops to a mailbox) */
  /** `devices`: member devices as the sender knows them (their certificates are checked by whoever reads them) */
  | { kind: 'group-ops', group: Uint8Array, ops: Uint8Array[], devices?: MemberDeviceCard[] }
  /** asks a private group's owner and managers to let the sender in */
  | { kind: 'group-join-request', group: Uint8Array, proof: Uint8Array, note: string }
  /** a kind this node does not know: the whole decrypted payload */
  | { kind: 'unsupported', bytes: Uint8Array }

export type BodyKind = Body['kind']

/** delivered: collected from a mailbox; read: shown to the user; erased: a recall was carried out */
export type ReceiptKind = 'delivered' | 'read' | 'erased'

/**
 * What an envelope (v2 and later) seals together with its payload: the sender's account, its
 * device and the message id. A recipient refuses the payload unless they equal the envelope's
 * and the certified device it came from (PayloadBindingError): a ciphertext opens with its
 * pair's box keys only, and a device certificate does not prove possession of its box key, so
 * without this a device certified with another's box key could re-send their ciphertexts as its own.
 */
export interface PayloadBinding {
  senderAccount: Uint8Array<ArrayBuffer>
  senderDevice: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
}

export interface DecodedPayload {
  body: Body
  /** the account a 1:1 payload was written for; empty in a group payload */
  recipientAccount: Uint8Array
  /** the group a group payload was written for (then recipientAccount is empty) */
  group?: Uint8Array
  /** present from envelope v2 on; v1 bound nothing */
  binding?: PayloadBinding
}

const NO_BYTES = new Uint8Array(0)
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function fail (message: string): never {
  throw new MalformedFrameError(message)
}

function requireId (value: Uint8Array, field: string): Uint8Array {
  requireLength(value, MESSAGE_ID_BYTES, field)
  return value
}

function requireTextBytes (text: string, max: number, field: string): string {
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > max) fail(`${field} of ${bytes} bytes is over the ${max}-byte limit`)
  return text
}

/** ReceiptBody.kind and EraseBody.reason numbers (tim.proto) */
const RECEIPT_DELIVERED = 0
const RECEIPT_READ = 1
const RECEIPT_ERASED = 2
const ERASE_RECALL = 0
const ERASE_BURN = 1
const receiptKinds: Record<ReceiptKind, number> = { delivered: RECEIPT_DELIVERED, read: RECEIPT_READ, erased: RECEIPT_ERASED }
const eraseReasons = { recall: ERASE_RECALL, burn: ERASE_BURN } as const

/** The generated message's fields for one body. */
function bodyFields (body: Body): Partial<PayloadMessage> {
  switch (body.kind) {
    case 'text': return { text: { text: utf8(body.text), replyTo: (body.replyTo ?? NO_BYTES) as Uint8Array<ArrayBuffer>, burnSeconds: body.burnSeconds } }
    case 'receipt': return { receipt: { kind: receiptKinds[body.receipt], refs: body.refs as Array<Uint8Array<ArrayBuffer>>, at: BigInt(body.at) } }
    case 'edit': return { edit: { ref: body.ref as Uint8Array<ArrayBuffer>, text: utf8(body.text) } }
    case 'reaction': return { reaction: { ref: body.ref as Uint8Array<ArrayBuffer>, emoji: body.emoji, remove: body.remove } }
    case 'erase': return { erase: { ref: body.ref as Uint8Array<ArrayBuffer>, reason: eraseReasons[body.reason], at: BigInt(body.at) } }
    case 'custom': return { custom: { type: body.type, data: body.data as Uint8Array<ArrayBuffer> } }
    case 'contact-request': return { contactRequest: { note: body.note } }
    case 'sender-key': return { senderKey: { group: body.group as Uint8Array<ArrayBuffer>, epoch: body.epoch, key: body.key as Uint8Array<ArrayBuffer>, device: NO_BYTES as Uint8Array<ArrayBuffer> } }
    case 'group-ops': return { groupOps: { group: body.group as Uint8Array<ArrayBuffer>, ops: body.ops as Array<Uint8Array<ArrayBuffer>>, devices: (body.devices ?? []).map(card => ({ certificate: card.certificate, addrs: card.addrs as Array<Uint8Array<ArrayBuffer>> })) } }
    case 'group-join-request': return { groupJoinRequest: { group: body.group as Uint8Array<ArrayBuffer>, proof: body.proof as Uint8Array<ArrayBuffer>, note: body.note } }
    case 'unsupported': return fail('an unsupported body is never sent')
  }
}

/** A v3 payload's bytes. */
export function encodePayload (body: Body, recipientAccount: Uint8Array, binding: PayloadBinding): Uint8Array {
  return PayloadMessage.encode({ ...bodyFields(body), recipientAccount: recipientAccount as Uint8Array<ArrayBuffer>, ...binding })
}

/** A group payload's bytes: it names the group and no recipient account. */
export function encodeGroupPayload (body: Body, group: Uint8Array, binding: PayloadBinding): Uint8Array {
  return PayloadMessage.encode({ ...bodyFields(body), group: group as Uint8Array<ArrayBuffer>, ...binding })
}

/** A v1/v2 payload's bytes (text and receipts only), for tests of what older nodes wrote. */
export function encodeLegacyPayload (body: Body, recipientAccount: Uint8Array, binding?: PayloadBinding): Uint8Array {
  const common = { recipientAccount: recipientAccount as Uint8Array<ArrayBuffer>, senderAccount: binding?.senderAccount ?? NO_BYTES, senderDevice: binding?.senderDevice ?? NO_BYTES, id: binding?.id ?? NO_BYTES }
  if (body.kind === 'text') {
    return LegacyPayload.encode({ ...common, kind: LegacyPayload.Kind.TEXT, text: Buffer.from(body.text, 'utf8'), refs: [] })
  }
  if (body.kind === 'receipt') {
    const kind = body.receipt === 'read' ? LegacyPayload.Kind.READ_RECEIPT : LegacyPayload.Kind.DELIVERY_RECEIPT
    return LegacyPayload.encode({ ...common, kind, text: NO_BYTES, refs: body.refs as Array<Uint8Array<ArrayBuffer>> })
  }
  return fail(`a ${body.kind} body has no legacy form`)
}

function utf8 (text: string): Uint8Array<ArrayBuffer> {
  return Buffer.from(text, 'utf8') as Uint8Array<ArrayBuffer>
}

/** A message text: valid UTF-8 (MalformedFrameError otherwise, never patched over) within the size limit. */
function strictText (bytes: Uint8Array, field: string): string {
  if (bytes.byteLength > limits.maxTextBytes) fail(`${field} of ${bytes.byteLength} bytes is over the ${limits.maxTextBytes}-byte limit`)
  try {
    return utf8Decoder.decode(bytes)
  } catch {
    return fail(`${field} is not valid UTF-8`)
  }
}

/** The one body a v3 payload carries, checked against the limits; `unsupported` when none is known. */
function bodyOf (message: PayloadMessage, bytes: Uint8Array): Body {
  const { text, receipt, edit, reaction, erase, custom, contactRequest, senderKey, groupOps, groupJoinRequest } = message
  if (text != null) {
    if (text.burnSeconds > limits.maxBurnSeconds) fail(`burn time of ${text.burnSeconds} s is over ${limits.maxBurnSeconds} s`)
    return {
      kind: 'text',
      text: strictText(text.text, 'text'),
      ...(text.replyTo.byteLength > 0 ? { replyTo: requireId(text.replyTo, 'reply reference') } : {}),
      burnSeconds: text.burnSeconds
    }
  }
  if (receipt != null) {
    if (receipt.refs.length === 0) fail('a receipt covers no ids')
    receipt.refs.forEach(ref => requireId(ref, 'receipt reference'))
    const kind = (Object.keys(receiptKinds) as ReceiptKind[]).find(name => receiptKinds[name] === receipt.kind)
    if (kind == null) {
      // a receipt kind this node does not know says nothing it can act on
      return { kind: 'unsupported', bytes }
    }
    return { kind: 'receipt', receipt: kind, refs: receipt.refs, at: Number(receipt.at) }
  }
  if (edit != null) {
    return { kind: 'edit', ref: requireId(edit.ref, 'edit reference'), text: strictText(edit.text, 'edited text') }
  }
  if (reaction != null) {
    if (reaction.emoji.length === 0) fail('a reaction has no emoji')
    return { kind: 'reaction', ref: requireId(reaction.ref, 'reaction reference'), emoji: requireTextBytes(reaction.emoji, limits.maxEmojiBytes, 'reaction'), remove: reaction.remove }
  }
  if (erase != null) {
    if (erase.reason !== ERASE_RECALL && erase.reason !== ERASE_BURN) {
      return { kind: 'unsupported', bytes }
    }
    return { kind: 'erase', ref: requireId(erase.ref, 'erase reference'), reason: erase.reason === ERASE_RECALL ? 'recall' : 'burn', at: Number(erase.at) }
  }
  if (custom != null) {
    checkCustom(custom)
    return { kind: 'custom', type: custom.type, data: custom.data }
  }
  if (contactRequest != null) {
    if (contactRequest.note.length > limits.maxNoteLength) fail(`a contact request's note is over ${limits.maxNoteLength} characters`)
    return { kind: 'contact-request', note: contactRequest.note }
  }
  if (senderKey != null) return senderKeyBody(senderKey)
  if (groupOps != null) return groupOpsBody(groupOps)
  if (groupJoinRequest != null) return groupJoinRequestBody(groupJoinRequest)
  return { kind: 'unsupported', bytes }
}

/** Checks a sender key's fields (pairwise, or in a catch-up page, where `device` names whose it is). */
export function checkSenderKey ({ group, epoch, key }: SenderKeyBody): void {
  requireLength(group, GROUP_ID_BYTES, 'sender key group')
  requireLength(key, SENDER_KEY_BYTES, 'sender key')
  if (epoch === 0) fail('a sender key\'s epoch starts at 1')
}

function senderKeyBody (body: SenderKeyBody): Body {
  checkSenderKey(body)
  if (body.device.byteLength !== 0) fail('a sender key sent pairwise is the sender\'s own: it names no device')
  return { kind: 'sender-key', group: body.group, epoch: body.epoch, key: body.key }
}

function groupOpsBody ({ group, ops, devices }: GroupOpsBody): Body {
  requireLength(group, GROUP_ID_BYTES, 'group ops group')
  if (ops.length === 0 && devices.length === 0) fail('a group ops body carries no ops and no devices')
  ops.forEach(op => { checkEncodedOpSize(op, 'a group ops body') })
  const cards = devices.map(card => {
    if (card.certificate == null) fail('a member device card carries its certificate')
    return { certificate: card.certificate, addrs: card.addrs }
  })
  return { kind: 'group-ops', group, ops, devices: cards }
}

/** MalformedFrameError unless an encoded group op is 1..MAX_GROUP_OP_BYTES long (its codec checks the rest). */
export function checkEncodedOpSize (op: Uint8Array, where: string): void {
  if (op.byteLength === 0 || op.byteLength > MAX_GROUP_OP_BYTES) fail(`an op of ${op.byteLength} bytes in ${where} is not 1–${MAX_GROUP_OP_BYTES} bytes`)
}

function groupJoinRequestBody ({ group, proof, note }: GroupJoinRequestBody): Body {
  requireLength(group, GROUP_ID_BYTES, 'join request group')
  requireLength(proof, GROUP_JOIN_PROOF_BYTES, 'join request proof')
  if (note.length > limits.maxNoteLength) fail(`a join request's note is over ${limits.maxNoteLength} characters`)
  return { kind: 'group-join-request', group, proof, note }
}

/** MalformedFrameError unless a custom kind's type name and data fit the limits. */
export function checkCustom (custom: CustomBody): void {
  if (custom.type.length === 0 || custom.type.length > limits.maxCustomTypeLength || !CUSTOM_TYPE.test(custom.type)) {
    fail(`a custom kind's type is 1–${limits.maxCustomTypeLength} characters of letters, digits and . _ / -`)
  }
  if (custom.data.byteLength > limits.maxCustomBytes) fail(`custom data of ${custom.data.byteLength} bytes is over the ${limits.maxCustomBytes}-byte limit`)
}

function legacyBody (message: LegacyPayload): Body {
  if (message.kind === LegacyPayload.Kind.TEXT) {
    return { kind: 'text', text: strictText(message.text, 'text'), burnSeconds: 0 }
  }
  if (message.refs.length === 0) fail('a receipt covers no ids')
  message.refs.forEach(ref => requireId(ref, 'receipt reference'))
  return { kind: 'receipt', receipt: message.kind === LegacyPayload.Kind.READ_RECEIPT ? 'read' : 'delivered', refs: message.refs, at: 0 }
}

function checkBinding (binding: PayloadBinding): PayloadBinding {
  requireLength(binding.senderAccount, ACCOUNT_KEY_BYTES, 'payload sender account')
  requirePeerId(binding.senderDevice, 'payload sender device')
  requireLength(binding.id, MESSAGE_ID_BYTES, 'payload id')
  return binding
}

/**
 * Decodes the plaintext of an envelope of `envelopeVersion` (3: Payload; 2 and 1: LegacyPayload),
 * or of a group message (Payload, passed as version 3). From v2 on its binding must be present
 * and well formed; v1 has none. A Payload names either a recipient account or a group, never both.
 */
export function decodePayload (bytes: Uint8Array, envelopeVersion: number): DecodedPayload {
  if (envelopeVersion >= 3) {
    const message = decodeOrThrow('payload', () => PayloadMessage.decode(bytes, {
      limits: { receipt: { refs: MAX_IDS_PER_FRAME }, groupOps: { ops: MAX_GROUP_OPS_PER_BODY, devices: MAX_DEVICE_CARDS_PER_BODY, devices$: { addrs: MAX_ADDRS_PER_CARD } } }
    }))
    const { senderAccount, senderDevice, id, recipientAccount, group } = message
    if (group.byteLength === 0) {
      requireLength(recipientAccount, ACCOUNT_KEY_BYTES, 'payload recipient account')
    } else {
      requireLength(group, GROUP_ID_BYTES, 'payload group')
      requireLength(recipientAccount, 0, 'recipient account of a group payload')
    }
    return {
      body: bodyOf(message, bytes),
      recipientAccount,
      ...(group.byteLength === 0 ? {} : { group }),
      binding: checkBinding({ senderAccount, senderDevice, id })
    }
  }
  const message = decodeOrThrow('payload', () => LegacyPayload.decode(bytes, { limits: { refs: MAX_IDS_PER_FRAME } }))
  requireLength(message.recipientAccount, ACCOUNT_KEY_BYTES, 'payload recipient account')
  if (message.kind !== LegacyPayload.Kind.TEXT && message.kind !== LegacyPayload.Kind.READ_RECEIPT && message.kind !== LegacyPayload.Kind.DELIVERY_RECEIPT) {
    fail(`legacy payload kind ${String(message.kind)} is unknown`)
  }
  const body = legacyBody(message)
  if (envelopeVersion === 1) {
    return { body, recipientAccount: message.recipientAccount }
  }
  const { senderAccount, senderDevice, id } = message
  return { body, recipientAccount: message.recipientAccount, binding: checkBinding({ senderAccount, senderDevice, id }) }
}
