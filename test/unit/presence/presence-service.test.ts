import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Stream } from '@libp2p/interface'
import * as lp from 'it-length-prefixed'
import { dmConversation, type Contact, type Presence } from '../../../core/api/index.ts'
import { encodeSignal, SIGNAL_PROTOCOL } from '../../../core/presence/index.ts'
import { nextEvent } from '../../helpers/next-event.ts'
import { waitFor } from '../../helpers/wait-for.ts'
import { withTimeout } from '../../helpers/timeout.ts'
import { accept, befriend, startPresenceNode, type PresenceNode } from './helpers.ts'

const presenceOf = (node: PresenceNode, of: PresenceNode): Presence => node.presence.presenceOf(of.account)

const framed = (bytes: Uint8Array): Uint8Array => lp.encode.single(bytes).subarray()

/** Opens a raw /tim/signal stream from `from` to `to`, writes `bytes`, and waits until the stream ends (closed or reset). */
async function sendRaw (from: PresenceNode, to: PresenceNode, bytes: Uint8Array): Promise<void> {
  const stream: Stream = await from.libp2p.dialProtocol(to.libp2p.peerId, SIGNAL_PROTOCOL)
  const ended = new Promise<void>(resolve => { stream.addEventListener('close', () => { resolve() }, { once: true }) })
  try {
    stream.send(bytes)
    await stream.close()
  } catch {
    // the receiver reset the stream before reading it (refused): that is an end too
  }
  if (stream.status === 'open' || stream.status === 'closing') {
    await withTimeout(ended, 15_000, 'the signal stream to end')
  }
}

test('contacts that connect see each other\'s presence and status text, and each change as one event', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  await alice.presence.setPresence({ status: 'busy', text: 'writing tests' })
  const bobSeesAlice = nextEvent(bob.hub, 'contact:presence', change => change.accountId === 'alice')
  const aliceSeesBob = nextEvent(alice.hub, 'contact:presence', change => change.accountId === 'bob')
  await befriend(alice, bob)
  assert.deepEqual(await bobSeesAlice, { accountId: 'alice', presence: { status: 'busy', text: 'writing tests' } })
  assert.deepEqual(await aliceSeesBob, { accountId: 'bob', presence: { status: 'online' } })

  const away = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'away')
  assert.deepEqual(await alice.presence.setPresence({ status: 'away' }), { status: 'away', text: 'writing tests', shareLastSeen: true })
  assert.deepEqual((await away).presence, { status: 'away', text: 'writing tests' })
  assert.deepEqual(presenceOf(bob, alice), { status: 'away', text: 'writing tests' })
  assert.equal(bob.seen.filter(e => e.event === 'contact:presence').length, 2, 'busy, then away: one event each')
})

test('a contact whose device goes away is offline with the time it was last seen, unless it hides it', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  const carol = await startPresenceNode(t, 'carol')
  await carol.presence.setPresence({ status: 'online', shareLastSeen: false })
  await befriend(alice, bob)
  await befriend(alice, carol)
  await waitFor(() => [presenceOf(alice, bob).status, presenceOf(alice, carol).status], s => s.every(status => status === 'online'), { what: 'Bob and Carol online' })
  const before = Date.now()
  const bobGone = nextEvent(alice.hub, 'contact:presence', change => change.accountId === 'bob' && change.presence.status === 'offline')
  const carolGone = nextEvent(alice.hub, 'contact:presence', change => change.accountId === 'carol' && change.presence.status === 'offline')
  await bob.stop()
  await carol.stop()
  const bobOffline = (await bobGone).presence
  assert.ok(bobOffline.lastSeen != null && bobOffline.lastSeen >= before && bobOffline.lastSeen <= Date.now(), `Bob last seen ${bobOffline.lastSeen}`)
  assert.deepEqual((await carolGone).presence, { status: 'offline' })
})

test('typing reaches the contact\'s connected device, and lapses there when it is not repeated', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob', { typingTtlMs: 200 })
  await befriend(alice, bob)
  const started = nextEvent(bob.hub, 'conversation:typing', change => change.typing)
  const lapsed = nextEvent(bob.hub, 'conversation:typing', change => !change.typing)
  await alice.presence.setTyping({ conversation: dmConversation('bob'), typing: true })
  assert.deepEqual(await started, { conversation: dmConversation('alice'), from: 'alice', typing: true })
  assert.deepEqual(await lapsed, { conversation: dmConversation('alice'), from: 'alice', typing: false })

  const startedAgain = nextEvent(bob.hub, 'conversation:typing', change => change.typing)
  const stopped = nextEvent(bob.hub, 'conversation:typing', change => !change.typing)
  await alice.presence.setTyping({ conversation: dmConversation('bob'), typing: true })
  await startedAgain
  await alice.presence.setTyping({ conversation: dmConversation('bob'), typing: false })
  await stopped
})

test('setTyping names a 1:1 conversation', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const refuse = async (request: unknown, message: RegExp): Promise<void> => {
    await assert.rejects(alice.presence.setTyping(request), (err: Error) => err.name === 'InvalidArgumentError' && message.test(err.message))
  }
  await refuse({ conversation: 'dm:bob' }, /needs \{ conversation, typing/)
  await refuse({ conversation: 'bob', typing: true }, /is not a conversation id/)
  await refuse({ conversation: 'group:friends', typing: true }, /1:1 conversations only/)
})

