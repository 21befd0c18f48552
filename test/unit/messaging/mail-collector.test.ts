/**
 * Collecting Alice's mail from her mailboxes (core/messaging/mail-collector.ts) into the real
 * parts of scene.ts: each page's mail opened against the certificate deposited with it, messages
 * stored before the changes that name them, what does not open dropped and counted, the page
 * removed from the mailbox, and each sender told which of its messages arrived this way.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { logger } from '@libp2p/logger'
import { dmConversation } from '../../../core/api/index.ts'
import type { VerifiedDevice } from '../../../core/identity/index.ts'
import { createEnvelopeCodec } from '../../../core/messaging/envelopes.ts'
import { collectMail } from '../../../core/messaging/mail-collector.ts'
import type { CollectedMail, MailPage } from '../../../core/messaging/mailbox-port.ts'
import { createMessageIdGenerator, messageIdToString, type Body } from '../../../core/wire/index.ts'
import { newIdentity, type TestIdentity } from './helpers.ts'
import { aliceAndBob, openOnBob, openScene, type Scene } from './scene.ts'

const nextId = createMessageIdGenerator()

/** mail `from` deposited for Alice: the envelope signed by its own device, with its certificate */
function mail (from: TestIdentity, alice: TestIdentity, body: Body, id = nextId()): Extract<CollectedMail, { envelope: object }> {
  const codec = createEnvelopeCodec(from.identity)
  return { envelope: codec.sign(codec.seal(alice.device, id, Date.now(), body)), sender: from.identity.certificate }
}

/** collects `pages` into the scene; resolves with what was taken, the ids each page removed and the devices learnt */
async function collect (scene: Scene, alice: TestIdentity, pages: CollectedMail[][], groupMail: Uint8Array[] = []): Promise<{ taken: number, removed: string[][], learnt: VerifiedDevice[] }> {
  const removed: string[][] = []
  const learnt: VerifiedDevice[] = []
  const taken = await collectMail({
    mailbox: {
      deposit: async () => 0,
      depositGroup: async () => 0,
      collect: async function * () {
        for (const page of pages) {
          yield { mail: page, remove: async ids => { removed.push(ids.map(messageIdToString)) } } satisfies MailPage
        }
      }
    },
    codec: createEnvelopeCodec(alice.identity),
    inbound: scene.inbound,
    outgoing: scene.outgoing,
    contacts: scene.contacts,
    learnDevice: async device => { learnt.push(device) },
    groupMail: async bytes => { groupMail.push(bytes) },
    receiptsTo: account => scene.contacts.get(account)?.record.status === 'accepted',
    stats: scene.stats,
    log: logger('test:mail')
  }, new AbortController().signal)
  return { taken, removed, learnt }
}

test('a page of mail: messages stored (by path mailbox) before the edits that name them, the page removed, Bob told what arrived', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const first = nextId()
  const second = nextId()
  // the edit comes first in the page: it must still find its message
  const page = [
    mail(bob, alice, { kind: 'edit', ref: first, text: 'first, edited' }),
    mail(bob, alice, { kind: 'text', text: 'first', burnSeconds: 0 }, first),
    mail(bob, alice, { kind: 'text', text: 'second', burnSeconds: 0 }, second)
  ]
  const { taken, removed, learnt } = await collect(scene, alice, [page])

  assert.equal(taken, 3)
  assert.deepEqual(removed, [page.map(item => messageIdToString(item.envelope.id))])
  assert.deepEqual(learnt.map(device => device.deviceId), [bob.identity.deviceId, bob.identity.deviceId, bob.identity.deviceId])
  const stored = await scene.history.page(dmConversation(bob.identity.accountId), 10)
  assert.deepEqual(stored.map(m => [m.text, m.path]), [['first, edited', 'mailbox'], ['second', 'mailbox']])

  const [receipt] = scene.enqueued.flat()
  const body = openOnBob(bob, alice, receipt)
  assert.ok(body.kind === 'receipt')
  assert.deepEqual([body.receipt, body.refs.map(messageIdToString)], ['delivered', [first, second].map(messageIdToString)])
  assert.equal(scene.enqueued.flat().length, 1, 'one receipt for the page, no more')
})

test('mail that does not open is dropped with its page and counted; a stranger\'s message opens a request and gets no receipt', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const mallory = await newIdentity(t, 'Mallory')
  const scene = await openScene(t, { path, alice, bobDevices })
  const good = mail(bob, alice, { kind: 'text', text: 'hello', burnSeconds: 0 })
  const forged = mail(bob, alice, { kind: 'text', text: 'altered', burnSeconds: 0 })
  forged.envelope = { ...forged.envelope, timestamp: forged.envelope.timestamp + 1n }
  const stranger = mail(mallory, alice, { kind: 'text', text: 'hi from a stranger', burnSeconds: 0 })
  const { taken, removed } = await collect(scene, alice, [[good, forged], [stranger]])

  assert.equal(taken, 3)
  assert.equal(removed.flat().length, 3, 'what does not open now never will: removed too')
  assert.equal(scene.stats.snapshot().rejected.InvalidSignatureError, 1)
  assert.deepEqual((await scene.history.page(dmConversation(bob.identity.accountId), 10)).map(m => m.text), ['hello'])
  assert.deepEqual((await scene.history.page(dmConversation(mallory.identity.accountId), 10)).map(m => m.text), ['hi from a stranger'])
  assert.equal(scene.contacts.get(mallory.identity.accountId)?.record.status, 'request')
  assert.deepEqual(scene.enqueued.flat().map(item => item.deviceId), [bob.identity.deviceId], 'a delivered receipt to Bob only')
})

test('a group message in a page goes to the groups room as it came, and is removed with the page', async (t) => {
  const { alice, bob, bobDevices, path } = await aliceAndBob(t, 1)
  const scene = await openScene(t, { path, alice, bobDevices })
  const direct = mail(bob, alice, { kind: 'text', text: 'just for Alice', burnSeconds: 0 })
  const groupId = nextId()
  const groupBytes = Uint8Array.from([1, 2, 3, 4])
  const handed: Uint8Array[] = []
  const { taken, removed } = await collect(scene, alice, [[direct, { groupMessage: { bytes: groupBytes, id: groupId }, sender: bob.identity.certificate }]], handed)

  assert.equal(taken, 2)
  assert.deepEqual(handed, [groupBytes], 'the group message, untouched, for the groups room')
  assert.deepEqual(removed, [[messageIdToString(direct.envelope.id), messageIdToString(groupId)]])
  assert.deepEqual((await scene.history.page(dmConversation(bob.identity.accountId), 10)).map(m => m.text), ['just for Alice'])
})
