import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair, type Signer } from '../../../core/crypto/index.ts'
import {
  accountIdFromPublicKey, accountRecordExpiry, accountRecordKey, accountRecordReplaces, createAccountRecord, issueDeviceCertificate,
  selectAccountRecord, validateAccountRecordEntry, verifyAccountRecord, type RecordDevice
} from '../../../core/identity/index.ts'
import {
  accountRecordSigningBytes, decodeAccountRecord, encodeAccountRecord, MAX_INVITE_ADDRS, MAX_RECORD_DEVICES,
  type AccountRecord, type DeviceCertificate
} from '../../../core/wire/index.ts'

const HOUR = 3_600_000

interface Account {
  signer: Signer
  accountId: string
}

function newAccount (): Account {
  const signer = createSigner(generateSigningKeyPair())
  return { signer, accountId: accountIdFromPublicKey(signer.publicKey) }
}

async function newDeviceId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

async function device (account: Account, name: string, addresses: (deviceId: string) => string[] = () => []): Promise<RecordDevice & { deviceId: string }> {
  const deviceId = await newDeviceId()
  const certificate: DeviceCertificate = issueDeviceCertificate({ accountSigner: account.signer, deviceId, boxKey: generateBoxKeyPair().publicKey, name })
  return { deviceId, certificate, addresses: addresses(deviceId) }
}

/** Signs a hand-made record with `signer`, whatever account it claims. */
function sign (signer: Signer, record: AccountRecord): Uint8Array {
  const unsigned = { ...record, signature: new Uint8Array(0) }
  return encodeAccountRecord({ ...unsigned, signature: signer.sign(accountRecordSigningBytes(unsigned)) })
}

function flipLastByte (bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes)
  copy[copy.length - 1] ^= 1
  return copy
}

test('a record lists the account\'s devices with their addresses, and verifies', async () => {
  const alice = newAccount()
  const laptop = await device(alice, 'Alice laptop', id => [`/ip4/192.0.2.7/tcp/4001/p2p/${id}`, `/ip6/2001:db8::7/udp/4001/quic-v1/p2p/${id}`])
  const relay = await newDeviceId()
  const phone = await device(alice, 'Alice phone', id => [`/dns4/relay.example.org/tcp/443/wss/p2p/${relay}/p2p-circuit/p2p/${id}`])

  const before = Date.now()
  const record = verifyAccountRecord(createAccountRecord(alice.signer, [laptop, phone], 7, HOUR))
  assert.equal(record.accountId, alice.accountId)
  assert.equal(record.seq, 7)
  assert.ok(record.expires >= before + HOUR && record.expires <= Date.now() + HOUR)
  assert.deepEqual(record.devices.map(d => [d.device.deviceId, d.device.name, d.device.accountId, d.addresses]), [
    [laptop.deviceId, 'Alice laptop', alice.accountId, laptop.addresses],
    [phone.deviceId, 'Alice phone', alice.accountId, phone.addresses]
  ])
})

test('a record keeps at most the invite limit of addresses per device, and 1 to the device limit of devices', async () => {
  const alice = newAccount()
  const chatty = await device(alice, 'many addresses', id => Array.from({ length: MAX_INVITE_ADDRS + 4 }, (_, i) => `/ip4/192.0.2.1/tcp/${4000 + i}/p2p/${id}`))
  const [verified] = verifyAccountRecord(createAccountRecord(alice.signer, [chatty], 1, HOUR)).devices
  assert.deepEqual(verified.addresses, chatty.addresses.slice(0, MAX_INVITE_ADDRS))

  assert.throws(() => createAccountRecord(alice.signer, [], 1, HOUR), { name: 'InvalidArgumentError' })
  const many = await Promise.all(Array.from({ length: MAX_RECORD_DEVICES + 1 }, async (_, i) => device(alice, `device ${i}`)))
  assert.throws(() => createAccountRecord(alice.signer, many, 1, HOUR), { name: 'InvalidArgumentError' })
  assert.equal(verifyAccountRecord(createAccountRecord(alice.signer, many.slice(0, MAX_RECORD_DEVICES), 1, HOUR)).devices.length, MAX_RECORD_DEVICES)
})

test('a record claiming an account but signed by another is refused with InvalidSignatureError', async () => {
  const alice = newAccount()
  const mallory = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const genuine = decodeAccountRecord(createAccountRecord(alice.signer, [laptop], 1, HOUR))

  // Mallory signs a record in Alice's name (e.g. to point Alice's contacts at her own addresses)
  assert.throws(() => verifyAccountRecord(sign(mallory.signer, { ...genuine, seq: 2n })), { name: 'InvalidSignatureError' })
  // Alice's record with its seq raised after signing
  assert.throws(() => verifyAccountRecord(encodeAccountRecord({ ...genuine, seq: 99n })), { name: 'InvalidSignatureError' })
  // a flipped signature bit
  assert.throws(() => verifyAccountRecord(flipLastByte(createAccountRecord(alice.signer, [laptop], 1, HOUR))), { name: 'InvalidSignatureError' })
})

