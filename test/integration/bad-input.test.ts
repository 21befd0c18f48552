/**
 * Hostile peers: a real libp2p node (Mallory, a valid Tim account) opens raw /tim/msg streams
 * to Bob and sends what an honest node never would. Each kind of bad input must be rejected
 * with its typed error, counted in Bob's stats, and Alice ↔ Bob traffic must keep flowing.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as lp from 'it-length-prefixed'
import { randomBytes } from 'node:crypto'
import { loopbackInit, startFriends, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'
import { batchFrame, frameBytes, hello, openRawStream, textEnvelope } from '../helpers/raw-msg.ts'
import { loadIdentity, parseInvite, type VerifiedDevice } from '../../core/identity/index.ts'
import { dmConversation } from '../../core/api/index.ts'

async function bobDevice (bob: TestPeer): Promise<VerifiedDevice> {
  return parseInvite(await bob.invite()).device
}

async function rejectedCount (peer: TestPeer, name: string): Promise<number> {
  return (await peer.node.api.stats()).rejected[name] ?? 0
}

async function expectRejection (bob: TestPeer, name: string, attack: () => Promise<void>): Promise<void> {
  const before = await rejectedCount(bob, name)
  await attack()
  await waitFor(() => rejectedCount(bob, name), count => count === before + 1, { what: `Bob to count one ${name}` })
}

async function aliceStillReachesBob (alice: TestPeer, bob: TestPeer, text: string): Promise<void> {
  const sent = await alice.node.api.send({ conversation: dmConversation('Bob'), text })
  await waitFor(() => alice.node.api.getMessage(sent.id), m => m.state === 'delivered', { what: `"${text}" delivered` })
  const history = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 })
  assert.equal(history.filter(m => m.text === text).length, 1)
}

test('hostile input is rejected with typed errors, counted, and Alice ↔ Bob keep talking', async (t) => {
  const [alice, bob] = await startFriends(t)
  const malloryPeer = await startPeer(t, 'Mallory')
  const mallory = await loadIdentity(malloryPeer.dataDir)
  await malloryPeer.node.api.addContact({ invite: await bob.invite() })
  const bobsDevice = await bobDevice(bob)

  await t.test('random bytes', async () => {
    await expectRejection(bob, 'MalformedFrameError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(lp.encode.single(randomBytes(200)))
      await stream.close()
      assert.deepEqual(await replies(), [])
    })
  })

  await t.test('a truncated frame', async () => {
    await expectRejection(bob, 'MalformedFrameError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      const whole = hello(mallory)
      stream.send(whole.subarray(0, whole.byteLength - 10))
      await stream.close()
      assert.deepEqual(await replies(), [])
    })
  })

  await t.test('an oversized frame', async () => {
    await expectRejection(bob, 'FrameTooLargeError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(lp.encode.single(randomBytes(100 * 1024)))
      assert.deepEqual(await replies(), [])
    })
  })

  await t.test('an unknown protocol version', async () => {
    await expectRejection(bob, 'UnsupportedVersionError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(hello(mallory, 2))
      assert.deepEqual(await replies(), [])
    })
  })

  await t.test('someone else\'s device certificate', async () => {
    const aliceIdentity = await loadIdentity(alice.dataDir)
    await expectRejection(bob, 'UncertifiedDeviceError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(hello(aliceIdentity))
      assert.deepEqual(await replies(), [])
    })
  })

  await t.test('an envelope in another account\'s name', async () => {
    const aliceIdentity = await loadIdentity(alice.dataDir)
    const inAlicesName = textEnvelope(mallory, bobsDevice, 'I am totally Alice')
    inAlicesName.senderAccount = aliceIdentity.accountSigner.publicKey as Uint8Array<ArrayBuffer>
    await expectRejection(bob, 'UncertifiedDeviceError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(hello(mallory))
      stream.send(frameBytes(batchFrame([inAlicesName])))
      await stream.close()
      const answers = await replies()
      assert.equal(answers[0].hello?.certificate?.name, 'Bob')
      assert.deepEqual(answers.slice(1).map(frame => frame.reject?.error), ['UncertifiedDeviceError'])
    })
    const fromAlice = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 })
    assert.equal(fromAlice.some(m => m.text === 'I am totally Alice'), false)
  })

  await t.test('a ciphertext that does not open', async () => {
    const altered = textEnvelope(mallory, bobsDevice, 'flipped on the way')
    altered.ciphertext[20] ^= 1
    await expectRejection(bob, 'DecryptionFailedError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(hello(mallory))
      stream.send(frameBytes(batchFrame([altered])))
      await stream.close()
      assert.equal((await replies())[1].reject?.error, 'DecryptionFailedError')
    })
  })

  await t.test('a replayed envelope is stored once and acked again', async () => {
    const envelope = textEnvelope(mallory, bobsDevice, 'say it twice')
    const first = await openRawStream(malloryPeer, bob)
    first.stream.send(hello(mallory))
    first.stream.send(frameBytes(batchFrame([envelope])))
    await first.stream.close()
    assert.equal((await first.replies()).filter(frame => frame.ack != null).length, 1)

    await expectRejection(bob, 'ReplayedEnvelopeError', async () => {
      const replay = await openRawStream(malloryPeer, bob)
      replay.stream.send(hello(mallory))
      replay.stream.send(frameBytes(batchFrame([envelope])))
      await replay.stream.close()
      assert.equal((await replay.replies()).filter(frame => frame.ack != null).length, 1)
    })
    const fromMallory = await bob.node.api.history({ conversation: dmConversation(malloryPeer.account) })
    assert.deepEqual(fromMallory.map(m => m.text), ['say it twice'])
  })

  await t.test('an envelope addressed to another device', async () => {
    const aliceDevice = parseInvite(await alice.invite()).device
    await expectRejection(bob, 'MisaddressedEnvelopeError', async () => {
      const { stream, replies } = await openRawStream(malloryPeer, bob)
      stream.send(hello(mallory))
      stream.send(frameBytes(batchFrame([textEnvelope(mallory, aliceDevice, 'for Alice')])))
      await stream.close()
      assert.equal((await replies())[1].reject?.error, 'MisaddressedEnvelopeError')
    })
  })

  await aliceStillReachesBob(alice, bob, 'after all that, hello')
  const stats = await bob.node.api.stats()
  assert.deepEqual(stats.rejected, {
    MalformedFrameError: 2,
    FrameTooLargeError: 1,
    UnsupportedVersionError: 1,
    UncertifiedDeviceError: 2,
    DecryptionFailedError: 1,
    ReplayedEnvelopeError: 1,
    MisaddressedEnvelopeError: 1
  })
})

/**
 * The rate limit, as the limiter guarantees it, whatever the machine's speed: a batch larger
 * than the burst can never be taken at once (the bucket never holds more than the burst), so
 * that batch is held back until the rate allows it, and counted once. How fast a sender that
 * awaits each send manages to go depends on the machine, so the flood part asserts only that
 * nothing is lost, never that it was throttled.
 */
