/**
 * Contacts as Alice manages them (core/messaging/contact-manager.ts), over the real contact book
 * and outgoing machine of scene.ts, with libp2p, the DHT directory and reachability faked (no
 * sockets): adding from an invite or an account id sends a contact request with its note;
 * accepting a request sends one too; blocking hangs up and unblocking returns to where it was;
 * safety numbers match on both sides, and a verified contact whose devices change is flagged.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logger } from '@libp2p/logger'
import type { AccountId } from '../../../core/api/index.ts'
import {
  createInvite, issueDeviceCertificate, safetyNumber, verifyDeviceCertificate, type VerifiedAccountRecord, type VerifiedDevice
} from '../../../core/identity/index.ts'
import { createContactManager, type ContactManager } from '../../../core/messaging/contact-manager.ts'
import type { ContactEntry } from '../../../core/messaging/contacts.ts'
import { createRequestCounter } from '../../../core/messaging/requests.ts'
import type { TimLibp2p } from '../../../core/net/index.ts'
import { newIdentity, otherDevice, type TestIdentity } from './helpers.ts'
import { aliceAndBob, emitted, openOnBob, openScene, type Scene } from './scene.ts'

interface Managed {
  scene: Scene
  manager: ContactManager
  alice: TestIdentity
  bob: TestIdentity
  mallory: TestIdentity
  /** accounts dialled and hung up on, in order */
  dialled: AccountId[]
  hungUp: AccountId[]
  /** what the fake DHT holds, by account */
  records: Map<AccountId, VerifiedAccountRecord>
}

/** libp2p as far as the contact manager reads it: no connections, an empty peer store */
const noNetwork = {
  peerStore: { get: async () => { throw new Error('not in the peer store') }, merge: async () => {} },
  getConnections: () => [],
  services: { net: { upgradeFailure: () => undefined } }
} as unknown as TimLibp2p

async function managed (t: Parameters<typeof aliceAndBob>[0]): Promise<Managed> {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const mallory = await newIdentity(t, 'Mallory')
  const scene = await openScene(t, { path, alice, bobDevices })
  // Alice starts without contacts: Bob is added in the tests
  await scene.contacts.remove(bob.identity.accountId)
  const dialled: AccountId[] = []
  const hungUp: AccountId[] = []
  const records = new Map<AccountId, VerifiedAccountRecord>()
  const manager = createContactManager({
    identity: alice.identity,
    libp2p: noNetwork,
    contacts: scene.contacts,
    directory: { start: () => {}, stop: () => {}, publish: async () => {}, lookup: async account => records.get(account) ?? null },
    reachability: {
      of: () => 'offline',
      dial: (entry: ContactEntry) => { dialled.push(entry.record.accountId) },
      hangUp: (entry: ContactEntry) => { hungUp.push(entry.record.accountId) },
      start: () => {},
      stop: () => {}
    },
    requests: createRequestCounter({ contacts: scene.contacts, history: scene.history }, { maxRequestMessagesPerStranger: 3, maxRequestMessages: 5 }),
    outgoing: scene.outgoing,
    events: scene.events,
    stats: scene.stats,
    log: logger('test:contacts')
  }, { lookupIntervalMs: 60_000 })
  return { scene, manager, alice, bob, mallory, dialled, hungUp, records }
}

/** Alice's contact as the book holds it */
function contact (scene: Scene, account: AccountId): ContactEntry {
  const entry = scene.contacts.get(account)
  assert.ok(entry != null, `${account} is a contact`)
  return entry
}