test('a record listing a device certified by another account is refused with UncertifiedDeviceError', async () => {
  const alice = newAccount()
  const mallory = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const malloryDevice = await device(mallory, 'Mallory laptop')
  // signed by Alice's key, so only the device check can catch it
  assert.throws(() => verifyAccountRecord(createAccountRecord(alice.signer, [laptop, malloryDevice], 1, HOUR)), { name: 'UncertifiedDeviceError' })
})

test('a record whose device certificate was altered is refused', async () => {
  const alice = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const renamed = { ...laptop, certificate: { ...laptop.certificate, name: 'Someone else' } }
  assert.throws(() => verifyAccountRecord(createAccountRecord(alice.signer, [renamed], 1, HOUR)), { name: 'InvalidSignatureError' })
})

test('an expired record is refused', async () => {
  const alice = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const bytes = createAccountRecord(alice.signer, [laptop], 1, HOUR)
  assert.equal(verifyAccountRecord(bytes, Date.now() + HOUR - 60_000).seq, 1)
  assert.throws(() => verifyAccountRecord(bytes, Date.now() + HOUR + 1000), (err: Error) => {
    assert.equal(err.name, 'InvalidArgumentError')
    assert.match(err.message, /expired/)
    return true
  })
  assert.throws(() => verifyAccountRecord(createAccountRecord(alice.signer, [laptop], 1, -1)), /expired/)
})

test('the DHT validator accepts a record under its own account\'s key only', async () => {
  const alice = newAccount()
  const bob = newAccount()
  const bytes = createAccountRecord(alice.signer, [await device(alice, 'Alice laptop')], 1, HOUR)

  await validateAccountRecordEntry(accountRecordKey(alice.accountId), bytes)
  assert.equal(new TextDecoder().decode(accountRecordKey(alice.accountId)), `/tim-account/${alice.accountId}`)
  await assert.rejects(validateAccountRecordEntry(accountRecordKey(bob.accountId), bytes), { name: 'InvalidArgumentError' })
  await assert.rejects(validateAccountRecordEntry(accountRecordKey(alice.accountId), flipLastByte(bytes)), { name: 'InvalidSignatureError' })
  await assert.rejects(validateAccountRecordEntry(accountRecordKey(alice.accountId), createAccountRecord(alice.signer, [await device(alice, 'x')], 1, -1)), /expired/)
  assert.throws(() => accountRecordKey('timNotAnAccount'), { name: 'InvalidAccountIdError' })
})

test('the DHT selector picks the valid record with the highest seq, never an invalid one', async () => {
  const alice = newAccount()
  const mallory = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const record = (seq: number, ttl = HOUR): Uint8Array => createAccountRecord(alice.signer, [laptop], seq, ttl)
  const key = accountRecordKey(alice.accountId)

  const forgedHigher = sign(mallory.signer, { ...decodeAccountRecord(record(1)), seq: 100n })
  const expiredHigher = record(50, -1)
  const withStranger = createAccountRecord(alice.signer, [laptop, await device(mallory, 'Mallory')], 60, HOUR)
  const values = [record(1), forgedHigher, record(3), expiredHigher, withStranger, flipLastByte(record(70)), record(2)]
  assert.equal(selectAccountRecord(key, values), 2)

  // an invalid first value does not win by default
  assert.equal(selectAccountRecord(key, [forgedHigher, record(1)]), 1)
  assert.equal(selectAccountRecord(key, [record(4), record(5)]), 1)
  assert.equal(selectAccountRecord(key, [record(5), record(4)]), 0)
})

test('a DHT store replaces a held record with one of the same or a higher seq, never a lower one, unless the held one expired', async () => {
  const alice = newAccount()
  const laptop = await device(alice, 'Alice laptop')
  const record = (seq: number, ttl = HOUR): Uint8Array => createAccountRecord(alice.signer, [laptop], seq, ttl)

  assert.equal(accountRecordReplaces(record(5), record(6)), true)
  assert.equal(accountRecordReplaces(record(5), record(5)), true)
  assert.equal(accountRecordReplaces(record(5), record(3)), false)
  // a held record past its expiry gives way to any valid one
  assert.equal(accountRecordReplaces(record(5), record(3), Date.now() + 2 * HOUR), true)
  assert.equal(accountRecordReplaces(new Uint8Array([1, 2, 3]), record(1)), true)
  assert.equal(accountRecordReplaces(record(5), new Uint8Array([1, 2, 3])), false)

  const expiry = accountRecordExpiry(record(1)) ?? 0
  assert.ok(Math.abs(expiry - (Date.now() + HOUR)) < 60_000)
  assert.equal(accountRecordExpiry(new Uint8Array([1, 2, 3])), undefined)
})
