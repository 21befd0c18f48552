/**
 * Device certificates: the account key signs (device PeerId, device box key, name, created).
 * Verifying one proves that a device speaks for an account; a peer that cannot show one for
 * its own PeerId is not anybody's device.
 */

import { peerIdFromMultihash, peerIdFromString } from '@libp2p/peer-id'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidSignatureError, UncertifiedDeviceError, type AccountId, type DeviceId } from '../api/index.ts'
import { verifySignature, type Bytes, type Signer } from '../crypto/index.ts'
import { certificateSigningBytes, encodeCertificate, WIRE_VERSION, type DeviceCertificate } from '../wire/index.ts'
import { accountIdFromPublicKey } from './account-id.ts'

/** A device whose certificate verified. */
export interface VerifiedDevice {
  accountId: AccountId
  accountKey: Uint8Array
  deviceId: DeviceId
  /** the Ed25519 key inside the device PeerId: it signs envelopes and acks */
  deviceSigningKey: Uint8Array
  boxKey: Uint8Array
  name: string
  created: number
  certificate: DeviceCertificate
}

export interface IssueCertificateInit {
  accountSigner: Signer
  deviceId: DeviceId
  boxKey: Bytes
  name: string
  created?: number
}

export function issueDeviceCertificate (init: IssueCertificateInit): DeviceCertificate {
  const unsigned: DeviceCertificate = {
    version: WIRE_VERSION,
    account: init.accountSigner.publicKey,
    device: peerIdFromString(init.deviceId).toMultihash().bytes,
    boxKey: init.boxKey,
    name: init.name,
    created: BigInt(init.created ?? Date.now()),
    signature: new Uint8Array(0)
  }
  return { ...unsigned, signature: init.accountSigner.sign(certificateSigningBytes(unsigned)) }
}

/** The PeerId string of PeerId bytes, or UncertifiedDeviceError when they are not an Ed25519 PeerId. */
export function deviceIdFromBytes (bytes: Uint8Array): { deviceId: DeviceId, signingKey: Uint8Array } {
  try {
    const peerId = peerIdFromMultihash(Digest.decode(bytes))
    if (peerId.type !== 'Ed25519' || peerId.publicKey == null) {
      throw new Error(`a ${peerId.type} PeerId`)
    }
    return { deviceId: peerId.toString(), signingKey: peerId.publicKey.raw }
  } catch (err) {
    throw new UncertifiedDeviceError(`device id is not an Ed25519 PeerId: ${(err as Error).message}`)
  }
}

export function deviceIdToBytes (deviceId: DeviceId): Bytes {
  return peerIdFromString(deviceId).toMultihash().bytes
}

/** Checks the account's signature; throws InvalidSignatureError or UncertifiedDeviceError. */
export function verifyDeviceCertificate (cert: DeviceCertificate): VerifiedDevice {
  const { deviceId, signingKey } = deviceIdFromBytes(cert.device)
  if (!verifySignature(cert.account, certificateSigningBytes(cert), cert.signature)) {
    throw new InvalidSignatureError(`the certificate of device ${deviceId} is not signed by the account it names`)
  }
  return {
    accountId: accountIdFromPublicKey(cert.account),
    accountKey: cert.account,
    deviceId,
    deviceSigningKey: signingKey,
    boxKey: cert.boxKey,
    name: cert.name,
    created: Number(cert.created),
    certificate: cert
  }
}

export function certificateBytes (cert: DeviceCertificate): Uint8Array {
  return encodeCertificate(cert)
}
