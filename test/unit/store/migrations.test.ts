/**
 * The real schema migrations, applied to a database written with the layout before them.
 */

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { createMessageStore } from '../../../core/messaging/message-store.ts'
import { createStore, type Store } from '../../../core/store/index.ts'
import { conversationIds } from '../../../core/store/migrations/conversation-ids.ts'
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

/** a message as layout 5 stored it: keyed and named by the peer's account id, with `to`, no kind */
function layout5Message (peer: string, id: string, timestamp: number, fields: Record<string, unknown> = {}): [string, Record<string, unknown>] {
  const value = { id, conversation: peer, from: peer, to: 'timMe', direction: 'in', text: `text ${id}`, timestamp, state: 'delivered', path: 'direct', ...fields }
  return [`${peer}!${String(timestamp).padStart(15, '0')}!${id}`, value]
}

/** a database written with layout 5: two conversations, one message filed under a local id (with its alias) */
async function writeLayout5 (path: string): Promise<void> {
  const v5 = await createStore({ path, migrations: migrations.filter(step => step.version <= 5) })
  const [bob, carol] = ['timBob', 'timCarol']
  const stored = [
    layout5Message(bob, '01AAA', 1000),
    layout5Message(bob, '01BBB', 2000, { from: 'timMe', to: bob, direction: 'out', state: 'read' }),
    layout5Message(carol, '01CCC', 3000),
    layout5Message(carol, '01LOCAL', 4000, { sentAs: '01AAA' })
  ]
  for (const [key, value] of stored) {
    await v5.json('messages').put(key, value)
    await v5.json('message-index').put(String(value.id), key)
  }
  await v5.json('message-index').put(`~${carol}!01AAA`, '01LOCAL')
  await v5.json('message-states').put('01AAA', { state: 'read', path: 'direct' })
  await v5.json('conversations').put(bob, { unread: 1, newestIncoming: '01AAA' })
  await v5.json('conversations').put(carol, { unread: 0, newestIncoming: '01LOCAL' })
  await v5.json('contacts').put(bob, { accountId: bob, name: 'Bob' })
  await v5.close()
}

/** every entry of the sublevels migration 6 reads or must leave alone */
async function snapshot (store: Store): Promise<Record<string, Array<[string, unknown]>>> {
  const names = ['messages', 'message-index', 'message-states', 'conversations', 'contacts'] as const
  return Object.fromEntries(await Promise.all(names.map(async name => [name, await store.json(name).iterator().all()])))
}

test('migration 6 keys conversations, messages and the message index by dm:<account>; messages lose `to` and gain kind text', async (t) => {
  const path = join(await tempDir(t), 'db')
  await writeLayout5(path)
  const store = await createStore({ path, migrations: migrations.filter(step => step.version <= 6) })
  t.after(async () => { await store.close() })
  assert.equal(await store.schemaVersion(), 6)
  const { messages, 'message-index': index, conversations, 'message-states': states, contacts } = await snapshot(store)

  assert.deepEqual(messages.map(([key]) => key), [
    'dm:timBob!000000000001000!01AAA', 'dm:timBob!000000000002000!01BBB', 'dm:timCarol!000000000003000!01CCC', 'dm:timCarol!000000000004000!01LOCAL'
  ])
  assert.deepEqual(messages[1][1], { id: '01BBB', conversation: 'dm:timBob', from: 'timMe', direction: 'out', kind: 'text', text: 'text 01BBB', timestamp: 2000, state: 'read', path: 'direct' })
  assert.deepEqual(messages[3][1], { id: '01LOCAL', conversation: 'dm:timCarol', from: 'timCarol', direction: 'in', kind: 'text', text: 'text 01LOCAL', timestamp: 4000, state: 'delivered', path: 'direct', sentAs: '01AAA' })
  assert.deepEqual(index, [
    ['01AAA', 'dm:timBob!000000000001000!01AAA'],
    ['01BBB', 'dm:timBob!000000000002000!01BBB'],
    ['01CCC', 'dm:timCarol!000000000003000!01CCC'],
    ['01LOCAL', 'dm:timCarol!000000000004000!01LOCAL'],
    ['~timCarol!01AAA', '01LOCAL']
  ], 'aliases keep their sender account and local id')
  assert.deepEqual(conversations, [['dm:timBob', { unread: 1, newestIncoming: '01AAA' }], ['dm:timCarol', { unread: 0, newestIncoming: '01LOCAL' }]])
  assert.deepEqual(states, [['01AAA', { state: 'read', path: 'direct' }]], 'states are keyed by message id: untouched')
  assert.deepEqual(contacts, [['timBob', { accountId: 'timBob', name: 'Bob' }]], 'contacts stay keyed by account')

  // the history reads it as the new layout
  const history = createMessageStore(store)
  assert.deepEqual((await history.page('dm:timBob', 10)).map(m => [m.id, m.state]), [['01AAA', 'read'], ['01BBB', 'read']])
  assert.equal(await history.holder('01LOCAL'), 'dm:timCarol')
  assert.equal(await history.aliasOf('timCarol', '01AAA'), '01LOCAL')
  assert.deepEqual(await history.conversationIds(), ['dm:timBob', 'dm:timCarol'])
})

test('migration 6 run again changes nothing', async (t) => {
  const path = join(await tempDir(t), 'db')
  await writeLayout5(path)
  const store = await createStore({ path, migrations: migrations.filter(step => step.version <= 6) })
  t.after(async () => { await store.close() })
  const migrated = await snapshot(store)
  await conversationIds(store)
  await store.settled()
  assert.deepEqual(await snapshot(store), migrated)
})
