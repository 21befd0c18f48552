import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import {
  createIdentity, hasIdentity, loadIdentity, publicKeyFromAccountId, readPublicIdentity, verifyDeviceCertificate,
  type CreateIdentityInit, type LocalIdentity
} from '../../../core/identity/index.ts'
import { signingKeyPairFromSeed, verifySignature, type ScryptParams } from '../../../core/crypto/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

const fast: ScryptParams = { N: 1024, r: 8, p: 1 }
const message = new TextEncoder().encode('signed by this device')

async function create (dataDir: string, init: CreateIdentityInit = {}): ReturnType<typeof createIdentity> {
  return await createIdentity(dataDir, { scryptParams: fast, ...init })
}

/**
 * Every byte string someone reading keys.json could get at: each string in it as UTF-8 and
 * as decoded base64 and hex, recursing into decoded JSON.
 */
function readableBytes (text: string): Buffer[] {
  const found: Buffer[] = []
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      found.push(Buffer.from(value, 'utf8'))
      const decodings = [Buffer.from(value, 'base64'), Buffer.from(value, 'base64url')]
      if (/^([0-9a-f]{2})+$/i.test(value)) decodings.push(Buffer.from(value, 'hex'))
      for (const decoded of decodings) {
        found.push(decoded)
        try {
          visit(JSON.parse(decoded.toString('utf8')))
        } catch {}
      }
    } else if (value != null && typeof value === 'object') {
      Object.values(value).forEach(visit)
    }
  }
  visit(JSON.parse(text))
  return found
}

/** Which of the device's and the account's secrets can be read out of keys.json. */
function secretsInClear (fileText: string, identity: LocalIdentity): string[] {
  const readable = readableBytes(fileText)
  const shows = (secret: Uint8Array): boolean => readable.some(bytes => bytes.includes(Buffer.from(secret)))
  const leaked: string[] = []
  if (shows(identity.deviceKey.raw.subarray(0, 32))) leaked.push('device seed')
  if (shows(privateKeyToProtobuf(identity.deviceKey))) leaked.push('device key')
  if (shows(identity.boxKeyPair.secretKey)) leaked.push('box secret key')
  // the account seed is not exposed by a loaded identity: look for any 32 bytes whose public key is the account's
  const accountKey = Buffer.from(identity.accountSigner.publicKey)
  if (readable.some(bytes => bytes.byteLength === 32 && accountKey.equals(signingKeyPairFromSeed(bytes).publicKey))) leaked.push('account seed')
  return leaked
}

test('createIdentity writes keys.json readable by its owner only, in a new private directory', async t => {
  const dataDir = join(await tempDir(t), 'data')
  const created = await create(dataDir, { name: 'Alice' })
  assert.equal((await stat(join(dataDir, 'keys.json'))).mode & 0o777, 0o600)
  assert.equal((await stat(dataDir)).mode & 0o777, 0o700)
  assert.deepEqual(await readdir(dataDir), ['keys.json'], 'no temporary file is left behind')
  assert.equal(created.name, 'Alice')
  assert.equal(created.encrypted, false)
  assert.equal(await hasIdentity(dataDir), true)
})

test('createIdentity refuses to overwrite an existing identity', async t => {
  const dataDir = await tempDir(t)
  const first = await create(dataDir)
  const before = await readFile(join(dataDir, 'keys.json'), 'utf8')
  await assert.rejects(create(dataDir), { name: 'IdentityExistsError' })
  assert.equal(await readFile(join(dataDir, 'keys.json'), 'utf8'), before)
  assert.equal((await loadIdentity(dataDir)).accountId, first.accountId)
})

test('two identities created at once in one directory: one wins, the other gets IdentityExistsError', async t => {
  const dataDir = await tempDir(t)
  const results = await Promise.allSettled([create(dataDir, { name: 'one' }), create(dataDir, { name: 'two' })])
  const won = results.flatMap(result => result.status === 'fulfilled' ? [result.value] : [])
  const lost = results.flatMap(result => result.status === 'rejected' ? [result.reason as Error] : [])
  assert.equal(won.length, 1)
  assert.equal(lost.length, 1)
  assert.equal(lost[0].name, 'IdentityExistsError')
  assert.equal((await loadIdentity(dataDir)).accountId, won[0].accountId)
  assert.deepEqual(await readdir(dataDir), ['keys.json'])
})

test('a loaded identity is consistent: device key, certificate, account key and box key agree', async t => {
  const dataDir = await tempDir(t)
  const created = await create(dataDir, { name: 'Alice' })
  const identity = await loadIdentity(dataDir)
  assert.equal(identity.accountId, created.accountId)
  assert.equal(identity.deviceId, created.deviceId)
  assert.equal(identity.name, 'Alice')
  assert.equal(peerIdFromPrivateKey(identity.deviceKey).toString(), identity.deviceId)

  const device = verifyDeviceCertificate(identity.certificate)
  assert.equal(device.accountId, identity.accountId)
  assert.equal(device.deviceId, identity.deviceId)
  assert.equal(device.name, 'Alice')
  assert.deepEqual(device.boxKey, identity.boxKeyPair.publicKey)

  assert.deepEqual(identity.accountSigner.publicKey, publicKeyFromAccountId(identity.accountId))
  assert.equal(verifySignature(publicKeyFromAccountId(identity.accountId), message, identity.accountSigner.sign(message)), true)

  // a peer checks device signatures against the key inside the PeerId
  const peerKey = peerIdFromString(identity.deviceId).publicKey
  assert.ok(peerKey != null)
  assert.equal(await peerKey.verify(message, identity.deviceSigner.sign(message)), true)
  assert.deepEqual(identity.deviceSigner.publicKey, device.deviceSigningKey)
})

