import { test, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { AccountId, DeviceId } from '../../../core/api/index.ts'
import { generateSigningKeyPair } from '../../../core/crypto/index.ts'
import { accountIdFromPublicKey } from '../../../core/identity/index.ts'
import { createMailStorage, type MailboxQuotas, type MailStorage, type StoredMail } from '../../../core/mailbox/storage.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { migrations } from '../../../core/store/migrations/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

const HOUR = 3_600_000
const roomy: MailboxQuotas = {
  maxItemsPerAccount: 100,
  maxBytesPerAccount: 1_000_000,
  maxItemsPerSender: 50,
  maxItemsPerContact: 100,
  maxBytesPerContact: 1_000_000,
  maxBytesTotal: 100_000_000,
  maxStrangerBytesTotal: 100_000_000,
  ttlMs: HOUR
}

function newAccount (): AccountId {
  return accountIdFromPublicKey(generateSigningKeyPair().publicKey)
}

async function newDevice (): Promise<DeviceId> {
  return peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()
}

let counter = 0
/** One envelope's worth of mail; ids sort in creation order like real (time-ordered) ids. */
function mail (senderAccount: AccountId, bytes = 100, expires = Date.now() + HOUR): StoredMail {
  counter++
  return {
    envelope: randomBytes(bytes).toString('base64'),
    sender: 'c2VuZGVyIGNlcnRpZmljYXRl',
    senderAccount,
    id: counter.toString(16).padStart(8, '0') + randomBytes(12).toString('hex'),
    expires,
    bytes
  }
}

async function setup (t: TestContext, quotas: MailboxQuotas = roomy): Promise<{ store: Store, mailbox: MailStorage, bob: AccountId, bobDevice: DeviceId, alice: AccountId }> {
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  const mailbox = createMailStorage(store, quotas)
  await mailbox.load()
  return { store, mailbox, bob: newAccount(), bobDevice: await newDevice(), alice: newAccount() }
}

const ids = (items: StoredMail[]): string[] => items.map(item => item.id)

test('mail put for a device is listed oldest first, in pages, and gone once removed', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const sent = [mail(alice), mail(alice), mail(alice)]
  for (const item of sent) {
    assert.equal(await mailbox.put(bob, bobDevice, item), 'stored')
  }

  const all = await mailbox.list(bob, bobDevice, 10)
  assert.deepEqual(all.items, sent)
  assert.equal(all.more, false)
  const page = await mailbox.list(bob, bobDevice, 2)
  assert.deepEqual(ids(page.items), ids(sent.slice(0, 2)))
  assert.equal(page.more, true)

  await mailbox.remove(bob, bobDevice, [sent[0].id, sent[2].id])
  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), [sent[1].id])
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 1, bytes: 100 }])
})

test('each device of an account has its own mailbox; accountMail lists them all', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const phone = await newDevice()
  const forLaptop = mail(alice)
  const forPhone = mail(alice)
  await mailbox.put(bob, bobDevice, forLaptop)
  await mailbox.put(bob, phone, forPhone)

  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), [forLaptop.id])
  assert.deepEqual(ids((await mailbox.list(bob, phone, 10)).items), [forPhone.id])
  const everything = await mailbox.accountMail(bob)
  assert.deepEqual(everything.map(({ device, mail }) => `${device}:${mail.id}`).sort(),
    [`${bobDevice}:${forLaptop.id}`, `${phone}:${forPhone.id}`].sort())
  assert.deepEqual(await mailbox.accountMail(alice), [])
  assert.deepEqual(mailbox.accounts(), [bob])
})

test('one sender cannot fill an account\'s mailbox: over its quota it is refused and nothing is evicted', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t, { ...roomy, maxItemsPerSender: 2 })
  const carol = newAccount()
  const held = [mail(alice), mail(alice)]
  for (const item of held) await mailbox.put(bob, bobDevice, item)

  await assert.rejects(mailbox.put(bob, bobDevice, mail(alice)), (err: Error) => {
    assert.equal(err.name, 'MailboxQuotaExceededError')
    assert.ok(err.message.includes(alice), 'the refusal names the sender')
    return true
  })
  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), ids(held), 'nothing was evicted or added')
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 2, bytes: 200 }])

  // another sender still gets through, and so does the flooder once Bob collected
  assert.equal(await mailbox.put(bob, bobDevice, mail(carol)), 'stored')
  await mailbox.remove(bob, bobDevice, [held[0].id])
  assert.equal(await mailbox.put(bob, bobDevice, mail(alice)), 'stored')
})

