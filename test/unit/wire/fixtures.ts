/**
 * Well-formed wire values with random bytes in every field, for codec tests: each test
 * overrides the fields it is about.
 */

import { randomBytes } from 'node:crypto'
import { createMessageIdGenerator, Envelope, ENVELOPE_VERSION, WIRE_VERSION, type DeviceCertificate, type EnvelopeBatch } from '../../../core/wire/index.ts'

/** ids that increase within this test process */
export const nextId = createMessageIdGenerator()

export function bytes (length: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(randomBytes(length))
}

export function envelope (fields: Partial<Envelope> = {}): Envelope {
  return {
    version: ENVELOPE_VERSION,
    id: nextId(),
    senderAccount: bytes(32),
    senderDevice: bytes(38),
    recipientDevice: bytes(38),
    timestamp: 1_700_000_000_000n,
    nonce: bytes(24),
    ciphertext: bytes(100),
    signature: bytes(64),
    ...fields
  }
}

/** an envelope as it travels in a batch: without a signature of its own */
export function batchedEnvelope (fields: Partial<Envelope> = {}): Envelope {
  return envelope({ signature: new Uint8Array(0), ...fields })
}

/** an EnvelopeBatch as it goes on the wire: the envelopes encoded */
export function batch (envelopes: Envelope[] = [batchedEnvelope(), batchedEnvelope()]): EnvelopeBatch {
  return { envelopes: envelopes.map(envelope => Envelope.encode(envelope)) }
}

export function certificate (fields: Partial<DeviceCertificate> = {}): DeviceCertificate {
  return {
    version: WIRE_VERSION,
    account: bytes(32),
    device: bytes(38),
    boxKey: bytes(32),
    name: 'Bob',
    created: 1_700_000_000_000n,
    signature: bytes(64),
    ...fields
  }
}
