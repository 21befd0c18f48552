/**
 * One node's life in a process (core/host), as the desktop app and web mode use it: the API
 * answers before an account exists (onboarding), and an account with encrypted keys starts
 * locked until the right passphrase unlocks it. It is one API with one event hub: what a
 * client subscribed to before onboarding keeps arriving once the node runs.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createNodeHost } from '../../core/host/index.ts'
import { loopbackInit, startPeer, waitFor } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { dmConversation, type Contact, type Message } from '../../core/api/index.ts'

test('onboarding creates the account once; encrypted keys start locked until the passphrase unlocks them', async (t) => {
  const dataDir = join(await tempDir(t), 'alice')
  const first = createNodeHost({ ...loopbackInit, dataDir })
  t.after(async () => { await first.stop() })
  await first.start()
  await assert.rejects(first.api.getIdentity(), { name: 'NoIdentityError' })
  await assert.rejects(first.api.listContacts(), { name: 'NoIdentityError' })
  const created = await first.api.createAccount({ name: 'Alice', passphrase: 'correct horse battery staple' })
  assert.equal(created.name, 'Alice')
  assert.match(created.invite, /^tim:\/\/invite\//)
  await assert.rejects(first.api.createAccount({ name: 'Alice again' }), { name: 'IdentityExistsError' })
  await first.stop()

  const again = createNodeHost({ ...loopbackInit, dataDir })
  t.after(async () => { await again.stop() })
  await again.start()
  assert.equal(again.locked(), true)
  await assert.rejects(again.api.getIdentity(), { name: 'PassphraseRequiredError' })
  await assert.rejects(again.api.send({ conversation: dmConversation('anyone'), text: 'hi' }), { name: 'PassphraseRequiredError' })
  await assert.rejects(again.api.unlock({ passphrase: 'wrong' }), { name: 'WrongPassphraseError' })
  assert.equal(again.locked(), true)

  const unlocked = await again.api.unlock({ passphrase: 'correct horse battery staple' })
  assert.equal(unlocked.accountId, created.accountId)
  assert.equal(again.locked(), false)
  assert.deepEqual(await again.api.listContacts(), [])
})

test('a client that subscribed before onboarding gets the node\'s events, and every kind of call goes through the host', async (t) => {
  const host = createNodeHost({ ...loopbackInit, dataDir: join(await tempDir(t), 'alice') })
  t.after(async () => { await host.stop() })
  await host.start()
  const contacts: Contact[] = []
  const queued: Message[] = []
  const updated: Message[] = []
  host.api.on('contact:updated', contact => { contacts.push(contact) })
  host.api.on('message:queued', message => { queued.push(message) })
  host.api.on('message:updated', message => { updated.push(message) })

  await host.api.createAccount({ name: 'Alice' })
  const bob = await startPeer(t, 'Bob')
  await host.api.addContact({ invite: await bob.invite() })
  await waitFor(() => contacts, seen => seen.some(contact => contact.accountId === bob.account), { what: 'contact:updated for Bob' })

  const sent = await host.api.send({ conversation: dmConversation(bob.account), text: 'helo' })
  assert.deepEqual(queued.map(message => message.id), [sent.id], 'message:queued arrived before send resolved')
  const edited = await host.api.editMessage({ id: sent.id, text: 'hello' })
  assert.equal(edited.text, 'hello')
  await waitFor(() => updated, seen => seen.some(message => message.id === sent.id && message.text === 'hello'), { what: 'message:updated for the edit' })

  assert.equal((await host.api.setPresence({ status: 'busy', text: 'in a meeting' })).status, 'busy')
  assert.deepEqual(await host.api.getPresence(), { status: 'busy', text: 'in a meeting', shareLastSeen: true })
  await assert.rejects(host.api.history({ conversation: dmConversation(bob.account) }, { signal: AbortSignal.abort() }), { name: 'AbortError' })
})