test('a peer that sends faster than the rate limit is slowed down and counted, and nothing it sent is lost', async (t) => {
  const burst = 50
  const alice = await startPeer(t, 'Alice')
  const bob = await startPeer(t, 'Bob', { messaging: { ...loopbackInit.messaging, ratePerSecond: 200, rateBurst: burst } })
  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })

  await t.test('one batch of twice the burst is held back, counted once, and all of it stored and acked', async () => {
    const aliceIdentity = await loadIdentity(alice.dataDir)
    const bobsDevice = await bobDevice(bob)
    const texts = Array.from({ length: 2 * burst }, (_, i) => `burst ${i}`)
    const before = await rejectedCount(bob, 'RateLimitedError')
    const { stream, replies } = await openRawStream(alice, bob)
    stream.send(hello(aliceIdentity))
    stream.send(frameBytes(batchFrame(texts.map(text => textEnvelope(aliceIdentity, bobsDevice, text)))))
    await stream.close()
    // Bob answers until he has acked what he stored, then closes
    const answers = await replies()
    const acked = answers.flatMap(frame => frame.ack?.ids ?? [])
    assert.equal(acked.length, texts.length, 'every envelope acked')
    assert.deepEqual(answers.filter(frame => frame.reject != null), [], 'nothing refused')
    assert.equal(await rejectedCount(bob, 'RateLimitedError'), before + 1, 'the batch was held back, and counted once')
    const history = await bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 })
    assert.deepEqual(history.map(m => m.text), texts, 'every message, once, in order')
  })

  await t.test('a sender that awaits each of 300 sends loses nothing, however fast it manages to go', async () => {
    const texts = Array.from({ length: 300 }, (_, i) => `flood ${i}`)
    for (const text of texts) {
      await alice.node.api.send({ conversation: dmConversation('Bob'), text })
    }
    const history = await waitFor(() => bob.node.api.history({ conversation: dmConversation('Alice'), limit: 500 }), h => h.filter(m => m.text.startsWith('flood ')).length >= texts.length, { what: 'Bob to store all 300', timeoutMs: 30_000 })
    assert.deepEqual(history.filter(m => m.text.startsWith('flood ')).map(m => m.text), texts, 'every message, once, in order')
    await waitFor(() => alice.node.api.history({ conversation: dmConversation('Bob'), limit: 500 }), h => h.filter(m => m.text.startsWith('flood ')).length === texts.length && h.every(m => m.state === 'delivered'), { what: 'Alice to see all delivered', timeoutMs: 30_000 })
  })
})
