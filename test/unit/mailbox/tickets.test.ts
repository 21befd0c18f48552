/**
 * Mailbox tickets (core/messaging/tickets.ts): a ticket proves the recipient's consent for one
 * sender, until it expires; the book hands ours only to accepted contacts and keeps the newest
 * valid ticket each contact handed us.
 */

import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createIdentity, loadIdentity, verifyDeviceCertificate, type LocalIdentity } from '../../../core/identity/index.ts'
import { createContactBook } from '../../../core/messaging/contacts.ts'
import { createTicketBook, issueMailboxTicket, verifyMailboxTicket } from '../../../core/messaging/tickets.ts'
import { createStore } from '../../../core/store/index.ts'
import { decodeMailboxRequest, decodeMsgFrame, encodeMailboxRequest, encodeMailboxTicket, encodeMsgFrame, WIRE_VERSION } from '../../../core/wire/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

const DAY = 24 * 3_600_000

async function identity (t: TestContext, name: string): Promise<LocalIdentity> {
  const dir = join(await tempDir(t), name)
  await createIdentity(dir, { name })
  return loadIdentity(dir)
}

test('a ticket verifies only as the recipient\'s, for the sender it names, until it expires', async (t) => {
  const bob = await identity(t, 'bob')
  const alice = await identity(t, 'alice')
  const mallory = await identity(t, 'mallory')
  const recipient = bob.accountSigner.publicKey
  const ticket = issueMailboxTicket(bob, alice.accountSigner.publicKey, Date.now() + DAY)
  assert.equal(verifyMailboxTicket(ticket, { recipient, sender: alice.accountSigner.publicKey }), true)
  assert.equal(verifyMailboxTicket(ticket, { recipient, sender: mallory.accountSigner.publicKey }), false, 'another sender cannot use it')
  assert.equal(verifyMailboxTicket(ticket, { recipient: mallory.accountSigner.publicKey, sender: alice.accountSigner.publicKey }), false, 'nor for another recipient')
  assert.equal(verifyMailboxTicket(ticket, { recipient, sender: alice.accountSigner.publicKey, now: Date.now() + 2 * DAY }), false, 'nor once expired')
  assert.equal(verifyMailboxTicket({ ...ticket, sender: mallory.accountSigner.publicKey }, { recipient, sender: mallory.accountSigner.publicKey }), false, 'an edited ticket does not verify')
  const forged = issueMailboxTicket(mallory, mallory.accountSigner.publicKey, Date.now() + DAY)
  assert.equal(verifyMailboxTicket({ ...forged, recipient }, { recipient, sender: mallory.accountSigner.publicKey }), false, 'nor one Mallory signed in Bob\'s name')
})

test('tickets travel in hellos and deposits; a malformed one is refused at decode', async (t) => {
  const bob = await identity(t, 'bob')
  const alice = await identity(t, 'alice')
  const ticket = issueMailboxTicket(bob, alice.accountSigner.publicKey, Date.now() + DAY)
  const hello = decodeMsgFrame(encodeMsgFrame({ hello: { version: WIRE_VERSION, certificate: bob.certificate, ticket } }))
  assert.deepEqual(hello.hello?.ticket, ticket)
  assert.throws(() => decodeMsgFrame(encodeMsgFrame({ hello: { version: WIRE_VERSION, certificate: bob.certificate, ticket: { ...ticket, signature: new Uint8Array(3) } } })), { name: 'MalformedFrameError' })
  const remove = { device: alice.certificate, ids: [new Uint8Array(16)], senders: [new Uint8Array(32), new Uint8Array(32)] }
  assert.throws(() => decodeMailboxRequest(encodeMailboxRequest({ remove })), { name: 'MalformedFrameError' }, 'a sender for each id, or none')
})

test('the book hands our ticket to accepted contacts only, and keeps the newest valid ticket a contact handed us', async (t) => {
  const bob = await identity(t, 'bob')
  const alice = await identity(t, 'alice')
  const carol = await identity(t, 'carol')
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  const contacts = createContactBook(store)
  await contacts.load()
  const aliceDevice = verifyDeviceCertificate(alice.certificate)
  const carolDevice = verifyDeviceCertificate(carol.certificate)
  await contacts.save({ accountId: alice.accountId, name: 'Alice', status: 'accepted', devices: [], addedAt: Date.now() }, aliceDevice)
  await contacts.save({ accountId: carol.accountId, name: 'Carol', status: 'request', devices: [], addedAt: Date.now() }, carolDevice)
  const book = createTicketBook({ identity: bob, store, contacts }, { ticketTtlMs: 10 * DAY })

  const handed = book.hello.for(alice.deviceId)
  assert.ok(handed != null && verifyMailboxTicket(handed, { recipient: bob.accountSigner.publicKey, sender: alice.accountSigner.publicKey }))
  assert.equal(book.hello.for(alice.deviceId), handed, 'reused while more than half its life is left')
  assert.equal(book.hello.for(carol.deviceId), undefined, 'a message request gets none')

  const older = issueMailboxTicket(alice, bob.accountSigner.publicKey, Date.now() + DAY)
  const newer = issueMailboxTicket(alice, bob.accountSigner.publicKey, Date.now() + 2 * DAY)
  assert.equal(await book.keep(aliceDevice, newer), true)
  assert.equal(await book.keep(aliceDevice, older), false, 'an older ticket does not replace a newer one')
  assert.deepEqual(await book.get(alice.accountId), newer)
  assert.equal(await book.keep(aliceDevice, issueMailboxTicket(alice, carol.accountSigner.publicKey, Date.now() + 3 * DAY)), false, 'a ticket for someone else is not kept')
  assert.equal(await book.keep(carolDevice, issueMailboxTicket(alice, bob.accountSigner.publicKey, Date.now() + 3 * DAY)), false, 'nor one signed by another account than the device\'s')

  const again = createTicketBook({ identity: bob, store, contacts })
  const reloaded = await again.get(alice.accountId)
  assert.ok(reloaded != null)
  assert.deepEqual(encodeMailboxTicket(reloaded), encodeMailboxTicket(newer), 'kept across restarts')
})
