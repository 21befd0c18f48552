import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

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
          account: uint8ArrayAlloc(0),
          device: uint8ArrayAlloc(0),
          boxKey: uint8ArrayAlloc(0),
          name: '',
          created: 0n,
          signature: uint8ArrayAlloc(0)
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
          id: uint8ArrayAlloc(0),
          senderAccount: uint8ArrayAlloc(0),
          senderDevice: uint8ArrayAlloc(0),
          recipientDevice: uint8ArrayAlloc(0),
          timestamp: 0n,
          nonce: uint8ArrayAlloc(0),
          ciphertext: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
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

export interface Payload {
  kind: Payload.Kind
  text: string
  refs: Uint8Array<ArrayBuffer>[]
  recipientAccount: Uint8Array<ArrayBuffer>
}

export namespace Payload {
  export enum Kind {
    TEXT = 'TEXT',
    READ_RECEIPT = 'READ_RECEIPT'
  }

  enum __KindValues {
    TEXT = 0,
    READ_RECEIPT = 1
  }

  export namespace Kind {
    export const codec = (): Codec<Kind> => {
      return enumeration<Kind>(__KindValues)
    }
  }

  let _codec: Codec<Payload>

  export const codec = (): Codec<Payload> => {
    if (_codec == null) {
      _codec = message<Payload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.kind != null && __KindValues[obj.kind] !== 0) {
          w.uint32(8)
          Payload.Kind.codec().encode(obj.kind, w)
        }

        if ((obj.text != null && obj.text !== '')) {
          w.uint32(18)
          w.string(obj.text)
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

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          kind: Kind.TEXT,
          text: '',
          refs: [],
          recipientAccount: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.kind = Payload.Kind.codec().decode(reader)
              break
            }
            case 2: {
              obj.text = reader.string()
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
                value: Payload.Kind.codec().decode(reader)
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

  export interface PayloadKindFieldEvent {
    field: '$.kind'
    value: Payload.Kind
  }

  export interface PayloadTextFieldEvent {
    field: '$.text'
    value: string
  }

  export interface PayloadRefsFieldEvent {
    field: '$.refs[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export interface PayloadRecipientAccountFieldEvent {
    field: '$.recipientAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Payload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Payload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Payload>): Payload {
    return decodeMessage(buf, Payload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Payload>): Generator<PayloadKindFieldEvent | PayloadTextFieldEvent | PayloadRefsFieldEvent | PayloadRecipientAccountFieldEvent> {
    return streamMessage(buf, Payload.codec(), opts)
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
          device: uint8ArrayAlloc(0),
          timestamp: 0n,
          signature: uint8ArrayAlloc(0)
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
          id: uint8ArrayAlloc(0),
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

  export function encode (obj: Partial<Hello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Hello {
    return decodeMessage(buf, Hello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Generator<HelloVersionFieldEvent | HelloCertificateVersionFieldEvent | HelloCertificateAccountFieldEvent | HelloCertificateDeviceFieldEvent | HelloCertificateBoxKeyFieldEvent | HelloCertificateNameFieldEvent | HelloCertificateCreatedFieldEvent | HelloCertificateSignatureFieldEvent> {
    return streamMessage(buf, Hello.codec(), opts)
  }
}

export interface MsgFrame {
  hello?: Hello
  envelope?: Envelope
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

        if (obj.envelope != null) {
          w.uint32(18)
          Envelope.codec().encode(obj.envelope, w)
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
            case 2: {
              obj.envelope = Envelope.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.envelope
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
            case 2: {
              yield * Envelope.codec().stream(reader, reader.uint32(), `${prefix}.envelope`, {
                limits: opts.limits?.envelope
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

  export interface MsgFrameEnvelopeVersionFieldEvent {
    field: '$.envelope.version'
    value: number
  }

  export interface MsgFrameEnvelopeIdFieldEvent {
    field: '$.envelope.id'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeSenderAccountFieldEvent {
    field: '$.envelope.senderAccount'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeSenderDeviceFieldEvent {
    field: '$.envelope.senderDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeRecipientDeviceFieldEvent {
    field: '$.envelope.recipientDevice'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeTimestampFieldEvent {
    field: '$.envelope.timestamp'
    value: bigint
  }

  export interface MsgFrameEnvelopeNonceFieldEvent {
    field: '$.envelope.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeCiphertextFieldEvent {
    field: '$.envelope.ciphertext'
    value: Uint8Array<ArrayBuffer>
  }

  export interface MsgFrameEnvelopeSignatureFieldEvent {
    field: '$.envelope.signature'
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

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<MsgFrame>): Generator<MsgFrameHelloVersionFieldEvent | MsgFrameHelloCertificateVersionFieldEvent | MsgFrameHelloCertificateAccountFieldEvent | MsgFrameHelloCertificateDeviceFieldEvent | MsgFrameHelloCertificateBoxKeyFieldEvent | MsgFrameHelloCertificateNameFieldEvent | MsgFrameHelloCertificateCreatedFieldEvent | MsgFrameHelloCertificateSignatureFieldEvent | MsgFrameEnvelopeVersionFieldEvent | MsgFrameEnvelopeIdFieldEvent | MsgFrameEnvelopeSenderAccountFieldEvent | MsgFrameEnvelopeSenderDeviceFieldEvent | MsgFrameEnvelopeRecipientDeviceFieldEvent | MsgFrameEnvelopeTimestampFieldEvent | MsgFrameEnvelopeNonceFieldEvent | MsgFrameEnvelopeCiphertextFieldEvent | MsgFrameEnvelopeSignatureFieldEvent | MsgFrameAckIdsFieldEvent | MsgFrameAckDeviceFieldEvent | MsgFrameAckTimestampFieldEvent | MsgFrameAckSignatureFieldEvent | MsgFrameRejectIdFieldEvent | MsgFrameRejectErrorFieldEvent | MsgFrameRejectMessageFieldEvent> {
    return streamMessage(buf, MsgFrame.codec(), opts)
  }
}