test('an account\'s mailbox holds at most its item quota, across senders and devices', async (t) => {
  const { mailbox, bob, bobDevice } = await setup(t, { ...roomy, maxItemsPerAccount: 3 })
  const phone = await newDevice()
  await mailbox.put(bob, bobDevice, mail(newAccount()))
  await mailbox.put(bob, phone, mail(newAccount()))
  await mailbox.put(bob, bobDevice, mail(newAccount()))
  await assert.rejects(mailbox.put(bob, phone, mail(newAccount())), { name: 'MailboxQuotaExceededError' })
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 3, bytes: 300 }])

  // someone else's mailbox on the same node is not affected
  const dave = newAccount()
  assert.equal(await mailbox.put(dave, await newDevice(), mail(newAccount())), 'stored')
})

test('an account\'s mailbox holds at most its byte quota', async (t) => {
  const { mailbox, bob, bobDevice } = await setup(t, { ...roomy, maxBytesPerAccount: 1000 })
  assert.equal(await mailbox.put(bob, bobDevice, mail(newAccount(), 600)), 'stored')
  await assert.rejects(mailbox.put(bob, bobDevice, mail(newAccount(), 401)), { name: 'MailboxQuotaExceededError' })
  assert.equal(await mailbox.put(bob, bobDevice, mail(newAccount(), 400)), 'stored', 'exactly full is allowed')
  await assert.rejects(mailbox.put(bob, bobDevice, mail(newAccount(), 1)), { name: 'MailboxQuotaExceededError' })
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 2, bytes: 1000 }])
  assert.equal((await mailbox.list(bob, bobDevice, 10)).items.length, 2)
})

test('mail already held answers held; collected mail put again answers collected and is not stored', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const item = mail(alice)
  assert.equal(await mailbox.put(bob, bobDevice, item), 'stored')
  assert.equal(await mailbox.put(bob, bobDevice, { ...item }), 'held')
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 1, bytes: 100 }], 'a duplicate is counted once')

  await mailbox.remove(bob, bobDevice, [item.id])
  // a late replica brings the same envelope back
  assert.equal(await mailbox.put(bob, bobDevice, { ...item }), 'collected')
  assert.deepEqual((await mailbox.list(bob, bobDevice, 10)).items, [])
  assert.deepEqual(mailbox.usage(), [])
})

test('expire drops expired mail, counts usage down, and frees the quota', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t, { ...roomy, maxItemsPerAccount: 2 })
  const now = Date.now()
  const soon = mail(alice, 100, now + 1000)
  const later = mail(alice, 50, now + 10 * HOUR)
  await mailbox.put(bob, bobDevice, soon)
  await mailbox.put(bob, bobDevice, later)
  await assert.rejects(mailbox.put(bob, bobDevice, mail(alice)), { name: 'MailboxQuotaExceededError' })

  assert.equal(await mailbox.expire(now + 2000), 1)
  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), [later.id])
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 1, bytes: 50 }])
  assert.equal(await mailbox.put(bob, bobDevice, mail(alice)), 'stored')

  assert.equal(await mailbox.expire(now + 11 * HOUR + 2 * HOUR), 2)
  assert.deepEqual(mailbox.usage(), [])
  assert.deepEqual(mailbox.accounts(), [])
})

test('mail past its expiry is not handed out even before expire runs', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  await mailbox.put(bob, bobDevice, mail(alice, 100, Date.now() - 1))
  const fresh = mail(alice)
  await mailbox.put(bob, bobDevice, fresh)
  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), [fresh.id])
})

test('expired tombstones are dropped, so collected mail can be taken again afterwards', async (t) => {
  const { store, mailbox, bob, bobDevice, alice } = await setup(t)
  const item = mail(alice)
  await mailbox.put(bob, bobDevice, item)
  await mailbox.remove(bob, bobDevice, [item.id])
  assert.equal(await mailbox.expire(Date.now() + 1000), 0, 'a fresh tombstone stays')
  assert.equal(await mailbox.put(bob, bobDevice, { ...item }), 'collected')
  await mailbox.expire(Date.now() + roomy.ttlMs + 1000)
  assert.deepEqual(await store.json('mailbox').keys().all(), [])
})

