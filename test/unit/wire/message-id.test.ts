import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  createMessageIdGenerator, messageIdFromString, messageIdTimestamp, messageIdToString, MESSAGE_ID_BYTES
} from '../../../core/wire/index.ts'

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5, 678)

test('ids made in the same millisecond strictly increase, as bytes and as text', () => {
  const next = createMessageIdGenerator()
  let previous = next(NOW)
  let previousText = messageIdToString(previous)
  for (let i = 0; i < 5000; i++) {
    const id = next(NOW)
    assert.equal(id.byteLength, MESSAGE_ID_BYTES)
    assert.ok(Buffer.compare(previous, id) < 0, `id ${i} is not above the one before`)
    const text = messageIdToString(id)
    assert.ok(previousText < text, `text of id ${i} does not sort after the one before`)
    assert.equal(messageIdTimestamp(id), NOW)
    previous = id
    previousText = text
  }
})

test('ids keep increasing when the clock steps back', () => {
  const next = createMessageIdGenerator()
  const first = next(NOW)
  const second = next(NOW - 10_000)
  assert.ok(Buffer.compare(first, second) < 0)
})

test('an id made later carries the later time and sorts after', () => {
  const next = createMessageIdGenerator()
  const first = next(NOW)
  const later = next(NOW + 1)
  assert.ok(Buffer.compare(first, later) < 0)
  assert.equal(messageIdTimestamp(later), NOW + 1)
})

test('the timestamp of an id is the millisecond it was made in', () => {
  const next = createMessageIdGenerator()
  for (const now of [1, 1_000, NOW, 2 ** 48 - 1]) {
    assert.equal(messageIdTimestamp(next(now)), now)
  }
  const before = Date.now()
  const id = createMessageIdGenerator()()
  const after = Date.now()
  assert.ok(messageIdTimestamp(id) >= before && messageIdTimestamp(id) <= after, 'defaults to the current time')
})

test('two generators in the same millisecond make different ids', () => {
  assert.notDeepEqual(createMessageIdGenerator()(NOW), createMessageIdGenerator()(NOW))
})

test('an id round trips through its 26-character text', () => {
  const next = createMessageIdGenerator()
  for (let i = 0; i < 100; i++) {
    const id = next(NOW + i)
    const text = messageIdToString(id)
    assert.match(text, /^[0-9A-HJKMNP-TV-Z]{26}$/)
    assert.deepEqual(messageIdFromString(text), id)
    assert.deepEqual(messageIdFromString(text.toLowerCase()), id, 'lower case reads the same')
  }
})

test('the text of an id is Crockford base32 of its 128 bits', () => {
  assert.equal(messageIdToString(new Uint8Array(16)), '0'.repeat(26))
  assert.equal(messageIdToString(new Uint8Array(16).fill(0xff)), '7' + 'Z'.repeat(25))
  const one = new Uint8Array(16)
  one[15] = 1
  assert.equal(messageIdToString(one), '0'.repeat(25) + '1')
})

test('text that is not an id is refused with InvalidArgumentError', () => {
  const valid = messageIdToString(createMessageIdGenerator()(NOW))
  const bad = [
    valid.slice(1), // 25 characters
    valid + '0', // 27 characters
    '',
    valid.slice(0, 25) + 'U', // not in Crockford's alphabet
    valid.slice(0, 25) + 'I',
    valid.slice(0, 25) + 'L',
    valid.slice(0, 25) + 'O',
    valid.slice(0, 25) + '-',
    '8' + valid.slice(1), // above 128 bits
    'Z'.repeat(26),
    '00\u00df' + '0'.repeat(23), // 'ß' upper-cases to 'SS'
    '0\u017f' + '0'.repeat(24), // long s upper-cases to 'S'
    '0'.repeat(25) + '\ufb00' // the 'ff' ligature upper-cases to 'FF'
  ]
  for (const text of bad) {
    assert.throws(() => messageIdFromString(text), { name: 'InvalidArgumentError' }, JSON.stringify(text))
  }
  assert.throws(() => messageIdFromString(42 as unknown as string), { name: 'InvalidArgumentError' })
})

test('bytes of the wrong length do not print as an id', () => {
  assert.throws(() => messageIdToString(new Uint8Array(15)), { name: 'InvalidArgumentError' })
  assert.throws(() => messageIdToString(new Uint8Array(17)), { name: 'InvalidArgumentError' })
})
