/**
 * Invisible mode between real nodes on 127.0.0.1: an invisible account looks to its friends
 * exactly like one whose node is off (presence, reachability, no connection), still receives
 * its mail through its mailboxes, and tells the sender nothing (no delivery or read receipt)
 * until it is visible again; it stays invisible across a restart.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dmConversation, type Contact } from '../../core/api/index.ts'
import { restartPeer, startMailboxScene } from '../helpers/mailbox-scene.ts'
import { contactOf, seesOnline } from '../helpers/contact-view.ts'
import { nextEvent } from '../helpers/next-event.ts'
import { startFriends, waitFor } from '../helpers/peers.ts'

/** What a user sees of a contact, without the times that differ from run to run. */
function shown (contact: Contact | undefined): unknown {
  return {
    presence: { ...contact?.presence, lastSeen: typeof contact?.presence.lastSeen },
    reachability: contact?.reachability,
    connections: contact?.devices.map(device => device.connection)
  }
}

test('an invisible account looks to its friend exactly like one whose node stopped', async (t) => {
  const [alice, bob] = await startFriends(t, ['Alice', 'Bob'])
  const [dave, carol] = await startFriends(t, ['Dave', 'Carol'])
  await seesOnline(bob, alice)
  await seesOnline(carol, dave)
  await alice.node.api.setPresence({ status: 'invisible' })
  await dave.node.stop()
  const offline = (contact: Contact | undefined): boolean => contact?.presence.status === 'offline' && contact.reachability === 'offline'
  const bobSees = await waitFor(() => contactOf(bob, alice), offline, { what: 'Bob to see Alice offline' })
  const carolSees = await waitFor(() => contactOf(carol, dave), offline, { what: 'Carol to see Dave offline' })
  assert.deepEqual(shown(bobSees), shown(carolSees))
  assert.deepEqual(shown(bobSees), { presence: { status: 'offline', lastSeen: 'number' }, reachability: 'offline', connections: [null] })
  assert.equal(alice.node.libp2p.getConnections().filter(c => c.remotePeer.toString() === bob.node.identity.deviceId).length, 0)
})

test('an invisible account receives its mail and tells the sender nothing until it is visible again', async (t) => {
  const { alice, bob } = await startMailboxScene(t)
  await seesOnline(bob, alice)
  await alice.node.api.setPresence({ status: 'invisible' })
  await waitFor(() => contactOf(bob, alice), contact => contact?.reachability === 'offline', { what: 'Bob to see Alice unreachable' })

  const received = nextEvent(alice.node.api, 'message:received')
  const sent = await bob.node.api.send({ conversation: dmConversation(alice.account), text: 'are you there?' })
  await waitFor(() => bob.node.api.getMessage(sent.id), message => message.state === 'stored', { what: 'Bob\'s message to be held by the mailboxes' })
  await alice.node.collectMail()
  const message = await received
  assert.equal(message.text, 'are you there?')
  await alice.node.api.markRead({ conversation: dmConversation(bob.account) })

  // whatever Alice sends now travels behind any receipt she would have sent: once Bob has it, a receipt would be there too
  const reply = nextEvent(bob.node.api, 'message:received')
  await alice.node.api.send({ conversation: dmConversation(bob.account), text: 'sent while invisible' })
  await waitFor(async () => {
    await bob.node.collectMail()
    return (await bob.node.api.history({ conversation: dmConversation(alice.account) })).some(m => m.direction === 'in')
  }, collected => collected, { what: 'Bob to collect Alice\'s message' })
  assert.equal((await reply).text, 'sent while invisible')
  assert.equal((await bob.node.api.getMessage(sent.id)).state, 'stored', 'no delivery or read receipt from an invisible account')

  await alice.node.api.setPresence({ status: 'online' })
  await seesOnline(bob, alice)
  await waitFor(() => bob.node.api.getMessage(sent.id), m => m.state === 'read', { what: 'the read receipt once Alice is visible' })
})

test('an invisible account is still invisible after a restart: its friend cannot reach it and mail goes to its mailboxes', async (t) => {
  const { alice, bob } = await startMailboxScene(t)
  await seesOnline(bob, alice)
  await alice.node.api.setPresence({ status: 'invisible', shareLastSeen: false })
  await alice.node.stop()
  const restarted = await restartPeer(t, alice)
  assert.deepEqual(await restarted.api.getPresence(), { status: 'invisible', shareLastSeen: false })
  const sent = await bob.node.api.send({ conversation: dmConversation(alice.account), text: 'hello?' })
  const stored = await waitFor(() => bob.node.api.getMessage(sent.id), message => message.state === 'stored' || message.state === 'delivered', { what: 'Bob\'s message to be stored or delivered' })
  assert.equal(stored.state, 'stored')
  assert.equal(stored.path, 'mailbox')
  assert.deepEqual((await contactOf(bob, alice))?.presence, { status: 'offline' }, 'no last-seen time: Alice hides it')
})
