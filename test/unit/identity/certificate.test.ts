import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  accountIdFromPublicKey, deviceIdFromBytes, deviceIdToBytes, issueDeviceCertificate, verifyDeviceCertificate
} from '../../../core/identity/index.ts'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair, type Signer } from '../../../core/crypto/index.ts'
import { decodeCertificate, encodeCertificate, type DeviceCertificate } from '../../../core/wire/index.ts'

async function newDeviceId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

async function setup (): Promise<{ account: Signer, deviceId: string, boxKey: Uint8Array<ArrayBuffer>, cert: DeviceCertificate }> {
  const account = createSigner(generateSigningKeyPair())
  const deviceId = await newDeviceId()
  const boxKey = generateBoxKeyPair().publicKey
  const cert = issueDeviceCertificate({ accountSigner: account, deviceId, boxKey, name: 'Alice laptop', created: 1_700_000_000_000 })
  return { account, deviceId, boxKey, cert }
}

const invalidSignature = { name: 'InvalidSignatureError' }

test('an issued certificate verifies and says which account, device and box key it binds', async () => {
  const { account, deviceId, boxKey, cert } = await setup()
  const device = verifyDeviceCertificate(cert)
  assert.equal(device.accountId, accountIdFromPublicKey(account.publicKey))
  assert.deepEqual(device.accountKey, account.publicKey)
  assert.equal(device.deviceId, deviceId)
  assert.deepEqual(device.boxKey, boxKey)
  assert.equal(device.name, 'Alice laptop')
  assert.equal(device.created, 1_700_000_000_000)
})

test('a certificate still verifies after going over the wire', async () => {
  const { deviceId, cert } = await setup()
  assert.equal(verifyDeviceCertificate(decodeCertificate(encodeCertificate(cert))).deviceId, deviceId)
})

test('the device signing key in a certificate is the key of the device PeerId', async () => {
  const deviceKey = await generateKeyPair('Ed25519')
  const deviceId = peerIdFromPrivateKey(deviceKey).toString()
  const cert = issueDeviceCertificate({ accountSigner: createSigner(generateSigningKeyPair()), deviceId, boxKey: generateBoxKeyPair().publicKey, name: 'x' })
  assert.deepEqual(verifyDeviceCertificate(cert).deviceSigningKey, deviceKey.publicKey.raw)
})

test('a certificate altered after signing is rejected with InvalidSignatureError', async () => {
  const { cert } = await setup()
  const altered: Array<[string, DeviceCertificate]> = [
    ['name', { ...cert, name: 'Mallory' }],
    ['box key', { ...cert, boxKey: generateBoxKeyPair().publicKey }],
    ['created', { ...cert, created: cert.created + 1n }],
    ['device', { ...cert, device: deviceIdToBytes(await newDeviceId()) }],
    ['one signature bit', { ...cert, signature: Uint8Array.from(cert.signature, (byte, i) => i === 10 ? byte ^ 4 : byte) }]
  ]
  for (const [what, forged] of altered) {
    assert.throws(() => verifyDeviceCertificate(forged), invalidSignature, what)
  }
})

test('a certificate signed by another account key is rejected with InvalidSignatureError', async () => {
  const { account, deviceId, boxKey } = await setup()
  const mallory = createSigner(generateSigningKeyPair())
  // Mallory signs a certificate that names Alice's account
  const forged = issueDeviceCertificate({ accountSigner: { publicKey: account.publicKey, sign: mallory.sign }, deviceId, boxKey, name: 'Alice laptop' })
  assert.throws(() => verifyDeviceCertificate(forged), invalidSignature)
  // and a certificate Mallory signed for herself cannot be moved to Alice's account
  const own = issueDeviceCertificate({ accountSigner: mallory, deviceId, boxKey, name: 'Alice laptop' })
  assert.throws(() => verifyDeviceCertificate({ ...own, account: account.publicKey }), invalidSignature)
})

test('a device that is not an Ed25519 PeerId is uncertified', async () => {
  const { cert } = await setup()
  assert.throws(() => verifyDeviceCertificate({ ...cert, device: new Uint8Array([1, 2, 3]) }), { name: 'UncertifiedDeviceError' })
  assert.throws(() => deviceIdFromBytes(new Uint8Array(38)), { name: 'UncertifiedDeviceError' })
})

test('device ids round trip to PeerId bytes', async () => {
  const deviceKey = await generateKeyPair('Ed25519')
  const deviceId = peerIdFromPrivateKey(deviceKey).toString()
  const { deviceId: back, signingKey } = deviceIdFromBytes(deviceIdToBytes(deviceId))
  assert.equal(back, deviceId)
  assert.deepEqual(signingKey, deviceKey.publicKey.raw)
})