test('adding Bob from his invite with a note: accepted under the chosen name, dialled, and sent a contact request with the note', async (t) => {
  const { scene, manager, alice, bob, dialled } = await managed(t)
  const added = await manager.add({ invite: createInvite(bob.identity.certificate, ['/ip4/127.0.0.1/tcp/4001']), name: '  Bobby ', note: 'it is Alice, from the café' })
  assert.deepEqual([added.accountId, added.name, added.status, added.friend, added.verified], [bob.identity.accountId, 'Bobby', 'accepted', false, false])
  assert.deepEqual(added.devices.map(device => device.deviceId), [bob.identity.deviceId])
  assert.deepEqual(dialled, [bob.identity.accountId])
  assert.deepEqual(emitted(scene, 'contact:updated').map(c => c.name), ['Bobby'])
  const [request] = scene.enqueued.flat()
  assert.deepEqual(openOnBob(bob, alice, request), { kind: 'contact-request', note: 'it is Alice, from the café' })

  // adding him again, without a note, sends nothing more
  await manager.add({ invite: createInvite(bob.identity.certificate, []) })
  assert.equal(scene.enqueued.flat().length, 1)
  assert.equal(contact(scene, bob.identity.accountId).record.name, 'Bob', 'the name from his certificate when none is given')
})

test('adding is refused for one\'s own invite, a bad name or note, and a blocked account', async (t) => {
  const { scene, manager, alice, bob } = await managed(t)
  const invite = createInvite(bob.identity.certificate, [])
  await assert.rejects(manager.add({ invite: createInvite(alice.identity.certificate, []) }), { name: 'SelfContactError' })
  await assert.rejects(manager.add({ invite, name: ' ' }), { name: 'InvalidArgumentError' })
  await assert.rejects(manager.add({ invite, name: 'n'.repeat(65) }), { name: 'InvalidArgumentError' })
  await assert.rejects(manager.add({ invite, note: 'n'.repeat(281) }), { name: 'InvalidArgumentError' })
  assert.equal(scene.contacts.get(bob.identity.accountId), undefined, 'nothing was saved')

  await manager.add({ invite })
  await manager.setStatus(bob.identity.accountId, 'blocked')
  await assert.rejects(manager.add({ invite }), { name: 'ContactBlockedError' })
})

test('adding by account id takes Bob\'s devices from the DHT; an account without a record is refused', async (t) => {
  const { scene, manager, alice, bob, mallory, records } = await managed(t)
  await assert.rejects(manager.add({ invite: bob.identity.accountId }), { name: 'UnknownContactError' })
  await assert.rejects(manager.add({ invite: alice.identity.accountId }), { name: 'SelfContactError' })
  const phone = await otherDevice(bob.identity, 'Bob phone')
  records.set(bob.identity.accountId, { accountId: bob.identity.accountId, seq: 1, expires: Date.now() + 60_000, devices: [{ device: bob.device, addresses: [] }, { device: phone, addresses: [] }] })
  const added = await manager.add({ invite: bob.identity.accountId, note: 'found you' })
  assert.deepEqual(added.devices.map(d => d.deviceId).sort(), [bob.identity.deviceId, phone.deviceId].sort())
  assert.deepEqual(scene.enqueued.flat().map(item => item.deviceId).sort(), [bob.identity.deviceId, phone.deviceId].sort(), 'the request goes to every device')
  await assert.rejects(manager.add({ invite: mallory.identity.accountId }), { name: 'UnknownContactError' })
})

test('accepting a stranger\'s request tells them (a contact request), and makes friends when they added us', async (t) => {
  const { scene, manager, alice, mallory } = await managed(t)
  await scene.contacts.save({ accountId: mallory.identity.accountId, name: 'Mallory', status: 'request', devices: [], addedAt: 1, theyAdded: true, note: 'hi' }, mallory.device)
  const accepted = await manager.setStatus(mallory.identity.accountId, 'accepted')
  assert.deepEqual([accepted.status, accepted.friend, accepted.note], ['accepted', true, 'hi'])
  const [request] = scene.enqueued.flat()
  assert.deepEqual(openOnBob(mallory, alice, request), { kind: 'contact-request', note: '' })
})

