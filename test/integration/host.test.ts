/**
 * One node's life in a process (core/host), as the desktop app and web mode use it: the API
 * answers before an account exists (onboarding), and an account with encrypted keys starts
 * locked until the right passphrase unlocks it.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createNodeHost } from '../../core/host/index.ts'
import { loopbackInit } from '../helpers/peers.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { dmConversation } from '../../core/api/index.ts'

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
