/* eslint-disable require-yield */

import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

/** shared by every empty bytes field (scripts/generate-wire.ts) */
const EMPTY_BYTES = new Uint8Array(0)


export interface DeviceCertificate {
  version: number
  account: Uint8Array<ArrayBuffer>
  device: Uint8Array<ArrayBuffer>
  boxKey: Uint8Array<ArrayBuffer>
  name: string
  created: bigint
  signature: Uint8Array<ArrayBuffer>
}

export namespace DeviceCertificate {
  let _codec: Codec<DeviceCertificate>

  export const codec = (): Codec<DeviceCertificate> => {
    if (_codec == null) {
      _codec = message<DeviceCertificate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.account)
        }

        if ((obj.device != null && obj.device.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.device)
        }

        if ((obj.boxKey != null && obj.boxKey.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.boxKey)
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(42)
          w.string(obj.name)
        }

        if ((obj.created != null && obj.created !== 0n)) {
          w.uint32(48)
          w.uint64(obj.created)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          account: EMPTY_BYTES,
          device: EMPTY_BYTES,
          boxKey: EMPTY_BYTES,
          name: '',
          created: 0n,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.account = reader.bytes()
              break
            }
            case 3: {
              obj.device = reader.bytes()
              break
            }
            case 4: {
              obj.boxKey = reader.bytes()
              break
            }
            case 5: {
              obj.name = reader.string()
              break
            }
            case 6: {
              obj.created = reader.uint64()
              break
            }
            case 7: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.device`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.boxKey`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.created`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface DeviceCertificateVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface DeviceCertificateAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DeviceCertificateDeviceFieldEvent {
    field: '$.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DeviceCertificateBoxKeyFieldEvent {
    field: '$.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface DeviceCertificateNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface DeviceCertificateCreatedFieldEvent {
    field: '$.created'
    value: bigint
  }

  export interface DeviceCertificateSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<DeviceCertificate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, DeviceCertificate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceCertificate>): DeviceCertificate {
    return decodeMessage(buf, DeviceCertificate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<DeviceCertificate>): Generator<DeviceCertificateVersionFieldEvent | DeviceCertificateAccountFieldEvent | DeviceCertificateDeviceFieldEvent | DeviceCertificateBoxKeyFieldEvent | DeviceCertificateNameFieldEvent | DeviceCertificateCreatedFieldEvent | DeviceCertificateSignatureFieldEvent> {
    return streamMessage(buf, DeviceCertificate.codec(), opts)
  }
}

export interface Invite {
  version: number
  certificate?: DeviceCertificate
  addrs: Uint8Array<ArrayBuffer>[]
}

export namespace Invite {
  let _codec: Codec<Invite>

  export const codec = (): Codec<Invite> => {
    if (_codec == null) {
      _codec = message<Invite>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.certificate != null) {
          w.uint32(18)
          DeviceCertificate.codec().encode(obj.certificate, w)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          addrs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.certificate = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.certificate
              })
              break
            }
            case 3: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          addrs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.certificate`, {
                limits: opts.limits?.certificate
              })

              break
            }
            case 3: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.bytes()
              }

              obj.addrs++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface InviteVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface InviteCertificateVersionFieldEvent {
    field: '$.certificate.version'
    value: number
  }

  export interface InviteCertificateAccountFieldEvent {
    field: '$.certificate.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteCertificateDeviceFieldEvent {
    field: '$.certificate.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteCertificateBoxKeyFieldEvent {
    field: '$.certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteCertificateNameFieldEvent {
    field: '$.certificate.name'
    value: string
  }

  export interface InviteCertificateCreatedFieldEvent {
    field: '$.certificate.created'
    value: bigint
  }

  export interface InviteCertificateSignatureFieldEvent {
    field: '$.certificate.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface InviteAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Invite>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Invite.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Invite {
    return decodeMessage(buf, Invite.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Invite>): Generator<InviteVersionFieldEvent | InviteCertificateVersionFieldEvent | InviteCertificateAccountFieldEvent | InviteCertificateDeviceFieldEvent | InviteCertificateBoxKeyFieldEvent | InviteCertificateNameFieldEvent | InviteCertificateCreatedFieldEvent | InviteCertificateSignatureFieldEvent | InviteAddrsFieldEvent> {
    return streamMessage(buf, Invite.codec(), opts)
  }
}

