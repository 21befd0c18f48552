import { test } from 'node:test'
import assert from 'node:assert/strict'
import { accountIdFromPublicKey, isAccountId, publicKeyFromAccountId } from '../../../core/identity/index.ts'
import { generateSigningKeyPair } from '../../../core/crypto/index.ts'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function newAccountId (): { id: string, publicKey: Uint8Array } {
  const { publicKey } = generateSigningKeyPair()
  return { id: accountIdFromPublicKey(publicKey), publicKey }
}

test('an account id round trips to its public key', () => {
  for (let i = 0; i < 8; i++) {
    const { id, publicKey } = newAccountId()
    assert.match(id, /^tim[1-9A-HJ-NP-Za-km-z]+$/)
    assert.deepEqual(publicKeyFromAccountId(id), publicKey)
    assert.equal(isAccountId(id), true)
  }
})

test('the same key always gives the same id, different keys different ids', () => {
  const { id, publicKey } = newAccountId()
  assert.equal(accountIdFromPublicKey(publicKey.slice()), id)
  assert.notEqual(newAccountId().id, id)
})

test('every one-character typo is rejected as a probable mistype', () => {
  for (let n = 0; n < 5; n++) {
    const { id } = newAccountId()
    for (let i = 3; i < id.length; i++) {
      for (const char of [BASE58[(BASE58.indexOf(id[i]) + 1) % 58], BASE58[(BASE58.indexOf(id[i]) + 29) % 58]]) {
        const typo = id.slice(0, i) + char + id.slice(i + 1)
        assert.throws(() => publicKeyFromAccountId(typo), { name: 'InvalidAccountIdError', message: /mistyped|checksum/ }, `${typo} (position ${i})`)
        assert.equal(isAccountId(typo), false)
      }
    }
  }
})

test('a typo that changes the first character says it was probably mistyped', () => {
  // In the first position a typo often changes how many bytes the text decodes to.
  let seen = 0
  for (let n = 0; n < 5; n++) {
    const { id } = newAccountId()
    for (const char of BASE58) {
      if (char === id[3]) continue
      const typo = id.slice(0, 3) + char + id.slice(4)
      assert.throws(() => publicKeyFromAccountId(typo), { name: 'InvalidAccountIdError', message: /mistyped/ }, typo)
      seen++
    }
  }
  assert.ok(seen > 0)
})

test('swapping two neighbouring characters is caught by the checksum', () => {
  const { id } = newAccountId()
  for (let i = 3; i < id.length - 1; i++) {
    if (id[i] === id[i + 1]) continue
    const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2)
    assert.throws(() => publicKeyFromAccountId(swapped), { name: 'InvalidAccountIdError' }, swapped)
  }
})

test('a wrong prefix is rejected saying what an id starts with', () => {
  const { id } = newAccountId()
  for (const text of ['tom' + id.slice(3), id.slice(3), 'TIM' + id.slice(3), ' ' + id, '']) {
    assert.throws(() => publicKeyFromAccountId(text), { name: 'InvalidAccountIdError', message: /must start with "tim"/ }, JSON.stringify(text))
  }
})

test('a truncated or padded id is rejected as the wrong length', () => {
  const { id } = newAccountId()
  for (const text of [id.slice(0, 10), 'tim', id + id.slice(3, 6)]) {
    assert.throws(() => publicKeyFromAccountId(text), { name: 'InvalidAccountIdError', message: /wrong length/ }, text)
  }
})

test('one missing or extra character is rejected as mistyped', () => {
  // one character more or less may still decode to 36 bytes, and then fails the checksum
  for (let n = 0; n < 4; n++) {
    const { id } = newAccountId()
    for (let i = 3; i < id.length; i++) {
      const missing = id.slice(0, i) + id.slice(i + 1)
      const extra = id.slice(0, i) + 'z' + id.slice(i)
      for (const text of [missing, extra]) {
        assert.throws(() => publicKeyFromAccountId(text), { name: 'InvalidAccountIdError', message: /wrong length|mistyped/ }, text)
      }
    }
  }
})

test('characters outside base58 are rejected as such', () => {
  const { id } = newAccountId()
  for (const char of ['0', 'O', 'I', 'l', '-', ' ', 'é']) {
    const text = id.slice(0, 10) + char + id.slice(11)
    assert.throws(() => publicKeyFromAccountId(text), { name: 'InvalidAccountIdError', message: /outside base58/ }, text)
  }
})

test('non-strings are not account ids', () => {
  assert.equal(isAccountId(undefined), false)
  assert.equal(isAccountId(42), false)
  assert.equal(isAccountId({}), false)
  assert.throws(() => publicKeyFromAccountId(null as unknown as string), { name: 'InvalidAccountIdError' })
})

test('a public key of the wrong length has no account id', () => {
  assert.throws(() => accountIdFromPublicKey(new Uint8Array(31)), { name: 'InvalidAccountIdError' })
  assert.throws(() => accountIdFromPublicKey(new Uint8Array(33)), { name: 'InvalidAccountIdError' })
})
