/**
 * The real schema migrations, applied to a database written with the layout before them.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createStore } from '../../../core/store/index.ts'
import { migrations } from '../../../core/store/migrations/index.ts'
import { tempDir } from '../../helpers/temp-dir.ts'

test('migration 2 records each conversation\'s greatest incoming message id', async (t) => {
  const path = join(await tempDir(t), 'db')
  const v1 = await createStore({ path, migrations: migrations.filter(step => step.version === 1) })
  const messages = v1.json<object>('messages')
  await messages.put('timA!1!01AAA', { conversation: 'timA', id: '01AAA', direction: 'in' })
  await messages.put('timA!2!01CCC', { conversation: 'timA', id: '01CCC', direction: 'out' })
  await messages.put('timA!3!01BBB', { conversation: 'timA', id: '01BBB', direction: 'in' })
  await messages.put('timB!1!01DDD', { conversation: 'timB', id: '01DDD', direction: 'in' })
  await v1.json<object>('conversations').put('timA', { unread: 2 })
  await v1.close()

  const store = await createStore({ path, migrations: migrations.filter(step => step.version <= 2) })
  t.after(async () => { await store.close() })
  assert.equal(await store.schemaVersion(), 2)
  const conversations = store.json<{ unread: number, newestIncoming?: string }>('conversations')
  assert.deepEqual(await conversations.get('timA'), { unread: 2, newestIncoming: '01BBB' }, 'outgoing ids do not count')
  assert.deepEqual(await conversations.get('timB'), { unread: 0, newestIncoming: '01DDD' })
})
