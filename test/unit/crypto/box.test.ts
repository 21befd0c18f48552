import { test } from 'node:test'
import assert from 'node:assert/strict'
import nacl from 'tweetnacl'
import {
  boxKeyPairFromSecretKey, createPairKeyCache, generateBoxKeyPair, openWithSharedKey,
  precomputeSharedKey, randomBytes, sealWithSharedKey, BOX_NONCE_BYTES, BOX_PUBLIC_KEY_BYTES
} from '../../../core/crypto/index.ts'

const plaintext = new TextEncoder().encode('meet me at noon')

test('what A seals for B with the A→B key opens with the B→A key', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const aliceToBob = precomputeSharedKey(bob.publicKey, alice.secretKey)
  const bobToAlice = precomputeSharedKey(alice.publicKey, bob.secretKey)
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const ciphertext = sealWithSharedKey(plaintext, nonce, aliceToBob)
  assert.notDeepEqual(ciphertext.subarray(nacl.box.overheadLength), plaintext)
  assert.deepEqual(openWithSharedKey(ciphertext, nonce, bobToAlice), plaintext)
  assert.deepEqual(sealWithSharedKey(plaintext, nonce, bobToAlice), ciphertext, 'the pair key is the same from both sides')
})

test('sealing is interoperable with plain nacl.box', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const ciphertext = sealWithSharedKey(plaintext, nonce, precomputeSharedKey(bob.publicKey, alice.secretKey))
  assert.deepEqual(nacl.box.open(ciphertext, nonce, alice.publicKey, bob.secretKey), plaintext)
  const reply = nacl.box(plaintext, nonce, alice.publicKey, bob.secretKey)
  assert.deepEqual(openWithSharedKey(reply, nonce, precomputeSharedKey(bob.publicKey, alice.secretKey)), plaintext)
})

test('tampered ciphertext opens to null', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const ciphertext = sealWithSharedKey(plaintext, nonce, precomputeSharedKey(bob.publicKey, alice.secretKey))
  const bobKey = precomputeSharedKey(alice.publicKey, bob.secretKey)
  for (let i = 0; i < ciphertext.byteLength; i++) {
    const tampered = ciphertext.slice()
    tampered[i] ^= 0x01
    assert.equal(openWithSharedKey(tampered, nonce, bobKey), null, `byte ${i}`)
  }
  assert.equal(openWithSharedKey(ciphertext.subarray(0, ciphertext.byteLength - 1), nonce, bobKey), null, 'truncated')
  assert.equal(openWithSharedKey(new Uint8Array(0), nonce, bobKey), null, 'empty')
})

test('the wrong nonce opens to null, a nonce of the wrong length too', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const ciphertext = sealWithSharedKey(plaintext, nonce, precomputeSharedKey(bob.publicKey, alice.secretKey))
  const bobKey = precomputeSharedKey(alice.publicKey, bob.secretKey)
  assert.equal(openWithSharedKey(ciphertext, randomBytes(BOX_NONCE_BYTES), bobKey), null)
  assert.equal(openWithSharedKey(ciphertext, nonce.subarray(0, 23), bobKey), null)
})

test('a third party cannot open what A sealed for B', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const eve = generateBoxKeyPair()
  const nonce = randomBytes(BOX_NONCE_BYTES)
  const ciphertext = sealWithSharedKey(plaintext, nonce, precomputeSharedKey(bob.publicKey, alice.secretKey))
  assert.equal(openWithSharedKey(ciphertext, nonce, precomputeSharedKey(alice.publicKey, eve.secretKey)), null)
  assert.equal(openWithSharedKey(ciphertext, nonce, precomputeSharedKey(bob.publicKey, eve.secretKey)), null)
})

test('a box key pair is recovered from its secret key', () => {
  const pair = generateBoxKeyPair()
  assert.equal(pair.publicKey.byteLength, BOX_PUBLIC_KEY_BYTES)
  assert.deepEqual(boxKeyPairFromSecretKey(pair.secretKey).publicKey, pair.publicKey)
})

test('the pair key cache returns the same key as precomputing, and the same key each time', () => {
  const ours = generateBoxKeyPair()
  const theirs = generateBoxKeyPair()
  const pairKey = createPairKeyCache(ours.secretKey)
  const first = pairKey(theirs.publicKey)
  assert.deepEqual(first, precomputeSharedKey(theirs.publicKey, ours.secretKey))
  assert.equal(pairKey(theirs.publicKey.slice()), first, 'a cached key is reused, looked up by value')
  assert.notDeepEqual(pairKey(generateBoxKeyPair().publicKey), first)
})

test('the pair key cache stays correct past its capacity', () => {
  const ours = generateBoxKeyPair()
  const peers = Array.from({ length: 5 }, () => generateBoxKeyPair())
  const pairKey = createPairKeyCache(ours.secretKey, 2)
  for (let round = 0; round < 2; round++) {
    for (const peer of peers) {
      assert.deepEqual(pairKey(peer.publicKey), precomputeSharedKey(peer.publicKey, ours.secretKey))
    }
  }
})

test('messages of every size up to 20 KiB seal as plain nacl.box does and open again, one after another', () => {
  const alice = generateBoxKeyPair()
  const bob = generateBoxKeyPair()
  const aliceToBob = precomputeSharedKey(bob.publicKey, alice.secretKey)
  const sealed: Array<{ message: Uint8Array, nonce: Uint8Array, box: Uint8Array }> = []
  for (const size of [0, 1, 15, 16, 17, 1024, 4063, 4064, 4065, 8192, 20 * 1024, 3]) {
    const message = randomBytes(size)
    const nonce = randomBytes(BOX_NONCE_BYTES)
    const box = sealWithSharedKey(message, nonce, aliceToBob)
    assert.deepEqual(box, nacl.box.after(message, nonce, aliceToBob), `${size} bytes`)
    sealed.push({ message, nonce, box })
  }
  // each result stands on its own: later calls (and their reused buffers) changed none of them
  for (const { message, nonce, box } of sealed) {
    assert.deepEqual(openWithSharedKey(box, nonce, aliceToBob), message, `${message.byteLength} bytes`)
  }
  assert.throws(() => sealWithSharedKey(plaintext, randomBytes(BOX_NONCE_BYTES), aliceToBob.subarray(0, 31)), RangeError)
})
