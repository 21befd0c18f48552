import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeSignal, encodeSignal, MAX_SIGNAL_FRAME_BYTES } from '../../../core/presence/frames.ts'
import { SignalFrame } from '../../../core/wire/tim.ts'

test('a presence and a typing signal come back as they were sent', () => {
  const signal = {
    presence: { status: 'busy' as const, text: 'in a meeting ☕', lastSeen: 1_764_000_000_000 },
    typing: { conversation: 'dm:timAlice', typing: true }
  }
  assert.deepEqual(decodeSignal(encodeSignal(signal)), signal)
  assert.deepEqual(decodeSignal(encodeSignal({ presence: { status: 'offline', text: '', lastSeen: 0 } })), { presence: { status: 'offline', text: '', lastSeen: 0 } })
})

test('the longest allowed status text fits in a frame', () => {
  const bytes = encodeSignal({ presence: { status: 'online', text: '☕'.repeat(140), lastSeen: Date.now() }, typing: { conversation: `dm:${'a'.repeat(125)}`, typing: true } })
  assert.ok(bytes.byteLength <= MAX_SIGNAL_FRAME_BYTES, `${bytes.byteLength} bytes`)
})

test('a status number this node does not know reads as online', () => {
  const bytes = SignalFrame.encode({ presence: { status: 9, text: '', lastSeen: 0n } })
  assert.equal(decodeSignal(bytes).presence?.status, 'online')
})

test('frames that do not fit are refused with the error that names why', () => {
  const refuse = (bytes: Uint8Array, name: string, message: RegExp): void => {
    assert.throws(() => decodeSignal(bytes), (err: Error) => err.name === name && message.test(err.message))
  }
  refuse(new Uint8Array(MAX_SIGNAL_FRAME_BYTES + 1), 'FrameTooLargeError', /over the 1024-byte limit/)
  refuse(SignalFrame.encode({}), 'MalformedFrameError', /neither presence nor typing/)
  refuse(SignalFrame.encode({ presence: { status: 0, text: 'x'.repeat(141), lastSeen: 0n } }), 'MalformedFrameError', /status text is over 140/)
  refuse(SignalFrame.encode({ presence: { status: 0, text: '', lastSeen: 2n ** 60n } }), 'MalformedFrameError', /last-seen time is out of range/)
  refuse(SignalFrame.encode({ typing: { conversation: 'alice', typing: true } }), 'MalformedFrameError', /names no conversation/)
  refuse(Uint8Array.from([0x0a, 0xff]), 'MalformedFrameError', /does not decode/)
})