test('a device that is not an accepted contact is told nothing, and what it sends is ignored and counted', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  const mallory = await startPresenceNode(t, 'mallory')
  await befriend(alice, bob)
  await accept(mallory, alice) // Mallory added Alice; Alice never accepted Mallory
  await mallory.libp2p.dial(alice.libp2p.peerId)
  await waitFor(() => alice.presence.counts().ignored, ignored => ignored >= 1, { what: 'Mallory\'s presence to be ignored' })
  await sendRaw(mallory, alice, framed(encodeSignal({ typing: { conversation: dmConversation('mallory'), typing: true } })))
  assert.equal(alice.presence.counts().ignored, 2)

  const bobSeesAway = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'away')
  await alice.presence.setPresence({ status: 'away' })
  await bobSeesAway
  await alice.presence.setTyping({ conversation: dmConversation('mallory'), typing: true })
  await alice.presence.setTyping({ conversation: dmConversation('bob'), typing: true })
  await nextEvent(bob.hub, 'conversation:typing')
  assert.deepEqual(alice.seen, [{ event: 'contact:presence', detail: { accountId: 'bob', presence: { status: 'online' } } }], 'Alice shows nothing of Mallory')
  assert.deepEqual(mallory.seen, [], 'Mallory learnt nothing of Alice')
  assert.deepEqual(presenceOf(mallory, alice), { status: 'offline' })
})

test('a contact flooding signals is held to the rate: what is over is refused and counted', async (t) => {
  const alice = await startPresenceNode(t, 'alice', { ratePerSecond: 0.001, rateBurst: 5 })
  const bob = await startPresenceNode(t, 'bob')
  const bobOnline = nextEvent(alice.hub, 'contact:presence')
  await befriend(alice, bob)
  await bobOnline // Bob's presence on connecting: 1 of the 5
  const typing = framed(encodeSignal({ typing: { conversation: dmConversation('bob'), typing: true } }))
  for (let i = 0; i < 10; i++) {
    await sendRaw(bob, alice, typing)
  }
  assert.deepEqual(alice.presence.counts().rejected, { RateLimitedError: 6 })
  assert.equal(alice.seen.filter(e => e.event === 'conversation:typing').length, 1, 'typing started once')
})

test('frames a contact should not send are refused and counted by the error that names them; the contact is still heard', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  const bobOnline = nextEvent(alice.hub, 'contact:presence')
  await befriend(alice, bob)
  await bobOnline
  await sendRaw(bob, alice, Uint8Array.from([0xd0, 0x0f, ...new Uint8Array(2000)])) // a 2000-byte frame
  await sendRaw(bob, alice, framed(Uint8Array.from([0x0a, 0xff]))) // does not decode
  await sendRaw(bob, alice, framed(encodeSignal({ typing: { conversation: dmConversation('carol'), typing: true } }))) // typing in a conversation not Bob's
  assert.deepEqual(alice.presence.counts().rejected, { FrameTooLargeError: 1, MalformedFrameError: 2 })
  assert.deepEqual(alice.seen.map(e => e.event), ['contact:presence'], 'no typing shown')
  const busy = nextEvent(alice.hub, 'contact:presence', change => change.presence.status === 'busy')
  await bob.presence.setPresence({ status: 'busy' })
  await busy
})

test('a contact request accepted while connected: each side then sees the other', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  await accept(alice, bob) // Alice added Bob; for Bob, Alice is a request
  await alice.libp2p.dial(bob.libp2p.peerId)
  await waitFor(() => bob.presence.counts().ignored, ignored => ignored >= 1, { what: 'Bob to ignore Alice\'s presence' })
  const aliceSeesBob = nextEvent(alice.hub, 'contact:presence', change => change.presence.status === 'online')
  const bobSeesAlice = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'online')
  await accept(bob, alice)
  bob.hub.emit('contact:updated', {
    accountId: 'alice', status: 'accepted', devices: [{ deviceId: alice.libp2p.peerId.toString() }]
  } as unknown as Contact)
  assert.equal((await aliceSeesBob).accountId, 'bob')
  assert.equal((await bobSeesAlice).accountId, 'alice')
})

test('contacts connected before the contact book was known see each other once it is', async (t) => {
  const alice = await startPresenceNode(t, 'alice')
  const bob = await startPresenceNode(t, 'bob')
  await accept(bob, alice) // Alice's contact book is not loaded yet: she ignores Bob's presence
  await bob.libp2p.dial(alice.libp2p.peerId)
  await waitFor(() => alice.presence.counts().ignored, ignored => ignored >= 1, { what: 'Alice to ignore Bob\'s presence' })
  const aliceSeesBob = nextEvent(alice.hub, 'contact:presence', change => change.presence.status === 'online')
  const bobSeesAlice = nextEvent(bob.hub, 'contact:presence', change => change.presence.status === 'online')
  await accept(alice, bob)
  await alice.presence.contactsKnown()
  assert.equal((await bobSeesAlice).accountId, 'alice')
  assert.equal((await aliceSeesBob).accountId, 'bob')
})