test('blocking hangs up and remembers where the contact was; unblocking returns there and dials again', async (t) => {
  const { scene, manager, mallory, bob, dialled, hungUp } = await managed(t)
  await manager.add({ invite: createInvite(bob.identity.certificate, []) })
  await scene.contacts.save({ accountId: mallory.identity.accountId, name: 'Mallory', status: 'request', devices: [], addedAt: 1 }, mallory.device)

  for (const account of [bob.identity.accountId, mallory.identity.accountId]) {
    assert.equal((await manager.setStatus(account, 'blocked')).status, 'blocked')
  }
  assert.deepEqual(hungUp, [bob.identity.accountId, mallory.identity.accountId])
  assert.deepEqual([(await manager.unblock(bob.identity.accountId)).status, (await manager.unblock(mallory.identity.accountId)).status], ['accepted', 'request'])
  assert.deepEqual(dialled.slice(-2), [bob.identity.accountId, mallory.identity.accountId])
  await assert.rejects(manager.unblock(bob.identity.accountId), { name: 'InvalidArgumentError' })
})

test('rename checks the name; remove forgets the contact and says so', async (t) => {
  const { scene, manager, bob } = await managed(t)
  await manager.add({ invite: createInvite(bob.identity.certificate, []) })
  assert.equal((await manager.rename(bob.identity.accountId, ' Robert ')).name, 'Robert')
  assert.equal(scene.contacts.resolve('robert').record.accountId, bob.identity.accountId, 'found by the new name')
  await assert.rejects(manager.rename(bob.identity.accountId, ''), { name: 'InvalidArgumentError' })
  await manager.remove('Robert')
  assert.equal(scene.contacts.get(bob.identity.accountId), undefined)
  assert.deepEqual(emitted(scene, 'contact:removed'), [{ accountId: bob.identity.accountId }])
  await assert.rejects(manager.remove(bob.identity.accountId), { name: 'UnknownContactError' })
})

test('the safety number is the same on both sides; verifying marks the devices, and a new device of Bob\'s flags it until verified again', async (t) => {
  const { manager, alice, bob } = await managed(t)
  await manager.add({ invite: createInvite(bob.identity.certificate, []) })
  const number = await manager.safetyNumber(bob.identity.accountId)
  assert.equal(number.safetyNumber, safetyNumber(bob.identity.accountId, alice.identity.accountId), 'what Bob\'s node shows him')
  assert.match(number.safetyNumber, /^\d{5}( \d{5})+$/)
  assert.deepEqual([number.verified, number.keysChanged], [false, false])

  assert.deepEqual(await pick(manager.verify(bob.identity.accountId, true)), [true, false])
  const phone: VerifiedDevice = await otherDevice(bob.identity, 'Bob phone')
  await manager.learnDevice(phone)
  assert.deepEqual(await pick(manager.safetyNumber(bob.identity.accountId)), [true, true], 'a device he did not verify')
  assert.deepEqual(await pick(manager.verify(bob.identity.accountId, true)), [true, false])
  assert.deepEqual(await pick(manager.verify(bob.identity.accountId, false)), [false, false])
})

test('learnDevice keeps a newer certificate of a contact\'s device, ignores an older one and strangers\' devices', async (t) => {
  const { scene, manager, bob, mallory } = await managed(t)
  await manager.add({ invite: createInvite(bob.identity.certificate, []) })
  const phone = await otherDevice(bob.identity, 'phone', 2000)
  /** the phone's certificate issued again at `created`, under `name` */
  const reissued = (name: string, created: number): VerifiedDevice => verifyDeviceCertificate(issueDeviceCertificate({
    accountSigner: bob.identity.accountSigner, deviceId: phone.deviceId, boxKey: Uint8Array.from(phone.boxKey), name, created
  }))
  await manager.learnDevice(phone)
  await manager.learnDevice(reissued('phone, renamed', 3000))
  await manager.learnDevice(reissued('phone, an old certificate', 1000))
  await manager.learnDevice(mallory.device)
  assert.deepEqual(contact(scene, bob.identity.accountId).devices.map(d => [d.deviceId, d.name]).sort(), [[bob.identity.deviceId, 'Bob'], [phone.deviceId, 'phone, renamed']].sort())
  assert.equal(scene.contacts.get(mallory.identity.accountId), undefined)
})

/** verified and keysChanged of what a call shows */
async function pick (shown: Promise<{ verified: boolean, keysChanged: boolean }>): Promise<[boolean, boolean]> {
  const { verified, keysChanged } = await shown
  return [verified, keysChanged]
}
