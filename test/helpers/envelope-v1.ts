/**
 * Envelopes as a Tim before envelope v2 sealed them: the payload binds only its recipient
 * account, not its sender or id. Tests use them to check that v1 is refused from the network
 * and that this node's own stored v1 receipts are sealed again as v2.
 */

import { precomputeSharedKey, randomBytes, sealWithSharedKey, BOX_NONCE_BYTES } from '../../core/crypto/index.ts'
import { deviceIdToBytes, type LocalIdentity, type VerifiedDevice } from '../../core/identity/index.ts'
import { encodeLegacyPayload, ENVELOPE_VERSION_V1, type Body, type Envelope } from '../../core/wire/index.ts'

/** an unsigned envelope v1 from `sender` to `recipient` (sign it with the codec to travel alone) */
export function sealV1 (sender: LocalIdentity, recipient: VerifiedDevice, id: Uint8Array, timestamp: number, body: Body): Envelope {
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const plaintext = encodeLegacyPayload(body, recipient.accountKey)
  return {
    version: ENVELOPE_VERSION_V1,
    id: Uint8Array.from(id),
    senderAccount: Uint8Array.from(sender.accountSigner.publicKey),
    senderDevice: Uint8Array.from(deviceIdToBytes(sender.deviceId)),
    recipientDevice: Uint8Array.from(recipient.certificate.device),
    timestamp: BigInt(timestamp),
    nonce: Uint8Array.from(nonce),
    ciphertext: Uint8Array.from(sealWithSharedKey(plaintext, nonce, precomputeSharedKey(recipient.boxKey, sender.boxKeyPair.secretKey))),
    signature: new Uint8Array(0)
  }
}
