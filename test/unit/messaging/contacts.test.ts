import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { issueDeviceCertificate, verifyDeviceCertificate } from '../../../core/identity/index.ts'
import { createContactBook, type ContactBook, type ContactRecord } from '../../../core/messaging/contacts.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'
import { newIdentity, otherDevice, type TestIdentity } from './helpers.ts'

async function setup (t: TestContext): Promise<{ store: Store, book: ContactBook }> {
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  return { store, book: createContactBook(store) }
}

function record (who: TestIdentity, name = who.identity.name): ContactRecord {
  return { accountId: who.identity.accountId, name, status: 'accepted', devices: [], addedAt: 1_700_000_000_000 }
}

/** An account id with one character changed: still shaped like an id, failing its checksum. */
function mistype (accountId: string): string {
  const i = accountId.length - 5
  return accountId.slice(0, i) + (accountId[i] === 'a' ? 'b' : 'a') + accountId.slice(i + 1)
}

test('a contact is found by account id, and by name whatever its case', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const carol = await newIdentity(t, 'Carol Smith')
  await book.save(record(bob), bob.device)
  await book.save(record(carol), carol.device)

  assert.equal(book.resolve(bob.identity.accountId).record.name, 'Bob')
  assert.equal(book.resolve('bob').record.accountId, bob.identity.accountId)
  assert.equal(book.resolve('BOB').record.accountId, bob.identity.accountId)
  assert.equal(book.resolve('carol smith').record.accountId, carol.identity.accountId)
  assert.equal(book.resolve(' Carol Smith ').record.accountId, carol.identity.accountId)
  assert.equal(book.get(carol.identity.accountId)?.record.name, 'Carol Smith')
})

test('an account id pasted with surrounding whitespace still finds the contact', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  await book.save(record(bob), bob.device)
  assert.equal(book.resolve(` ${bob.identity.accountId}\n`).record.accountId, bob.identity.accountId)
})

test('a name two contacts share is refused; their account ids still work', async (t) => {
  const { book } = await setup(t)
  const first = await newIdentity(t, 'Sam')
  const second = await newIdentity(t, 'Sam')
  await book.save(record(first, 'Sam'), first.device)
  await book.save(record(second, 'SAM'), second.device)

  assert.throws(() => book.resolve('sam'), (err: Error) => {
    assert.equal(err.name, 'UnknownContactError')
    assert.match(err.message, /2 contacts/)
    assert.match(err.message, /account id/)
    return true
  })
  assert.equal(book.resolve(first.identity.accountId).record.name, 'Sam')
  assert.equal(book.resolve(second.identity.accountId).record.name, 'SAM')
})

test('a mistyped account id says it is mistyped; a valid stranger\'s id says it is no contact', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const stranger = await newIdentity(t, 'Stranger')
  await book.save(record(bob), bob.device)

  assert.throws(() => book.resolve(mistype(bob.identity.accountId)), { name: 'InvalidAccountIdError' })
  assert.throws(() => book.resolve(bob.identity.accountId.slice(0, -3)), { name: 'InvalidAccountIdError' })
  assert.throws(() => book.resolve(stranger.identity.accountId), (err: Error) => {
    assert.equal(err.name, 'UnknownContactError')
    assert.match(err.message, /not one of your contacts/)
    return true
  })
  assert.throws(() => book.resolve('Nobody'), { name: 'UnknownContactError' })
})

test('saving a device adds it to the contact, a newer certificate of a known device replaces it', async (t) => {
  const { store, book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const phone = await otherDevice(bob.identity, 'Bob phone', 1_700_000_000_000)

  await book.save(record(bob), bob.device)
  let entry = await book.save(book.get(bob.identity.accountId)?.record ?? record(bob), phone)
  assert.deepEqual(entry.devices.map(d => d.deviceId).sort(), [bob.device.deviceId, phone.deviceId].sort())

  // a fresh certificate for the same phone (same PeerId and box key), signed again by the account
  const reissued = verifyDeviceCertificate(issueDeviceCertificate({
    accountSigner: bob.identity.accountSigner, deviceId: phone.deviceId, boxKey: Uint8Array.from(phone.boxKey), name: 'Bob phone (new name)', created: 1_700_000_001_000
  }))
  entry = await book.save(entry.record, reissued)
  assert.equal(entry.devices.length, 2, 'the same device is not listed twice')
  assert.equal(entry.devices.find(d => d.deviceId === phone.deviceId)?.name, 'Bob phone (new name)')

  assert.equal(book.byDevice(bob.device.deviceId)?.record.accountId, bob.identity.accountId)
  assert.equal(book.byDevice(phone.deviceId)?.record.accountId, bob.identity.accountId)

  // another book on the same database (a restart) knows the same
  const restarted = createContactBook(store)
  await restarted.load()
  assert.equal(restarted.byDevice(phone.deviceId)?.record.accountId, bob.identity.accountId)
  assert.deepEqual(restarted.get(bob.identity.accountId)?.devices.map(d => d.name).sort(), ['Bob', 'Bob phone (new name)'])
  assert.equal(restarted.resolve('bob').record.accountId, bob.identity.accountId)
})

test('a device certified by another account is never filed under this contact', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const mallory = await newIdentity(t, 'Mallory')
  await book.save(record(bob), bob.device)

  await assert.rejects(book.save(book.get(bob.identity.accountId)?.record ?? record(bob), mallory.device), { name: 'UncertifiedDeviceError' })
  assert.equal(book.byDevice(mallory.device.deviceId), undefined)
  assert.deepEqual(book.get(bob.identity.accountId)?.devices.map(d => d.deviceId), [bob.device.deviceId])
})

