/**
 * Account records: the account's signed list of its current devices (their certificates)
 * and the addresses each listens on, with a sequence number and an expiry. Published in the
 * DHT under `/tim-account/<account id>`, they are Tim's account → devices registry without a
 * registry server. This module makes, verifies and ranks them; it never touches the network.
 */

import { multiaddr } from '@multiformats/multiaddr'
import { InvalidArgumentError, InvalidSignatureError, UncertifiedDeviceError, type AccountId } from '../api/index.ts'
import { verifySignature, type Signer } from '../crypto/index.ts'
import {
  accountRecordSigningBytes, decodeAccountRecord, encodeAccountRecord, MAX_INVITE_ADDRS, MAX_RECORD_DEVICES,
  WIRE_VERSION, type AccountRecord, type DeviceCertificate
} from '../wire/index.ts'
import { accountIdFromPublicKey, publicKeyFromAccountId } from './account-id.ts'
import { verifyDeviceCertificate, type VerifiedDevice } from './certificate.ts'

/** The DHT namespace of account records (the first segment of their keys). */
export const ACCOUNT_RECORD_NAMESPACE = 'tim-account'

export interface RecordDevice {
  certificate: DeviceCertificate
  addresses: string[]
}

export interface VerifiedAccountRecord {
  accountId: AccountId
  seq: number
  expires: number
  devices: Array<{ device: VerifiedDevice, addresses: string[] }>
}

export function accountRecordKey (accountId: AccountId): Uint8Array {
  publicKeyFromAccountId(accountId)
  return new TextEncoder().encode(`/${ACCOUNT_RECORD_NAMESPACE}/${accountId}`)
}

export function createAccountRecord (accountSigner: Signer, devices: RecordDevice[], seq: number, ttlMs: number): Uint8Array {
  if (devices.length === 0 || devices.length > MAX_RECORD_DEVICES) {
    throw new InvalidArgumentError(`an account record lists 1–${MAX_RECORD_DEVICES} devices`)
  }
  const unsigned: AccountRecord = {
    version: WIRE_VERSION,
    account: accountSigner.publicKey,
    seq: BigInt(seq),
    expires: BigInt(Date.now() + ttlMs),
    devices: devices.map(device => ({
      certificate: device.certificate,
      addrs: device.addresses.slice(0, MAX_INVITE_ADDRS).map(address => multiaddr(address).bytes)
    })),
    signature: new Uint8Array(0)
  }
  return encodeAccountRecord({ ...unsigned, signature: accountSigner.sign(accountRecordSigningBytes(unsigned)) })
}

/** Verifies signature, device certificates and expiry; throws a typed error saying what is wrong. */
export function verifyAccountRecord (bytes: Uint8Array, now = Date.now()): VerifiedAccountRecord {
  const record = decodeAccountRecord(bytes)
  if (!verifySignature(record.account, accountRecordSigningBytes(record), record.signature)) {
    throw new InvalidSignatureError('the account record is not signed by its account')
  }
  if (Number(record.expires) <= now) {
    throw new InvalidArgumentError('the account record has expired')
  }
  const accountId = accountIdFromPublicKey(record.account)
  return {
    accountId,
    seq: Number(record.seq),
    expires: Number(record.expires),
    devices: record.devices.map(entry => {
      const device = verifyDeviceCertificate(entry.certificate as DeviceCertificate)
      if (device.accountId !== accountId) {
        throw new UncertifiedDeviceError(`device ${device.deviceId} in the record of ${accountId} belongs to ${device.accountId}`)
      }
      return { device, addresses: entry.addrs.map(address => multiaddr(address).toString()) }
    })
  }
}

/** The DHT validator: the record verifies and is stored under its own account's key. */
export async function validateAccountRecordEntry (key: Uint8Array, value: Uint8Array): Promise<void> {
  const record = verifyAccountRecord(value)
  if (new TextDecoder().decode(key) !== `/${ACCOUNT_RECORD_NAMESPACE}/${record.accountId}`) {
    throw new InvalidArgumentError('an account record is stored under another account\'s key')
  }
}

/**
 * The DHT store's ordering (core/net/dht-records.ts): a record may replace the one a node
 * holds for the same key unless it is older (a lower seq). Both passed the validator before,
 * so only the held one may have expired since: an expired or unreadable held record is
 * always replaced.
 */
export function accountRecordReplaces (held: Uint8Array, incoming: Uint8Array, now = Date.now()): boolean {
  let heldRecord: AccountRecord
  try {
    heldRecord = decodeAccountRecord(held)
  } catch {
    return true
  }
  if (Number(heldRecord.expires) <= now) {
    return true
  }
  try {
    return decodeAccountRecord(incoming).seq >= heldRecord.seq
  } catch {
    return false
  }
}

/** When a (validated) account record expires, ms since epoch; undefined when it does not decode. */
export function accountRecordExpiry (value: Uint8Array): number | undefined {
  try {
    return Number(decodeAccountRecord(value).expires)
  } catch {
    return undefined
  }
}

/** The DHT selector: the valid record with the highest sequence number. */
export function selectAccountRecord (_key: Uint8Array, values: Uint8Array[]): number {
  let best = 0
  let bestSeq = -1
  values.forEach((value, i) => {
    try {
      const { seq } = verifyAccountRecord(value)
      if (seq > bestSeq) {
        best = i
        bestSeq = seq
      }
    } catch {
      // an invalid record never wins
    }
  })
  return best
}