test('usage after a restart (load) matches usage before it', async (t) => {
  const { store, mailbox, bob, bobDevice, alice } = await setup(t)
  const dave = newAccount()
  await mailbox.put(bob, bobDevice, mail(alice, 120))
  await mailbox.put(bob, await newDevice(), mail(alice, 80))
  const collected = mail(newAccount(), 500)
  await mailbox.put(bob, bobDevice, collected)
  await mailbox.put(dave, await newDevice(), mail(alice, 10))
  await mailbox.remove(bob, bobDevice, [collected.id])

  const sorted = (list: ReturnType<MailStorage['usage']>): typeof list => [...list].sort((a, b) => a.account.localeCompare(b.account))
  const before = sorted(mailbox.usage())
  assert.deepEqual(before, sorted([{ account: bob, count: 2, bytes: 200 }, { account: dave, count: 1, bytes: 10 }]))

  const restarted = createMailStorage(store, { ...roomy, maxItemsPerSender: 2 })
  await restarted.load()
  assert.deepEqual(sorted(restarted.usage()), before)
  // the per-sender count is rebuilt too: Alice already has 2 waiting for Bob
  await assert.rejects(restarted.put(bob, bobDevice, mail(alice)), { name: 'MailboxQuotaExceededError' })
})

test('the same envelope put concurrently (two replicas at once) is stored and counted once', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const item = mail(alice)
  const answers = await Promise.all(Array.from({ length: 5 }, async () => mailbox.put(bob, bobDevice, { ...item })))
  assert.deepEqual(answers.sort(), ['held', 'held', 'held', 'held', 'stored'])
  assert.deepEqual(ids((await mailbox.list(bob, bobDevice, 10)).items), [item.id])
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 1, bytes: 100 }])
})

test('concurrent puts from one sender never exceed its quota', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t, { ...roomy, maxItemsPerSender: 3 })
  const results = await Promise.allSettled(Array.from({ length: 8 }, async () => mailbox.put(bob, bobDevice, mail(alice))))
  assert.equal(results.filter(r => r.status === 'fulfilled').length, 3)
  assert.equal((await mailbox.list(bob, bobDevice, 10)).items.length, 3)
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 3, bytes: 300 }])
})

test('mail already past its expiry is not kept, and loading twice counts usage once', async (t) => {
  const store = await createStore({ path: join(await tempDir(t), 'db') })
  t.after(async () => { await store.close() })
  const storage = createMailStorage(store, { ...roomy, maxItemsPerAccount: 10, maxItemsPerSender: 10, ttlMs: 60_000 })
  assert.equal(await storage.put('timRecipient', 'device', { envelope: 'e', sender: 's', senderAccount: 'timSender', id: 'aa', expires: Date.now() - 1, bytes: 10 }), 'held')
  assert.equal(await storage.put('timRecipient', 'device', { envelope: 'e', sender: 's', senderAccount: 'timSender', id: 'bb', expires: Date.now() + 60_000, bytes: 10 }), 'stored')
  await storage.load()
  await storage.load()
  assert.deepEqual(storage.usage(), [{ account: 'timRecipient', count: 1, bytes: 10 }])
})

/** mail deposited with the recipient's ticket for its sender (the server verified it) */
function ticketed (senderAccount: AccountId, bytes = 100): StoredMail {
  return { ...mail(senderAccount, bytes), ticket: 'dGlja2V0' }
}

test('strangers filling their pool never refuse a contact\'s ticketed mail, which has its own quota per sender', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t, { ...roomy, maxItemsPerAccount: 3, maxItemsPerContact: 2 })
  for (let i = 0; i < 3; i++) {
    assert.equal(await mailbox.put(bob, bobDevice, mail(newAccount())), 'stored')
  }
  await assert.rejects(mailbox.put(bob, bobDevice, mail(newAccount())), { name: 'MailboxQuotaExceededError' })

  assert.equal(await mailbox.put(bob, bobDevice, ticketed(alice)), 'stored', 'the contact still has room')
  assert.equal(await mailbox.put(bob, bobDevice, ticketed(alice)), 'stored')
  await assert.rejects(mailbox.put(bob, bobDevice, ticketed(alice)), (err: Error) => {
    assert.equal(err.name, 'MailboxQuotaExceededError')
    assert.ok(err.message.includes(alice), 'the refusal names the contact that flooded')
    return true
  })
  assert.equal(await mailbox.put(bob, bobDevice, ticketed(newAccount())), 'stored', 'another contact is not affected')
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 6, bytes: 600 }])
})

