import { test } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { accountIdFromPublicKey, createInvite, issueDeviceCertificate, parseInvite, type ParsedInvite } from '../../../core/identity/index.ts'
import { createSigner, generateBoxKeyPair, generateSigningKeyPair } from '../../../core/crypto/index.ts'
import type { DeviceCertificate } from '../../../core/wire/index.ts'

const ADDRESS = '/ip4/127.0.0.1/tcp/4001'
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const PREFIX = 'tim://invite/'

async function newDeviceId (): Promise<string> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

async function setup (): Promise<{ accountId: string, deviceId: string, boxKey: Uint8Array, cert: DeviceCertificate }> {
  const account = createSigner(generateSigningKeyPair())
  const deviceId = await newDeviceId()
  const boxKey = generateBoxKeyPair().publicKey
  const cert = issueDeviceCertificate({ accountSigner: account, deviceId, boxKey, name: 'Alice' })
  return { accountId: accountIdFromPublicKey(account.publicKey), deviceId, boxKey, cert }
}

function replaceChar (text: string, index: number, shift: number): string {
  const char = BASE64URL[(BASE64URL.indexOf(text[index]) + shift) % BASE64URL.length]
  return text.slice(0, index) + char + text.slice(index + 1)
}

const invalidInvite = { name: 'InvalidInviteError' }

test('an invite round trips: account, device, box key, name, and addresses ending in /p2p/<deviceId>', async () => {
  const { accountId, deviceId, boxKey, cert } = await setup()
  const invite = createInvite(cert, [ADDRESS, '/ip4/192.168.1.20/tcp/4002/ws'])
  assert.ok(invite.startsWith(PREFIX))
  assert.match(invite.slice(PREFIX.length), /^[A-Za-z0-9_-]+$/, 'safe to paste into a URL or a chat')
  const parsed = parseInvite(invite)
  assert.equal(parsed.device.accountId, accountId)
  assert.equal(parsed.device.deviceId, deviceId)
  assert.deepEqual(parsed.device.boxKey, boxKey)
  assert.equal(parsed.device.name, 'Alice')
  assert.deepEqual(parsed.addresses, [`${ADDRESS}/p2p/${deviceId}`, `/ip4/192.168.1.20/tcp/4002/ws/p2p/${deviceId}`])
})

test('an invite survives surrounding whitespace, as when pasted', async () => {
  const { deviceId, cert } = await setup()
  assert.equal(parseInvite(`  ${createInvite(cert, [ADDRESS])}\n`).device.deviceId, deviceId)
})

test('an invite without addresses still names the device', async () => {
  const { deviceId, cert } = await setup()
  const parsed = parseInvite(createInvite(cert, []))
  assert.equal(parsed.device.deviceId, deviceId)
  assert.deepEqual(parsed.addresses, [])
})

test('an address that already ends in the device PeerId is kept as it is', async () => {
  const { deviceId, cert } = await setup()
  assert.deepEqual(parseInvite(createInvite(cert, [`${ADDRESS}/p2p/${deviceId}`])).addresses, [`${ADDRESS}/p2p/${deviceId}`])
})

test('a relayed address gets the device PeerId after the relay', async () => {
  const { deviceId, cert } = await setup()
  const relay = await newDeviceId()
  const relayed = `/ip4/198.51.100.7/tcp/4001/p2p/${relay}/p2p-circuit`
  assert.deepEqual(parseInvite(createInvite(cert, [relayed])).addresses, [`${relayed}/p2p/${deviceId}`])
  assert.deepEqual(parseInvite(createInvite(cert, [`${relayed}/p2p/${deviceId}`])).addresses, [`${relayed}/p2p/${deviceId}`])
})

test('an invite whose address names another peer is rejected', async () => {
  const { cert } = await setup()
  const other = await newDeviceId()
  assert.throws(() => parseInvite(createInvite(cert, [`${ADDRESS}/p2p/${other}`])), invalidInvite)
  assert.throws(() => parseInvite(createInvite(cert, [`/ip4/198.51.100.7/tcp/4001/p2p/${other}/p2p-circuit/p2p/${other}`])), invalidInvite)
})

test('an invite with a character changed in the middle is rejected', async () => {
  const { cert } = await setup()
  const invite = createInvite(cert, [ADDRESS])
  const middle = Math.floor((PREFIX.length + invite.length) / 2)
  for (const shift of [1, 17, 32]) {
    const corrupted = replaceChar(invite, middle, shift)
    assert.notEqual(corrupted, invite)
    assert.throws(() => parseInvite(corrupted), invalidInvite, `shift ${shift}`)
  }
})

test('no single-character corruption of an invite yields another device or account', async () => {
  const { accountId, deviceId, boxKey, cert } = await setup()
  const invite = createInvite(cert, [ADDRESS])
  for (let i = PREFIX.length; i < invite.length; i++) {
    for (const shift of [1, 32]) {
      let parsed: ParsedInvite
      try {
        parsed = parseInvite(replaceChar(invite, i, shift))
      } catch (err) {
        assert.equal((err as Error).name, 'InvalidInviteError', `position ${i}: ${(err as Error).message}`)
        continue
      }
      // what survives is the same, signed, certificate (protobuf tags are read leniently)
      assert.equal(parsed.device.accountId, accountId, `position ${i}`)
      assert.equal(parsed.device.deviceId, deviceId, `position ${i}`)
      assert.deepEqual(parsed.device.boxKey, boxKey, `position ${i}`)
      assert.equal(parsed.device.name, 'Alice', `position ${i}`)
      for (const address of parsed.addresses) {
        assert.ok(address.endsWith(`/p2p/${deviceId}`), `position ${i}: ${address}`)
      }
    }
  }
})

test('an invite that is cut short is rejected', async () => {
  const { cert } = await setup()
  const invite = createInvite(cert, [ADDRESS])
  for (const length of [PREFIX.length, PREFIX.length + 10, invite.length - 40]) {
    assert.throws(() => parseInvite(invite.slice(0, length)), invalidInvite, `${length} characters`)
  }
})

test('anything that is not a tim:// invite is rejected', async () => {
  const { cert } = await setup()
  const payload = createInvite(cert, [ADDRESS]).slice(PREFIX.length)
  for (const text of ['', 'hello', `https://invite/${payload}`, payload, `tim://contact/${payload}`, `tim://invite/${payload}!`]) {
    assert.throws(() => parseInvite(text), invalidInvite, text)
  }
  assert.throws(() => parseInvite(undefined as unknown as string), invalidInvite)
})

test('an invite whose certificate was altered is rejected', async () => {
  const { cert } = await setup()
  assert.throws(() => parseInvite(createInvite({ ...cert, name: 'Mallory' }, [ADDRESS])), invalidInvite)
  assert.throws(() => parseInvite(createInvite({ ...cert, boxKey: generateBoxKeyPair().publicKey }, [ADDRESS])), invalidInvite)
})
