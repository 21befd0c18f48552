/**
 * Envelope size: the bytes on the wire of one /tim/msg frame carrying a 96-byte text, exactly
 * as Tim sends a lone message on its /tim/msg stream (length prefix + MsgFrame{batch of one
 * envelope}, sealed by the real codec; the stream authenticates it, so it carries no signature),
 * against the same envelope fields as JSON (ids and keys as the strings Tim prints them as,
 * binary fields base64).
 */

import * as lp from 'it-length-prefixed'
import { join } from 'node:path'
import { createIdentity } from '../core/index.ts'
import { loadIdentity, verifyDeviceCertificate } from '../core/identity/index.ts'
import { createEnvelopeCodec } from '../core/messaging/envelopes.ts'
import { createMessageIdGenerator, encodeEnvelope, encodeMsgFrame, messageIdToString } from '../core/wire/index.ts'
import type { Benchmark } from './harness.ts'
import { textOfBytes } from './support.ts'

const TEXT_BYTES = 96

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')

const benchmark: Benchmark = {
  id: 'envelope',
  title: 'envelope bytes',
  run: async (ctx) => {
    const dir = await ctx.tempDir()
    await createIdentity(join(dir, 'alice'), { name: 'Alice' })
    await createIdentity(join(dir, 'bob'), { name: 'Bob' })
    const alice = await loadIdentity(join(dir, 'alice'))
    const bob = await loadIdentity(join(dir, 'bob'))
    const codec = createEnvelopeCodec(alice)
    const now = Date.now()
    const id = createMessageIdGenerator()(now)
    const text = textOfBytes(TEXT_BYTES, 'envelope')
    const envelope = codec.seal(verifyDeviceCertificate(bob.certificate), id, now, { kind: 'text', text, burnSeconds: 0 })
    const frame = lp.encode.single(encodeMsgFrame({ batch: { envelopes: [encodeEnvelope(envelope)] } })).subarray()
    const json = JSON.stringify({
      version: envelope.version,
      id: messageIdToString(envelope.id),
      senderAccount: alice.accountId,
      senderDevice: alice.deviceId,
      recipientDevice: bob.deviceId,
      timestamp: Number(envelope.timestamp),
      nonce: base64(envelope.nonce),
      ciphertext: base64(envelope.ciphertext)
    })
    const jsonBytes = Buffer.byteLength(json, 'utf8')
    return {
      rows: [
        { name: 'envelope bytes', value: frame.byteLength, unit: 'B', baseline: { name: 'same envelope as JSON', value: jsonBytes } }
      ],
      notes: [
        `One ${TEXT_BYTES}-byte text sealed by Tim's envelope codec; Tim = varint length prefix + MsgFrame{batch{[envelope]}} protobuf (${frame.byteLength - TEXT_BYTES} B over the text: ciphertext carries ${envelope.ciphertext.byteLength - TEXT_BYTES} B of payload framing + MAC); JSON = {version, id (ULID), senderAccount (tim… base58), senderDevice/recipientDevice (PeerId base58), timestamp, nonce/ciphertext (base64)}, UTF-8, no length prefix.`
      ]
    }
  }
}

export default benchmark