test('the node holds at most maxBytesTotal, and strangers\' mail at most maxStrangerBytesTotal, over all accounts', async (t) => {
  const { store, mailbox } = await setup(t, { ...roomy, maxBytesTotal: 500, maxStrangerBytesTotal: 300 })
  const device = await newDevice()
  for (let i = 0; i < 3; i++) {
    assert.equal(await mailbox.put(newAccount(), device, mail(newAccount())), 'stored')
  }
  await assert.rejects(mailbox.put(newAccount(), device, mail(newAccount())), { name: 'MailboxQuotaExceededError' })
  assert.equal(await mailbox.put(newAccount(), device, ticketed(newAccount(), 200)), 'stored', 'ticketed mail may use the rest')
  await assert.rejects(mailbox.put(newAccount(), device, ticketed(newAccount(), 1)), (err: Error) => {
    assert.equal(err.name, 'MailboxQuotaExceededError')
    assert.match(err.message, /this mailbox node is full/)
    return true
  })
  assert.deepEqual(mailbox.total(), { count: 4, bytes: 500, strangerBytes: 300 })

  const restarted = createMailStorage(store, { ...roomy, maxBytesTotal: 500, maxStrangerBytesTotal: 300 })
  await restarted.load()
  assert.deepEqual(restarted.total(), { count: 4, bytes: 500, strangerBytes: 300 }, 'the totals are rebuilt at start')
})

test('mail is kept by (sender, id): another sender\'s mail under the same id neither hides nor replaces it', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const mallory = newAccount()
  const honest = mail(alice)
  const junk = { ...mail(mallory), id: honest.id }
  assert.equal(await mailbox.put(bob, bobDevice, junk), 'stored')
  assert.equal(await mailbox.put(bob, bobDevice, honest), 'stored', 'the honest envelope is stored beside the junk')
  assert.equal(await mailbox.put(bob, bobDevice, { ...honest }), 'held')
  assert.deepEqual((await mailbox.list(bob, bobDevice, 10)).items.map(item => item.senderAccount).sort(), [alice, mallory].sort())

  await mailbox.remove(bob, bobDevice, [{ id: honest.id, sender: mallory }])
  assert.deepEqual((await mailbox.list(bob, bobDevice, 10)).items, [honest], 'only the named sender\'s mail is taken')
  assert.equal(await mailbox.put(bob, bobDevice, { ...junk }), 'collected', 'the tombstone names its sender')
  assert.equal(await mailbox.put(bob, bobDevice, { ...honest }), 'held')

  // a device that names no sender takes every sender's mail under the id
  await mailbox.remove(bob, bobDevice, [honest.id])
  assert.deepEqual((await mailbox.list(bob, bobDevice, 10)).items, [])
  assert.equal(await mailbox.put(bob, bobDevice, { ...honest }), 'collected')
  assert.deepEqual(mailbox.usage(), [])
})

test('a page is capped in bytes, yet always holds one item however large', async (t) => {
  const { mailbox, bob, bobDevice, alice } = await setup(t)
  const sent = [mail(alice, 600), mail(alice, 600), mail(alice, 100)]
  for (const item of sent) await mailbox.put(bob, bobDevice, item)

  const first = await mailbox.list(bob, bobDevice, 10, 1000)
  assert.deepEqual(ids(first.items), [sent[0].id])
  assert.equal(first.more, true)
  const tiny = await mailbox.list(bob, bobDevice, 10, 10)
  assert.deepEqual(ids(tiny.items), [sent[0].id], 'one item even when it alone is over the cap')
  await mailbox.remove(bob, bobDevice, [sent[0].id])
  const rest = await mailbox.list(bob, bobDevice, 10, 1000)
  assert.deepEqual(ids(rest.items), [sent[1].id, sent[2].id])
  assert.equal(rest.more, false)
})

test('mail held in the layout before migration 4 (keys without the sender) loads, lists and is collected after it', async (t) => {
  const path = join(await tempDir(t), 'db')
  const bob = newAccount()
  const alice = newAccount()
  const bobDevice = await newDevice()
  const held = mail(alice, 120)
  const collected = mail(alice, 80)
  const before = await createStore({ path, migrations: migrations.filter(step => step.version < 4) })
  await before.json('mailbox').put(`i!${bob}!${bobDevice}!${held.id}`, held)
  await before.json('mailbox').put(`t!${bobDevice}!${collected.id}`, Date.now() + HOUR)
  await before.close()

  const store = await createStore({ path })
  t.after(async () => { await store.close() })
  assert.ok(await store.schemaVersion() >= 4)
  assert.deepEqual(await store.json('mailbox').keys().all(), [`i!${bob}!${bobDevice}!${held.id}!${alice}`, `t!${bobDevice}!${collected.id}`].sort())
  const mailbox = createMailStorage(store, roomy)
  await mailbox.load()
  assert.deepEqual(mailbox.usage(), [{ account: bob, count: 1, bytes: 120 }])
  assert.deepEqual((await mailbox.list(bob, bobDevice, 10)).items, [held])
  assert.equal(await mailbox.put(bob, bobDevice, { ...collected }), 'collected', 'a tombstone of the old layout still keeps collected mail out')
  await mailbox.remove(bob, bobDevice, [{ id: held.id, sender: alice }])
  assert.deepEqual(mailbox.usage(), [])
})