export interface Envelope {
  version: number
  id: Uint8Array<ArrayBuffer>
  senderAccount: Uint8Array<ArrayBuffer>
  senderDevice: Uint8Array<ArrayBuffer>
  recipientDevice: Uint8Array<ArrayBuffer>
  timestamp: bigint
  nonce: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Envelope {
  let _codec: Codec<Envelope>

  export const codec = (): Codec<Envelope> => {
    if (_codec == null) {
      _codec = message<Envelope>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.id)
        }

        if ((obj.senderAccount != null && obj.senderAccount.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.senderAccount)
        }

        if ((obj.senderDevice != null && obj.senderDevice.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.senderDevice)
        }

        if ((obj.recipientDevice != null && obj.recipientDevice.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.recipientDevice)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(48)
          w.uint64(obj.timestamp)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.ciphertext)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          id: EMPTY_BYTES,
          senderAccount: EMPTY_BYTES,
          senderDevice: EMPTY_BYTES,
          recipientDevice: EMPTY_BYTES,
          timestamp: 0n,
          nonce: EMPTY_BYTES,
          ciphertext: EMPTY_BYTES,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.id = reader.bytes()
              break
            }
            case 3: {
              obj.senderAccount = reader.bytes()
              break
            }
            case 4: {
              obj.senderDevice = reader.bytes()
              break
            }
            case 5: {
              obj.recipientDevice = reader.bytes()
              break
            }
            case 6: {
              obj.timestamp = reader.uint64()
              break
            }
            case 7: {
              obj.nonce = reader.bytes()
              break
            }
            case 8: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 9: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.senderAccount`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.senderDevice`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.recipientDevice`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface EnvelopeIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderAccountFieldEvent {
    field: '$.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSenderDeviceFieldEvent {
    field: '$.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeRecipientDeviceFieldEvent {
    field: '$.recipientDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface EnvelopeNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EnvelopeSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Envelope>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Envelope.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Envelope {
    return decodeMessage(buf, Envelope.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Envelope>): Generator<EnvelopeVersionFieldEvent | EnvelopeIdFieldEvent | EnvelopeSenderAccountFieldEvent | EnvelopeSenderDeviceFieldEvent | EnvelopeRecipientDeviceFieldEvent | EnvelopeTimestampFieldEvent | EnvelopeNonceFieldEvent | EnvelopeCiphertextFieldEvent | EnvelopeSignatureFieldEvent> {
    return streamMessage(buf, Envelope.codec(), opts)
  }
}

export interface EnvelopeBatch {
  envelopes: Uint8Array<ArrayBuffer>[]
}

export namespace EnvelopeBatch {
  let _codec: Codec<EnvelopeBatch>

  export const codec = (): Codec<EnvelopeBatch> => {
    if (_codec == null) {
      _codec = message<EnvelopeBatch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelopes != null && obj.envelopes.length > 0) {
          for (const value of obj.envelopes) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          envelopes: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes.length === opts.limits.envelopes) {
                throw new MaxLengthError('Decode error - repeated field "envelopes" had too many elements')
              }

              obj.envelopes.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          envelopes: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.envelopes != null && obj.envelopes === opts.limits.envelopes) {
                throw new MaxLengthError('Streaming decode error - repeated field "envelopes" had too many elements')
              }

              yield {
                field: `${prefix}.envelopes[]`,
                index: obj.envelopes,
                value: reader.bytes()
              }

              obj.envelopes++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EnvelopeBatchEnvelopesFieldEvent {
    field: '$.envelopes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<EnvelopeBatch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EnvelopeBatch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeBatch>): EnvelopeBatch {
    return decodeMessage(buf, EnvelopeBatch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EnvelopeBatch>): Generator<EnvelopeBatchEnvelopesFieldEvent> {
    return streamMessage(buf, EnvelopeBatch.codec(), opts)
  }
}

export interface Payload {
  recipientAccount: Uint8Array<ArrayBuffer>
  senderAccount: Uint8Array<ArrayBuffer>
  senderDevice: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
  text?: TextBody
  receipt?: ReceiptBody
  edit?: EditBody
  reaction?: ReactionBody
  erase?: EraseBody
  custom?: CustomBody
  contactRequest?: ContactRequestBody
  senderKey?: SenderKeyBody
  groupOps?: GroupOpsBody
  groupJoinRequest?: GroupJoinRequestBody
  group: Uint8Array<ArrayBuffer>
}

export namespace Payload {
  let _codec: Codec<Payload>

  export const codec = (): Codec<Payload> => {
    if (_codec == null) {
      _codec = message<Payload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.groupJoinRequest != null) {
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.groupOps != null) {
          obj.groupJoinRequest = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.senderKey != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.contactRequest != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.custom != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.erase != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.reaction != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.edit = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.edit != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.receipt = undefined
          obj.text = undefined
        }

        if (obj.receipt != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.text = undefined
        }

        if (obj.text != null) {
          obj.groupJoinRequest = undefined
          obj.groupOps = undefined
          obj.senderKey = undefined
          obj.contactRequest = undefined
          obj.custom = undefined
          obj.erase = undefined
          obj.reaction = undefined
          obj.edit = undefined
          obj.receipt = undefined
        }

        if ((obj.recipientAccount != null && obj.recipientAccount.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.recipientAccount)
        }

        if ((obj.senderAccount != null && obj.senderAccount.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.senderAccount)
        }

        if ((obj.senderDevice != null && obj.senderDevice.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.senderDevice)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.id)
        }

        if (obj.text != null) {
          w.uint32(130)
          TextBody.codec().encode(obj.text, w)
        }

        if (obj.receipt != null) {
          w.uint32(138)
          ReceiptBody.codec().encode(obj.receipt, w)
        }

        if (obj.edit != null) {
          w.uint32(146)
          EditBody.codec().encode(obj.edit, w)
        }

        if (obj.reaction != null) {
          w.uint32(154)
          ReactionBody.codec().encode(obj.reaction, w)
        }

        if (obj.erase != null) {
          w.uint32(162)
          EraseBody.codec().encode(obj.erase, w)
        }

        if (obj.custom != null) {
          w.uint32(170)
          CustomBody.codec().encode(obj.custom, w)
        }

        if (obj.contactRequest != null) {
          w.uint32(178)
          ContactRequestBody.codec().encode(obj.contactRequest, w)
        }

        if (obj.senderKey != null) {
          w.uint32(186)
          SenderKeyBody.codec().encode(obj.senderKey, w)
        }

        if (obj.groupOps != null) {
          w.uint32(194)
          GroupOpsBody.codec().encode(obj.groupOps, w)
        }

        if (obj.groupJoinRequest != null) {
          w.uint32(202)
          GroupJoinRequestBody.codec().encode(obj.groupJoinRequest, w)
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.group)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          recipientAccount: EMPTY_BYTES,
          senderAccount: EMPTY_BYTES,
          senderDevice: EMPTY_BYTES,
          id: EMPTY_BYTES,
          group: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 4: {
              obj.recipientAccount = reader.bytes()
              break
            }
            case 5: {
              obj.senderAccount = reader.bytes()
              break
            }
            case 6: {
              obj.senderDevice = reader.bytes()
              break
            }
            case 7: {
              obj.id = reader.bytes()
              break
            }
            case 16: {
              obj.text = TextBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.text
              })
              break
            }
            case 17: {
              obj.receipt = ReceiptBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipt
              })
              break
            }
            case 18: {
              obj.edit = EditBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.edit
              })
              break
            }
            case 19: {
              obj.reaction = ReactionBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reaction
              })
              break
            }
            case 20: {
              obj.erase = EraseBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.erase
              })
              break
            }
            case 21: {
              obj.custom = CustomBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.custom
              })
              break
            }
            case 22: {
              obj.contactRequest = ContactRequestBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.contactRequest
              })
              break
            }
            case 23: {
              obj.senderKey = SenderKeyBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.senderKey
              })
              break
            }
            case 24: {
              obj.groupOps = GroupOpsBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupOps
              })
              break
            }
            case 25: {
              obj.groupJoinRequest = GroupJoinRequestBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.groupJoinRequest
              })
              break
            }
            case 8: {
              obj.group = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.groupJoinRequest != null) {
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.groupOps != null) {
          delete obj.groupJoinRequest
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.senderKey != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.contactRequest != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.custom != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.erase != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.reaction != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.edit
          delete obj.receipt
          delete obj.text
        }

        if (obj.edit != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.receipt
          delete obj.text
        }

        if (obj.receipt != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.text
        }

        if (obj.text != null) {
          delete obj.groupJoinRequest
          delete obj.groupOps
          delete obj.senderKey
          delete obj.contactRequest
          delete obj.custom
          delete obj.erase
          delete obj.reaction
          delete obj.edit
          delete obj.receipt
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 4: {
              yield {
                field: `${prefix}.recipientAccount`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.senderAccount`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.senderDevice`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 16: {
              yield * TextBody.codec().stream(reader, reader.uint32(), `${prefix}.text`, {
                limits: opts.limits?.text
              })

              break
            }
            case 17: {
              yield * ReceiptBody.codec().stream(reader, reader.uint32(), `${prefix}.receipt`, {
                limits: opts.limits?.receipt
              })

              break
            }
            case 18: {
              yield * EditBody.codec().stream(reader, reader.uint32(), `${prefix}.edit`, {
                limits: opts.limits?.edit
              })

              break
            }
            case 19: {
              yield * ReactionBody.codec().stream(reader, reader.uint32(), `${prefix}.reaction`, {
                limits: opts.limits?.reaction
              })

              break
            }
            case 20: {
              yield * EraseBody.codec().stream(reader, reader.uint32(), `${prefix}.erase`, {
                limits: opts.limits?.erase
              })

              break
            }
            case 21: {
              yield * CustomBody.codec().stream(reader, reader.uint32(), `${prefix}.custom`, {
                limits: opts.limits?.custom
              })

              break
            }
            case 22: {
              yield * ContactRequestBody.codec().stream(reader, reader.uint32(), `${prefix}.contactRequest`, {
                limits: opts.limits?.contactRequest
              })

              break
            }
            case 23: {
              yield * SenderKeyBody.codec().stream(reader, reader.uint32(), `${prefix}.senderKey`, {
                limits: opts.limits?.senderKey
              })

              break
            }
            case 24: {
              yield * GroupOpsBody.codec().stream(reader, reader.uint32(), `${prefix}.groupOps`, {
                limits: opts.limits?.groupOps
              })

              break
            }
            case 25: {
              yield * GroupJoinRequestBody.codec().stream(reader, reader.uint32(), `${prefix}.groupJoinRequest`, {
                limits: opts.limits?.groupJoinRequest
              })

              break
            }
            case 8: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PayloadRecipientAccountFieldEvent {
    field: '$.recipientAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadSenderAccountFieldEvent {
    field: '$.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadSenderDeviceFieldEvent {
    field: '$.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadTextTextFieldEvent {
    field: '$.text.text'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadTextReplyToFieldEvent {
    field: '$.text.replyTo'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadTextBurnSecondsFieldEvent {
    field: '$.text.burnSeconds'
    value: number
  }

  export interface PayloadReceiptKindFieldEvent {
    field: '$.receipt.kind'
    value: number
  }

  export interface PayloadReceiptRefsFieldEvent {
    field: '$.receipt.refs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadReceiptAtFieldEvent {
    field: '$.receipt.at'
    value: bigint
  }

  export interface PayloadEditRefFieldEvent {
    field: '$.edit.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadEditTextFieldEvent {
    field: '$.edit.text'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadReactionRefFieldEvent {
    field: '$.reaction.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadReactionEmojiFieldEvent {
    field: '$.reaction.emoji'
    value: string
  }

  export interface PayloadReactionRemoveFieldEvent {
    field: '$.reaction.remove'
    value: boolean
  }

  export interface PayloadEraseRefFieldEvent {
    field: '$.erase.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadEraseReasonFieldEvent {
    field: '$.erase.reason'
    value: number
  }

  export interface PayloadEraseAtFieldEvent {
    field: '$.erase.at'
    value: bigint
  }

  export interface PayloadCustomTypeFieldEvent {
    field: '$.custom.type'
    value: string
  }

  export interface PayloadCustomDataFieldEvent {
    field: '$.custom.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadContactRequestNoteFieldEvent {
    field: '$.contactRequest.note'
    value: string
  }

  export interface PayloadSenderKeyGroupFieldEvent {
    field: '$.senderKey.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadSenderKeyEpochFieldEvent {
    field: '$.senderKey.epoch'
    value: number
  }

  export interface PayloadSenderKeyKeyFieldEvent {
    field: '$.senderKey.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadSenderKeyDeviceFieldEvent {
    field: '$.senderKey.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupOpsGroupFieldEvent {
    field: '$.groupOps.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupOpsOpsFieldEvent {
    field: '$.groupOps.ops[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupOpsDevicesCertificateVersionFieldEvent {
    field: '$.groupOps.devices[].certificate.version'
    value: number
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateAccountFieldEvent {
    field: '$.groupOps.devices[].certificate.account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateDeviceFieldEvent {
    field: '$.groupOps.devices[].certificate.device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateBoxKeyFieldEvent {
    field: '$.groupOps.devices[].certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateNameFieldEvent {
    field: '$.groupOps.devices[].certificate.name'
    value: string
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateCreatedFieldEvent {
    field: '$.groupOps.devices[].certificate.created'
    value: bigint
    index: number
  }

  export interface PayloadGroupOpsDevicesCertificateSignatureFieldEvent {
    field: '$.groupOps.devices[].certificate.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface PayloadGroupOpsDevicesAddrsFieldEvent {
    field: '$.groupOps.devices[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupJoinRequestGroupFieldEvent {
    field: '$.groupJoinRequest.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupJoinRequestProofFieldEvent {
    field: '$.groupJoinRequest.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadGroupJoinRequestNoteFieldEvent {
    field: '$.groupJoinRequest.note'
    value: string
  }

  export interface PayloadGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Payload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Payload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Payload>): Payload {
    return decodeMessage(buf, Payload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Payload>): Generator<PayloadRecipientAccountFieldEvent | PayloadSenderAccountFieldEvent | PayloadSenderDeviceFieldEvent | PayloadIdFieldEvent | PayloadTextTextFieldEvent | PayloadTextReplyToFieldEvent | PayloadTextBurnSecondsFieldEvent | PayloadReceiptKindFieldEvent | PayloadReceiptRefsFieldEvent | PayloadReceiptAtFieldEvent | PayloadEditRefFieldEvent | PayloadEditTextFieldEvent | PayloadReactionRefFieldEvent | PayloadReactionEmojiFieldEvent | PayloadReactionRemoveFieldEvent | PayloadEraseRefFieldEvent | PayloadEraseReasonFieldEvent | PayloadEraseAtFieldEvent | PayloadCustomTypeFieldEvent | PayloadCustomDataFieldEvent | PayloadContactRequestNoteFieldEvent | PayloadSenderKeyGroupFieldEvent | PayloadSenderKeyEpochFieldEvent | PayloadSenderKeyKeyFieldEvent | PayloadSenderKeyDeviceFieldEvent | PayloadGroupOpsGroupFieldEvent | PayloadGroupOpsOpsFieldEvent | PayloadGroupOpsDevicesCertificateVersionFieldEvent | PayloadGroupOpsDevicesCertificateAccountFieldEvent | PayloadGroupOpsDevicesCertificateDeviceFieldEvent | PayloadGroupOpsDevicesCertificateBoxKeyFieldEvent | PayloadGroupOpsDevicesCertificateNameFieldEvent | PayloadGroupOpsDevicesCertificateCreatedFieldEvent | PayloadGroupOpsDevicesCertificateSignatureFieldEvent | PayloadGroupOpsDevicesAddrsFieldEvent | PayloadGroupJoinRequestGroupFieldEvent | PayloadGroupJoinRequestProofFieldEvent | PayloadGroupJoinRequestNoteFieldEvent | PayloadGroupFieldEvent> {
    return streamMessage(buf, Payload.codec(), opts)
  }
}

export interface TextBody {
  text: Uint8Array<ArrayBuffer>
  replyTo: Uint8Array<ArrayBuffer>
  burnSeconds: number
}

export namespace TextBody {
  let _codec: Codec<TextBody>

  export const codec = (): Codec<TextBody> => {
    if (_codec == null) {
      _codec = message<TextBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.text != null && obj.text.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.text)
        }

        if ((obj.replyTo != null && obj.replyTo.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.replyTo)
        }

        if ((obj.burnSeconds != null && obj.burnSeconds !== 0)) {
          w.uint32(24)
          w.uint32(obj.burnSeconds)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          text: EMPTY_BYTES,
          replyTo: EMPTY_BYTES,
          burnSeconds: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.text = reader.bytes()
              break
            }
            case 2: {
              obj.replyTo = reader.bytes()
              break
            }
            case 3: {
              obj.burnSeconds = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.text`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.replyTo`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.burnSeconds`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TextBodyTextFieldEvent {
    field: '$.text'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TextBodyReplyToFieldEvent {
    field: '$.replyTo'
    value: Uint8Array<ArrayBuffer>
  }

  export interface TextBodyBurnSecondsFieldEvent {
    field: '$.burnSeconds'
    value: number
  }

  export function encode (obj: Partial<TextBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TextBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TextBody>): TextBody {
    return decodeMessage(buf, TextBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TextBody>): Generator<TextBodyTextFieldEvent | TextBodyReplyToFieldEvent | TextBodyBurnSecondsFieldEvent> {
    return streamMessage(buf, TextBody.codec(), opts)
  }
}

export interface ReceiptBody {
  kind: number
  refs: Uint8Array<ArrayBuffer>[]
  at: bigint
}

export namespace ReceiptBody {
  let _codec: Codec<ReceiptBody>

  export const codec = (): Codec<ReceiptBody> => {
    if (_codec == null) {
      _codec = message<ReceiptBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.kind != null && obj.kind !== 0)) {
          w.uint32(8)
          w.uint32(obj.kind)
        }

        if (obj.refs != null && obj.refs.length > 0) {
          for (const value of obj.refs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(24)
          w.uint64(obj.at)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: 0,
          refs: [],
          at: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = reader.uint32()
              break
            }
            case 2: {
              if (opts.limits?.refs != null && obj.refs.length === opts.limits.refs) {
                throw new MaxLengthError('Decode error - repeated field "refs" had too many elements')
              }

              obj.refs.push(reader.bytes())
              break
            }
            case 3: {
              obj.at = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          refs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              if (opts.limits?.refs != null && obj.refs === opts.limits.refs) {
                throw new MaxLengthError('Streaming decode error - repeated field "refs" had too many elements')
              }

              yield {
                field: `${prefix}.refs[]`,
                index: obj.refs,
                value: reader.bytes()
              }

              obj.refs++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReceiptBodyKindFieldEvent {
    field: '$.kind'
    value: number
  }

  export interface ReceiptBodyRefsFieldEvent {
    field: '$.refs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReceiptBodyAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export function encode (obj: Partial<ReceiptBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReceiptBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptBody>): ReceiptBody {
    return decodeMessage(buf, ReceiptBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReceiptBody>): Generator<ReceiptBodyKindFieldEvent | ReceiptBodyRefsFieldEvent | ReceiptBodyAtFieldEvent> {
    return streamMessage(buf, ReceiptBody.codec(), opts)
  }
}

export interface EditBody {
  ref: Uint8Array<ArrayBuffer>
  text: Uint8Array<ArrayBuffer>
}

export namespace EditBody {
  let _codec: Codec<EditBody>

  export const codec = (): Codec<EditBody> => {
    if (_codec == null) {
      _codec = message<EditBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ref != null && obj.ref.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ref)
        }

        if ((obj.text != null && obj.text.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.text)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ref: EMPTY_BYTES,
          text: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ref = reader.bytes()
              break
            }
            case 2: {
              obj.text = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ref`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.text`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EditBodyRefFieldEvent {
    field: '$.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EditBodyTextFieldEvent {
    field: '$.text'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<EditBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EditBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EditBody>): EditBody {
    return decodeMessage(buf, EditBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EditBody>): Generator<EditBodyRefFieldEvent | EditBodyTextFieldEvent> {
    return streamMessage(buf, EditBody.codec(), opts)
  }
}

export interface ReactionBody {
  ref: Uint8Array<ArrayBuffer>
  emoji: string
  remove: boolean
}

export namespace ReactionBody {
  let _codec: Codec<ReactionBody>

  export const codec = (): Codec<ReactionBody> => {
    if (_codec == null) {
      _codec = message<ReactionBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ref != null && obj.ref.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ref)
        }

        if ((obj.emoji != null && obj.emoji !== '')) {
          w.uint32(18)
          w.string(obj.emoji)
        }

        if ((obj.remove != null && obj.remove !== false)) {
          w.uint32(24)
          w.bool(obj.remove)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ref: EMPTY_BYTES,
          emoji: '',
          remove: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ref = reader.bytes()
              break
            }
            case 2: {
              obj.emoji = reader.string()
              break
            }
            case 3: {
              obj.remove = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ref`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.emoji`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.remove`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ReactionBodyRefFieldEvent {
    field: '$.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ReactionBodyEmojiFieldEvent {
    field: '$.emoji'
    value: string
  }

  export interface ReactionBodyRemoveFieldEvent {
    field: '$.remove'
    value: boolean
  }

  export function encode (obj: Partial<ReactionBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ReactionBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReactionBody>): ReactionBody {
    return decodeMessage(buf, ReactionBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ReactionBody>): Generator<ReactionBodyRefFieldEvent | ReactionBodyEmojiFieldEvent | ReactionBodyRemoveFieldEvent> {
    return streamMessage(buf, ReactionBody.codec(), opts)
  }
}

export interface EraseBody {
  ref: Uint8Array<ArrayBuffer>
  reason: number
  at: bigint
}

export namespace EraseBody {
  let _codec: Codec<EraseBody>

  export const codec = (): Codec<EraseBody> => {
    if (_codec == null) {
      _codec = message<EraseBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ref != null && obj.ref.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.ref)
        }

        if ((obj.reason != null && obj.reason !== 0)) {
          w.uint32(16)
          w.uint32(obj.reason)
        }

        if ((obj.at != null && obj.at !== 0n)) {
          w.uint32(24)
          w.uint64(obj.at)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ref: EMPTY_BYTES,
          reason: 0,
          at: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ref = reader.bytes()
              break
            }
            case 2: {
              obj.reason = reader.uint32()
              break
            }
            case 3: {
              obj.at = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ref`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.reason`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.at`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface EraseBodyRefFieldEvent {
    field: '$.ref'
    value: Uint8Array<ArrayBuffer>
  }

  export interface EraseBodyReasonFieldEvent {
    field: '$.reason'
    value: number
  }

  export interface EraseBodyAtFieldEvent {
    field: '$.at'
    value: bigint
  }

  export function encode (obj: Partial<EraseBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, EraseBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EraseBody>): EraseBody {
    return decodeMessage(buf, EraseBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<EraseBody>): Generator<EraseBodyRefFieldEvent | EraseBodyReasonFieldEvent | EraseBodyAtFieldEvent> {
    return streamMessage(buf, EraseBody.codec(), opts)
  }
}

export interface CustomBody {
  type: string
  data: Uint8Array<ArrayBuffer>
}

export namespace CustomBody {
  let _codec: Codec<CustomBody>

  export const codec = (): Codec<CustomBody> => {
    if (_codec == null) {
      _codec = message<CustomBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.type != null && obj.type !== '')) {
          w.uint32(10)
          w.string(obj.type)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.data)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          type: '',
          data: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.type = reader.string()
              break
            }
            case 2: {
              obj.data = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.type`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CustomBodyTypeFieldEvent {
    field: '$.type'
    value: string
  }

  export interface CustomBodyDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<CustomBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, CustomBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CustomBody>): CustomBody {
    return decodeMessage(buf, CustomBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<CustomBody>): Generator<CustomBodyTypeFieldEvent | CustomBodyDataFieldEvent> {
    return streamMessage(buf, CustomBody.codec(), opts)
  }
}

export interface ContactRequestBody {
  note: string
}

export namespace ContactRequestBody {
  let _codec: Codec<ContactRequestBody>

  export const codec = (): Codec<ContactRequestBody> => {
    if (_codec == null) {
      _codec = message<ContactRequestBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.note != null && obj.note !== '')) {
          w.uint32(10)
          w.string(obj.note)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          note: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.note = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.note`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface ContactRequestBodyNoteFieldEvent {
    field: '$.note'
    value: string
  }

  export function encode (obj: Partial<ContactRequestBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ContactRequestBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContactRequestBody>): ContactRequestBody {
    return decodeMessage(buf, ContactRequestBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ContactRequestBody>): Generator<ContactRequestBodyNoteFieldEvent> {
    return streamMessage(buf, ContactRequestBody.codec(), opts)
  }
}

export interface LegacyPayload {
  kind: LegacyPayload.Kind
  text: Uint8Array<ArrayBuffer>
  refs: Uint8Array<ArrayBuffer>[]
  recipientAccount: Uint8Array<ArrayBuffer>
  senderAccount: Uint8Array<ArrayBuffer>
  senderDevice: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
}

export namespace LegacyPayload {
  export enum Kind {
    TEXT = 'TEXT',
    READ_RECEIPT = 'READ_RECEIPT',
    DELIVERY_RECEIPT = 'DELIVERY_RECEIPT'
  }

  enum __KindValues {
    TEXT = 0,
    READ_RECEIPT = 1,
    DELIVERY_RECEIPT = 2
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<LegacyPayload>

  export const codec = (): Codec<LegacyPayload> => {
    if (_codec == null) {
      _codec = message<LegacyPayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          LegacyPayload.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.text != null && obj.text.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.text)
        }

        if (obj.refs != null && obj.refs.length > 0) {
          for (const value of obj.refs) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if ((obj.recipientAccount != null && obj.recipientAccount.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.recipientAccount)
        }

        if ((obj.senderAccount != null && obj.senderAccount.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.senderAccount)
        }

        if ((obj.senderDevice != null && obj.senderDevice.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.senderDevice)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.id)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.TEXT,
          text: EMPTY_BYTES,
          refs: [],
          recipientAccount: EMPTY_BYTES,
          senderAccount: EMPTY_BYTES,
          senderDevice: EMPTY_BYTES,
          id: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = LegacyPayload.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.text = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.refs != null && obj.refs.length === opts.limits.refs) {
                throw new MaxLengthError('Decode error - repeated field "refs" had too many elements')
              }

              obj.refs.push(reader.bytes())
              break
            }
            case 4: {
              obj.recipientAccount = reader.bytes()
              break
            }
            case 5: {
              obj.senderAccount = reader.bytes()
              break
            }
            case 6: {
              obj.senderDevice = reader.bytes()
              break
            }
            case 7: {
              obj.id = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          refs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.kind`,
                value: LegacyPayload.Kind.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.text`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.refs != null && obj.refs === opts.limits.refs) {
                throw new MaxLengthError('Streaming decode error - repeated field "refs" had too many elements')
              }

              yield {
                field: `${prefix}.refs[]`,
                index: obj.refs,
                value: reader.bytes()
              }

              obj.refs++

              break
            }
            case 4: {
              yield {
                field: `${prefix}.recipientAccount`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.senderAccount`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.senderDevice`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface LegacyPayloadKindFieldEvent {
    field: '$.kind'
    value: LegacyPayload.Kind
  }

  export interface LegacyPayloadTextFieldEvent {
    field: '$.text'
    value: Uint8Array<ArrayBuffer>
  }

  export interface LegacyPayloadRefsFieldEvent {
    field: '$.refs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface LegacyPayloadRecipientAccountFieldEvent {
    field: '$.recipientAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface LegacyPayloadSenderAccountFieldEvent {
    field: '$.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface LegacyPayloadSenderDeviceFieldEvent {
    field: '$.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface LegacyPayloadIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<LegacyPayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, LegacyPayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LegacyPayload>): LegacyPayload {
    return decodeMessage(buf, LegacyPayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<LegacyPayload>): Generator<LegacyPayloadKindFieldEvent | LegacyPayloadTextFieldEvent | LegacyPayloadRefsFieldEvent | LegacyPayloadRecipientAccountFieldEvent | LegacyPayloadSenderAccountFieldEvent | LegacyPayloadSenderDeviceFieldEvent | LegacyPayloadIdFieldEvent> {
    return streamMessage(buf, LegacyPayload.codec(), opts)
  }
}

export interface Ack {
  ids: Uint8Array<ArrayBuffer>[]
  device: Uint8Array<ArrayBuffer>
  timestamp: bigint
  signature: Uint8Array<ArrayBuffer>
}

export namespace Ack {
  let _codec: Codec<Ack>

  export const codec = (): Codec<Ack> => {
    if (_codec == null) {
      _codec = message<Ack>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if ((obj.device != null && obj.device.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.device)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(24)
          w.uint64(obj.timestamp)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: [],
          device: EMPTY_BYTES,
          timestamp: 0n,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
              break
            }
            case 2: {
              obj.device = reader.bytes()
              break
            }
            case 3: {
              obj.timestamp = reader.uint64()
              break
            }
            case 4: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

              break
            }
            case 2: {
              yield {
                field: `${prefix}.device`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AckIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckDeviceFieldEvent {
    field: '$.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AckTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface AckSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Ack>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Ack.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Ack {
    return decodeMessage(buf, Ack.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Ack>): Generator<AckIdsFieldEvent | AckDeviceFieldEvent | AckTimestampFieldEvent | AckSignatureFieldEvent> {
    return streamMessage(buf, Ack.codec(), opts)
  }
}

export interface Reject {
  id: Uint8Array<ArrayBuffer>
  error: string
  message: string
}

export namespace Reject {
  let _codec: Codec<Reject>

  export const codec = (): Codec<Reject> => {
    if (_codec == null) {
      _codec = message<Reject>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.id)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          id: EMPTY_BYTES,
          error: '',
          message: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.id = reader.bytes()
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface RejectIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RejectErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface RejectMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export function encode (obj: Partial<Reject>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Reject.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reject>): Reject {
    return decodeMessage(buf, Reject.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Reject>): Generator<RejectIdFieldEvent | RejectErrorFieldEvent | RejectMessageFieldEvent> {
    return streamMessage(buf, Reject.codec(), opts)
  }
}

export interface Hello {
  version: number
  certificate?: DeviceCertificate
  ticket?: MailboxTicket
}

export namespace Hello {
  let _codec: Codec<Hello>

  export const codec = (): Codec<Hello> => {
    if (_codec == null) {
      _codec = message<Hello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if (obj.certificate != null) {
          w.uint32(18)
          DeviceCertificate.codec().encode(obj.certificate, w)
        }

        if (obj.ticket != null) {
          w.uint32(26)
          MailboxTicket.codec().encode(obj.ticket, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.certificate = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.certificate
              })
              break
            }
            case 3: {
              obj.ticket = MailboxTicket.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ticket
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.certificate`, {
                limits: opts.limits?.certificate
              })

              break
            }
            case 3: {
              yield * MailboxTicket.codec().stream(reader, reader.uint32(), `${prefix}.ticket`, {
                limits: opts.limits?.ticket
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HelloVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface HelloCertificateVersionFieldEvent {
    field: '$.certificate.version'
    value: number
  }

  export interface HelloCertificateAccountFieldEvent {
    field: '$.certificate.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloCertificateDeviceFieldEvent {
    field: '$.certificate.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloCertificateBoxKeyFieldEvent {
    field: '$.certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloCertificateNameFieldEvent {
    field: '$.certificate.name'
    value: string
  }

  export interface HelloCertificateCreatedFieldEvent {
    field: '$.certificate.created'
    value: bigint
  }

  export interface HelloCertificateSignatureFieldEvent {
    field: '$.certificate.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloTicketVersionFieldEvent {
    field: '$.ticket.version'
    value: number
  }

  export interface HelloTicketRecipientFieldEvent {
    field: '$.ticket.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloTicketSenderFieldEvent {
    field: '$.ticket.sender'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloTicketExpiresFieldEvent {
    field: '$.ticket.expires'
    value: bigint
  }

  export interface HelloTicketSignatureFieldEvent {
    field: '$.ticket.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Hello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Hello {
    return decodeMessage(buf, Hello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Generator<HelloVersionFieldEvent | HelloCertificateVersionFieldEvent | HelloCertificateAccountFieldEvent | HelloCertificateDeviceFieldEvent | HelloCertificateBoxKeyFieldEvent | HelloCertificateNameFieldEvent | HelloCertificateCreatedFieldEvent | HelloCertificateSignatureFieldEvent | HelloTicketVersionFieldEvent | HelloTicketRecipientFieldEvent | HelloTicketSenderFieldEvent | HelloTicketExpiresFieldEvent | HelloTicketSignatureFieldEvent> {
    return streamMessage(buf, Hello.codec(), opts)
  }
}

export interface MailboxTicket {
  version: number
  recipient: Uint8Array<ArrayBuffer>
  sender: Uint8Array<ArrayBuffer>
  expires: bigint
  signature: Uint8Array<ArrayBuffer>
}

export namespace MailboxTicket {
  let _codec: Codec<MailboxTicket>

  export const codec = (): Codec<MailboxTicket> => {
    if (_codec == null) {
      _codec = message<MailboxTicket>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.recipient != null && obj.recipient.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.recipient)
        }

        if ((obj.sender != null && obj.sender.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.sender)
        }

        if ((obj.expires != null && obj.expires !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expires)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          recipient: EMPTY_BYTES,
          sender: EMPTY_BYTES,
          expires: 0n,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.recipient = reader.bytes()
              break
            }
            case 3: {
              obj.sender = reader.bytes()
              break
            }
            case 4: {
              obj.expires = reader.uint64()
              break
            }
            case 5: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.recipient`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.sender`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxTicketVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface MailboxTicketRecipientFieldEvent {
    field: '$.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxTicketSenderFieldEvent {
    field: '$.sender'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxTicketExpiresFieldEvent {
    field: '$.expires'
    value: bigint
  }

  export interface MailboxTicketSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MailboxTicket>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxTicket.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxTicket>): MailboxTicket {
    return decodeMessage(buf, MailboxTicket.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxTicket>): Generator<MailboxTicketVersionFieldEvent | MailboxTicketRecipientFieldEvent | MailboxTicketSenderFieldEvent | MailboxTicketExpiresFieldEvent | MailboxTicketSignatureFieldEvent> {
    return streamMessage(buf, MailboxTicket.codec(), opts)
  }
}

export interface MsgFrame {
  hello?: Hello
  batch?: EnvelopeBatch
  ack?: Ack
  reject?: Reject
}

export namespace MsgFrame {
  let _codec: Codec<MsgFrame>

  export const codec = (): Codec<MsgFrame> => {
    if (_codec == null) {
      _codec = message<MsgFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.hello != null) {
          w.uint32(10)
          Hello.codec().encode(obj.hello, w)
        }

        if (obj.batch != null) {
          w.uint32(42)
          EnvelopeBatch.codec().encode(obj.batch, w)
        }

        if (obj.ack != null) {
          w.uint32(26)
          Ack.codec().encode(obj.ack, w)
        }

        if (obj.reject != null) {
          w.uint32(34)
          Reject.codec().encode(obj.reject, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.hello = Hello.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.hello
              })
              break
            }
            case 5: {
              obj.batch = EnvelopeBatch.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.batch
              })
              break
            }
            case 3: {
              obj.ack = Ack.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ack
              })
              break
            }
            case 4: {
              obj.reject = Reject.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reject
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Hello.codec().stream(reader, reader.uint32(), `${prefix}.hello`, {
                limits: opts.limits?.hello
              })

              break
            }
            case 5: {
              yield * EnvelopeBatch.codec().stream(reader, reader.uint32(), `${prefix}.batch`, {
                limits: opts.limits?.batch
              })

              break
            }
            case 3: {
              yield * Ack.codec().stream(reader, reader.uint32(), `${prefix}.ack`, {
                limits: opts.limits?.ack
              })

              break
            }
            case 4: {
              yield * Reject.codec().stream(reader, reader.uint32(), `${prefix}.reject`, {
                limits: opts.limits?.reject
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MsgFrameHelloVersionFieldEvent {
    field: '$.hello.version'
    value: number
  }

  export interface MsgFrameHelloCertificateVersionFieldEvent {
    field: '$.hello.certificate.version'
    value: number
  }

  export interface MsgFrameHelloCertificateAccountFieldEvent {
    field: '$.hello.certificate.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloCertificateDeviceFieldEvent {
    field: '$.hello.certificate.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloCertificateBoxKeyFieldEvent {
    field: '$.hello.certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloCertificateNameFieldEvent {
    field: '$.hello.certificate.name'
    value: string
  }

  export interface MsgFrameHelloCertificateCreatedFieldEvent {
    field: '$.hello.certificate.created'
    value: bigint
  }

  export interface MsgFrameHelloCertificateSignatureFieldEvent {
    field: '$.hello.certificate.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloTicketVersionFieldEvent {
    field: '$.hello.ticket.version'
    value: number
  }

  export interface MsgFrameHelloTicketRecipientFieldEvent {
    field: '$.hello.ticket.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloTicketSenderFieldEvent {
    field: '$.hello.ticket.sender'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameHelloTicketExpiresFieldEvent {
    field: '$.hello.ticket.expires'
    value: bigint
  }

  export interface MsgFrameHelloTicketSignatureFieldEvent {
    field: '$.hello.ticket.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameBatchEnvelopesFieldEvent {
    field: '$.batch.envelopes[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameAckIdsFieldEvent {
    field: '$.ack.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameAckDeviceFieldEvent {
    field: '$.ack.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameAckTimestampFieldEvent {
    field: '$.ack.timestamp'
    value: bigint
  }

  export interface MsgFrameAckSignatureFieldEvent {
    field: '$.ack.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameRejectIdFieldEvent {
    field: '$.reject.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameRejectErrorFieldEvent {
    field: '$.reject.error'
    value: string
  }

  export interface MsgFrameRejectMessageFieldEvent {
    field: '$.reject.message'
    value: string
  }

  export function encode (obj: Partial<MsgFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MsgFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MsgFrame>): MsgFrame {
    return decodeMessage(buf, MsgFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MsgFrame>): Generator<MsgFrameHelloVersionFieldEvent | MsgFrameHelloCertificateVersionFieldEvent | MsgFrameHelloCertificateAccountFieldEvent | MsgFrameHelloCertificateDeviceFieldEvent | MsgFrameHelloCertificateBoxKeyFieldEvent | MsgFrameHelloCertificateNameFieldEvent | MsgFrameHelloCertificateCreatedFieldEvent | MsgFrameHelloCertificateSignatureFieldEvent | MsgFrameHelloTicketVersionFieldEvent | MsgFrameHelloTicketRecipientFieldEvent | MsgFrameHelloTicketSenderFieldEvent | MsgFrameHelloTicketExpiresFieldEvent | MsgFrameHelloTicketSignatureFieldEvent | MsgFrameBatchEnvelopesFieldEvent | MsgFrameAckIdsFieldEvent | MsgFrameAckDeviceFieldEvent | MsgFrameAckTimestampFieldEvent | MsgFrameAckSignatureFieldEvent | MsgFrameRejectIdFieldEvent | MsgFrameRejectErrorFieldEvent | MsgFrameRejectMessageFieldEvent> {
    return streamMessage(buf, MsgFrame.codec(), opts)
  }
}

export interface MailboxItem {
  envelope?: Envelope
  groupMessage: Uint8Array<ArrayBuffer>
  sender?: DeviceCertificate
  expires: bigint
}

export namespace MailboxItem {
  let _codec: Codec<MailboxItem>

  export const codec = (): Codec<MailboxItem> => {
    if (_codec == null) {
      _codec = message<MailboxItem>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.envelope != null) {
          w.uint32(10)
          Envelope.codec().encode(obj.envelope, w)
        }

        if ((obj.groupMessage != null && obj.groupMessage.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.groupMessage)
        }

        if (obj.sender != null) {
          w.uint32(18)
          DeviceCertificate.codec().encode(obj.sender, w)
        }

        if ((obj.expires != null && obj.expires !== 0n)) {
          w.uint32(24)
          w.uint64(obj.expires)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          groupMessage: EMPTY_BYTES,
          expires: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.envelope = Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelope
              })
              break
            }
            case 4: {
              obj.groupMessage = reader.bytes()
              break
            }
            case 2: {
              obj.sender = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.sender
              })
              break
            }
            case 3: {
              obj.expires = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelope`, {
                limits: opts.limits?.envelope
              })

              break
            }
            case 4: {
              yield {
                field: `${prefix}.groupMessage`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.sender`, {
                limits: opts.limits?.sender
              })

              break
            }
            case 3: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxItemEnvelopeVersionFieldEvent {
    field: '$.envelope.version'
    value: number
  }

  export interface MailboxItemEnvelopeIdFieldEvent {
    field: '$.envelope.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeSenderAccountFieldEvent {
    field: '$.envelope.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeSenderDeviceFieldEvent {
    field: '$.envelope.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeRecipientDeviceFieldEvent {
    field: '$.envelope.recipientDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeTimestampFieldEvent {
    field: '$.envelope.timestamp'
    value: bigint
  }

  export interface MailboxItemEnvelopeNonceFieldEvent {
    field: '$.envelope.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeCiphertextFieldEvent {
    field: '$.envelope.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemEnvelopeSignatureFieldEvent {
    field: '$.envelope.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemGroupMessageFieldEvent {
    field: '$.groupMessage'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemSenderVersionFieldEvent {
    field: '$.sender.version'
    value: number
  }

  export interface MailboxItemSenderAccountFieldEvent {
    field: '$.sender.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemSenderDeviceFieldEvent {
    field: '$.sender.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemSenderBoxKeyFieldEvent {
    field: '$.sender.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemSenderNameFieldEvent {
    field: '$.sender.name'
    value: string
  }

  export interface MailboxItemSenderCreatedFieldEvent {
    field: '$.sender.created'
    value: bigint
  }

  export interface MailboxItemSenderSignatureFieldEvent {
    field: '$.sender.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxItemExpiresFieldEvent {
    field: '$.expires'
    value: bigint
  }

  export function encode (obj: Partial<MailboxItem>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxItem.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxItem>): MailboxItem {
    return decodeMessage(buf, MailboxItem.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxItem>): Generator<MailboxItemEnvelopeVersionFieldEvent | MailboxItemEnvelopeIdFieldEvent | MailboxItemEnvelopeSenderAccountFieldEvent | MailboxItemEnvelopeSenderDeviceFieldEvent | MailboxItemEnvelopeRecipientDeviceFieldEvent | MailboxItemEnvelopeTimestampFieldEvent | MailboxItemEnvelopeNonceFieldEvent | MailboxItemEnvelopeCiphertextFieldEvent | MailboxItemEnvelopeSignatureFieldEvent | MailboxItemGroupMessageFieldEvent | MailboxItemSenderVersionFieldEvent | MailboxItemSenderAccountFieldEvent | MailboxItemSenderDeviceFieldEvent | MailboxItemSenderBoxKeyFieldEvent | MailboxItemSenderNameFieldEvent | MailboxItemSenderCreatedFieldEvent | MailboxItemSenderSignatureFieldEvent | MailboxItemExpiresFieldEvent> {
    return streamMessage(buf, MailboxItem.codec(), opts)
  }
}

export interface MailboxRequest {
  deposit?: MailboxDeposit
  fetch?: MailboxFetch
  remove?: MailboxRemove
}

export namespace MailboxRequest {
  let _codec: Codec<MailboxRequest>

  export const codec = (): Codec<MailboxRequest> => {
    if (_codec == null) {
      _codec = message<MailboxRequest>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.deposit != null) {
          w.uint32(10)
          MailboxDeposit.codec().encode(obj.deposit, w)
        }

        if (obj.fetch != null) {
          w.uint32(18)
          MailboxFetch.codec().encode(obj.fetch, w)
        }

        if (obj.remove != null) {
          w.uint32(26)
          MailboxRemove.codec().encode(obj.remove, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.deposit = MailboxDeposit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.deposit
              })
              break
            }
            case 2: {
              obj.fetch = MailboxFetch.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.fetch
              })
              break
            }
            case 3: {
              obj.remove = MailboxRemove.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.remove
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * MailboxDeposit.codec().stream(reader, reader.uint32(), `${prefix}.deposit`, {
                limits: opts.limits?.deposit
              })

              break
            }
            case 2: {
              yield * MailboxFetch.codec().stream(reader, reader.uint32(), `${prefix}.fetch`, {
                limits: opts.limits?.fetch
              })

              break
            }
            case 3: {
              yield * MailboxRemove.codec().stream(reader, reader.uint32(), `${prefix}.remove`, {
                limits: opts.limits?.remove
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxRequestDepositRecipientAccountFieldEvent {
    field: '$.deposit.recipientAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeVersionFieldEvent {
    field: '$.deposit.item.envelope.version'
    value: number
  }

  export interface MailboxRequestDepositItemEnvelopeIdFieldEvent {
    field: '$.deposit.item.envelope.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeSenderAccountFieldEvent {
    field: '$.deposit.item.envelope.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeSenderDeviceFieldEvent {
    field: '$.deposit.item.envelope.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeRecipientDeviceFieldEvent {
    field: '$.deposit.item.envelope.recipientDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeTimestampFieldEvent {
    field: '$.deposit.item.envelope.timestamp'
    value: bigint
  }

  export interface MailboxRequestDepositItemEnvelopeNonceFieldEvent {
    field: '$.deposit.item.envelope.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeCiphertextFieldEvent {
    field: '$.deposit.item.envelope.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemEnvelopeSignatureFieldEvent {
    field: '$.deposit.item.envelope.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemGroupMessageFieldEvent {
    field: '$.deposit.item.groupMessage'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemSenderVersionFieldEvent {
    field: '$.deposit.item.sender.version'
    value: number
  }

  export interface MailboxRequestDepositItemSenderAccountFieldEvent {
    field: '$.deposit.item.sender.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemSenderDeviceFieldEvent {
    field: '$.deposit.item.sender.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemSenderBoxKeyFieldEvent {
    field: '$.deposit.item.sender.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemSenderNameFieldEvent {
    field: '$.deposit.item.sender.name'
    value: string
  }

  export interface MailboxRequestDepositItemSenderCreatedFieldEvent {
    field: '$.deposit.item.sender.created'
    value: bigint
  }

  export interface MailboxRequestDepositItemSenderSignatureFieldEvent {
    field: '$.deposit.item.sender.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositItemExpiresFieldEvent {
    field: '$.deposit.item.expires'
    value: bigint
  }

  export interface MailboxRequestDepositReplicaFieldEvent {
    field: '$.deposit.replica'
    value: boolean
  }

  export interface MailboxRequestDepositTicketVersionFieldEvent {
    field: '$.deposit.ticket.version'
    value: number
  }

  export interface MailboxRequestDepositTicketRecipientFieldEvent {
    field: '$.deposit.ticket.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositTicketSenderFieldEvent {
    field: '$.deposit.ticket.sender'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestDepositTicketExpiresFieldEvent {
    field: '$.deposit.ticket.expires'
    value: bigint
  }

  export interface MailboxRequestDepositTicketSignatureFieldEvent {
    field: '$.deposit.ticket.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestFetchDeviceVersionFieldEvent {
    field: '$.fetch.device.version'
    value: number
  }

  export interface MailboxRequestFetchDeviceAccountFieldEvent {
    field: '$.fetch.device.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestFetchDeviceDeviceFieldEvent {
    field: '$.fetch.device.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestFetchDeviceBoxKeyFieldEvent {
    field: '$.fetch.device.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestFetchDeviceNameFieldEvent {
    field: '$.fetch.device.name'
    value: string
  }

  export interface MailboxRequestFetchDeviceCreatedFieldEvent {
    field: '$.fetch.device.created'
    value: bigint
  }

  export interface MailboxRequestFetchDeviceSignatureFieldEvent {
    field: '$.fetch.device.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestFetchLimitFieldEvent {
    field: '$.fetch.limit'
    value: number
  }

  export interface MailboxRequestRemoveDeviceVersionFieldEvent {
    field: '$.remove.device.version'
    value: number
  }

  export interface MailboxRequestRemoveDeviceAccountFieldEvent {
    field: '$.remove.device.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestRemoveDeviceDeviceFieldEvent {
    field: '$.remove.device.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestRemoveDeviceBoxKeyFieldEvent {
    field: '$.remove.device.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestRemoveDeviceNameFieldEvent {
    field: '$.remove.device.name'
    value: string
  }

  export interface MailboxRequestRemoveDeviceCreatedFieldEvent {
    field: '$.remove.device.created'
    value: bigint
  }

  export interface MailboxRequestRemoveDeviceSignatureFieldEvent {
    field: '$.remove.device.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestRemoveIdsFieldEvent {
    field: '$.remove.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRequestRemoveSendersFieldEvent {
    field: '$.remove.senders[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MailboxRequest>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxRequest.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): MailboxRequest {
    return decodeMessage(buf, MailboxRequest.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRequest>): Generator<MailboxRequestDepositRecipientAccountFieldEvent | MailboxRequestDepositItemEnvelopeVersionFieldEvent | MailboxRequestDepositItemEnvelopeIdFieldEvent | MailboxRequestDepositItemEnvelopeSenderAccountFieldEvent | MailboxRequestDepositItemEnvelopeSenderDeviceFieldEvent | MailboxRequestDepositItemEnvelopeRecipientDeviceFieldEvent | MailboxRequestDepositItemEnvelopeTimestampFieldEvent | MailboxRequestDepositItemEnvelopeNonceFieldEvent | MailboxRequestDepositItemEnvelopeCiphertextFieldEvent | MailboxRequestDepositItemEnvelopeSignatureFieldEvent | MailboxRequestDepositItemGroupMessageFieldEvent | MailboxRequestDepositItemSenderVersionFieldEvent | MailboxRequestDepositItemSenderAccountFieldEvent | MailboxRequestDepositItemSenderDeviceFieldEvent | MailboxRequestDepositItemSenderBoxKeyFieldEvent | MailboxRequestDepositItemSenderNameFieldEvent | MailboxRequestDepositItemSenderCreatedFieldEvent | MailboxRequestDepositItemSenderSignatureFieldEvent | MailboxRequestDepositItemExpiresFieldEvent | MailboxRequestDepositReplicaFieldEvent | MailboxRequestDepositTicketVersionFieldEvent | MailboxRequestDepositTicketRecipientFieldEvent | MailboxRequestDepositTicketSenderFieldEvent | MailboxRequestDepositTicketExpiresFieldEvent | MailboxRequestDepositTicketSignatureFieldEvent | MailboxRequestFetchDeviceVersionFieldEvent | MailboxRequestFetchDeviceAccountFieldEvent | MailboxRequestFetchDeviceDeviceFieldEvent | MailboxRequestFetchDeviceBoxKeyFieldEvent | MailboxRequestFetchDeviceNameFieldEvent | MailboxRequestFetchDeviceCreatedFieldEvent | MailboxRequestFetchDeviceSignatureFieldEvent | MailboxRequestFetchLimitFieldEvent | MailboxRequestRemoveDeviceVersionFieldEvent | MailboxRequestRemoveDeviceAccountFieldEvent | MailboxRequestRemoveDeviceDeviceFieldEvent | MailboxRequestRemoveDeviceBoxKeyFieldEvent | MailboxRequestRemoveDeviceNameFieldEvent | MailboxRequestRemoveDeviceCreatedFieldEvent | MailboxRequestRemoveDeviceSignatureFieldEvent | MailboxRequestRemoveIdsFieldEvent | MailboxRequestRemoveSendersFieldEvent> {
    return streamMessage(buf, MailboxRequest.codec(), opts)
  }
}

export interface MailboxDeposit {
  recipientAccount: Uint8Array<ArrayBuffer>
  item?: MailboxItem
  replica: boolean
  ticket?: MailboxTicket
}

export namespace MailboxDeposit {
  let _codec: Codec<MailboxDeposit>

  export const codec = (): Codec<MailboxDeposit> => {
    if (_codec == null) {
      _codec = message<MailboxDeposit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.recipientAccount != null && obj.recipientAccount.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.recipientAccount)
        }

        if (obj.item != null) {
          w.uint32(18)
          MailboxItem.codec().encode(obj.item, w)
        }

        if ((obj.replica != null && obj.replica !== false)) {
          w.uint32(24)
          w.bool(obj.replica)
        }

        if (obj.ticket != null) {
          w.uint32(34)
          MailboxTicket.codec().encode(obj.ticket, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          recipientAccount: EMPTY_BYTES,
          replica: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.recipientAccount = reader.bytes()
              break
            }
            case 2: {
              obj.item = MailboxItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.item
              })
              break
            }
            case 3: {
              obj.replica = reader.bool()
              break
            }
            case 4: {
              obj.ticket = MailboxTicket.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ticket
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.recipientAccount`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield * MailboxItem.codec().stream(reader, reader.uint32(), `${prefix}.item`, {
                limits: opts.limits?.item
              })

              break
            }
            case 3: {
              yield {
                field: `${prefix}.replica`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              yield * MailboxTicket.codec().stream(reader, reader.uint32(), `${prefix}.ticket`, {
                limits: opts.limits?.ticket
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxDepositRecipientAccountFieldEvent {
    field: '$.recipientAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeVersionFieldEvent {
    field: '$.item.envelope.version'
    value: number
  }

  export interface MailboxDepositItemEnvelopeIdFieldEvent {
    field: '$.item.envelope.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeSenderAccountFieldEvent {
    field: '$.item.envelope.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeSenderDeviceFieldEvent {
    field: '$.item.envelope.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeRecipientDeviceFieldEvent {
    field: '$.item.envelope.recipientDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeTimestampFieldEvent {
    field: '$.item.envelope.timestamp'
    value: bigint
  }

  export interface MailboxDepositItemEnvelopeNonceFieldEvent {
    field: '$.item.envelope.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeCiphertextFieldEvent {
    field: '$.item.envelope.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemEnvelopeSignatureFieldEvent {
    field: '$.item.envelope.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemGroupMessageFieldEvent {
    field: '$.item.groupMessage'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemSenderVersionFieldEvent {
    field: '$.item.sender.version'
    value: number
  }

  export interface MailboxDepositItemSenderAccountFieldEvent {
    field: '$.item.sender.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemSenderDeviceFieldEvent {
    field: '$.item.sender.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemSenderBoxKeyFieldEvent {
    field: '$.item.sender.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemSenderNameFieldEvent {
    field: '$.item.sender.name'
    value: string
  }

  export interface MailboxDepositItemSenderCreatedFieldEvent {
    field: '$.item.sender.created'
    value: bigint
  }

  export interface MailboxDepositItemSenderSignatureFieldEvent {
    field: '$.item.sender.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositItemExpiresFieldEvent {
    field: '$.item.expires'
    value: bigint
  }

  export interface MailboxDepositReplicaFieldEvent {
    field: '$.replica'
    value: boolean
  }

  export interface MailboxDepositTicketVersionFieldEvent {
    field: '$.ticket.version'
    value: number
  }

  export interface MailboxDepositTicketRecipientFieldEvent {
    field: '$.ticket.recipient'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositTicketSenderFieldEvent {
    field: '$.ticket.sender'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxDepositTicketExpiresFieldEvent {
    field: '$.ticket.expires'
    value: bigint
  }

  export interface MailboxDepositTicketSignatureFieldEvent {
    field: '$.ticket.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MailboxDeposit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxDeposit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxDeposit>): MailboxDeposit {
    return decodeMessage(buf, MailboxDeposit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxDeposit>): Generator<MailboxDepositRecipientAccountFieldEvent | MailboxDepositItemEnvelopeVersionFieldEvent | MailboxDepositItemEnvelopeIdFieldEvent | MailboxDepositItemEnvelopeSenderAccountFieldEvent | MailboxDepositItemEnvelopeSenderDeviceFieldEvent | MailboxDepositItemEnvelopeRecipientDeviceFieldEvent | MailboxDepositItemEnvelopeTimestampFieldEvent | MailboxDepositItemEnvelopeNonceFieldEvent | MailboxDepositItemEnvelopeCiphertextFieldEvent | MailboxDepositItemEnvelopeSignatureFieldEvent | MailboxDepositItemGroupMessageFieldEvent | MailboxDepositItemSenderVersionFieldEvent | MailboxDepositItemSenderAccountFieldEvent | MailboxDepositItemSenderDeviceFieldEvent | MailboxDepositItemSenderBoxKeyFieldEvent | MailboxDepositItemSenderNameFieldEvent | MailboxDepositItemSenderCreatedFieldEvent | MailboxDepositItemSenderSignatureFieldEvent | MailboxDepositItemExpiresFieldEvent | MailboxDepositReplicaFieldEvent | MailboxDepositTicketVersionFieldEvent | MailboxDepositTicketRecipientFieldEvent | MailboxDepositTicketSenderFieldEvent | MailboxDepositTicketExpiresFieldEvent | MailboxDepositTicketSignatureFieldEvent> {
    return streamMessage(buf, MailboxDeposit.codec(), opts)
  }
}

export interface MailboxFetch {
  device?: DeviceCertificate
  limit: number
}

export namespace MailboxFetch {
  let _codec: Codec<MailboxFetch>

  export const codec = (): Codec<MailboxFetch> => {
    if (_codec == null) {
      _codec = message<MailboxFetch>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.device != null) {
          w.uint32(10)
          DeviceCertificate.codec().encode(obj.device, w)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(16)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.device = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.device
              })
              break
            }
            case 2: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.device`, {
                limits: opts.limits?.device
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxFetchDeviceVersionFieldEvent {
    field: '$.device.version'
    value: number
  }

  export interface MailboxFetchDeviceAccountFieldEvent {
    field: '$.device.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxFetchDeviceDeviceFieldEvent {
    field: '$.device.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxFetchDeviceBoxKeyFieldEvent {
    field: '$.device.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxFetchDeviceNameFieldEvent {
    field: '$.device.name'
    value: string
  }

  export interface MailboxFetchDeviceCreatedFieldEvent {
    field: '$.device.created'
    value: bigint
  }

  export interface MailboxFetchDeviceSignatureFieldEvent {
    field: '$.device.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxFetchLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<MailboxFetch>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxFetch.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxFetch>): MailboxFetch {
    return decodeMessage(buf, MailboxFetch.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxFetch>): Generator<MailboxFetchDeviceVersionFieldEvent | MailboxFetchDeviceAccountFieldEvent | MailboxFetchDeviceDeviceFieldEvent | MailboxFetchDeviceBoxKeyFieldEvent | MailboxFetchDeviceNameFieldEvent | MailboxFetchDeviceCreatedFieldEvent | MailboxFetchDeviceSignatureFieldEvent | MailboxFetchLimitFieldEvent> {
    return streamMessage(buf, MailboxFetch.codec(), opts)
  }
}

export interface MailboxRemove {
  device?: DeviceCertificate
  ids: Uint8Array<ArrayBuffer>[]
  senders: Uint8Array<ArrayBuffer>[]
}

export namespace MailboxRemove {
  let _codec: Codec<MailboxRemove>

  export const codec = (): Codec<MailboxRemove> => {
    if (_codec == null) {
      _codec = message<MailboxRemove>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.device != null) {
          w.uint32(10)
          DeviceCertificate.codec().encode(obj.device, w)
        }

        if (obj.ids != null && obj.ids.length > 0) {
          for (const value of obj.ids) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.senders != null && obj.senders.length > 0) {
          for (const value of obj.senders) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ids: [],
          senders: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.device = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.device
              })
              break
            }
            case 2: {
              if (opts.limits?.ids != null && obj.ids.length === opts.limits.ids) {
                throw new MaxLengthError('Decode error - repeated field "ids" had too many elements')
              }

              obj.ids.push(reader.bytes())
              break
            }
            case 3: {
              if (opts.limits?.senders != null && obj.senders.length === opts.limits.senders) {
                throw new MaxLengthError('Decode error - repeated field "senders" had too many elements')
              }

              obj.senders.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ids: 0,
          senders: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.device`, {
                limits: opts.limits?.device
              })

              break
            }
            case 2: {
              if (opts.limits?.ids != null && obj.ids === opts.limits.ids) {
                throw new MaxLengthError('Streaming decode error - repeated field "ids" had too many elements')
              }

              yield {
                field: `${prefix}.ids[]`,
                index: obj.ids,
                value: reader.bytes()
              }

              obj.ids++

              break
            }
            case 3: {
              if (opts.limits?.senders != null && obj.senders === opts.limits.senders) {
                throw new MaxLengthError('Streaming decode error - repeated field "senders" had too many elements')
              }

              yield {
                field: `${prefix}.senders[]`,
                index: obj.senders,
                value: reader.bytes()
              }

              obj.senders++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxRemoveDeviceVersionFieldEvent {
    field: '$.device.version'
    value: number
  }

  export interface MailboxRemoveDeviceAccountFieldEvent {
    field: '$.device.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRemoveDeviceDeviceFieldEvent {
    field: '$.device.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRemoveDeviceBoxKeyFieldEvent {
    field: '$.device.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRemoveDeviceNameFieldEvent {
    field: '$.device.name'
    value: string
  }

  export interface MailboxRemoveDeviceCreatedFieldEvent {
    field: '$.device.created'
    value: bigint
  }

  export interface MailboxRemoveDeviceSignatureFieldEvent {
    field: '$.device.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRemoveIdsFieldEvent {
    field: '$.ids[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface MailboxRemoveSendersFieldEvent {
    field: '$.senders[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<MailboxRemove>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxRemove.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRemove>): MailboxRemove {
    return decodeMessage(buf, MailboxRemove.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxRemove>): Generator<MailboxRemoveDeviceVersionFieldEvent | MailboxRemoveDeviceAccountFieldEvent | MailboxRemoveDeviceDeviceFieldEvent | MailboxRemoveDeviceBoxKeyFieldEvent | MailboxRemoveDeviceNameFieldEvent | MailboxRemoveDeviceCreatedFieldEvent | MailboxRemoveDeviceSignatureFieldEvent | MailboxRemoveIdsFieldEvent | MailboxRemoveSendersFieldEvent> {
    return streamMessage(buf, MailboxRemove.codec(), opts)
  }
}

export interface MailboxResponse {
  ok: boolean
  error: string
  message: string
  items: MailboxItem[]
  more: boolean
}

export namespace MailboxResponse {
  let _codec: Codec<MailboxResponse>

  export const codec = (): Codec<MailboxResponse> => {
    if (_codec == null) {
      _codec = message<MailboxResponse>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.ok != null && obj.ok !== false)) {
          w.uint32(8)
          w.bool(obj.ok)
        }

        if ((obj.error != null && obj.error !== '')) {
          w.uint32(18)
          w.string(obj.error)
        }

        if ((obj.message != null && obj.message !== '')) {
          w.uint32(26)
          w.string(obj.message)
        }

        if (obj.items != null && obj.items.length > 0) {
          for (const value of obj.items) {
            w.uint32(34)
            MailboxItem.codec().encode(value, w)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(40)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          ok: false,
          error: '',
          message: '',
          items: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.ok = reader.bool()
              break
            }
            case 2: {
              obj.error = reader.string()
              break
            }
            case 3: {
              obj.message = reader.string()
              break
            }
            case 4: {
              if (opts.limits?.items != null && obj.items.length === opts.limits.items) {
                throw new MaxLengthError('Decode error - repeated field "items" had too many elements')
              }

              obj.items.push(MailboxItem.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.items$
              }))
              break
            }
            case 5: {
              obj.more = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          items: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.ok`,
                value: reader.bool()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.error`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.message`,
                value: reader.string()
              }
              break
            }
            case 4: {
              if (opts.limits?.items != null && obj.items === opts.limits.items) {
                throw new MaxLengthError('Streaming decode error - repeated field "items" had too many elements')
              }

              for (const evt of MailboxItem.codec().stream(reader, reader.uint32(), `${prefix}.items[]`, {
                limits: opts.limits?.items$
              })) {
                yield {
                  ...evt,
                  index: obj.items
                }
              }

              obj.items++

              break
            }
            case 5: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface MailboxResponseOkFieldEvent {
    field: '$.ok'
    value: boolean
  }

  export interface MailboxResponseErrorFieldEvent {
    field: '$.error'
    value: string
  }

  export interface MailboxResponseMessageFieldEvent {
    field: '$.message'
    value: string
  }

  export interface MailboxResponseItemsEnvelopeVersionFieldEvent {
    field: '$.items[].envelope.version'
    value: number
    index: number
  }

  export interface MailboxResponseItemsEnvelopeIdFieldEvent {
    field: '$.items[].envelope.id'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeSenderAccountFieldEvent {
    field: '$.items[].envelope.senderAccount'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeSenderDeviceFieldEvent {
    field: '$.items[].envelope.senderDevice'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeRecipientDeviceFieldEvent {
    field: '$.items[].envelope.recipientDevice'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeTimestampFieldEvent {
    field: '$.items[].envelope.timestamp'
    value: bigint
    index: number
  }

  export interface MailboxResponseItemsEnvelopeNonceFieldEvent {
    field: '$.items[].envelope.nonce'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeCiphertextFieldEvent {
    field: '$.items[].envelope.ciphertext'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsEnvelopeSignatureFieldEvent {
    field: '$.items[].envelope.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsGroupMessageFieldEvent {
    field: '$.items[].groupMessage'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsSenderVersionFieldEvent {
    field: '$.items[].sender.version'
    value: number
    index: number
  }

  export interface MailboxResponseItemsSenderAccountFieldEvent {
    field: '$.items[].sender.account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsSenderDeviceFieldEvent {
    field: '$.items[].sender.device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsSenderBoxKeyFieldEvent {
    field: '$.items[].sender.boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsSenderNameFieldEvent {
    field: '$.items[].sender.name'
    value: string
    index: number
  }

  export interface MailboxResponseItemsSenderCreatedFieldEvent {
    field: '$.items[].sender.created'
    value: bigint
    index: number
  }

  export interface MailboxResponseItemsSenderSignatureFieldEvent {
    field: '$.items[].sender.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface MailboxResponseItemsExpiresFieldEvent {
    field: '$.items[].expires'
    value: bigint
    index: number
  }

  export interface MailboxResponseMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<MailboxResponse>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, MailboxResponse.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxResponse>): MailboxResponse {
    return decodeMessage(buf, MailboxResponse.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MailboxResponse>): Generator<MailboxResponseOkFieldEvent | MailboxResponseErrorFieldEvent | MailboxResponseMessageFieldEvent | MailboxResponseItemsEnvelopeVersionFieldEvent | MailboxResponseItemsEnvelopeIdFieldEvent | MailboxResponseItemsEnvelopeSenderAccountFieldEvent | MailboxResponseItemsEnvelopeSenderDeviceFieldEvent | MailboxResponseItemsEnvelopeRecipientDeviceFieldEvent | MailboxResponseItemsEnvelopeTimestampFieldEvent | MailboxResponseItemsEnvelopeNonceFieldEvent | MailboxResponseItemsEnvelopeCiphertextFieldEvent | MailboxResponseItemsEnvelopeSignatureFieldEvent | MailboxResponseItemsGroupMessageFieldEvent | MailboxResponseItemsSenderVersionFieldEvent | MailboxResponseItemsSenderAccountFieldEvent | MailboxResponseItemsSenderDeviceFieldEvent | MailboxResponseItemsSenderBoxKeyFieldEvent | MailboxResponseItemsSenderNameFieldEvent | MailboxResponseItemsSenderCreatedFieldEvent | MailboxResponseItemsSenderSignatureFieldEvent | MailboxResponseItemsExpiresFieldEvent | MailboxResponseMoreFieldEvent> {
    return streamMessage(buf, MailboxResponse.codec(), opts)
  }
}

export interface AccountRecord {
  version: number
  account: Uint8Array<ArrayBuffer>
  seq: bigint
  expires: bigint
  devices: AccountRecordDevice[]
  signature: Uint8Array<ArrayBuffer>
}

export namespace AccountRecord {
  let _codec: Codec<AccountRecord>

  export const codec = (): Codec<AccountRecord> => {
    if (_codec == null) {
      _codec = message<AccountRecord>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.account)
        }

        if ((obj.seq != null && obj.seq !== 0n)) {
          w.uint32(24)
          w.uint64(obj.seq)
        }

        if ((obj.expires != null && obj.expires !== 0n)) {
          w.uint32(32)
          w.uint64(obj.expires)
        }

        if (obj.devices != null && obj.devices.length > 0) {
          for (const value of obj.devices) {
            w.uint32(42)
            AccountRecordDevice.codec().encode(value, w)
          }
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          account: EMPTY_BYTES,
          seq: 0n,
          expires: 0n,
          devices: [],
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.account = reader.bytes()
              break
            }
            case 3: {
              obj.seq = reader.uint64()
              break
            }
            case 4: {
              obj.expires = reader.uint64()
              break
            }
            case 5: {
              if (opts.limits?.devices != null && obj.devices.length === opts.limits.devices) {
                throw new MaxLengthError('Decode error - repeated field "devices" had too many elements')
              }

              obj.devices.push(AccountRecordDevice.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.devices$
              }))
              break
            }
            case 6: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          devices: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.seq`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.expires`,
                value: reader.uint64()
              }
              break
            }
            case 5: {
              if (opts.limits?.devices != null && obj.devices === opts.limits.devices) {
                throw new MaxLengthError('Streaming decode error - repeated field "devices" had too many elements')
              }

              for (const evt of AccountRecordDevice.codec().stream(reader, reader.uint32(), `${prefix}.devices[]`, {
                limits: opts.limits?.devices$
              })) {
                yield {
                  ...evt,
                  index: obj.devices
                }
              }

              obj.devices++

              break
            }
            case 6: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AccountRecordVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface AccountRecordAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordSeqFieldEvent {
    field: '$.seq'
    value: bigint
  }

  export interface AccountRecordExpiresFieldEvent {
    field: '$.expires'
    value: bigint
  }

  export interface AccountRecordDevicesCertificateVersionFieldEvent {
    field: '$.devices[].certificate.version'
    value: number
    index: number
  }

  export interface AccountRecordDevicesCertificateAccountFieldEvent {
    field: '$.devices[].certificate.account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AccountRecordDevicesCertificateDeviceFieldEvent {
    field: '$.devices[].certificate.device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AccountRecordDevicesCertificateBoxKeyFieldEvent {
    field: '$.devices[].certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AccountRecordDevicesCertificateNameFieldEvent {
    field: '$.devices[].certificate.name'
    value: string
    index: number
  }

  export interface AccountRecordDevicesCertificateCreatedFieldEvent {
    field: '$.devices[].certificate.created'
    value: bigint
    index: number
  }

  export interface AccountRecordDevicesCertificateSignatureFieldEvent {
    field: '$.devices[].certificate.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface AccountRecordDevicesAddrsFieldEvent {
    field: '$.devices[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AccountRecord>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AccountRecord.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountRecord>): AccountRecord {
    return decodeMessage(buf, AccountRecord.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountRecord>): Generator<AccountRecordVersionFieldEvent | AccountRecordAccountFieldEvent | AccountRecordSeqFieldEvent | AccountRecordExpiresFieldEvent | AccountRecordDevicesCertificateVersionFieldEvent | AccountRecordDevicesCertificateAccountFieldEvent | AccountRecordDevicesCertificateDeviceFieldEvent | AccountRecordDevicesCertificateBoxKeyFieldEvent | AccountRecordDevicesCertificateNameFieldEvent | AccountRecordDevicesCertificateCreatedFieldEvent | AccountRecordDevicesCertificateSignatureFieldEvent | AccountRecordDevicesAddrsFieldEvent | AccountRecordSignatureFieldEvent> {
    return streamMessage(buf, AccountRecord.codec(), opts)
  }
}

export interface AccountRecordDevice {
  certificate?: DeviceCertificate
  addrs: Uint8Array<ArrayBuffer>[]
}

export namespace AccountRecordDevice {
  let _codec: Codec<AccountRecordDevice>

  export const codec = (): Codec<AccountRecordDevice> => {
    if (_codec == null) {
      _codec = message<AccountRecordDevice>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.certificate != null) {
          w.uint32(10)
          DeviceCertificate.codec().encode(obj.certificate, w)
        }

        if (obj.addrs != null && obj.addrs.length > 0) {
          for (const value of obj.addrs) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          addrs: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.certificate = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.certificate
              })
              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs.length === opts.limits.addrs) {
                throw new MaxLengthError('Decode error - repeated field "addrs" had too many elements')
              }

              obj.addrs.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          addrs: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.certificate`, {
                limits: opts.limits?.certificate
              })

              break
            }
            case 2: {
              if (opts.limits?.addrs != null && obj.addrs === opts.limits.addrs) {
                throw new MaxLengthError('Streaming decode error - repeated field "addrs" had too many elements')
              }

              yield {
                field: `${prefix}.addrs[]`,
                index: obj.addrs,
                value: reader.bytes()
              }

              obj.addrs++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface AccountRecordDeviceCertificateVersionFieldEvent {
    field: '$.certificate.version'
    value: number
  }

  export interface AccountRecordDeviceCertificateAccountFieldEvent {
    field: '$.certificate.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordDeviceCertificateDeviceFieldEvent {
    field: '$.certificate.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordDeviceCertificateBoxKeyFieldEvent {
    field: '$.certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordDeviceCertificateNameFieldEvent {
    field: '$.certificate.name'
    value: string
  }

  export interface AccountRecordDeviceCertificateCreatedFieldEvent {
    field: '$.certificate.created'
    value: bigint
  }

  export interface AccountRecordDeviceCertificateSignatureFieldEvent {
    field: '$.certificate.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface AccountRecordDeviceAddrsFieldEvent {
    field: '$.addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<AccountRecordDevice>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, AccountRecordDevice.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountRecordDevice>): AccountRecordDevice {
    return decodeMessage(buf, AccountRecordDevice.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<AccountRecordDevice>): Generator<AccountRecordDeviceCertificateVersionFieldEvent | AccountRecordDeviceCertificateAccountFieldEvent | AccountRecordDeviceCertificateDeviceFieldEvent | AccountRecordDeviceCertificateBoxKeyFieldEvent | AccountRecordDeviceCertificateNameFieldEvent | AccountRecordDeviceCertificateCreatedFieldEvent | AccountRecordDeviceCertificateSignatureFieldEvent | AccountRecordDeviceAddrsFieldEvent> {
    return streamMessage(buf, AccountRecordDevice.codec(), opts)
  }
}

export interface SignalFrame {
  presence?: PresenceSignal
  typing?: TypingSignal
}

export namespace SignalFrame {
  let _codec: Codec<SignalFrame>

  export const codec = (): Codec<SignalFrame> => {
    if (_codec == null) {
      _codec = message<SignalFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.presence != null) {
          w.uint32(10)
          PresenceSignal.codec().encode(obj.presence, w)
        }

        if (obj.typing != null) {
          w.uint32(18)
          TypingSignal.codec().encode(obj.typing, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.presence = PresenceSignal.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.presence
              })
              break
            }
            case 2: {
              obj.typing = TypingSignal.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.typing
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * PresenceSignal.codec().stream(reader, reader.uint32(), `${prefix}.presence`, {
                limits: opts.limits?.presence
              })

              break
            }
            case 2: {
              yield * TypingSignal.codec().stream(reader, reader.uint32(), `${prefix}.typing`, {
                limits: opts.limits?.typing
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignalFramePresenceStatusFieldEvent {
    field: '$.presence.status'
    value: number
  }

  export interface SignalFramePresenceTextFieldEvent {
    field: '$.presence.text'
    value: string
  }

  export interface SignalFramePresenceLastSeenFieldEvent {
    field: '$.presence.lastSeen'
    value: bigint
  }

  export interface SignalFrameTypingConversationFieldEvent {
    field: '$.typing.conversation'
    value: string
  }

  export interface SignalFrameTypingTypingFieldEvent {
    field: '$.typing.typing'
    value: boolean
  }

  export function encode (obj: Partial<SignalFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignalFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignalFrame>): SignalFrame {
    return decodeMessage(buf, SignalFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignalFrame>): Generator<SignalFramePresenceStatusFieldEvent | SignalFramePresenceTextFieldEvent | SignalFramePresenceLastSeenFieldEvent | SignalFrameTypingConversationFieldEvent | SignalFrameTypingTypingFieldEvent> {
    return streamMessage(buf, SignalFrame.codec(), opts)
  }
}

export interface PresenceSignal {
  status: number
  text: string
  lastSeen: bigint
}

export namespace PresenceSignal {
  let _codec: Codec<PresenceSignal>

  export const codec = (): Codec<PresenceSignal> => {
    if (_codec == null) {
      _codec = message<PresenceSignal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.status != null && obj.status !== 0)) {
          w.uint32(8)
          w.uint32(obj.status)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(18)
          w.string(obj.text)
        }

        if ((obj.lastSeen != null && obj.lastSeen !== 0n)) {
          w.uint32(24)
          w.uint64(obj.lastSeen)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          status: 0,
          text: '',
          lastSeen: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.status = reader.uint32()
              break
            }
            case 2: {
              obj.text = reader.string()
              break
            }
            case 3: {
              obj.lastSeen = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.status`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.text`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.lastSeen`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface PresenceSignalStatusFieldEvent {
    field: '$.status'
    value: number
  }

  export interface PresenceSignalTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface PresenceSignalLastSeenFieldEvent {
    field: '$.lastSeen'
    value: bigint
  }

  export function encode (obj: Partial<PresenceSignal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, PresenceSignal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PresenceSignal>): PresenceSignal {
    return decodeMessage(buf, PresenceSignal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<PresenceSignal>): Generator<PresenceSignalStatusFieldEvent | PresenceSignalTextFieldEvent | PresenceSignalLastSeenFieldEvent> {
    return streamMessage(buf, PresenceSignal.codec(), opts)
  }
}

export interface TypingSignal {
  conversation: string
  typing: boolean
}

export namespace TypingSignal {
  let _codec: Codec<TypingSignal>

  export const codec = (): Codec<TypingSignal> => {
    if (_codec == null) {
      _codec = message<TypingSignal>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.conversation != null && obj.conversation !== '')) {
          w.uint32(10)
          w.string(obj.conversation)
        }

        if ((obj.typing != null && obj.typing !== false)) {
          w.uint32(16)
          w.bool(obj.typing)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          conversation: '',
          typing: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.conversation = reader.string()
              break
            }
            case 2: {
              obj.typing = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.conversation`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.typing`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface TypingSignalConversationFieldEvent {
    field: '$.conversation'
    value: string
  }

  export interface TypingSignalTypingFieldEvent {
    field: '$.typing'
    value: boolean
  }

  export function encode (obj: Partial<TypingSignal>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, TypingSignal.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TypingSignal>): TypingSignal {
    return decodeMessage(buf, TypingSignal.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<TypingSignal>): Generator<TypingSignalConversationFieldEvent | TypingSignalTypingFieldEvent> {
    return streamMessage(buf, TypingSignal.codec(), opts)
  }
}

export interface GroupOp {
  version: number
  group: Uint8Array<ArrayBuffer>
  parents: Uint8Array<ArrayBuffer>[]
  author?: DeviceCertificate
  timestamp: bigint
  create?: GroupCreate
  add?: GroupAdd
  join?: GroupJoin
  remove?: GroupRemove
  leave?: GroupLeave
  dissolve?: GroupDissolve
  transfer?: GroupTransfer
  setRole?: GroupSetRole
  mute?: GroupMute
  edit?: GroupEdit
  setLink?: GroupSetLink
  signature: Uint8Array<ArrayBuffer>
}

export namespace GroupOp {
  let _codec: Codec<GroupOp>

  export const codec = (): Codec<GroupOp> => {
    if (_codec == null) {
      _codec = message<GroupOp>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        obj = { ...obj }

        if (obj.setLink != null) {
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.edit != null) {
          obj.setLink = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.mute != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.setRole != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.transfer != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.dissolve != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.leave != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.remove != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.join = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.join != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.add = undefined
          obj.create = undefined
        }

        if (obj.add != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.create = undefined
        }

        if (obj.create != null) {
          obj.setLink = undefined
          obj.edit = undefined
          obj.mute = undefined
          obj.setRole = undefined
          obj.transfer = undefined
          obj.dissolve = undefined
          obj.leave = undefined
          obj.remove = undefined
          obj.join = undefined
          obj.add = undefined
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.group)
        }

        if (obj.parents != null && obj.parents.length > 0) {
          for (const value of obj.parents) {
            w.uint32(26)
            w.bytes(value)
          }
        }

        if (obj.author != null) {
          w.uint32(34)
          DeviceCertificate.codec().encode(obj.author, w)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(40)
          w.uint64(obj.timestamp)
        }

        if (obj.create != null) {
          w.uint32(130)
          GroupCreate.codec().encode(obj.create, w)
        }

        if (obj.add != null) {
          w.uint32(138)
          GroupAdd.codec().encode(obj.add, w)
        }

        if (obj.join != null) {
          w.uint32(146)
          GroupJoin.codec().encode(obj.join, w)
        }

        if (obj.remove != null) {
          w.uint32(154)
          GroupRemove.codec().encode(obj.remove, w)
        }

        if (obj.leave != null) {
          w.uint32(162)
          GroupLeave.codec().encode(obj.leave, w)
        }

        if (obj.dissolve != null) {
          w.uint32(170)
          GroupDissolve.codec().encode(obj.dissolve, w)
        }

        if (obj.transfer != null) {
          w.uint32(178)
          GroupTransfer.codec().encode(obj.transfer, w)
        }

        if (obj.setRole != null) {
          w.uint32(186)
          GroupSetRole.codec().encode(obj.setRole, w)
        }

        if (obj.mute != null) {
          w.uint32(194)
          GroupMute.codec().encode(obj.mute, w)
        }

        if (obj.edit != null) {
          w.uint32(202)
          GroupEdit.codec().encode(obj.edit, w)
        }

        if (obj.setLink != null) {
          w.uint32(210)
          GroupSetLink.codec().encode(obj.setLink, w)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(122)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          group: EMPTY_BYTES,
          parents: [],
          timestamp: 0n,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.group = reader.bytes()
              break
            }
            case 3: {
              if (opts.limits?.parents != null && obj.parents.length === opts.limits.parents) {
                throw new MaxLengthError('Decode error - repeated field "parents" had too many elements')
              }

              obj.parents.push(reader.bytes())
              break
            }
            case 4: {
              obj.author = DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.author
              })
              break
            }
            case 5: {
              obj.timestamp = reader.uint64()
              break
            }
            case 16: {
              obj.create = GroupCreate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.create
              })
              break
            }
            case 17: {
              obj.add = GroupAdd.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.add
              })
              break
            }
            case 18: {
              obj.join = GroupJoin.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.join
              })
              break
            }
            case 19: {
              obj.remove = GroupRemove.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.remove
              })
              break
            }
            case 20: {
              obj.leave = GroupLeave.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.leave
              })
              break
            }
            case 21: {
              obj.dissolve = GroupDissolve.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.dissolve
              })
              break
            }
            case 22: {
              obj.transfer = GroupTransfer.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.transfer
              })
              break
            }
            case 23: {
              obj.setRole = GroupSetRole.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.setRole
              })
              break
            }
            case 24: {
              obj.mute = GroupMute.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.mute
              })
              break
            }
            case 25: {
              obj.edit = GroupEdit.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.edit
              })
              break
            }
            case 26: {
              obj.setLink = GroupSetLink.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.setLink
              })
              break
            }
            case 15: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        if (obj.setLink != null) {
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.edit != null) {
          delete obj.setLink
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.mute != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.setRole != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.transfer != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.dissolve != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.leave != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.remove
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.remove != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.join
          delete obj.add
          delete obj.create
        }

        if (obj.join != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.add
          delete obj.create
        }

        if (obj.add != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.create
        }

        if (obj.create != null) {
          delete obj.setLink
          delete obj.edit
          delete obj.mute
          delete obj.setRole
          delete obj.transfer
          delete obj.dissolve
          delete obj.leave
          delete obj.remove
          delete obj.join
          delete obj.add
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          parents: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              if (opts.limits?.parents != null && obj.parents === opts.limits.parents) {
                throw new MaxLengthError('Streaming decode error - repeated field "parents" had too many elements')
              }

              yield {
                field: `${prefix}.parents[]`,
                index: obj.parents,
                value: reader.bytes()
              }

              obj.parents++

              break
            }
            case 4: {
              yield * DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.author`, {
                limits: opts.limits?.author
              })

              break
            }
            case 5: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 16: {
              yield * GroupCreate.codec().stream(reader, reader.uint32(), `${prefix}.create`, {
                limits: opts.limits?.create
              })

              break
            }
            case 17: {
              yield * GroupAdd.codec().stream(reader, reader.uint32(), `${prefix}.add`, {
                limits: opts.limits?.add
              })

              break
            }
            case 18: {
              yield * GroupJoin.codec().stream(reader, reader.uint32(), `${prefix}.join`, {
                limits: opts.limits?.join
              })

              break
            }
            case 19: {
              yield * GroupRemove.codec().stream(reader, reader.uint32(), `${prefix}.remove`, {
                limits: opts.limits?.remove
              })

              break
            }
            case 20: {
              yield * GroupLeave.codec().stream(reader, reader.uint32(), `${prefix}.leave`, {
                limits: opts.limits?.leave
              })

              break
            }
            case 21: {
              yield * GroupDissolve.codec().stream(reader, reader.uint32(), `${prefix}.dissolve`, {
                limits: opts.limits?.dissolve
              })

              break
            }
            case 22: {
              yield * GroupTransfer.codec().stream(reader, reader.uint32(), `${prefix}.transfer`, {
                limits: opts.limits?.transfer
              })

              break
            }
            case 23: {
              yield * GroupSetRole.codec().stream(reader, reader.uint32(), `${prefix}.setRole`, {
                limits: opts.limits?.setRole
              })

              break
            }
            case 24: {
              yield * GroupMute.codec().stream(reader, reader.uint32(), `${prefix}.mute`, {
                limits: opts.limits?.mute
              })

              break
            }
            case 25: {
              yield * GroupEdit.codec().stream(reader, reader.uint32(), `${prefix}.edit`, {
                limits: opts.limits?.edit
              })

              break
            }
            case 26: {
              yield * GroupSetLink.codec().stream(reader, reader.uint32(), `${prefix}.setLink`, {
                limits: opts.limits?.setLink
              })

              break
            }
            case 15: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupOpVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupOpGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpParentsFieldEvent {
    field: '$.parents[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpAuthorVersionFieldEvent {
    field: '$.author.version'
    value: number
  }

  export interface GroupOpAuthorAccountFieldEvent {
    field: '$.author.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpAuthorDeviceFieldEvent {
    field: '$.author.device'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpAuthorBoxKeyFieldEvent {
    field: '$.author.boxKey'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpAuthorNameFieldEvent {
    field: '$.author.name'
    value: string
  }

  export interface GroupOpAuthorCreatedFieldEvent {
    field: '$.author.created'
    value: bigint
  }

  export interface GroupOpAuthorSignatureFieldEvent {
    field: '$.author.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface GroupOpCreateNameFieldEvent {
    field: '$.create.name'
    value: string
  }

  export interface GroupOpCreateTopicFieldEvent {
    field: '$.create.topic'
    value: string
  }

  export interface GroupOpCreateAvatarFieldEvent {
    field: '$.create.avatar'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpCreateOpenFieldEvent {
    field: '$.create.open'
    value: boolean
  }

  export interface GroupOpCreateLinkSecretFieldEvent {
    field: '$.create.linkSecret'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpCreateNonceFieldEvent {
    field: '$.create.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpAddAccountsFieldEvent {
    field: '$.add.accounts[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpJoinProofFieldEvent {
    field: '$.join.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpRemoveAccountFieldEvent {
    field: '$.remove.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpTransferAccountFieldEvent {
    field: '$.transfer.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpSetRoleAccountFieldEvent {
    field: '$.setRole.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpSetRoleRoleFieldEvent {
    field: '$.setRole.role'
    value: number
  }

  export interface GroupOpMuteAccountFieldEvent {
    field: '$.mute.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpMuteUntilFieldEvent {
    field: '$.mute.until'
    value: bigint
  }

  export interface GroupOpEditNameFieldEvent {
    field: '$.edit.name'
    value: string
  }

  export interface GroupOpEditTopicFieldEvent {
    field: '$.edit.topic'
    value: string
  }

  export interface GroupOpEditAvatarFieldEvent {
    field: '$.edit.avatar'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpEditOpenFieldEvent {
    field: '$.edit.open'
    value: boolean
  }

  export interface GroupOpSetLinkLinkSecretFieldEvent {
    field: '$.setLink.linkSecret'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupOp>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupOp.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOp>): GroupOp {
    return decodeMessage(buf, GroupOp.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOp>): Generator<GroupOpVersionFieldEvent | GroupOpGroupFieldEvent | GroupOpParentsFieldEvent | GroupOpAuthorVersionFieldEvent | GroupOpAuthorAccountFieldEvent | GroupOpAuthorDeviceFieldEvent | GroupOpAuthorBoxKeyFieldEvent | GroupOpAuthorNameFieldEvent | GroupOpAuthorCreatedFieldEvent | GroupOpAuthorSignatureFieldEvent | GroupOpTimestampFieldEvent | GroupOpCreateNameFieldEvent | GroupOpCreateTopicFieldEvent | GroupOpCreateAvatarFieldEvent | GroupOpCreateOpenFieldEvent | GroupOpCreateLinkSecretFieldEvent | GroupOpCreateNonceFieldEvent | GroupOpAddAccountsFieldEvent | GroupOpJoinProofFieldEvent | GroupOpRemoveAccountFieldEvent | GroupOpTransferAccountFieldEvent | GroupOpSetRoleAccountFieldEvent | GroupOpSetRoleRoleFieldEvent | GroupOpMuteAccountFieldEvent | GroupOpMuteUntilFieldEvent | GroupOpEditNameFieldEvent | GroupOpEditTopicFieldEvent | GroupOpEditAvatarFieldEvent | GroupOpEditOpenFieldEvent | GroupOpSetLinkLinkSecretFieldEvent | GroupOpSignatureFieldEvent> {
    return streamMessage(buf, GroupOp.codec(), opts)
  }
}

export interface GroupCreate {
  name: string
  topic: string
  avatar: Uint8Array<ArrayBuffer>
  open: boolean
  linkSecret: Uint8Array<ArrayBuffer>
  nonce: Uint8Array<ArrayBuffer>
}

export namespace GroupCreate {
  let _codec: Codec<GroupCreate>

  export const codec = (): Codec<GroupCreate> => {
    if (_codec == null) {
      _codec = message<GroupCreate>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.name != null && obj.name !== '')) {
          w.uint32(10)
          w.string(obj.name)
        }

        if ((obj.topic != null && obj.topic !== '')) {
          w.uint32(18)
          w.string(obj.topic)
        }

        if ((obj.avatar != null && obj.avatar.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.avatar)
        }

        if ((obj.open != null && obj.open !== false)) {
          w.uint32(32)
          w.bool(obj.open)
        }

        if ((obj.linkSecret != null && obj.linkSecret.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.linkSecret)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.nonce)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          name: '',
          topic: '',
          avatar: EMPTY_BYTES,
          open: false,
          linkSecret: EMPTY_BYTES,
          nonce: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.topic = reader.string()
              break
            }
            case 3: {
              obj.avatar = reader.bytes()
              break
            }
            case 4: {
              obj.open = reader.bool()
              break
            }
            case 5: {
              obj.linkSecret = reader.bytes()
              break
            }
            case 6: {
              obj.nonce = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.avatar`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.open`,
                value: reader.bool()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.linkSecret`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupCreateNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupCreateTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface GroupCreateAvatarFieldEvent {
    field: '$.avatar'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupCreateOpenFieldEvent {
    field: '$.open'
    value: boolean
  }

  export interface GroupCreateLinkSecretFieldEvent {
    field: '$.linkSecret'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupCreateNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupCreate>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupCreate.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupCreate>): GroupCreate {
    return decodeMessage(buf, GroupCreate.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupCreate>): Generator<GroupCreateNameFieldEvent | GroupCreateTopicFieldEvent | GroupCreateAvatarFieldEvent | GroupCreateOpenFieldEvent | GroupCreateLinkSecretFieldEvent | GroupCreateNonceFieldEvent> {
    return streamMessage(buf, GroupCreate.codec(), opts)
  }
}

export interface GroupAdd {
  accounts: Uint8Array<ArrayBuffer>[]
}

export namespace GroupAdd {
  let _codec: Codec<GroupAdd>

  export const codec = (): Codec<GroupAdd> => {
    if (_codec == null) {
      _codec = message<GroupAdd>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.accounts != null && obj.accounts.length > 0) {
          for (const value of obj.accounts) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          accounts: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.accounts != null && obj.accounts.length === opts.limits.accounts) {
                throw new MaxLengthError('Decode error - repeated field "accounts" had too many elements')
              }

              obj.accounts.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          accounts: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.accounts != null && obj.accounts === opts.limits.accounts) {
                throw new MaxLengthError('Streaming decode error - repeated field "accounts" had too many elements')
              }

              yield {
                field: `${prefix}.accounts[]`,
                index: obj.accounts,
                value: reader.bytes()
              }

              obj.accounts++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupAddAccountsFieldEvent {
    field: '$.accounts[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupAdd>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupAdd.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAdd>): GroupAdd {
    return decodeMessage(buf, GroupAdd.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupAdd>): Generator<GroupAddAccountsFieldEvent> {
    return streamMessage(buf, GroupAdd.codec(), opts)
  }
}

export interface GroupJoin {
  proof: Uint8Array<ArrayBuffer>
}

export namespace GroupJoin {
  let _codec: Codec<GroupJoin>

  export const codec = (): Codec<GroupJoin> => {
    if (_codec == null) {
      _codec = message<GroupJoin>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.proof != null && obj.proof.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.proof)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          proof: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.proof = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.proof`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupJoinProofFieldEvent {
    field: '$.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupJoin>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupJoin.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupJoin>): GroupJoin {
    return decodeMessage(buf, GroupJoin.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupJoin>): Generator<GroupJoinProofFieldEvent> {
    return streamMessage(buf, GroupJoin.codec(), opts)
  }
}

export interface GroupRemove {
  account: Uint8Array<ArrayBuffer>
}

export namespace GroupRemove {
  let _codec: Codec<GroupRemove>

  export const codec = (): Codec<GroupRemove> => {
    if (_codec == null) {
      _codec = message<GroupRemove>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupRemoveAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupRemove>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupRemove.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRemove>): GroupRemove {
    return decodeMessage(buf, GroupRemove.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupRemove>): Generator<GroupRemoveAccountFieldEvent> {
    return streamMessage(buf, GroupRemove.codec(), opts)
  }
}

export interface GroupLeave {}

export namespace GroupLeave {
  let _codec: Codec<GroupLeave>

  export const codec = (): Codec<GroupLeave> => {
    if (_codec == null) {
      _codec = message<GroupLeave>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<GroupLeave>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupLeave.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupLeave>): GroupLeave {
    return decodeMessage(buf, GroupLeave.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupLeave>): Generator<{}> {
    return streamMessage(buf, GroupLeave.codec(), opts)
  }
}

export interface GroupDissolve {}

export namespace GroupDissolve {
  let _codec: Codec<GroupDissolve>

  export const codec = (): Codec<GroupDissolve> => {
    if (_codec == null) {
      _codec = message<GroupDissolve>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export function encode (obj: Partial<GroupDissolve>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupDissolve.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupDissolve>): GroupDissolve {
    return decodeMessage(buf, GroupDissolve.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupDissolve>): Generator<{}> {
    return streamMessage(buf, GroupDissolve.codec(), opts)
  }
}

export interface GroupTransfer {
  account: Uint8Array<ArrayBuffer>
}

export namespace GroupTransfer {
  let _codec: Codec<GroupTransfer>

  export const codec = (): Codec<GroupTransfer> => {
    if (_codec == null) {
      _codec = message<GroupTransfer>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupTransferAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupTransfer>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupTransfer.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupTransfer>): GroupTransfer {
    return decodeMessage(buf, GroupTransfer.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupTransfer>): Generator<GroupTransferAccountFieldEvent> {
    return streamMessage(buf, GroupTransfer.codec(), opts)
  }
}

export interface GroupSetRole {
  account: Uint8Array<ArrayBuffer>
  role: number
}

export namespace GroupSetRole {
  let _codec: Codec<GroupSetRole>

  export const codec = (): Codec<GroupSetRole> => {
    if (_codec == null) {
      _codec = message<GroupSetRole>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if ((obj.role != null && obj.role !== 0)) {
          w.uint32(16)
          w.uint32(obj.role)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: EMPTY_BYTES,
          role: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            case 2: {
              obj.role = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.role`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupSetRoleAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSetRoleRoleFieldEvent {
    field: '$.role'
    value: number
  }

  export function encode (obj: Partial<GroupSetRole>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupSetRole.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSetRole>): GroupSetRole {
    return decodeMessage(buf, GroupSetRole.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSetRole>): Generator<GroupSetRoleAccountFieldEvent | GroupSetRoleRoleFieldEvent> {
    return streamMessage(buf, GroupSetRole.codec(), opts)
  }
}

export interface GroupMute {
  account: Uint8Array<ArrayBuffer>
  until: bigint
}

export namespace GroupMute {
  let _codec: Codec<GroupMute>

  export const codec = (): Codec<GroupMute> => {
    if (_codec == null) {
      _codec = message<GroupMute>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.account != null && obj.account.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.account)
        }

        if ((obj.until != null && obj.until !== 0n)) {
          w.uint32(16)
          w.uint64(obj.until)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          account: EMPTY_BYTES,
          until: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.account = reader.bytes()
              break
            }
            case 2: {
              obj.until = reader.uint64()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.account`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.until`,
                value: reader.uint64()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMuteAccountFieldEvent {
    field: '$.account'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMuteUntilFieldEvent {
    field: '$.until'
    value: bigint
  }

  export function encode (obj: Partial<GroupMute>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMute.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMute>): GroupMute {
    return decodeMessage(buf, GroupMute.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMute>): Generator<GroupMuteAccountFieldEvent | GroupMuteUntilFieldEvent> {
    return streamMessage(buf, GroupMute.codec(), opts)
  }
}

export interface GroupEdit {
  name?: string
  topic?: string
  avatar?: Uint8Array<ArrayBuffer>
  open?: boolean
}

export namespace GroupEdit {
  let _codec: Codec<GroupEdit>

  export const codec = (): Codec<GroupEdit> => {
    if (_codec == null) {
      _codec = message<GroupEdit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.name != null) {
          w.uint32(10)
          w.string(obj.name)
        }

        if (obj.topic != null) {
          w.uint32(18)
          w.string(obj.topic)
        }

        if (obj.avatar != null) {
          w.uint32(26)
          w.bytes(obj.avatar)
        }

        if (obj.open != null) {
          w.uint32(32)
          w.bool(obj.open)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.name = reader.string()
              break
            }
            case 2: {
              obj.topic = reader.string()
              break
            }
            case 3: {
              obj.avatar = reader.bytes()
              break
            }
            case 4: {
              obj.open = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.name`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.topic`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.avatar`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.open`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupEditNameFieldEvent {
    field: '$.name'
    value: string
  }

  export interface GroupEditTopicFieldEvent {
    field: '$.topic'
    value: string
  }

  export interface GroupEditAvatarFieldEvent {
    field: '$.avatar'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupEditOpenFieldEvent {
    field: '$.open'
    value: boolean
  }

  export function encode (obj: Partial<GroupEdit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupEdit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEdit>): GroupEdit {
    return decodeMessage(buf, GroupEdit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupEdit>): Generator<GroupEditNameFieldEvent | GroupEditTopicFieldEvent | GroupEditAvatarFieldEvent | GroupEditOpenFieldEvent> {
    return streamMessage(buf, GroupEdit.codec(), opts)
  }
}

export interface GroupSetLink {
  linkSecret: Uint8Array<ArrayBuffer>
}

export namespace GroupSetLink {
  let _codec: Codec<GroupSetLink>

  export const codec = (): Codec<GroupSetLink> => {
    if (_codec == null) {
      _codec = message<GroupSetLink>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.linkSecret != null && obj.linkSecret.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.linkSecret)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          linkSecret: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.linkSecret = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.linkSecret`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupSetLinkLinkSecretFieldEvent {
    field: '$.linkSecret'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupSetLink>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupSetLink.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSetLink>): GroupSetLink {
    return decodeMessage(buf, GroupSetLink.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSetLink>): Generator<GroupSetLinkLinkSecretFieldEvent> {
    return streamMessage(buf, GroupSetLink.codec(), opts)
  }
}

export interface GroupMessage {
  version: number
  group: Uint8Array<ArrayBuffer>
  id: Uint8Array<ArrayBuffer>
  senderDevice: Uint8Array<ArrayBuffer>
  epoch: number
  timestamp: bigint
  nonce: Uint8Array<ArrayBuffer>
  ciphertext: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace GroupMessage {
  let _codec: Codec<GroupMessage>

  export const codec = (): Codec<GroupMessage> => {
    if (_codec == null) {
      _codec = message<GroupMessage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.version != null && obj.version !== 0)) {
          w.uint32(8)
          w.uint32(obj.version)
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.group)
        }

        if ((obj.id != null && obj.id.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.id)
        }

        if ((obj.senderDevice != null && obj.senderDevice.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.senderDevice)
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(40)
          w.uint32(obj.epoch)
        }

        if ((obj.timestamp != null && obj.timestamp !== 0n)) {
          w.uint32(48)
          w.uint64(obj.timestamp)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(58)
          w.bytes(obj.nonce)
        }

        if ((obj.ciphertext != null && obj.ciphertext.byteLength > 0)) {
          w.uint32(66)
          w.bytes(obj.ciphertext)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(74)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          version: 0,
          group: EMPTY_BYTES,
          id: EMPTY_BYTES,
          senderDevice: EMPTY_BYTES,
          epoch: 0,
          timestamp: 0n,
          nonce: EMPTY_BYTES,
          ciphertext: EMPTY_BYTES,
          signature: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.version = reader.uint32()
              break
            }
            case 2: {
              obj.group = reader.bytes()
              break
            }
            case 3: {
              obj.id = reader.bytes()
              break
            }
            case 4: {
              obj.senderDevice = reader.bytes()
              break
            }
            case 5: {
              obj.epoch = reader.uint32()
              break
            }
            case 6: {
              obj.timestamp = reader.uint64()
              break
            }
            case 7: {
              obj.nonce = reader.bytes()
              break
            }
            case 8: {
              obj.ciphertext = reader.bytes()
              break
            }
            case 9: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.version`,
                value: reader.uint32()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.id`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.senderDevice`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.timestamp`,
                value: reader.uint64()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.ciphertext`,
                value: reader.bytes()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMessageVersionFieldEvent {
    field: '$.version'
    value: number
  }

  export interface GroupMessageGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageIdFieldEvent {
    field: '$.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageSenderDeviceFieldEvent {
    field: '$.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export interface GroupMessageTimestampFieldEvent {
    field: '$.timestamp'
    value: bigint
  }

  export interface GroupMessageNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageCiphertextFieldEvent {
    field: '$.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessageSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupMessage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): GroupMessage {
    return decodeMessage(buf, GroupMessage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessage>): Generator<GroupMessageVersionFieldEvent | GroupMessageGroupFieldEvent | GroupMessageIdFieldEvent | GroupMessageSenderDeviceFieldEvent | GroupMessageEpochFieldEvent | GroupMessageTimestampFieldEvent | GroupMessageNonceFieldEvent | GroupMessageCiphertextFieldEvent | GroupMessageSignatureFieldEvent> {
    return streamMessage(buf, GroupMessage.codec(), opts)
  }
}

export interface SenderKeyBody {
  group: Uint8Array<ArrayBuffer>
  epoch: number
  key: Uint8Array<ArrayBuffer>
  device: Uint8Array<ArrayBuffer>
}

export namespace SenderKeyBody {
  let _codec: Codec<SenderKeyBody>

  export const codec = (): Codec<SenderKeyBody> => {
    if (_codec == null) {
      _codec = message<SenderKeyBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.epoch != null && obj.epoch !== 0)) {
          w.uint32(16)
          w.uint32(obj.epoch)
        }

        if ((obj.key != null && obj.key.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.key)
        }

        if ((obj.device != null && obj.device.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.device)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          epoch: 0,
          key: EMPTY_BYTES,
          device: EMPTY_BYTES
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              obj.epoch = reader.uint32()
              break
            }
            case 3: {
              obj.key = reader.bytes()
              break
            }
            case 4: {
              obj.device = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.epoch`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.key`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.device`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SenderKeyBodyGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyBodyEpochFieldEvent {
    field: '$.epoch'
    value: number
  }

  export interface SenderKeyBodyKeyFieldEvent {
    field: '$.key'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SenderKeyBodyDeviceFieldEvent {
    field: '$.device'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SenderKeyBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SenderKeyBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyBody>): SenderKeyBody {
    return decodeMessage(buf, SenderKeyBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SenderKeyBody>): Generator<SenderKeyBodyGroupFieldEvent | SenderKeyBodyEpochFieldEvent | SenderKeyBodyKeyFieldEvent | SenderKeyBodyDeviceFieldEvent> {
    return streamMessage(buf, SenderKeyBody.codec(), opts)
  }
}

export interface GroupOpsBody {
  group: Uint8Array<ArrayBuffer>
  ops: Uint8Array<ArrayBuffer>[]
  devices: AccountRecordDevice[]
}

export namespace GroupOpsBody {
  let _codec: Codec<GroupOpsBody>

  export const codec = (): Codec<GroupOpsBody> => {
    if (_codec == null) {
      _codec = message<GroupOpsBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.ops != null && obj.ops.length > 0) {
          for (const value of obj.ops) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (obj.devices != null && obj.devices.length > 0) {
          for (const value of obj.devices) {
            w.uint32(26)
            AccountRecordDevice.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          ops: [],
          devices: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.ops != null && obj.ops.length === opts.limits.ops) {
                throw new MaxLengthError('Decode error - repeated field "ops" had too many elements')
              }

              obj.ops.push(reader.bytes())
              break
            }
            case 3: {
              if (opts.limits?.devices != null && obj.devices.length === opts.limits.devices) {
                throw new MaxLengthError('Decode error - repeated field "devices" had too many elements')
              }

              obj.devices.push(AccountRecordDevice.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.devices$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ops: 0,
          devices: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.ops != null && obj.ops === opts.limits.ops) {
                throw new MaxLengthError('Streaming decode error - repeated field "ops" had too many elements')
              }

              yield {
                field: `${prefix}.ops[]`,
                index: obj.ops,
                value: reader.bytes()
              }

              obj.ops++

              break
            }
            case 3: {
              if (opts.limits?.devices != null && obj.devices === opts.limits.devices) {
                throw new MaxLengthError('Streaming decode error - repeated field "devices" had too many elements')
              }

              for (const evt of AccountRecordDevice.codec().stream(reader, reader.uint32(), `${prefix}.devices[]`, {
                limits: opts.limits?.devices$
              })) {
                yield {
                  ...evt,
                  index: obj.devices
                }
              }

              obj.devices++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupOpsBodyGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpsBodyOpsFieldEvent {
    field: '$.ops[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpsBodyDevicesCertificateVersionFieldEvent {
    field: '$.devices[].certificate.version'
    value: number
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateAccountFieldEvent {
    field: '$.devices[].certificate.account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateDeviceFieldEvent {
    field: '$.devices[].certificate.device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateBoxKeyFieldEvent {
    field: '$.devices[].certificate.boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateNameFieldEvent {
    field: '$.devices[].certificate.name'
    value: string
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateCreatedFieldEvent {
    field: '$.devices[].certificate.created'
    value: bigint
    index: number
  }

  export interface GroupOpsBodyDevicesCertificateSignatureFieldEvent {
    field: '$.devices[].certificate.signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupOpsBodyDevicesAddrsFieldEvent {
    field: '$.devices[].addrs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupOpsBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupOpsBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOpsBody>): GroupOpsBody {
    return decodeMessage(buf, GroupOpsBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOpsBody>): Generator<GroupOpsBodyGroupFieldEvent | GroupOpsBodyOpsFieldEvent | GroupOpsBodyDevicesCertificateVersionFieldEvent | GroupOpsBodyDevicesCertificateAccountFieldEvent | GroupOpsBodyDevicesCertificateDeviceFieldEvent | GroupOpsBodyDevicesCertificateBoxKeyFieldEvent | GroupOpsBodyDevicesCertificateNameFieldEvent | GroupOpsBodyDevicesCertificateCreatedFieldEvent | GroupOpsBodyDevicesCertificateSignatureFieldEvent | GroupOpsBodyDevicesAddrsFieldEvent> {
    return streamMessage(buf, GroupOpsBody.codec(), opts)
  }
}

export interface GroupJoinRequestBody {
  group: Uint8Array<ArrayBuffer>
  proof: Uint8Array<ArrayBuffer>
  note: string
}

export namespace GroupJoinRequestBody {
  let _codec: Codec<GroupJoinRequestBody>

  export const codec = (): Codec<GroupJoinRequestBody> => {
    if (_codec == null) {
      _codec = message<GroupJoinRequestBody>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.proof != null && obj.proof.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.proof)
        }

        if ((obj.note != null && obj.note !== '')) {
          w.uint32(26)
          w.string(obj.note)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          proof: EMPTY_BYTES,
          note: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              obj.proof = reader.bytes()
              break
            }
            case 3: {
              obj.note = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.proof`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.note`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupJoinRequestBodyGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupJoinRequestBodyProofFieldEvent {
    field: '$.proof'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupJoinRequestBodyNoteFieldEvent {
    field: '$.note'
    value: string
  }

  export function encode (obj: Partial<GroupJoinRequestBody>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupJoinRequestBody.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupJoinRequestBody>): GroupJoinRequestBody {
    return decodeMessage(buf, GroupJoinRequestBody.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupJoinRequestBody>): Generator<GroupJoinRequestBodyGroupFieldEvent | GroupJoinRequestBodyProofFieldEvent | GroupJoinRequestBodyNoteFieldEvent> {
    return streamMessage(buf, GroupJoinRequestBody.codec(), opts)
  }
}

export interface GroupSyncFrame {
  heads?: GroupHeads
  ops?: GroupOpsPage
  want?: GroupMessagesWanted
  messages?: GroupMessagesPage
  reject?: Reject
  receipts?: GroupReceiptsFrame
}

export namespace GroupSyncFrame {
  let _codec: Codec<GroupSyncFrame>

  export const codec = (): Codec<GroupSyncFrame> => {
    if (_codec == null) {
      _codec = message<GroupSyncFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.heads != null) {
          w.uint32(10)
          GroupHeads.codec().encode(obj.heads, w)
        }

        if (obj.ops != null) {
          w.uint32(18)
          GroupOpsPage.codec().encode(obj.ops, w)
        }

        if (obj.want != null) {
          w.uint32(26)
          GroupMessagesWanted.codec().encode(obj.want, w)
        }

        if (obj.messages != null) {
          w.uint32(34)
          GroupMessagesPage.codec().encode(obj.messages, w)
        }

        if (obj.reject != null) {
          w.uint32(42)
          Reject.codec().encode(obj.reject, w)
        }

        if (obj.receipts != null) {
          w.uint32(50)
          GroupReceiptsFrame.codec().encode(obj.receipts, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {}

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.heads = GroupHeads.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.heads
              })
              break
            }
            case 2: {
              obj.ops = GroupOpsPage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.ops
              })
              break
            }
            case 3: {
              obj.want = GroupMessagesWanted.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.want
              })
              break
            }
            case 4: {
              obj.messages = GroupMessagesPage.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.messages
              })
              break
            }
            case 5: {
              obj.reject = Reject.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.reject
              })
              break
            }
            case 6: {
              obj.receipts = GroupReceiptsFrame.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.receipts
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * GroupHeads.codec().stream(reader, reader.uint32(), `${prefix}.heads`, {
                limits: opts.limits?.heads
              })

              break
            }
            case 2: {
              yield * GroupOpsPage.codec().stream(reader, reader.uint32(), `${prefix}.ops`, {
                limits: opts.limits?.ops
              })

              break
            }
            case 3: {
              yield * GroupMessagesWanted.codec().stream(reader, reader.uint32(), `${prefix}.want`, {
                limits: opts.limits?.want
              })

              break
            }
            case 4: {
              yield * GroupMessagesPage.codec().stream(reader, reader.uint32(), `${prefix}.messages`, {
                limits: opts.limits?.messages
              })

              break
            }
            case 5: {
              yield * Reject.codec().stream(reader, reader.uint32(), `${prefix}.reject`, {
                limits: opts.limits?.reject
              })

              break
            }
            case 6: {
              yield * GroupReceiptsFrame.codec().stream(reader, reader.uint32(), `${prefix}.receipts`, {
                limits: opts.limits?.receipts
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupSyncFrameHeadsGroupFieldEvent {
    field: '$.heads.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameHeadsHeadsFieldEvent {
    field: '$.heads.heads[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameOpsGroupFieldEvent {
    field: '$.ops.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameOpsOpsFieldEvent {
    field: '$.ops.ops[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameOpsMoreFieldEvent {
    field: '$.ops.more'
    value: boolean
  }

  export interface GroupSyncFrameWantGroupFieldEvent {
    field: '$.want.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameWantAfterFieldEvent {
    field: '$.want.after'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameWantLimitFieldEvent {
    field: '$.want.limit'
    value: number
  }

  export interface GroupSyncFrameMessagesGroupFieldEvent {
    field: '$.messages.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameMessagesMessagesFieldEvent {
    field: '$.messages.messages[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameMessagesMoreFieldEvent {
    field: '$.messages.more'
    value: boolean
  }

  export interface GroupSyncFrameMessagesKeysGroupFieldEvent {
    field: '$.messages.keys[].group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesKeysEpochFieldEvent {
    field: '$.messages.keys[].epoch'
    value: number
    index: number
  }

  export interface GroupSyncFrameMessagesKeysKeyFieldEvent {
    field: '$.messages.keys[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesKeysDeviceFieldEvent {
    field: '$.messages.keys[].device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesSendersVersionFieldEvent {
    field: '$.messages.senders[].version'
    value: number
    index: number
  }

  export interface GroupSyncFrameMessagesSendersAccountFieldEvent {
    field: '$.messages.senders[].account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesSendersDeviceFieldEvent {
    field: '$.messages.senders[].device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesSendersBoxKeyFieldEvent {
    field: '$.messages.senders[].boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameMessagesSendersNameFieldEvent {
    field: '$.messages.senders[].name'
    value: string
    index: number
  }

  export interface GroupSyncFrameMessagesSendersCreatedFieldEvent {
    field: '$.messages.senders[].created'
    value: bigint
    index: number
  }

  export interface GroupSyncFrameMessagesSendersSignatureFieldEvent {
    field: '$.messages.senders[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupSyncFrameRejectIdFieldEvent {
    field: '$.reject.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameRejectErrorFieldEvent {
    field: '$.reject.error'
    value: string
  }

  export interface GroupSyncFrameRejectMessageFieldEvent {
    field: '$.reject.message'
    value: string
  }

  export interface GroupSyncFrameReceiptsDeliveredFieldEvent {
    field: '$.receipts.delivered[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupSyncFrameReceiptsReadFieldEvent {
    field: '$.receipts.read[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupSyncFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupSyncFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSyncFrame>): GroupSyncFrame {
    return decodeMessage(buf, GroupSyncFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupSyncFrame>): Generator<GroupSyncFrameHeadsGroupFieldEvent | GroupSyncFrameHeadsHeadsFieldEvent | GroupSyncFrameOpsGroupFieldEvent | GroupSyncFrameOpsOpsFieldEvent | GroupSyncFrameOpsMoreFieldEvent | GroupSyncFrameWantGroupFieldEvent | GroupSyncFrameWantAfterFieldEvent | GroupSyncFrameWantLimitFieldEvent | GroupSyncFrameMessagesGroupFieldEvent | GroupSyncFrameMessagesMessagesFieldEvent | GroupSyncFrameMessagesMoreFieldEvent | GroupSyncFrameMessagesKeysGroupFieldEvent | GroupSyncFrameMessagesKeysEpochFieldEvent | GroupSyncFrameMessagesKeysKeyFieldEvent | GroupSyncFrameMessagesKeysDeviceFieldEvent | GroupSyncFrameMessagesSendersVersionFieldEvent | GroupSyncFrameMessagesSendersAccountFieldEvent | GroupSyncFrameMessagesSendersDeviceFieldEvent | GroupSyncFrameMessagesSendersBoxKeyFieldEvent | GroupSyncFrameMessagesSendersNameFieldEvent | GroupSyncFrameMessagesSendersCreatedFieldEvent | GroupSyncFrameMessagesSendersSignatureFieldEvent | GroupSyncFrameRejectIdFieldEvent | GroupSyncFrameRejectErrorFieldEvent | GroupSyncFrameRejectMessageFieldEvent | GroupSyncFrameReceiptsDeliveredFieldEvent | GroupSyncFrameReceiptsReadFieldEvent> {
    return streamMessage(buf, GroupSyncFrame.codec(), opts)
  }
}

export interface GroupReceiptsFrame {
  delivered: Uint8Array<ArrayBuffer>[]
  read: Uint8Array<ArrayBuffer>[]
}

export namespace GroupReceiptsFrame {
  let _codec: Codec<GroupReceiptsFrame>

  export const codec = (): Codec<GroupReceiptsFrame> => {
    if (_codec == null) {
      _codec = message<GroupReceiptsFrame>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.delivered != null && obj.delivered.length > 0) {
          for (const value of obj.delivered) {
            w.uint32(10)
            w.bytes(value)
          }
        }

        if (obj.read != null && obj.read.length > 0) {
          for (const value of obj.read) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          delivered: [],
          read: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.delivered != null && obj.delivered.length === opts.limits.delivered) {
                throw new MaxLengthError('Decode error - repeated field "delivered" had too many elements')
              }

              obj.delivered.push(reader.bytes())
              break
            }
            case 2: {
              if (opts.limits?.read != null && obj.read.length === opts.limits.read) {
                throw new MaxLengthError('Decode error - repeated field "read" had too many elements')
              }

              obj.read.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          delivered: 0,
          read: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              if (opts.limits?.delivered != null && obj.delivered === opts.limits.delivered) {
                throw new MaxLengthError('Streaming decode error - repeated field "delivered" had too many elements')
              }

              yield {
                field: `${prefix}.delivered[]`,
                index: obj.delivered,
                value: reader.bytes()
              }

              obj.delivered++

              break
            }
            case 2: {
              if (opts.limits?.read != null && obj.read === opts.limits.read) {
                throw new MaxLengthError('Streaming decode error - repeated field "read" had too many elements')
              }

              yield {
                field: `${prefix}.read[]`,
                index: obj.read,
                value: reader.bytes()
              }

              obj.read++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupReceiptsFrameDeliveredFieldEvent {
    field: '$.delivered[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupReceiptsFrameReadFieldEvent {
    field: '$.read[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupReceiptsFrame>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupReceiptsFrame.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceiptsFrame>): GroupReceiptsFrame {
    return decodeMessage(buf, GroupReceiptsFrame.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupReceiptsFrame>): Generator<GroupReceiptsFrameDeliveredFieldEvent | GroupReceiptsFrameReadFieldEvent> {
    return streamMessage(buf, GroupReceiptsFrame.codec(), opts)
  }
}

export interface GroupHeads {
  group: Uint8Array<ArrayBuffer>
  heads: Uint8Array<ArrayBuffer>[]
}

export namespace GroupHeads {
  let _codec: Codec<GroupHeads>

  export const codec = (): Codec<GroupHeads> => {
    if (_codec == null) {
      _codec = message<GroupHeads>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.heads != null && obj.heads.length > 0) {
          for (const value of obj.heads) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          heads: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.heads != null && obj.heads.length === opts.limits.heads) {
                throw new MaxLengthError('Decode error - repeated field "heads" had too many elements')
              }

              obj.heads.push(reader.bytes())
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          heads: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.heads != null && obj.heads === opts.limits.heads) {
                throw new MaxLengthError('Streaming decode error - repeated field "heads" had too many elements')
              }

              yield {
                field: `${prefix}.heads[]`,
                index: obj.heads,
                value: reader.bytes()
              }

              obj.heads++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupHeadsGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupHeadsHeadsFieldEvent {
    field: '$.heads[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<GroupHeads>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupHeads.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupHeads>): GroupHeads {
    return decodeMessage(buf, GroupHeads.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupHeads>): Generator<GroupHeadsGroupFieldEvent | GroupHeadsHeadsFieldEvent> {
    return streamMessage(buf, GroupHeads.codec(), opts)
  }
}

export interface GroupOpsPage {
  group: Uint8Array<ArrayBuffer>
  ops: Uint8Array<ArrayBuffer>[]
  more: boolean
}

export namespace GroupOpsPage {
  let _codec: Codec<GroupOpsPage>

  export const codec = (): Codec<GroupOpsPage> => {
    if (_codec == null) {
      _codec = message<GroupOpsPage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.ops != null && obj.ops.length > 0) {
          for (const value of obj.ops) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(24)
          w.bool(obj.more)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          ops: [],
          more: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.ops != null && obj.ops.length === opts.limits.ops) {
                throw new MaxLengthError('Decode error - repeated field "ops" had too many elements')
              }

              obj.ops.push(reader.bytes())
              break
            }
            case 3: {
              obj.more = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          ops: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.ops != null && obj.ops === opts.limits.ops) {
                throw new MaxLengthError('Streaming decode error - repeated field "ops" had too many elements')
              }

              yield {
                field: `${prefix}.ops[]`,
                index: obj.ops,
                value: reader.bytes()
              }

              obj.ops++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupOpsPageGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpsPageOpsFieldEvent {
    field: '$.ops[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupOpsPageMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export function encode (obj: Partial<GroupOpsPage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupOpsPage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOpsPage>): GroupOpsPage {
    return decodeMessage(buf, GroupOpsPage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupOpsPage>): Generator<GroupOpsPageGroupFieldEvent | GroupOpsPageOpsFieldEvent | GroupOpsPageMoreFieldEvent> {
    return streamMessage(buf, GroupOpsPage.codec(), opts)
  }
}

export interface GroupMessagesWanted {
  group: Uint8Array<ArrayBuffer>
  after: Uint8Array<ArrayBuffer>
  limit: number
}

export namespace GroupMessagesWanted {
  let _codec: Codec<GroupMessagesWanted>

  export const codec = (): Codec<GroupMessagesWanted> => {
    if (_codec == null) {
      _codec = message<GroupMessagesWanted>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if ((obj.after != null && obj.after.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.after)
        }

        if ((obj.limit != null && obj.limit !== 0)) {
          w.uint32(24)
          w.uint32(obj.limit)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          after: EMPTY_BYTES,
          limit: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              obj.after = reader.bytes()
              break
            }
            case 3: {
              obj.limit = reader.uint32()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.after`,
                value: reader.bytes()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.limit`,
                value: reader.uint32()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMessagesWantedGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessagesWantedAfterFieldEvent {
    field: '$.after'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessagesWantedLimitFieldEvent {
    field: '$.limit'
    value: number
  }

  export function encode (obj: Partial<GroupMessagesWanted>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessagesWanted.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessagesWanted>): GroupMessagesWanted {
    return decodeMessage(buf, GroupMessagesWanted.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessagesWanted>): Generator<GroupMessagesWantedGroupFieldEvent | GroupMessagesWantedAfterFieldEvent | GroupMessagesWantedLimitFieldEvent> {
    return streamMessage(buf, GroupMessagesWanted.codec(), opts)
  }
}

export interface GroupMessagesPage {
  group: Uint8Array<ArrayBuffer>
  messages: Uint8Array<ArrayBuffer>[]
  more: boolean
  keys: SenderKeyBody[]
  senders: DeviceCertificate[]
}

export namespace GroupMessagesPage {
  let _codec: Codec<GroupMessagesPage>

  export const codec = (): Codec<GroupMessagesPage> => {
    if (_codec == null) {
      _codec = message<GroupMessagesPage>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.group != null && obj.group.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.group)
        }

        if (obj.messages != null && obj.messages.length > 0) {
          for (const value of obj.messages) {
            w.uint32(18)
            w.bytes(value)
          }
        }

        if ((obj.more != null && obj.more !== false)) {
          w.uint32(24)
          w.bool(obj.more)
        }

        if (obj.keys != null && obj.keys.length > 0) {
          for (const value of obj.keys) {
            w.uint32(34)
            SenderKeyBody.codec().encode(value, w)
          }
        }

        if (obj.senders != null && obj.senders.length > 0) {
          for (const value of obj.senders) {
            w.uint32(42)
            DeviceCertificate.codec().encode(value, w)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          group: EMPTY_BYTES,
          messages: [],
          more: false,
          keys: [],
          senders: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.group = reader.bytes()
              break
            }
            case 2: {
              if (opts.limits?.messages != null && obj.messages.length === opts.limits.messages) {
                throw new MaxLengthError('Decode error - repeated field "messages" had too many elements')
              }

              obj.messages.push(reader.bytes())
              break
            }
            case 3: {
              obj.more = reader.bool()
              break
            }
            case 4: {
              if (opts.limits?.keys != null && obj.keys.length === opts.limits.keys) {
                throw new MaxLengthError('Decode error - repeated field "keys" had too many elements')
              }

              obj.keys.push(SenderKeyBody.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.keys$
              }))
              break
            }
            case 5: {
              if (opts.limits?.senders != null && obj.senders.length === opts.limits.senders) {
                throw new MaxLengthError('Decode error - repeated field "senders" had too many elements')
              }

              obj.senders.push(DeviceCertificate.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.senders$
              }))
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const obj = {
          messages: 0,
          keys: 0,
          senders: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.group`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              if (opts.limits?.messages != null && obj.messages === opts.limits.messages) {
                throw new MaxLengthError('Streaming decode error - repeated field "messages" had too many elements')
              }

              yield {
                field: `${prefix}.messages[]`,
                index: obj.messages,
                value: reader.bytes()
              }

              obj.messages++

              break
            }
            case 3: {
              yield {
                field: `${prefix}.more`,
                value: reader.bool()
              }
              break
            }
            case 4: {
              if (opts.limits?.keys != null && obj.keys === opts.limits.keys) {
                throw new MaxLengthError('Streaming decode error - repeated field "keys" had too many elements')
              }

              for (const evt of SenderKeyBody.codec().stream(reader, reader.uint32(), `${prefix}.keys[]`, {
                limits: opts.limits?.keys$
              })) {
                yield {
                  ...evt,
                  index: obj.keys
                }
              }

              obj.keys++

              break
            }
            case 5: {
              if (opts.limits?.senders != null && obj.senders === opts.limits.senders) {
                throw new MaxLengthError('Streaming decode error - repeated field "senders" had too many elements')
              }

              for (const evt of DeviceCertificate.codec().stream(reader, reader.uint32(), `${prefix}.senders[]`, {
                limits: opts.limits?.senders$
              })) {
                yield {
                  ...evt,
                  index: obj.senders
                }
              }

              obj.senders++

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface GroupMessagesPageGroupFieldEvent {
    field: '$.group'
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessagesPageMessagesFieldEvent {
    field: '$.messages[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface GroupMessagesPageMoreFieldEvent {
    field: '$.more'
    value: boolean
  }

  export interface GroupMessagesPageKeysGroupFieldEvent {
    field: '$.keys[].group'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageKeysEpochFieldEvent {
    field: '$.keys[].epoch'
    value: number
    index: number
  }

  export interface GroupMessagesPageKeysKeyFieldEvent {
    field: '$.keys[].key'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageKeysDeviceFieldEvent {
    field: '$.keys[].device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageSendersVersionFieldEvent {
    field: '$.senders[].version'
    value: number
    index: number
  }

  export interface GroupMessagesPageSendersAccountFieldEvent {
    field: '$.senders[].account'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageSendersDeviceFieldEvent {
    field: '$.senders[].device'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageSendersBoxKeyFieldEvent {
    field: '$.senders[].boxKey'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export interface GroupMessagesPageSendersNameFieldEvent {
    field: '$.senders[].name'
    value: string
    index: number
  }

  export interface GroupMessagesPageSendersCreatedFieldEvent {
    field: '$.senders[].created'
    value: bigint
    index: number
  }

  export interface GroupMessagesPageSendersSignatureFieldEvent {
    field: '$.senders[].signature'
    value: Uint8Array<ArrayBuffer>
    index: number
  }

  export function encode (obj: Partial<GroupMessagesPage>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, GroupMessagesPage.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessagesPage>): GroupMessagesPage {
    return decodeMessage(buf, GroupMessagesPage.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<GroupMessagesPage>): Generator<GroupMessagesPageGroupFieldEvent | GroupMessagesPageMessagesFieldEvent | GroupMessagesPageMoreFieldEvent | GroupMessagesPageKeysGroupFieldEvent | GroupMessagesPageKeysEpochFieldEvent | GroupMessagesPageKeysKeyFieldEvent | GroupMessagesPageKeysDeviceFieldEvent | GroupMessagesPageSendersVersionFieldEvent | GroupMessagesPageSendersAccountFieldEvent | GroupMessagesPageSendersDeviceFieldEvent | GroupMessagesPageSendersBoxKeyFieldEvent | GroupMessagesPageSendersNameFieldEvent | GroupMessagesPageSendersCreatedFieldEvent | GroupMessagesPageSendersSignatureFieldEvent> {
    return streamMessage(buf, GroupMessagesPage.codec(), opts)
  }
}