test('all lists every contact once', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const carol = await newIdentity(t, 'Carol')
  await book.save(record(bob), bob.device)
  await book.save(record(carol), carol.device)
  await book.save({ ...(book.get(bob.identity.accountId)?.record ?? record(bob)), status: 'blocked' })
  assert.deepEqual(book.all().map(e => `${e.record.name}:${e.record.status}`).sort(), ['Bob:blocked', 'Carol:accepted'])
  assert.equal(book.byDevice(bob.device.deviceId)?.record.status, 'blocked', 'a blocked contact\'s device is still recognised')
})

test('a device another account already holds is refused, unless the device itself proves whose it is', async (t) => {
  const { book } = await setup(t)
  const bob = await newIdentity(t, 'Bob')
  const mallory = await newIdentity(t, 'Mallory')
  await book.save(record(bob), bob.device)
  const forged = verifyDeviceCertificate(issueDeviceCertificate({
    accountSigner: mallory.identity.accountSigner, deviceId: bob.identity.deviceId, boxKey: mallory.identity.certificate.boxKey, name: 'Bob'
  }))
  await assert.rejects(book.save(record(mallory), forged), { name: 'DeviceClaimedError' })
  assert.equal(book.byDevice(bob.identity.deviceId)?.record.accountId, bob.identity.accountId)

  // Mallory's claim came first: Bob's device, presenting its own certificate, takes it back
  const { book: other } = await setup(t)
  await other.save(record(mallory), forged)
  await assert.rejects(other.save(record(bob), bob.device), { name: 'DeviceClaimedError' })
  await other.save(record(bob), bob.device, { proven: true })
  assert.equal(other.byDevice(bob.identity.deviceId)?.record.accountId, bob.identity.accountId)
  assert.deepEqual(other.get(mallory.identity.accountId)?.devices, [])
})

test('a name finds only accepted contacts: a stranger\'s request or a blocked account is named by its id', async (t) => {
  const { book } = await setup(t)
  const alice = await newIdentity(t, 'Alice')
  const stranger = await newIdentity(t, 'Alice')
  await book.save({ ...record(stranger), status: 'request' }, stranger.device)
  assert.throws(() => book.resolve('Alice'), { name: 'UnknownContactError' })
  await book.save(record(alice), alice.device)
  assert.equal(book.resolve('alice').record.accountId, alice.identity.accountId)
  assert.equal(book.resolve(stranger.identity.accountId).record.status, 'request')
})

test('adding an account while its contact request arrives keeps both: it is accepted, and it added us (friends), whichever save lands last', async (t) => {
  const { book } = await setup(t)
  const alice = await newIdentity(t, 'Alice')
  // our user's add, made from a read before the request arrived, and the request's save, made from a read before the add
  const ourAdd: ContactRecord = record(alice)
  const theirRequest: ContactRecord = { ...record(alice), status: 'request', theyAdded: true, note: 'hi, it is Alice' }
  await book.save(theirRequest, alice.device)
  await book.save(ourAdd, alice.device)
  assert.deepEqual(pick(book.get(alice.identity.accountId)?.record), { status: 'accepted', theyAdded: true, note: 'hi, it is Alice' })

  const { book: other } = await setup(t)
  await other.save(ourAdd, alice.device)
  await other.save(theirRequest, alice.device)
  assert.deepEqual(pick(other.get(alice.identity.accountId)?.record), { status: 'accepted', theyAdded: true, note: 'hi, it is Alice' })
})

test('the add and the request saved at the same moment (neither waits for the other\'s write) still make friends, in memory and on disk', async (t) => {
  const alice = await newIdentity(t, 'Alice')
  const ourAdd: ContactRecord = record(alice)
  const theirRequest: ContactRecord = { ...record(alice), status: 'request', theyAdded: true, note: 'hi, it is Alice' }
  for (const order of [[ourAdd, theirRequest], [theirRequest, ourAdd]]) {
    const { book, store } = await setup(t)
    await Promise.all(order.map(async saved => book.save(saved, alice.device)))
    assert.deepEqual(pick(book.get(alice.identity.accountId)?.record), { status: 'accepted', theyAdded: true, note: 'hi, it is Alice' })
    const reopened = createContactBook(store)
    await reopened.load()
    assert.deepEqual(pick(reopened.get(alice.identity.accountId)?.record), { status: 'accepted', theyAdded: true, note: 'hi, it is Alice' })
  }
})

function pick (found: ContactRecord | undefined): unknown {
  return { status: found?.status, theyAdded: found?.theyAdded, note: found?.note }
}
