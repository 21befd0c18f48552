/**
 * Presence and typing between real nodes on 127.0.0.1, through the API a client uses: friends
 * see each other's status, status text and last-seen time, every change as one event; typing
 * reaches the friend and stops; a status outlives a restart; a message request learns nothing.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation } from '../../core/api/index.ts'
import { restartPeer } from '../helpers/mailbox-scene.ts'
import { contactOf, seesOnline } from '../helpers/contact-view.ts'
import { nextEvent } from '../helpers/next-event.ts'
import { startFriends, startPeer, waitFor } from '../helpers/peers.ts'

test('friends see each other online, and a status with its text as the other sets it, one event per change', async (t) => {
  const [alice, bob] = await startFriends(t)
  await seesOnline(bob, alice)
  await seesOnline(alice, bob)
  const busy = nextEvent(bob.node.api, 'contact:presence', change => change.accountId === alice.account && change.presence.status === 'busy')
  const events: string[] = []
  bob.node.api.on('contact:presence', change => { events.push(change.presence.status) })
  assert.deepEqual(await alice.node.api.setPresence({ status: 'busy', text: 'in a meeting' }), { status: 'busy', text: 'in a meeting', shareLastSeen: true })
  assert.deepEqual((await busy).presence, { status: 'busy', text: 'in a meeting' })
  assert.deepEqual((await contactOf(bob, alice))?.presence, { status: 'busy', text: 'in a meeting' })
  assert.deepEqual(await alice.node.api.getPresence(), { status: 'busy', text: 'in a meeting', shareLastSeen: true })

  const away = nextEvent(bob.node.api, 'contact:presence', change => change.presence.status === 'away')
  await alice.node.api.setPresence({ status: 'away', text: '' })
  assert.deepEqual((await away).presence, { status: 'away' })
  assert.deepEqual(events, ['busy', 'away'])
})

test('a friend that stops is offline with when it was last seen, and one that hides it shows no time', async (t) => {
  const [alice, bob] = await startFriends(t)
  const carol = await startPeer(t, 'Carol')
  await carol.node.api.addContact({ invite: await alice.invite() })
  await alice.node.api.addContact({ invite: await carol.invite() })
  await carol.node.api.setPresence({ status: 'online', shareLastSeen: false })
  await seesOnline(alice, bob)
  await seesOnline(alice, carol)
  const before = Date.now()
  const bobGone = nextEvent(alice.node.api, 'contact:presence', change => change.accountId === bob.account && change.presence.status === 'offline')
  const carolGone = nextEvent(alice.node.api, 'contact:presence', change => change.accountId === carol.account && change.presence.status === 'offline')
  await bob.node.stop()
  await carol.node.stop()
  const lastSeen = (await bobGone).presence.lastSeen
  assert.ok(lastSeen != null && lastSeen >= before && lastSeen <= Date.now(), `Bob last seen ${lastSeen}`)
  assert.deepEqual((await carolGone).presence, { status: 'offline' })
  assert.deepEqual((await contactOf(alice, bob))?.presence, { status: 'offline', lastSeen })
})

test('typing reaches the friend\'s conversation and stops when the typist says so', async (t) => {
  const [alice, bob] = await startFriends(t)
  await seesOnline(alice, bob)
  await seesOnline(bob, alice)
  const started = nextEvent(bob.node.api, 'conversation:typing', change => change.typing)
  await alice.node.api.setTyping({ conversation: dmConversation(bob.account), typing: true })
  assert.deepEqual(await started, { conversation: dmConversation(alice.account), from: alice.account, typing: true })
  const stopped = nextEvent(bob.node.api, 'conversation:typing', change => !change.typing)
  await alice.node.api.setTyping({ conversation: dmConversation(bob.account), typing: false })
  assert.deepEqual(await stopped, { conversation: dmConversation(alice.account), from: alice.account, typing: false })
})

test('a status outlives a restart, and the friend sees it when the node is back', async (t) => {
  const [alice, bob] = await startFriends(t)
  await seesOnline(bob, alice)
  await alice.node.api.setPresence({ status: 'away', text: 'on a train' })
  await alice.node.stop()
  await waitFor(() => contactOf(bob, alice), contact => contact?.presence.status === 'offline', { what: 'Bob to see Alice offline' })
  const back = nextEvent(bob.node.api, 'contact:presence', change => change.presence.status === 'away')
  const restarted = await restartPeer(t, alice)
  assert.deepEqual(await restarted.api.getPresence(), { status: 'away', text: 'on a train', shareLastSeen: true })
  assert.deepEqual((await back).presence, { status: 'away', text: 'on a train' })
})

test('a message request is told nothing: the stranger sees the account offline whatever it does', async (t) => {
  const [alice, bob] = await startFriends(t)
  const mallory = await startPeer(t, 'Mallory')
  const malloryEvents: string[] = []
  mallory.node.api.on('contact:presence', change => { malloryEvents.push(`presence ${change.presence.status}`) })
  mallory.node.api.on('conversation:typing', () => { malloryEvents.push('typing') })
  await mallory.node.api.addContact({ invite: await alice.invite() })
  await waitFor(() => contactOf(alice, mallory), contact => contact?.status === 'request', { what: 'Mallory\'s request to reach Alice' })
  await seesOnline(bob, alice)
  const busy = nextEvent(bob.node.api, 'contact:presence', change => change.presence.status === 'busy')
  const typing = nextEvent(bob.node.api, 'conversation:typing')
  await alice.node.api.setPresence({ status: 'busy', text: 'only for friends' })
  await alice.node.api.setTyping({ conversation: dmConversation(mallory.account), typing: true })
  await alice.node.api.setTyping({ conversation: dmConversation(bob.account), typing: true })
  await busy
  await typing
  assert.deepEqual((await contactOf(mallory, alice))?.presence, { status: 'offline' })
  assert.deepEqual(malloryEvents, [], 'what Bob was told, Mallory was not')
})
