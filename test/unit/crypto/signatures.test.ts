import { test } from 'node:test'
import assert from 'node:assert/strict'
import nacl from 'tweetnacl'
import {
  createSigner, equalBytes, generateSigningKeyPair, signingKeyPairFromSeed, verifySignature,
  SIGNATURE_BYTES, SIGNING_PUBLIC_KEY_BYTES
} from '../../../core/crypto/index.ts'

const message = new TextEncoder().encode('hello from Tim')

function flipBit (bytes: Uint8Array, index: number, bit = 0): Uint8Array {
  const copy = bytes.slice()
  copy[index] ^= 1 << bit
  return copy
}

test('a signature verifies under its own public key', () => {
  const pair = generateSigningKeyPair()
  const signature = createSigner(pair).sign(message)
  assert.equal(signature.byteLength, SIGNATURE_BYTES)
  assert.equal(pair.publicKey.byteLength, SIGNING_PUBLIC_KEY_BYTES)
  assert.equal(verifySignature(pair.publicKey, message, signature), true)
})

test('a signer reports the public key its signatures verify under', () => {
  const pair = generateSigningKeyPair()
  const signer = createSigner(pair)
  assert.deepEqual(signer.publicKey, pair.publicKey)
  assert.equal(verifySignature(signer.publicKey, message, signer.sign(message)), true)
})

test('one flipped bit anywhere in the data fails verification', () => {
  const pair = generateSigningKeyPair()
  const signature = createSigner(pair).sign(message)
  for (let i = 0; i < message.byteLength; i++) {
    assert.equal(verifySignature(pair.publicKey, flipBit(message, i, i % 8), signature), false, `data byte ${i}`)
  }
  assert.equal(verifySignature(pair.publicKey, message.subarray(1), signature), false, 'shortened data')
  assert.equal(verifySignature(pair.publicKey, new Uint8Array([...message, 0]), signature), false, 'extended data')
})

test('one flipped bit anywhere in the signature fails verification', () => {
  const pair = generateSigningKeyPair()
  const signature = createSigner(pair).sign(message)
  for (let i = 0; i < SIGNATURE_BYTES; i++) {
    assert.equal(verifySignature(pair.publicKey, message, flipBit(signature, i, i % 8)), false, `signature byte ${i}`)
  }
})

test('another key does not verify the signature', () => {
  const signature = createSigner(generateSigningKeyPair()).sign(message)
  assert.equal(verifySignature(generateSigningKeyPair().publicKey, message, signature), false)
})

test('malformed keys and signatures return false instead of throwing', () => {
  const pair = generateSigningKeyPair()
  const signature = createSigner(pair).sign(message)
  assert.equal(verifySignature(pair.publicKey.subarray(0, 31), message, signature), false, '31-byte key')
  assert.equal(verifySignature(new Uint8Array([...pair.publicKey, 0]), message, signature), false, '33-byte key')
  assert.equal(verifySignature(new Uint8Array(0), message, signature), false, 'empty key')
  assert.equal(verifySignature(pair.publicKey, message, signature.subarray(0, 63)), false, '63-byte signature')
  assert.equal(verifySignature(pair.publicKey, message, new Uint8Array(65)), false, '65-byte signature')
  assert.equal(verifySignature(pair.publicKey, message, new Uint8Array(0)), false, 'empty signature')
  assert.equal(verifySignature(new Uint8Array(32).fill(0xff), message, signature), false, 'a key that is no curve point')
  assert.equal(verifySignature(pair.publicKey, message, new Uint8Array(64).fill(0xff)), false, 'an all-ones signature')
})

test('signatures are byte-identical to tweetnacl for the same seed', () => {
  for (let i = 0; i < 4; i++) {
    const seed = nacl.randomBytes(32)
    const naclPair = nacl.sign.keyPair.fromSeed(seed)
    const pair = signingKeyPairFromSeed(seed)
    assert.deepEqual(pair.publicKey, naclPair.publicKey)
    const data = nacl.randomBytes(i * 97)
    const ours = createSigner(pair).sign(data)
    assert.deepEqual(ours, nacl.sign.detached(data, naclPair.secretKey))
    assert.equal(nacl.sign.detached.verify(data, ours, naclPair.publicKey), true)
  }
})

test('a tweetnacl signature verifies here', () => {
  const naclPair = nacl.sign.keyPair()
  const signature = nacl.sign.detached(message, naclPair.secretKey)
  assert.equal(verifySignature(naclPair.publicKey, message, signature), true)
})

test('a generated key pair is the pair of its seed', () => {
  const pair = generateSigningKeyPair()
  assert.equal(pair.seed.byteLength, 32)
  assert.deepEqual(signingKeyPairFromSeed(pair.seed).publicKey, pair.publicKey)
  assert.notDeepEqual(generateSigningKeyPair().publicKey, pair.publicKey)
})

test('a seed of the wrong length is refused', () => {
  assert.throws(() => signingKeyPairFromSeed(new Uint8Array(31)), RangeError)
  assert.throws(() => signingKeyPairFromSeed(new Uint8Array(64)), RangeError)
})

test('a key pair keeps its own copy of the seed', () => {
  const seed = nacl.randomBytes(32)
  const pair = signingKeyPairFromSeed(seed)
  const before = createSigner(pair).sign(message)
  seed.fill(0)
  assert.deepEqual(createSigner(pair).sign(message), before)
})

test('equalBytes compares length and every byte', () => {
  assert.equal(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3)), true)
  assert.equal(equalBytes(new Uint8Array(0), new Uint8Array(0)), true)
  assert.equal(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4)), false)
  assert.equal(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2)), false)
  // a view into a larger buffer compares by its own bytes
  assert.equal(equalBytes(Uint8Array.of(9, 1, 2, 3).subarray(1), Uint8Array.of(1, 2, 3)), true)
})
