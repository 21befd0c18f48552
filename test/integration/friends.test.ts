/**
 * Friends between real nodes on 127.0.0.1: a contact request carries a note, adding back (or
 * accepting) makes friends on both sides, contacts can be renamed and removed, a blocked
 * account's invite does not quietly unblock it, and both sides compute the same safety number;
 * a verified contact whose devices change is flagged until verified again.
 */

import assert from 'node:assert/strict'
import { join } from 'node:path'
import { test } from 'node:test'
import { dmConversation, type Contact } from '../../core/api/index.ts'
import { createNode } from '../../core/index.ts'
import { linkDevice } from '../helpers/linked-device.ts'
import { nextEvent } from '../helpers/next-event.ts'
import { loopbackInit, startPeer, waitFor, type TestPeer } from '../helpers/peers.ts'

async function contactOf (peer: TestPeer, other: TestPeer): Promise<Contact | undefined> {
  return (await peer.node.api.listContacts()).find(contact => contact.accountId === other.account)
}

test('a contact request carries its note; accepting it makes friends on both sides', async (t) => {
  const alice = await startPeer(t, 'Alice')
  const bob = await startPeer(t, 'Bob')
  const request = nextEvent(bob.node.api, 'contact:request')
  const added = await alice.node.api.addContact({ invite: await bob.invite(), note: 'hi Bob, it is Alice from the climbing gym' })
  assert.equal(added.friend, false, 'not friends until Bob says yes')
  const seen = await request
  assert.equal(seen.accountId, alice.account)
  assert.equal(seen.status, 'request')
  assert.equal(seen.note, 'hi Bob, it is Alice from the climbing gym')

  await bob.node.api.acceptContact(alice.account)
  assert.equal((await contactOf(bob, alice))?.friend, true)
  await waitFor(() => contactOf(alice, bob), contact => contact?.friend === true, { what: 'Alice to see Bob as a friend' })
  await assert.rejects(alice.node.api.addContact({ invite: await bob.invite(), note: 'x'.repeat(281) }), { name: 'InvalidArgumentError' })
})

test('a contact can be renamed and removed; a blocked account\'s invite does not unblock it', async (t) => {
  const alice = await startPeer(t, 'Alice')
  const bob = await startPeer(t, 'Bob')
  await alice.node.api.addContact({ invite: await bob.invite() })
  const updates: Contact[] = []
  alice.node.api.on('contact:updated', contact => { updates.push(contact) })

  const renamed = await alice.node.api.renameContact({ peer: bob.account, name: 'Bobby' })
  assert.equal(renamed.name, 'Bobby')
  assert.ok(updates.some(contact => contact.name === 'Bobby'), 'clients are told')
  await assert.rejects(alice.node.api.renameContact({ peer: bob.account, name: ' ' }), { name: 'InvalidArgumentError' })

  await alice.node.api.blockContact(bob.account)
  await assert.rejects(alice.node.api.addContact({ invite: await bob.invite() }), { name: 'ContactBlockedError' })
  assert.equal((await contactOf(alice, bob))?.status, 'blocked', 'still blocked')
  assert.equal((await alice.node.api.unblockContact(bob.account)).status, 'accepted')

  const removed = nextEvent(alice.node.api, 'contact:removed')
  await alice.node.api.removeContact(bob.account)
  assert.deepEqual(await removed, { accountId: bob.account })
  assert.equal(await contactOf(alice, bob), undefined)
  await assert.rejects(alice.node.api.send({ conversation: dmConversation(bob.account), text: 'hello?' }), { name: 'UnknownContactError' })
})

test('both sides see the same safety number; a verified contact with a new device is flagged until verified again', async (t) => {
  const alice = await startPeer(t, 'Alice')
  const bob = await startPeer(t, 'Bob')
  await alice.node.api.addContact({ invite: await bob.invite() })
  await bob.node.api.addContact({ invite: await alice.invite() })
  const atAlice = await alice.node.api.safetyNumber(bob.account)
  const atBob = await bob.node.api.safetyNumber(alice.account)
  assert.equal(atAlice.safetyNumber, atBob.safetyNumber)
  assert.match(atAlice.safetyNumber, /^(\d{5} ){11}\d{5}$/)
  assert.equal(atAlice.qr, atBob.qr)
  assert.equal(atAlice.verified, false)

  const verified = await alice.node.api.verifyContact({ peer: bob.account, verified: true })
  assert.equal(verified.verified, true)
  assert.equal(verified.keysChanged, false)

  // Bob sets up a phone: a new device of his account
  const phoneDir = join(bob.dataDir, '..', 'bob-phone')
  await linkDevice(bob.dataDir, phoneDir, 'Bob phone')
  const phone = await createNode({ ...loopbackInit, dataDir: phoneDir })
  t.after(async () => { await phone.stop() })
  await alice.node.api.addContact({ invite: (await phone.api.getIdentity()).invite, name: 'Bob' })
  const flagged = await contactOf(alice, bob)
  assert.equal(flagged?.devices.length, 2)
  assert.equal(flagged?.keysChanged, true, 'a verified contact with a new device is flagged')
  assert.equal((await alice.node.api.verifyContact({ peer: bob.account, verified: true })).keysChanged, false)
})