test('loading twice gives the same keys; two identities have different keys', async t => {
  const dir = await tempDir(t)
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  await create(a)
  await create(b)
  const first = await loadIdentity(a)
  const again = await loadIdentity(a)
  const other = await loadIdentity(b)
  assert.equal(again.accountId, first.accountId)
  assert.deepEqual(again.accountSigner.sign(message), first.accountSigner.sign(message))
  assert.deepEqual(again.boxKeyPair.secretKey, first.boxKeyPair.secretKey)
  assert.notEqual(other.accountId, first.accountId)
  assert.notEqual(other.deviceId, first.deviceId)
  assert.notDeepEqual(other.boxKeyPair.publicKey, first.boxKeyPair.publicKey)
})

test('a directory without an identity says so', async t => {
  const dataDir = await tempDir(t)
  assert.equal(await hasIdentity(dataDir), false)
  await assert.rejects(loadIdentity(dataDir), { name: 'NoIdentityError' })
  await assert.rejects(readPublicIdentity(dataDir), { name: 'NoIdentityError' })
})

test('names are trimmed; an empty or overlong name is refused', async t => {
  const dir = await tempDir(t)
  assert.equal((await create(join(dir, 'a'), { name: '  Alice  ' })).name, 'Alice')
  assert.equal((await create(join(dir, 'b'), { name: 'x'.repeat(64) })).name, 'x'.repeat(64))
  await assert.rejects(create(join(dir, 'c'), { name: '   ' }), { name: 'InvalidArgumentError' })
  await assert.rejects(create(join(dir, 'd'), { name: 'x'.repeat(65) }), { name: 'InvalidArgumentError' })
  assert.equal(await hasIdentity(join(dir, 'c')), false)
})

test('an encrypted keystore needs its passphrase; a wrong one is refused; the right one loads', async t => {
  const dataDir = await tempDir(t)
  const created = await create(dataDir, { passphrase: 'hunter2 hunter2' })
  assert.equal(created.encrypted, true)
  await assert.rejects(loadIdentity(dataDir), { name: 'PassphraseRequiredError' })
  await assert.rejects(loadIdentity(dataDir, ''), { name: 'PassphraseRequiredError' })
  await assert.rejects(loadIdentity(dataDir, 'hunter3 hunter3'), { name: 'WrongPassphraseError' })
  await assert.rejects(loadIdentity(dataDir, 'hunter2 hunter2 '), { name: 'WrongPassphraseError' })
  const identity = await loadIdentity(dataDir, 'hunter2 hunter2')
  assert.equal(identity.accountId, created.accountId)
  assert.equal(identity.deviceId, created.deviceId)
  assert.equal(verifyDeviceCertificate(identity.certificate).deviceId, identity.deviceId)
})

test('the public part of an encrypted keystore reads without the passphrase', async t => {
  const dataDir = await tempDir(t)
  const created = await create(dataDir, { name: 'Alice', passphrase: 'pass' })
  const shown = await readPublicIdentity(dataDir)
  assert.equal(shown.accountId, created.accountId)
  assert.equal(shown.deviceId, created.deviceId)
  assert.equal(shown.name, 'Alice')
  assert.equal(shown.encrypted, true)
  assert.equal(verifyDeviceCertificate(shown.certificate).accountId, created.accountId)
})

test('an encrypted keys.json holds no secret key in clear; an unencrypted one does', async t => {
  const dir = await tempDir(t)
  await create(join(dir, 'sealed'), { passphrase: 'correct horse' })
  const sealedText = await readFile(join(dir, 'sealed', 'keys.json'), 'utf8')
  assert.deepEqual(secretsInClear(sealedText, await loadIdentity(join(dir, 'sealed'), 'correct horse')), [])

  // the same search finds every secret in a keystore without a passphrase
  await create(join(dir, 'clear'))
  const clearText = await readFile(join(dir, 'clear', 'keys.json'), 'utf8')
  assert.deepEqual(secretsInClear(clearText, await loadIdentity(join(dir, 'clear'))).sort(), ['account seed', 'box secret key', 'device key', 'device seed'])
})

test('an unencrypted keystore loads even when a passphrase is given', async t => {
  const dataDir = await tempDir(t)
  const created = await create(dataDir)
  assert.equal((await loadIdentity(dataDir, 'unused')).accountId, created.accountId)
})

test('a keystore whose secrets belong to another identity is refused', async t => {
  const dir = await tempDir(t)
  await create(join(dir, 'a'))
  await create(join(dir, 'b'))
  const a = JSON.parse(await readFile(join(dir, 'a', 'keys.json'), 'utf8')) as { secrets: string }
  const bPath = join(dir, 'b', 'keys.json')
  const b = JSON.parse(await readFile(bPath, 'utf8')) as { secrets: string }
  await writeFile(bPath, JSON.stringify({ ...b, secrets: a.secrets }))
  await assert.rejects(loadIdentity(join(dir, 'b')), { name: 'InvalidArgumentError', message: /inconsistent/ })
})
