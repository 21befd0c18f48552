import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import {
  deriveKeyFromPassphrase, randomBytes, secretboxOpen, secretboxSeal, sha256,
  SECRETBOX_KEY_BYTES, SECRETBOX_NONCE_BYTES, type ScryptParams
} from '../../../core/crypto/index.ts'

const fast: ScryptParams = { N: 1024, r: 8, p: 1 }
const plaintext = new TextEncoder().encode('the keys to the kingdom')

test('secretbox opens what it sealed, with the same key and nonce', () => {
  const key = randomBytes(SECRETBOX_KEY_BYTES)
  const nonce = randomBytes(SECRETBOX_NONCE_BYTES)
  const sealed = secretboxSeal(plaintext, nonce, key)
  assert.deepEqual(secretboxOpen(sealed, nonce, key), plaintext)
})

test('secretbox opens to null with another key, another nonce, or altered ciphertext', () => {
  const key = randomBytes(SECRETBOX_KEY_BYTES)
  const nonce = randomBytes(SECRETBOX_NONCE_BYTES)
  const sealed = secretboxSeal(plaintext, nonce, key)
  assert.equal(secretboxOpen(sealed, nonce, randomBytes(SECRETBOX_KEY_BYTES)), null)
  assert.equal(secretboxOpen(sealed, randomBytes(SECRETBOX_NONCE_BYTES), key), null)
  const tampered = sealed.slice()
  tampered[tampered.byteLength - 1] ^= 0x80
  assert.equal(secretboxOpen(tampered, nonce, key), null)
})

test('scrypt gives the same key for the same passphrase and salt', () => {
  const salt = randomBytes(16)
  const key = deriveKeyFromPassphrase('correct horse battery staple', salt, fast)
  assert.equal(key.byteLength, SECRETBOX_KEY_BYTES)
  assert.deepEqual(deriveKeyFromPassphrase('correct horse battery staple', salt, fast), key)
})

test('scrypt gives different keys for different salts, passphrases or costs', () => {
  const salt = randomBytes(16)
  const key = deriveKeyFromPassphrase('correct horse battery staple', salt, fast)
  assert.notDeepEqual(deriveKeyFromPassphrase('correct horse battery staple', randomBytes(16), fast), key)
  assert.notDeepEqual(deriveKeyFromPassphrase('correct horse battery stapler', salt, fast), key)
  assert.notDeepEqual(deriveKeyFromPassphrase('correct horse battery staple', salt, { ...fast, N: 2048 }), key)
})

test('a passphrase typed with composed or decomposed accents derives the same key', () => {
  const salt = randomBytes(16)
  const composed = 'caf\u00e9 cr\u00e8me'
  const decomposed = 'cafe\u0301 cre\u0300me'
  assert.notEqual(composed, decomposed)
  assert.deepEqual(deriveKeyFromPassphrase(decomposed, salt, fast), deriveKeyFromPassphrase(composed, salt, fast))
})

test('sha256 matches the standard digest, over parts as over their concatenation', () => {
  const abc = new TextEncoder().encode('abc')
  assert.equal(Buffer.from(sha256(abc)).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  const a = randomBytes(10)
  const b = randomBytes(20)
  const whole = createHash('sha256').update(a).update(b).digest()
  assert.deepEqual(sha256(a, b), new Uint8Array(whole))
  assert.equal(sha256().byteLength, 32)
})
